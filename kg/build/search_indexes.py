"""The indexes kg search and kg similar read: full-text over papers and concepts, aliases, paper vectors.

They are made by ``kg build`` (a store built earlier gets them at its next build: reading never
changes a store). A store that cannot have one (ArcadeDB's Bolt server has no full-text or vector
index) is built without it, and kg search scans instead, saying so.
"""

from __future__ import annotations

from ..cypher import library
from ..errors import KgError
from ..store.base import Store

SEARCH_INDEXES = ("paper_text_index", "concept_text_index", "concept_alias_index")
ALREADY = ("already indexed", "already exists", "equivalent index already exists")


def ensure_index(store: Store, name: str) -> bool:
    """Make the index ``write/<name>.cypher`` describes (in the store's dialect): True if the store has it now,
    False if the store cannot make such an index (then nothing changed)."""
    try:
        store.run(library.statement("write", name, store.dialect).text, read_only=False)
    except KgError as err:
        if any(s in str(err).lower() for s in ALREADY):
            return True
        return False
    return True


def ensure_search_indexes(store: Store) -> list[str]:
    """Make the full-text and alias indexes; returns those the store could not make."""
    return [name for name in SEARCH_INDEXES if not ensure_index(store, name)]
