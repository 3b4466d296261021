"""A build's working copy of the corpus on disk, so memory holds a chunk of papers, never the corpus.

A build reads every paper once into the spool, extracts them in order, and keeps each
paper's mentions there too; resolving and writing then read them back a chunk at a time,
as often as they need. The spool is an SQLite file in a temporary directory kg makes and
removes; rows hold pickled kg objects, written and read only by this process.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, MutableSequence
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar, overload

from ..errors import KgError

ROWS_PER_READ = 500  # rows fetched per round trip when a table is read back
CHUNK = 2000  # papers a build resolves and writes at a time: what it holds in memory


T = TypeVar("T")


class SpooledList(MutableSequence[T]):
    """A list of picklable objects in one spool table: append, read or replace by index, iterate in order.

    What :func:`kg.readers.read_corpus` needs of its list of papers, and what a build
    needs of its list of results; iterating reads a few hundred rows at a time. It is a
    ``MutableSequence`` that never shrinks: deleting or inserting is a TypeError.
    """

    def __init__(self, db: sqlite3.Connection, table: str, where: str):
        self._db, self._table, self._where, self._len = db, table, where, 0
        db.execute(f"CREATE TABLE {table} (i INTEGER PRIMARY KEY, item BLOB NOT NULL)")

    def __len__(self) -> int:
        return self._len

    def append(self, item: T) -> None:
        self._write(f"INSERT INTO {self._table} VALUES (?, ?)", (self._len, _dumps(item)))
        self._len += 1

    def extend(self, items: Iterable[T]) -> None:
        for item in items:
            self.append(item)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._len))]
        row = self._db.execute(f"SELECT item FROM {self._table} WHERE i = ?", (self._index(index),)).fetchone()
        return pickle.loads(row[0])

    @overload
    def __setitem__(self, index: int, item: T) -> None: ...

    @overload
    def __setitem__(self, index: slice, item: Iterable[T]) -> None: ...

    def __setitem__(self, index: int | slice, item: Any) -> None:
        if isinstance(index, slice):
            raise TypeError("a spooled list replaces one item at a time")
        self._write(f"UPDATE {self._table} SET item = ? WHERE i = ?", (_dumps(item), self._index(index)))

    def __delitem__(self, index: int | slice) -> None:
        raise TypeError("a spooled list never shrinks")

    def insert(self, index: int, item: T) -> None:
        raise TypeError("a spooled list only appends")

    def _write(self, statement: str, params: tuple) -> None:
        try:
            self._db.execute(statement, params)
        except sqlite3.OperationalError as err:  # "database or disk is full", most likely
            raise KgError(f"the build's working copy of the corpus in {self._where} could not be written ({err}); "
                          "it needs about 5 KB a paper: point TMPDIR at a disk with room") from None

    def __iter__(self) -> Iterator[T]:
        cursor = self._db.execute(f"SELECT item FROM {self._table} ORDER BY i")
        while rows := cursor.fetchmany(ROWS_PER_READ):
            yield from (pickle.loads(item) for (item,) in rows)

    def __bool__(self) -> bool:
        return self._len > 0

    def _index(self, index: int) -> int:
        if not -self._len <= index < self._len:
            raise IndexError(index)
        return index % self._len


class Spool:
    """The spool of one build: make lists with :meth:`list`; everything is deleted on close."""

    def __init__(self, directory: str | Path | None = None):
        remove_abandoned(directory)
        self._dir = tempfile.TemporaryDirectory(prefix=f"kg-build-{os.getpid()}-", dir=directory)
        self._db = sqlite3.connect(Path(self._dir.name) / "spool.sqlite", isolation_level=None)
        self._db.execute("PRAGMA journal_mode = OFF")  # a spool that dies with its build needs no journal
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("BEGIN")  # one open transaction: no disk sync per row
        self._tables = 0

    def list(self) -> SpooledList[Any]:
        self._tables += 1
        return SpooledList(self._db, f"t{self._tables}", self._dir.name)

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def remove_abandoned(directory: str | Path | None = None) -> list[Path]:
    """Remove the spools of builds that were killed (SIGTERM, kill -9) before they could; returns them.

    A spool's folder is named after its build's process; one whose process is gone, and
    that belongs to this user, is left over. A live process's spool (a build running now,
    or a pid reused since) is never touched.
    """
    removed = []
    for found in Path(directory or tempfile.gettempdir()).glob("kg-build-*-*"):
        pid = found.name.split("-")[2]
        try:
            if not pid.isdigit() or found.is_symlink() or found.stat().st_uid != os.getuid():
                continue
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(found, ignore_errors=True)
            removed.append(found)
        except OSError:
            continue  # alive under another user, or gone meanwhile
    return removed


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size``, in order."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _dumps(item) -> bytes:
    return pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
