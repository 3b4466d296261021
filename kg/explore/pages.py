"""What a concept's page, a paper's page and a click-to-expand graph show, as plain data.

Each function reads only the node asked for and its immediate surroundings, through indexed
look-ups by id (a name or title costs one scan to find the id), so a page costs what its
node's links cost, not what the store holds. Everything returned is JSON-serialisable.
"""

from __future__ import annotations

from ..cypher import library
from ..errors import QueryError
from ..store.base import Store
from .similar import similar

PAPERS_SHOWN = 200  # papers listed on a concept's page; ``papers_total`` says how many there are


def concept_page(store: Store, concept: str, papers: int = PAPERS_SHOWN) -> dict:
    """A concept (id, name or alias, any case): ``{"id", "name", "type", "aliases", "papers_total", "papers":
    [{"id", "title", "year", "relation", "evidence"}], "co_occurring": [{"id", "name", "type", "papers",
    "strength"}], "methods_datasets": [{"method_id", "method", "dataset_id", "dataset", "papers",
    "evaluated_on", "example_ids"}]}``.

    ``papers`` lists those proposing it first, then the newest; ``co_occurring`` is ranked by association
    strength (shared papers over what the two concepts' sizes alone would give), pairs sharing one paper
    last; ``methods_datasets`` is the methods x datasets table around a Method or a Dataset, else empty.
    """
    cid = library.concept_id(store, concept)
    rows = library.run(store, "read", "concept_card", id=cid)
    if not rows:
        raise QueryError(f"no concept with id, name or alias {concept!r}; search for a word of its name")
    card = rows[0]
    return {"id": card["id"], "name": card["name"], "type": card["type"], "aliases": card["aliases"] or [],
            "papers_total": card["papers"] or 0,
            "papers": library.run(store, "read", "concept_papers", id=cid, limit=papers),
            "co_occurring": library.run(store, "read", "concept_co_occurring", id=cid, corpus=card["corpus"] or 1),
            "methods_datasets": library.run(store, "read", "methods_datasets", id=cid)
            if card["type"] in ("Method", "Dataset") else []}


def paper_page(store: Store, paper: str, similar_papers: int = 10) -> dict:
    """A paper (id or exact title): ``{"id", "title", "year", "date", "abstract", "authors", "doi", "arxiv_id",
    "stub", "concepts": {relation: [{"id", "name", "type", "evidence"}]}, "links_out": [...], "links_in": [...],
    "similar": [...]}``; a link is ``{"id", "title", "year", "type", "evidence", "via", "stub", "direction"}``
    ("out": this paper builds on or cites it; "in": it builds on or cites this one), ``similar`` is
    :func:`kg.explore.similar.similar`'s first ``similar_papers``.
    """
    rows = library.paper_rows(store, "paper_card", paper)
    if not rows:
        raise QueryError(f"no paper with id or title {paper!r}; search for a word of its title")
    card = rows[0]
    concepts: dict[str, list[dict]] = {}
    for r in library.run(store, "read", "paper_concept_links", id=card["id"]):
        concepts.setdefault(r["relation"], []).append({k: r[k] for k in ("id", "name", "type", "evidence")})
    links = library.run(store, "read", "paper_paper_links", id=card["id"])
    return {**{k: card[k] for k in ("id", "title", "year", "date", "abstract", "authors", "doi", "arxiv_id", "stub")},
            "concepts": concepts,
            "links_out": [r for r in links if r["direction"] == "out"],
            "links_in": [r for r in links if r["direction"] == "in"],
            "similar": similar(store, card["id"], similar_papers) if not card["stub"] else []}


def expand(store: Store, node: str, limit: int = 50) -> dict:
    """A node (a paper's or a concept's id) and its immediate neighbours, for a graph that expands on click:
    ``{"nodes": [{"id", "label", "type", "papers"}], "edges": [{"source", "target", "type"}]}``, the node
    first, then at most ``limit`` neighbours (concepts sharing most papers first). A concept's name or
    alias is taken too."""
    rows = library.run(store, "read", "node_card", id=node)
    if not rows:
        rows = library.run(store, "read", "node_card", id=library.concept_id(store, node))
    if not rows:
        raise QueryError(f"no paper or concept with id {node!r}; search for a word of its name or title")
    centre = rows[0]
    nodes = [{k: centre[k] for k in ("id", "label", "type", "papers")}]
    edges = []
    for r in library.run(store, "read", "node_neighbours", id=centre["id"], limit=limit):
        nodes.append({k: r[k] for k in ("id", "label", "type", "papers")})
        edges.extend(sorted(({"source": e["source"], "target": e["target"], "type": e["type"]} for e in r["edges"]),
                            key=lambda e: (e["type"], e["source"], e["target"])))
    return {"nodes": nodes, "edges": edges}
