"""The embedded default store: a FalkorDB server that kg starts, owns and stops.

Any number of readers share a store, and one writer has it alone (:mod:`.lock`). Each
reader runs its own read-only server on the store's files, reached through a socket in
a private folder, and stops it without saving; so readers never wait for one another,
no reader has to stop a server another reader still uses, and a reading command writes
nothing in the store. (One server shared by the readers would save memory, but then the
last reader out must stop it while another may be arriving, and a reader killed first
leaves it running; a server per reader costs what each command cost before: one load.)

A writer's server persists in the store (append-only log, a snapshot at its clean
close), so the next command sees the same graph. A store refuses to lie: the marker
keeps the counts and the files' checksums of the last clean close (:mod:`.marker`); a
store closed cleanly that comes up with fewer nodes or relationships than it was closed
with, or whose files changed since, is an error, and its server is stopped without
saving, so ``graph.rdb`` is never overwritten by what loaded. After an unclean close (a
writer killed; a build deletes edges before counting them again) fewer is no sign of
damage: the server's refusal of a cut-short log and the log's files being there stand.

This module runs the store; its other jobs have their own modules: the server process
(:mod:`.server`), who may use the store (:mod:`.lock`), the marker and the files'
checksums (:mod:`.marker`), the counts check after loading (:mod:`.integrity`), what
the client's errors mean (:mod:`.falkordb_errors`), a read's refusals (:mod:`.read_guard`)
and an older store's migration (:mod:`.migrations`).
"""

from __future__ import annotations

import atexit
import os
import signal
import threading
import time
from pathlib import Path

from ..errors import KgError, MissingStore, StoreError, WriteRefused
from . import server as server_process
from .base import Store
from .falkordb_errors import READ_ONLY, client_errors, connection_errors, statement_error
from .integrity import check_loaded_whole, counts
from .lock import DEFAULT_WAIT, StoreLock
from .marker import MARKER, SCHEMA_VERSION, check_data_files, check_dir, checksums, create_store, read_marker, \
    write_marker
from .migrations import migrate, migrate_paper_ids
from .read_guard import plan_refusal

GRAPH_NAME = "kg"
COMPACT_ABOVE = 256 * 1024  # bytes of append-only log worth folding into a snapshot at close
STORE_TIMEOUT = server_process.STORE_TIMEOUT
_socket_path = server_process.writer_socket  # where a writer's server listens


class EmbeddedStore(Store):
    """FalkorDB in a child process, reached over a private unix socket.

    ``write``: True holds the store for writing from the start (a build); False only reads
    (reading commands: a write is refused); None reads, and takes the store for writing at
    the first statement that writes, holding it so until closed (``kg.open()`` in a notebook).
    """

    dialect = "falkordb"

    def __init__(self, store_dir: str | os.PathLike = "kg-data", wait_for_lock: float = DEFAULT_WAIT, create: bool = True,
                 write: bool | None = None):
        self.store_dir = Path(store_dir).resolve()
        self.location = str(self.store_dir)
        self._wait = wait_for_lock
        self._server: server_process.Server | None = None
        if not check_dir(self.store_dir):  # before any lock file or permission change: is this directory ours?
            if not create:
                raise MissingStore(self.store_dir)
            create_store(self.store_dir)
            write = True if write is None else write  # made to be written: no reader's server first
        self._may_write = write is not False
        self._open(writing=bool(write))

    @staticmethod
    def check(store_dir: str | os.PathLike) -> bool:
        """True if ``store_dir`` is a kg store, False if it is missing or empty; otherwise StoreError.

        Reads only: nothing is written and no permission changed.
        """
        return check_dir(Path(store_dir).resolve())

    @property
    def writing(self) -> bool:
        return self._server is not None and self._server.private is None

    @property
    def socket(self) -> Path:
        return self._running().socket

    def _running(self) -> server_process.Server:
        """The store's server; StoreError once the store is closed."""
        if self._server is None:
            raise StoreError(f"store {self.store_dir} is closed")
        return self._server

    @property
    def _process(self):
        return self._server.process if self._server else None

    def _open(self, writing: bool) -> None:
        where = self.store_dir
        self._lock = StoreLock(where, shared=not writing, wait=self._wait)
        try:
            self._marker = read_marker(where)
            check_data_files(where, self._marker)
            interrupted = self._marker.get("clean") is False
            if writing:
                self._prepare_to_write()
                _close_on_sigterm()
            self._server = server_process.start(where, writing, interrupted=interrupted)
            self._client = server_process.connect(self._server, STORE_TIMEOUT)
            self.graph = self._client.select_graph(GRAPH_NAME)
            if not writing:  # loaded: nothing this server does from now on reaches the store's files
                self._client.connection.config_set("appendonly", "no")
            check_loaded_whole(self, where, self._marker)
        except BaseException:
            if self._server is not None:  # stopped without saving: what loaded never replaces the files
                self._server.stop(save=False)
                self._server = None
            self._lock.release()
            raise
        atexit.register(self.close)
        if writing:
            self._marker = migrate(self, where, self._marker)

    def _prepare_to_write(self) -> None:
        """Before a writer's server starts: a store whose load can be checked, no stale server, marked as open."""
        where = self.store_dir
        if "nodes" not in self._marker:
            raise StoreError(
                f"store {where} was closed by an older kg that kept no counts, so kg cannot check that it loads "
                "whole and will not write to it; read it as it is (kg stats, kg export), or rebuild into a new "
                "store directory")
        os.chmod(where, 0o700)  # a store's socket and data are its owner's alone
        server_process.stop_orphan(where, server_process.writer_socket(where))
        self._marker = {**self._marker, "clean": False}  # until the clean close records the files it left
        write_marker(where, self._marker)

    def run(self, query: str, params: dict | None = None, read_only: bool = False) -> list[dict]:
        if not read_only and not self.writing:
            if not self._may_write:
                raise WriteRefused(READ_ONLY)
            self._take_for_writing()
        try:
            if read_only:
                refusal = plan_refusal(self._explain(query, params), query)
                if refusal:
                    raise WriteRefused(f"the statement {refusal}, which a read-only query may not", "it")
                result = self.graph.ro_query(query, params or None)
            else:
                result = self.graph.query(query, params or None)
        except client_errors() as err:
            mapped = statement_error(err, self.store_dir, self._running().process.pid, STORE_TIMEOUT, read_only)
            if mapped is None:
                return []  # nothing was ever written to this store: a read finds no rows
            raise mapped from None
        columns = [c[1] for c in result.header]
        return [dict(zip(columns, (_plain(v) for v in row))) for row in result.result_set]

    def _explain(self, query: str, params: dict | None):
        """The statement's plan, built by the server without running it (parameters as the client sends them)."""
        text = self.graph._build_params_header(params) + query if params else query
        return self._client.connection.execute_command("GRAPH.EXPLAIN", GRAPH_NAME, text)

    def _take_for_writing(self) -> None:
        """A reader asked to write: stop its read-only server, then wait for the store as its one writer."""
        self._close_reader()
        try:
            self._open(writing=True)
        except StoreError:  # busy past --wait, or refused: the graph still reads, as it did before
            self._open(writing=False)
            raise

    def _close_reader(self) -> None:
        server, self._server = self._running(), None
        server.stop(save=False)
        self._lock.release()
        atexit.unregister(self.close)

    def close(self) -> None:
        if self._server is None:
            return
        if not self.writing:
            self._close_reader()
            return
        server, where = self._server, self.store_dir
        counted = None
        try:
            counted = counts(self)
            persisted = server.connection().info("persistence").get("aof_last_write_status") == "ok"
        except (KgError,) + connection_errors():
            persisted = False  # the server is gone (Ctrl-C, killed), or its disk is full
        self._compact_log(server)
        self._server = None
        server.stop(save=True)
        try:
            if persisted and counted is not None and server.process.returncode == 0:
                self._marker = {**self._marker, **counted, "clean": True, "files": checksums(where)}
                write_marker(where, self._marker)
        except OSError:
            pass  # a full disk: the marker stays "not closed cleanly"; the next writer checks counts only
        finally:
            self._lock.release()
            atexit.unregister(self.close)
            _default_sigterm()

    def _compact_log(self, server: server_process.Server) -> None:
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
            connection = server.connection()
            connection.bgrewriteaof()
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                info = connection.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                    break
                time.sleep(0.05)
        except connection_errors():
            pass  # the log stays as it is: slower to open, still complete


class Terminated(KeyboardInterrupt):
    """SIGTERM while kg writes: unwinds like Ctrl-C, so the store is closed, saved and marked clean."""


def _terminate(signum, frame):
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends kg at once
    raise Terminated()


def _close_on_sigterm() -> None:
    """Turn SIGTERM into :class:`Terminated` while a writer is open, unless the program handles SIGTERM itself.

    A killed writer leaves the store "not closed cleanly"; unwinding through ``close()``
    instead keeps the counts and checksums that let the next command check it whole.
    Python runs signal handlers in the main thread only, so only there.
    """
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminate)


def _default_sigterm() -> None:
    """Once no longer writing, SIGTERM ends kg as it did (a reader's server stops with it)."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is _terminate:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _plain(value):
    """FalkorDB nodes and edges as plain dicts of their properties."""
    if hasattr(value, "properties"):
        return dict(value.properties)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


__all__ = ["EmbeddedStore", "GRAPH_NAME", "MARKER", "SCHEMA_VERSION", "Terminated", "migrate_paper_ids"]
