"""What every graph store offers kg: run Cypher with parameters, get rows as dicts.

Two implementations share this interface — the embedded FalkorDB server and Neo4j
over Bolt — so the writer, the query library and the CLI never branch on which
one they talk to. Dialect differences live in ``cypher/<dialect>/`` files.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence

BATCH_SIZE = 2000  # rows per write statement, each one transaction: what an interrupted write can lose


class Store(ABC):
    """A Cypher graph store. Use as a context manager so it is closed (and saved) on exit."""

    dialect: str = ""
    location: str = ""

    @abstractmethod
    def run(self, query: str, params: dict | None = None, read_only: bool = False) -> list[dict]:
        """Run one statement with parameters; each result row is a dict keyed by column.

        ``read_only`` has the store itself refuse any write, and any statement that reads files
        or URLs (``LOAD CSV``) or calls a procedure other than the engine's own read-only ones
        (``db.labels`` and the like), whatever the text says: decided from the parsed statement
        (FalkorDB: its ``GRAPH.EXPLAIN`` plan, then ``GRAPH.RO_QUERY``; Neo4j: its ``EXPLAIN``
        query type or kg's tokenizer, then a read transaction rolled back), never from keywords.
        """

    def run_batched(
        self,
        query: str,
        rows: Sequence[dict],
        batch_size: int = BATCH_SIZE,
        progress: Callable[[int], None] | None = None,
        **params,
    ) -> None:
        """Run an ``UNWIND $rows`` statement over ``rows`` in batches, each batch atomic."""
        for start in range(0, len(rows), batch_size):
            chunk = list(rows[start:start + batch_size])
            self.run(query, {"rows": chunk, **params}, read_only=False)
            if progress:
                progress(len(chunk))

    def run_script(self, statements: Iterable[str]) -> None:
        for statement in statements:
            self.run(statement, read_only=False)

    @abstractmethod
    def close(self) -> None:
        """Release the connection; the embedded store also saves and stops its server."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
