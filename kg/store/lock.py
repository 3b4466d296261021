"""Who may use a store now: any number of readers, or one writer.

Readers take a shared ``flock`` on ``DIR/kg.lock`` and writers an exclusive one, so a
notebook holding a store open to read never blocks ``kg stats``, while a build waits
for the readers to finish and readers wait for a build. The kernel drops the lock when
its process dies, so a killed kg never leaves a store locked.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path

from ..errors import StoreError


class StoreLock:
    """A held shared (``shared=True``) or exclusive lock on a store; ``release()`` gives it back."""

    def __init__(self, store_dir: Path, shared: bool, wait: float):
        path = store_dir / "kg.lock"
        try:
            self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        except OSError as err:  # a link (ELOOP) or a directory (EISDIR) planted as the lock
            reason = "it is a link" if err.errno == errno.ELOOP else err.strerror
            raise StoreError(f"cannot lock store {store_dir}: {path}: {reason}") from None
        self.shared = shared
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(self._fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    self.release()
                    raise StoreError(
                        f"store {store_dir} is busy: another kg command is using it"
                        + (" for writing (a build, or kg cypher --write)" if shared else "")
                        + "; wait for it to finish, or use --wait SECONDS") from None
                time.sleep(0.2)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the only descriptor drops the flock
