"""What every graph store offers kg: run Cypher with parameters, get rows as dicts.

Two implementations share this interface — the embedded FalkorDB server and Neo4j
over Bolt — so the writer, the query library and the CLI never branch on which
one they talk to. Dialect differences live in ``cypher/<dialect>/`` files.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence


class Store(ABC):
    """A Cypher graph store. Use as a context manager so it is closed (and saved) on exit."""

    dialect: str = ""
    location: str = ""

    @abstractmethod
    def run(self, query: str, params: dict | None = None, read_only: bool = False) -> list[dict]:
        """Run one statement with parameters; each result row is a dict keyed by column.

        ``read_only`` has the database itself refuse any write (FalkorDB's
        ``GRAPH.RO_QUERY``, a Neo4j read transaction), whatever the text says.
        """

    def run_batched(
        self,
        query: str,
        rows: Sequence[dict],
        batch_size: int = 2000,
        progress: Callable[[int], None] | None = None,
        **params,
    ) -> None:
        """Run an ``UNWIND $rows`` statement over ``rows`` in batches, each batch atomic."""
        for start in range(0, len(rows), batch_size):
            chunk = list(rows[start:start + batch_size])
            self.run(query, {"rows": chunk, **params})
            if progress:
                progress(len(chunk))

    def run_script(self, statements: Iterable[str]) -> None:
        for statement in statements:
            self.run(statement)

    @abstractmethod
    def close(self) -> None:
        """Release the connection; the embedded store also saves and stops its server."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
