"""Is this directory a kg store, and are its files what kg left there?

A directory is a store only if its marker ``kg-store.json`` says so: a folder of
files that merely carry kg's names (a ``server.pid`` someone wrote, a link planted
as one) is refused, never taken over. kg writes files in a store only through
:func:`write_private`, which never follows a link and never writes into a file it
did not create.

The marker keeps what the last clean close left: the node and relationship counts
and a checksum of each data file (``graph.rdb`` and the append-only log). A store
closed cleanly whose files no longer match was changed by something else (a bad
disk, an edit) and is refused; counts alone cannot see four changed bytes. After an
unclean close (a writer killed mid-build, which may have deleted edges) neither the
counts nor the log's growing files can be held to that close: then the server's own
refusal of a cut-short log, the manifest's files all being there, and the base
snapshots' checksums are what stand.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from ..errors import StoreError

MARKER = "kg-store.json"
SCHEMA_VERSION = 2  # 2: paper ids from titles in any script (models.normalise_title)
LOG_DIR = "appendonlydir"
MANIFEST = f"{LOG_DIR}/appendonly.aof.manifest"
DATA_NAMES = {"graph.rdb", LOG_DIR}
KG_NAMES = {"kg.lock", "kg.sock", "server.pid", "server.log", MARKER + ".tmp", "server.pid.tmp"} | DATA_NAMES


def check_dir(where: Path) -> bool:
    """True if ``where`` is a kg store, False if it is missing or empty; otherwise StoreError.

    Reads only: nothing is written and no permission changed.
    """
    try:
        found = os.lstat(where)
    except FileNotFoundError:
        return False
    if not stat.S_ISDIR(found.st_mode):
        raise StoreError(f"{where} is a file, not a kg store directory")
    names = sorted(os.listdir(where))
    if MARKER in names:
        if not stat.S_ISREG(os.lstat(where / MARKER).st_mode):
            raise StoreError(f"{where / MARKER} is not a kg store marker (a link or a directory); "
                             f"refusing to use {where}")
        return True
    if not names:
        return False
    data = [n for n in names if n in DATA_NAMES]
    if data:
        raise StoreError(f"{where} holds a kg store's data ({', '.join(data)}) but its marker {MARKER} is "
                         "missing; kg will not guess what wrote these files. Restore the marker from a backup, "
                         "or rebuild into a new store directory")
    others = [n for n in names if n not in KG_NAMES]
    if others:
        raise StoreError(f"{where} holds files that are not a kg store ({', '.join(others[:3])}); "
                         "use an empty or new store directory")
    raise StoreError(f"{where} holds files named like kg's ({', '.join(names[:3])}) but no marker {MARKER}, "
                     "so it is not a kg store and kg will not take it over; use an empty or new store directory")


def create_store(where: Path) -> None:
    """Make a new store: the directory (owner-only) and its marker, counts zero, before anything else."""
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(where, 0o700)
        write_private(where / MARKER, json.dumps(new_marker()) + "\n", replace=False)
    except FileExistsError:
        pass  # another kg made it a store meanwhile
    except OSError as err:
        raise StoreError(f"cannot create store directory {where}: {err.strerror}") from None


def new_marker() -> dict:
    return {"kg_store_schema": SCHEMA_VERSION, "nodes": 0, "relationships": 0}


def read_marker(where: Path) -> dict:
    """The store's marker; refuses one that is not kg's, or one written by a newer kg."""
    path = where / MARKER
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        with os.fdopen(fd, encoding="utf-8") as handle:
            found = json.loads(handle.read())
        version = int(found["kg_store_schema"])
    except (OSError, ValueError, KeyError, TypeError):
        raise StoreError(f"{path} is not a kg store marker; refusing to use {where}") from None
    if version > SCHEMA_VERSION:
        raise StoreError(f"store {where} was written by a newer kg (schema {version}, this kg "
                         f"reads {SCHEMA_VERSION}); upgrade kg or use another store directory")
    return found


def write_private(path: Path, text: str, replace: bool = True) -> None:
    """Write ``path`` as a new owner-only file, never through a link or into a file kg did not make.

    The text goes to a fresh ``.tmp`` file (``O_EXCL | O_NOFOLLOW``) that is then renamed over
    ``path``: a link planted at ``path`` is replaced, never followed. ``replace=False``
    creates ``path`` itself exclusively (FileExistsError if anything is there).
    """
    target = path if not replace else path.with_name(path.name + ".tmp")
    if replace:
        try:
            os.unlink(target)  # a torn .tmp of a killed kg; unlink never follows a link
        except FileNotFoundError:
            pass
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    if replace:
        os.replace(target, path)


def write_marker(where: Path, marker: dict) -> None:
    """Record the marker atomically (a torn marker would refuse a good store)."""
    write_private(where / MARKER, json.dumps(marker) + "\n")


def log_files(where: Path) -> list[str]:
    """The append-only log's files as its manifest names them, relative to the store; [] with no manifest.

    A name that is not a plain file name (a path, ``..``, a NUL) is refused, as Redis refuses it:
    kg links and reads these names before any server has looked at them.
    """
    try:
        fd = os.open(where / MANIFEST, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return []
    except OSError as err:
        raise StoreError(f"cannot read {where / MANIFEST}: {err.strerror}") from None
    with os.fdopen(fd, encoding="utf-8", errors="replace") as handle:
        manifest = handle.read()
    names = [line.split()[1] for line in manifest.splitlines() if line.startswith("file ") and len(line.split()) > 1]
    for name in names:
        if "/" in name or "\\" in name or "\0" in name or "\ufffd" in name or name in {".", ".."}:
            raise StoreError(f"{where / MANIFEST} names {name!r}, which is not a file name in {where / LOG_DIR} "
                             "(a path, '..' or a NUL), so it was not written by kg's server; kg will not read "
                             "through it. Restore the store folder from a backup, or rebuild into a new store directory")
    return [MANIFEST] + [f"{LOG_DIR}/{name}" for name in names]


def data_files(where: Path) -> list[str]:
    """What the server loads or kg saved: the log's files and ``graph.rdb``, relative to the store."""
    return log_files(where) + (["graph.rdb"] if os.path.lexists(where / "graph.rdb") else [])


def checksums(where: Path) -> dict[str, str]:
    """A BLAKE2 digest of each data file (a missing one is recorded as missing)."""
    sums = {}
    for name in data_files(where):
        digest = hashlib.blake2b(digest_size=20)
        try:
            fd = os.open(where / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            sums[name] = "missing"
            continue
        with os.fdopen(fd, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        sums[name] = digest.hexdigest()
    return sums


def check_data_files(where: Path, marker: dict) -> None:
    """Refuse a store whose data cannot be what kg left: a missing log, a link, files changed since a clean close.

    With its append-only log gone the server would start empty and then save that over
    ``graph.rdb``; with links among its files the server would write where they point.
    """
    log = where / LOG_DIR
    has_graph = os.path.lexists(where / "graph.rdb") or marker.get("nodes") or marker.get("files")
    if os.path.lexists(log) and not stat.S_ISDIR(os.lstat(log).st_mode):
        raise StoreError(f"{log} is not a directory (a link or a file); kg will not load or write through it")
    if has_graph and not (where / MANIFEST).is_file():
        held = f" held {marker['nodes']:,} nodes but" if marker.get("nodes") else ":"
        raise StoreError(
            f"store {where}{held} its append-only log {log} is missing; kg will not open it as an empty "
            "graph. Restore the folder from a backup, or rebuild into a new store directory (graph.rdb is untouched)")
    listed = log_files(where)
    for name in ["graph.rdb", "server.log", "server.pid", "kg.lock"] + listed:
        try:
            found = os.lstat(where / name)
        except FileNotFoundError:
            if name in listed:  # the server would load the rest as if the graph ended there
                raise StoreError(f"store {where}: {name}, which its log's manifest lists, is missing; nothing was "
                                 "loaded or changed. Restore the store folder from a backup, or rebuild into a "
                                 "new store directory") from None
            continue
        if not stat.S_ISREG(found.st_mode) or found.st_uid != os.getuid():
            raise StoreError(f"{where / name} is not a file kg wrote (a link, a directory or another owner's); "
                             "kg will not read or write through it. Remove it")
    recorded = marker.get("files")
    if not recorded:
        return
    now = checksums(where)
    if marker.get("clean"):
        changed = sorted(n for n in set(recorded) | set(now) if recorded.get(n) != now.get(n, "missing"))
    else:  # a writer was interrupted: only a base snapshot still listed is as the clean close left it
        changed = sorted(n for n in set(recorded) & set(now) if ".base." in n and recorded[n] != now[n])
    if changed:
        raise StoreError(
            f"store {where}: {', '.join(changed[:3])} changed since kg's last clean close (checksum differs), "
            "so it is damaged or was edited; nothing was loaded or changed. Restore the store folder from a "
            "backup, or rebuild into a new store directory")
