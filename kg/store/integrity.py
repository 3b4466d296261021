"""Is the graph a store's server loaded the whole graph its last clean close left? The counts check.

The marker (:mod:`.marker`) keeps the node and relationship counts of the last clean close;
a store that comes up with fewer is damaged, and the caller stops its server without saving,
so ``graph.rdb`` is never overwritten by what loaded. The files' checksums are checked before
the server starts (:func:`.marker.check_data_files`); this is the check after it has loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict

from ..errors import StoreError
from .base import Store


class Counts(TypedDict):
    """What a clean close records and the next open compares: the graph's size."""

    nodes: int
    relationships: int


def counts(store: Store) -> Counts:
    """How many nodes and relationships ``store`` holds now (read-only statements)."""
    nodes = store.run("MATCH (n) RETURN count(n) AS n", read_only=True)
    relationships = store.run("MATCH ()-[r]->() RETURN count(r) AS n", read_only=True)
    return {"nodes": nodes[0]["n"] if nodes else 0, "relationships": relationships[0]["n"] if relationships else 0}


def check_loaded_whole(store: Store, store_dir: Path, marker: dict) -> None:
    """After a clean close, ``store`` holds at least what that close counted; StoreError if not.

    Only then: a writer killed mid-build may have deleted edges (a recount clears a
    concept's co-occurrences before counting them again), so after an unclean close
    fewer is what happened, and the server's refusal of a cut-short log, with the
    manifest's files all present (:func:`.marker.check_data_files`), is the check.
    """
    if "nodes" not in marker or marker.get("clean") is False:
        return  # no counts kept by an older kg (readable, never written), or interrupted
    loaded = counts(store)
    short = [f"{loaded[k]:,} of {marker[k]:,} {k}" for k in ("nodes", "relationships") if loaded[k] < marker[k]]
    if short:
        raise StoreError(
            f"store {store_dir} loaded only {' and '.join(short)} it held at its last close: its "
            f"append-only log {store_dir / 'appendonlydir'} is damaged. Nothing was changed; restore a "
            "backup, or repair a copy with Redis's redis-check-aof --fix <the .manifest file>")
