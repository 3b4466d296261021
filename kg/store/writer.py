"""Write an in-memory graph to a store in batched, parameterised MERGE statements.

Every value travels as a parameter. Labels and relationship types are spliced into
statements only from kg's fixed sets below, so no text from a paper can change a
statement. Each batch is one statement, hence one transaction; re-running a write
merges onto what is there and changes no counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from ..cypher import library
from ..errors import KgError
from ..graph.in_memory import ENTITIES
from ..schema import CONCEPT_TYPES, NODE_LABELS, PAPER, PAPER_CONCEPT_TYPES, PAPER_PAPER_TYPES, PAPER_PROPERTIES, \
    RELATIONSHIP_TYPES, STUB_PROPERTIES
from .base import BATCH_SIZE, Store


def fill(statement: str, **slots: str) -> str:
    """Fill ``__SLOT__`` placeholders; only names from kg's fixed sets are accepted."""
    allowed = set(NODE_LABELS) | set(RELATIONSHIP_TYPES)
    for slot, value in slots.items():
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of kg's labels or relationship types")
        statement = statement.replace(f"__{slot}__", value)
    return statement


def schema_statements(dialect: str) -> list[str]:
    text = library.statement("write", "schema", dialect).text
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("//"))
    return [s.strip() for s in body.split(";") if s.strip()]


def ensure_schema(store: Store) -> None:
    """Create kg's indexes and constraints; statements that already hold are skipped."""
    for statement in schema_statements(store.dialect):
        try:
            store.run(statement, read_only=False)
        except KgError as err:  # FalkorDB has no IF NOT EXISTS: an existing index is not an error
            if "already indexed" not in str(err) and "already exists" not in str(err):
                raise


@dataclass
class WriteCounts:
    papers: int = 0
    concepts: int = 0
    relationships: int = 0


def write_graph(
    store: Store,
    graph: nx.MultiDiGraph,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
    recount: bool = True,
) -> WriteCounts:
    """Merge ``graph`` into ``store``: papers, then concepts, then links, then recounts.

    A node without a type is one an earlier write stored (a chunk's link to a paper or
    concept of another chunk): only the links to it are written. A build in chunks passes
    ``recount=False`` and calls :func:`recount` once at the end.
    """
    ensure_schema(store)
    counts = WriteCounts()

    def write_statement(name: str):
        return library.statement("write", name, store.dialect).text

    papers = [{"id": data["id"], "props": {k: data.get(k) for k in PAPER_PROPERTIES}
               | ({ENTITIES: data[ENTITIES]} if ENTITIES in data else {})}
              for _, data in graph.nodes(data=True) if data.get("type") == PAPER and not data.get("stub")]
    store.run_batched(write_statement("papers"), papers, batch_size, progress)
    stubs = [{"id": data["id"], "props": {k: data.get(k) for k in STUB_PROPERTIES}}
             for _, data in graph.nodes(data=True) if data.get("type") == PAPER and data.get("stub")]
    store.run_batched(write_statement("stub_papers"), stubs, batch_size, progress)
    arrivals = [{"stub": ident, "id": row["id"]} for row in papers for ident in _stub_ids(row["props"])]
    store.run_batched(write_statement("fill_stubs"), arrivals, batch_size)
    counts.papers = len(papers) + len(stubs)

    for type_ in CONCEPT_TYPES:
        rows = [{"id": data["id"], "name": data["name"], "key": data["key"], "aliases": data["aliases"]}
                for _, data in graph.nodes(data=True) if data.get("type") == type_]
        store.run_batched(fill(write_statement("concepts"), LABEL=type_), rows, batch_size, progress)
        counts.concepts += len(rows)

    for rel_type in PAPER_CONCEPT_TYPES:
        rows = [{"paper": _paper_id(u), "concept": v, "props": _props(data)}
                for u, v, k, data in graph.edges(keys=True, data=True) if k == rel_type]
        store.run_batched(fill(write_statement("paper_links"), TYPE=rel_type), rows, batch_size, progress)
        counts.relationships += len(rows)
    for rel_type in PAPER_PAPER_TYPES:
        rows = [{"source": _paper_id(u), "target": _paper_id(v), "props": _props(data)}
                for u, v, k, data in graph.edges(keys=True, data=True) if k == rel_type]
        store.run_batched(fill(write_statement("paper_paper_links"), TYPE=rel_type), rows, batch_size, progress)
        counts.relationships += len(rows)

    if recount:
        recount_concepts(store, [data["id"] for _, data in graph.nodes(data=True) if data["type"] != PAPER],
                         batch_size, progress)
    return counts


def recount_concepts(store: Store, concept_ids: list[str], batch_size: int = BATCH_SIZE,
                     progress: Callable[[int], None] | None = None) -> None:
    """Recount, from what the store holds, the papers of each concept and its co-occurrences.

    A touched concept's co-occurrence edges are deleted and counted again, so a pair that
    no longer shares a paper (its links moved to another concept) keeps no edge.
    """
    touched = [{"id": cid} for cid in concept_ids]
    store.run_batched(library.statement("write", "clear_co_occurs", store.dialect).text, touched, batch_size)
    store.run_batched(library.statement("write", "concept_counts", store.dialect).text, touched, batch_size, progress)
    store.run_batched(library.statement("write", "co_occurs", store.dialect).text, touched, max(1, batch_size // 10),
                      progress)


def unlink_concepts(store: Store, rows: list[dict], batch_size: int = BATCH_SIZE) -> None:
    """Remove each paper's links to concepts it no longer has: ``rows`` of paper and keep ("TYPE|concept id")."""
    store.run_batched(library.statement("write", "unlink_concepts", store.dialect).text, rows, batch_size)


def unlink_papers(store: Store, rows: list[dict], batch_size: int = BATCH_SIZE) -> None:
    """Remove each paper's BUILDS_ON and CITES_TEXT links it no longer has: ``rows`` of paper and keep
    ("TYPE|paper id"); CITES stays."""
    store.run_batched(library.statement("write", "unlink_papers", store.dialect).text, rows, batch_size)


def delete_concepts(store: Store, concept_ids: list[str], batch_size: int = BATCH_SIZE) -> None:
    """Delete concepts that no stored paper resolves to any more, with their links."""
    store.run_batched(library.statement("write", "delete_concepts", store.dialect).text,
                      [{"id": cid} for cid in concept_ids], batch_size)


def _stub_ids(paper: dict) -> list[str]:
    """The ids a stub for this paper may have been written under, by a work that cites it."""
    return [i for i in (paper["external_id"], paper["doi"] and "doi:" + paper["doi"],
                        paper["arxiv_id"] and "arxiv:" + paper["arxiv_id"]) if i]


def _paper_id(node: str) -> str:
    return node.removeprefix("paper:")  # inverse of kg.graph.in_memory.paper_node: a chunk may link a paper it lacks


def _props(data: dict) -> dict:
    return {k: v for k, v in data.items() if v is not None}
