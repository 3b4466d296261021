"""Neo4j 5 over Bolt with the official driver: one driver per process, managed transactions.

Read-only is kg's own promise here, not the server's. Neo4j refuses a write in a read
transaction; other Bolt servers (ArcadeDB, which the live tests use) run it. So a
``read_only`` statement is checked before it is sent (the server's plan where it tells reads
from writes, else the statement's clauses: :mod:`.cypher_words`), and the read transaction it
then runs in is rolled back, never committed, as are the ones that ask for plans.
"""

from __future__ import annotations

import atexit
import os

from ..errors import QueryError, StoreError, WriteRefused
from .base import Store
from .cypher_words import refusal

# A statement kg cannot show to be a read is refused; --write runs it as a write.
# Neo4j 5's built-in procedures that only read the graph (lower case); APOC's are never vouched for
READ_PROCEDURES = frozenset({"db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
                             "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
                             "db.index.fulltext.querynodes", "db.index.fulltext.queryrelationships",
                             "db.index.vector.querynodes", "db.index.vector.queryrelationships"})


def _reads_only(procedure: str) -> bool:
    return procedure.lower() in READ_PROCEDURES


NOT_A_READ = "the statement is not known to be a read ({reason})"  # a WriteRefused: write=True runs it
# Prefixed to a statement to have it planned, not run. A server that ignored it would run the
# statement: every plan is therefore asked for in a transaction that is rolled back.
EXPLAIN = "EXPLAIN "


class Neo4jStore(Store):
    dialect = "neo4j"

    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None):
        from neo4j.exceptions import AuthError, ServiceUnavailable

        self.location = uri
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        auth = (user or os.environ.get("NEO4J_USERNAME", "neo4j"), password or os.environ.get("NEO4J_PASSWORD", ""))
        self._driver = _driver(uri, auth)
        self._verdicts: dict[str, str | None] = {}
        try:
            self._driver.verify_connectivity()
        except AuthError:
            _forget(uri, auth)
            raise StoreError(f"Neo4j at {uri} refused the credentials for user {auth[0]!r}; "
                             "check NEO4J_USERNAME / NEO4J_PASSWORD") from None
        except (ServiceUnavailable, OSError, ValueError) as err:
            _forget(uri, auth)
            raise StoreError(f"cannot reach Neo4j at {uri}: {str(err).splitlines()[0]}") from None

    def run(self, query: str, params: dict | None = None, read_only: bool = False) -> list[dict]:
        """Run ``query``; ``read_only`` refuses an updating statement (QueryError) before sending it."""
        from neo4j.exceptions import DriverError, Neo4jError

        try:
            with self._driver.session(database=self.database) as session:
                if not read_only:
                    return session.execute_write(_rows, query, params)
                reason = self._refusal(session, query, params)
                if reason:
                    raise WriteRefused(NOT_A_READ.format(reason=reason), "run")
                try:
                    session.execute_read(_read_and_roll_back, query, params)
                except _RolledBack as read:
                    if read.wrote:  # the checks above missed it; the server ran it, the rollback undid it
                        raise WriteRefused(NOT_A_READ.format(
                            reason=f"{self.location} reported changes, rolled back"), "run") from None
                    return read.rows
        except Neo4jError as err:
            raise self._error(err, query) from None
        except DriverError as err:  # the server went away mid-statement, after the driver's retries
            raise StoreError(f"lost Neo4j at {self.location}: {_first_line(str(err))}; "
                             "run the same command again once it is back") from None
        raise AssertionError("unreachable")

    def _refusal(self, session, query: str, params: dict | None) -> str | None:
        """Why ``query`` is not provably a read, or None; decided once per statement text.

        LOAD CSV and procedure calls are refused from the statement's words whatever the server
        says, as on the embedded store: a procedure the server calls a read may still fetch URLs
        (apoc.load.json). Neo4j's own procedures that only read the graph are the exception. Then the server's own plan decides
        (``EXPLAIN``: query type ``r`` is a read; ``rw``, ``w``, ``s`` are not) where its plans tell
        reads from writes; where they do not (ArcadeDB reports ``w`` for every EXPLAIN), an
        updating clause wherever a clause can start, subqueries included, refuses it.
        """
        if query not in self._verdicts:
            reason = refusal(query, procedures_only=True, reads=_reads_only)
            if reason is None and _plans_tell_reads(self._driver, self.location, session):
                kind = _query_type(session, query, params)
                reason = None if kind == "r" else f"the server's plan says it writes (query type {kind!r})"
            elif reason is None:
                reason = refusal(query, reads=_reads_only)
            if len(self._verdicts) > 1000:
                self._verdicts.clear()
            self._verdicts[query] = reason
        return self._verdicts[query]

    def _error(self, err, query: str) -> Exception:
        code = err.code or ""
        message = _first_line((err.message or str(err)).replace(query.strip(), "the statement"))
        if code.endswith("DatabaseNotFound"):
            return StoreError(f"Neo4j at {self.location} has no database {self.database!r}; "
                              "create it or pass another database")
        if code.endswith("Statement.AccessMode"):
            return WriteRefused(NOT_A_READ.format(reason=f"{self.location} refused it in a read"), "run")
        if code.startswith("Neo.ClientError.Statement."):
            return QueryError(f"Cypher statement refused by Neo4j at {self.location}: {message}")
        return StoreError(f"Neo4j at {self.location}: {message} ({code.rsplit('.', 1)[-1] or 'no code'})")

    def close(self) -> None:
        """Sessions end with each statement; the process-wide driver stays for the next store."""


def _query_type(session, query: str, params: dict | None) -> str | None:
    """The statement's type as the server plans it, without running it: r, rw, w or s.

    Asked in a read transaction that is rolled back, so a server that ran the statement instead
    of planning it keeps nothing of it.
    """
    try:
        session.execute_read(_read_and_roll_back, EXPLAIN + query, params)
    except _RolledBack as planned:
        return planned.query_type
    raise AssertionError("unreachable")


_TELLS: dict[str, bool] = {}


def _plans_tell_reads(driver, uri: str, session) -> bool:
    """Does this server's EXPLAIN tell a read (``r``) from a write? Asked once per server."""
    from neo4j.exceptions import Neo4jError

    if uri not in _TELLS:
        try:
            write = _query_type(session, "CREATE (n) RETURN n", None)
        except Neo4jError as err:  # refusing even to plan a write in a read transaction tells them apart too
            write = "w" if (err.code or "").endswith("AccessMode") else None
        _TELLS[uri] = write in {"w", "rw"} and _query_type(session, "RETURN 1 AS one", None) == "r"
    return _TELLS[uri]


class _RolledBack(Exception):
    """Raised at the end of a read so that the driver rolls its transaction back: a read never commits."""

    def __init__(self, rows: list[dict], query_type: str | None, wrote: bool):
        self.rows, self.query_type, self.wrote = rows, query_type, wrote


def _rows(tx, query: str, params: dict | None) -> list[dict]:
    # A plain string: the driver accepts a Query object only in session.run (TypeError in 6.x).
    return [record.data() for record in tx.run(query, params or {})]


def _read_and_roll_back(tx, query: str, params: dict | None):
    result = tx.run(query, params or {})
    rows = [record.data() for record in result]
    summary = result.consume()
    raise _RolledBack(rows, summary.query_type,
                      summary.counters.contains_updates or summary.query_type not in {"r", None})


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), text).rstrip(":")


_DRIVERS: dict = {}


def _driver(uri: str, auth: tuple[str, str]):
    """One driver per URI and user for the whole process, as the driver's manual advises."""
    from neo4j import GraphDatabase

    key = (uri, auth[0])
    if key not in _DRIVERS:
        _DRIVERS[key] = GraphDatabase.driver(uri, auth=auth)
        atexit.register(_DRIVERS[key].close)
    return _DRIVERS[key]


def _forget(uri: str, auth: tuple[str, str]) -> None:
    driver = _DRIVERS.pop((uri, auth[0]), None)
    if driver is not None:
        driver.close()
