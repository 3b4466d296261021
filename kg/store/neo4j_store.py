"""Neo4j 5 over Bolt with the official driver: one driver per process, managed transactions."""

from __future__ import annotations

import atexit
import os

from ..errors import StoreError
from .base import Store


class Neo4jStore(Store):
    dialect = "neo4j"

    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None):
        from neo4j.exceptions import AuthError, ServiceUnavailable

        self.location = uri
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        auth = (user or os.environ.get("NEO4J_USERNAME", "neo4j"), password or os.environ.get("NEO4J_PASSWORD", ""))
        self._driver = _driver(uri, auth)
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
        from neo4j.exceptions import Neo4jError

        def work(tx):
            # A plain string: the driver accepts a Query object only in session.run (TypeError in 6.x).
            return [record.data() for record in tx.run(query, params or {})]

        try:
            with self._driver.session(database=self.database) as session:
                if read_only or query.lstrip().upper().startswith(("MATCH", "RETURN", "CALL", "WITH")) and not any(
                        w in query.upper() for w in ("MERGE", "SET ", "CREATE", "DELETE")):
                    return session.execute_read(work)
                return session.execute_write(work)
        except Neo4jError as err:
            raise StoreError(f"Neo4j at {self.location}: {err.message}") from None

    def close(self) -> None:
        """Sessions end with each statement; the process-wide driver stays for the next store."""


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
