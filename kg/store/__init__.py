"""Graph stores behind one interface: the embedded FalkorDB default, and Neo4j over Bolt."""

from __future__ import annotations

from .base import Store
from .embedded import EmbeddedStore
from .lock import DEFAULT_WAIT

DEFAULT_STORE_DIR = "kg-data"


def open_store(uri: str | None = None, store_dir: str = DEFAULT_STORE_DIR, wait: float = DEFAULT_WAIT, create: bool = True,
               write: bool | None = None, **options) -> Store:
    """Open the store at ``uri`` (bolt://, neo4j://, neo4j+s://) or, with none, the embedded one.

    ``wait``: seconds to wait for the store: a reader waits for a writer, a writer for every reader.
    ``write``: True takes the embedded store for writing at once (a build), False only reads,
    None reads until the first statement that writes (see :class:`EmbeddedStore`).
    ``create``: make a new embedded store where there is none; False for reading commands,
    which then refuse a missing store instead of creating an empty one.
    """
    if uri and uri.split("://")[0] in {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}:
        from .neo4j_store import Neo4jStore

        return Neo4jStore(uri, **options)
    if uri and "://" in uri:
        from ..errors import StoreError

        raise StoreError(f"unknown store address {uri}: use bolt://, neo4j:// or neo4j+s://")
    return EmbeddedStore(uri or store_dir, wait_for_lock=wait, create=create, write=write)


__all__ = ["Store", "EmbeddedStore", "open_store", "DEFAULT_STORE_DIR", "DEFAULT_WAIT"]
