"""Progress of long work on stderr, so a build of hours says it is alive."""

from __future__ import annotations

import io
import sys
import time


class Progress:
    """Progress on stderr with a rate: one line redrawn on a terminal, a line every few seconds in a log or pipe.

    A build that is piped to a file still says it is alive, and its first line comes with
    the first work done, not after a minute.
    """

    EVERY = 5.0  # seconds between lines when the stream is not a terminal

    def __init__(self, label: str, total: int, unit: str = "papers", stream=None):
        self.label, self.total, self.unit, self.done = label, total, unit, 0
        self.stream = stream or sys.stderr
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.start = self.next_line = time.monotonic()

    def __call__(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if not self.live and now < self.next_line:
            return
        rate = self.done / max(now - self.start, 1e-9)
        line = f"{self.label}: {self.done}/{self.total} {self.unit} ({rate:.0f}/s)"
        self.stream.write(f"\r{line}" if self.live else f"{line}\n")
        self.stream.flush()
        self.next_line = now + self.EVERY

    def finish(self) -> None:
        elapsed = time.monotonic() - self.start
        end = "\r" if self.live else ""
        self.stream.write(f"{end}{self.label}: {self.done}/{self.total} {self.unit} in {elapsed:.1f}s\n")


def quiet_stream() -> io.StringIO:
    """Where progress goes when it is not wanted."""
    return io.StringIO()
