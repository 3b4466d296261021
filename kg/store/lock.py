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

from ..errors import StoreBusy, StoreError

DEFAULT_WAIT = 30.0  # seconds a command waits for the store: a reader for a writer, a writer for readers


class StoreLock:
    """A held shared (``shared=True``) or exclusive lock on a store; ``release()`` gives it back.

    A reader changes nothing in the store, not even to lock it: it opens ``kg.lock`` read-only
    (``flock`` needs no write access, so a store on read-only media reads), and where there is
    no ``kg.lock`` yet it locks the store directory itself. So a writer takes both, the
    directory first, and excludes readers of either kind.
    """

    def __init__(self, store_dir: Path, shared: bool, wait: float):
        path = store_dir / "kg.lock"
        self._fds: list[int] = []
        self.shared = shared
        deadline = time.monotonic() + wait
        try:
            if shared:
                try:
                    self._fds.append(_open(store_dir, path, os.O_RDONLY))
                except FileNotFoundError:  # no writer ever locked it: lock the directory, create nothing
                    self._fds.append(_open(store_dir, store_dir, os.O_RDONLY | os.O_DIRECTORY))
                _flock(self._fds[0], shared, deadline, store_dir)
            else:  # the directory first: kg.lock is created only once no reader holds the store
                self._fds.append(_open(store_dir, store_dir, os.O_RDONLY | os.O_DIRECTORY))
                _flock(self._fds[0], shared, deadline, store_dir)
                self._fds.append(_open(store_dir, path, os.O_RDWR | os.O_CREAT, 0o600))
                _flock(self._fds[1], shared, deadline, store_dir)
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        fds, self._fds = self._fds, []
        for fd in fds:
            os.close(fd)  # closing the only descriptor drops the flock


def _open(store_dir: Path, path: Path, flags: int, mode: int = 0o600) -> int:
    try:
        return os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC, mode)
    except FileNotFoundError:
        raise
    except OSError as err:  # a link (ELOOP) or a directory (EISDIR) planted as the lock
        reason = "it is a link" if err.errno == errno.ELOOP else err.strerror
        raise StoreError(f"cannot lock store {store_dir}: {path}: {reason}") from None


def _flock(fd: int, shared: bool, deadline: float, store_dir: Path) -> None:
    while True:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() > deadline:
                raise StoreBusy(store_dir, by_writer=shared) from None
            time.sleep(0.2)
