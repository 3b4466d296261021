"""Bring a store an older kg wrote up to this kg's schema, the first time this kg opens it for writing.

The marker records the schema a store was written with (``kg_store_schema``,
:data:`.marker.SCHEMA_VERSION`); reading never migrates, so an older store stays readable
as it is and a read-only store is never written.
"""

from __future__ import annotations

from pathlib import Path

from .base import Store
from .marker import SCHEMA_VERSION, write_marker


def migrate(store: Store, store_dir: Path, marker: dict) -> dict:
    """Run the migrations ``marker``'s schema needs on ``store`` (held for writing); the marker it then has."""
    if marker["kg_store_schema"] >= SCHEMA_VERSION:
        return marker
    migrate_paper_ids(store)
    marker = {**marker, "kg_store_schema": SCHEMA_VERSION}
    write_marker(store_dir, marker)
    return marker


def migrate_paper_ids(store: Store) -> int:
    """Give papers of a schema-1 store the ids this kg gives their titles; returns how many changed.

    Schema 1 keyed titles by their ASCII letters only, so accented titles had other ids (and
    titles in other scripts had collided; what collided then cannot be told apart now).
    """
    from ..records import legacy_paper_id, paper_id

    rows = store.run("MATCH (p:Paper) WHERE p.title IS NOT NULL RETURN p.id AS id, p.title AS title", read_only=True)
    moves = [{"old": r["id"], "new": paper_id(r["title"])} for r in rows
             if r["id"] == legacy_paper_id(r["title"]) != paper_id(r["title"])]
    if moves:
        store.run("UNWIND $rows AS r MATCH (p:Paper {id: r.old}) SET p.id = r.new", {"rows": moves})
    return len(moves)
