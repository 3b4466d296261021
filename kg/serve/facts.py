"""What each page of ``kg serve`` shows, as plain dicts, read through the graph's explore API.

The pages read one set of field names; the graph's read-only methods (``search``,
``concept_page``, ``paper_page``, ``expand``, and :func:`kg.explore.place.place`) answer
in theirs. This module is the one place the two meet, so a change in the API's dicts is
mended here and the templates stay as they are. It adds only what a page needs and the
API leaves to its callers: a not-found that is a 404, the methods x datasets rows as a
table, one link per pair of nodes in the graph view, concepts grouped by relation. (A concept's
papers in the graph view come from the read query ``concept_papers``, since ``expand`` lists
a hub's co-occurring concepts before any of its papers.)
"""

from __future__ import annotations

from ..cypher import library
from ..errors import QueryError
from ..schema import CONCEPT_TYPES

TABLE_SIDE = 6  # methods x datasets: the most shared rows and columns
CO_OCCURRING_SHOWN = 25
EXPAND_READ = 120  # neighbours read for a click: concepts come first, so papers need room behind them
EXPAND_CONCEPTS = 15  # and shown, of each kind; more would bury the labels at the default zoom
EXPAND_PAPERS = 15
RELATION_ORDER = ("PROPOSES", "EVALUATED_ON", "USES", "OPTIMISES", "MENTIONS")  # strongest first, as the API ranks
PAPER_LINKS = ("BUILDS_ON", "CITES_TEXT", "CITES")


class NotFound(QueryError):
    """No concept or paper by that id: the page is a 404."""


def _found(read, *args, **kwargs):
    """The API's answer, its "no concept/paper with ..." refusal made a NotFound (the only input is the id)."""
    try:
        return read(*args, **kwargs)
    except QueryError as err:
        if str(err).startswith("no "):
            raise NotFound(str(err).split(";")[0]) from None
        raise


TOP_SHOWN = 12  # concepts of each type on the start page


def start(graph) -> dict:
    """The start page: how many papers and concepts, and the concepts of each type most written about.

    One query per type, its label spliced from the schema's allow-list, so each reads only its own label.
    """
    counts = graph.cypher("MATCH (p:Paper) WHERE NOT coalesce(p.stub, false) RETURN count(p) AS papers")
    concepts = graph.cypher("MATCH (c:Concept) RETURN count(c) AS concepts")
    top = {kind: graph.cypher(f"MATCH (c:{kind}) RETURN c.id AS id, c.name AS name, c.papers AS papers "
                              "ORDER BY papers DESC, name LIMIT $limit", limit=TOP_SHOWN)
           for kind in CONCEPT_TYPES}
    return {"papers": counts[0]["papers"] if counts else 0, "concepts": concepts[0]["concepts"] if concepts else 0,
            "top": top}


def search(graph, text: str, limit: int = 30) -> dict:
    """``{"hits": [...], "note": str}``: concepts and papers matching ``text``, best first.

    A hit is ``{"kind", "id", "name", "type", "snippet", "score"}``; ``note`` says when the
    store had no full-text index and was scanned instead. Text with no word in it finds nothing.
    """
    try:
        hits = graph.search(text, limit=limit)
    except QueryError:
        if any(ch.isalnum() for ch in text):
            raise
        return {"hits": [], "note": ""}
    return {"hits": [{"kind": h["kind"], "id": h["id"], "name": h.get("label") or h["id"], "type": h.get("type"),
                      "snippet": h.get("snippet") or "", "score": h.get("score")} for h in hits],
            "note": getattr(hits, "note", "")}


def concept(graph, concept_id: str) -> dict:
    """A concept's page: name, type, aliases, papers (year, relation, evidence), co-occurring concepts by
    association strength, and the methods x datasets table around it. Raises NotFound."""
    found = _found(graph.concept_page, concept_id)
    return {"id": found["id"], "name": found["name"], "type": found["type"],
            "aliases": [a for a in found.get("aliases") or [] if a != found["name"]],
            "papers": found.get("papers_total"),
            "paper_rows": [{"id": p["id"], "title": p.get("title") or p["id"], "year": p.get("year"),
                            "relation": p.get("relation") or "MENTIONS", "evidence": p.get("evidence")}
                           for p in found.get("papers", [])],
            "co_occurring": [{"id": c["id"], "name": c["name"], "type": c.get("type"), "shared": c.get("papers"),
                              "strength": c.get("strength")} for c in found.get("co_occurring", [])][:CO_OCCURRING_SHOWN],
            "table": pivot(found.get("methods_datasets") or [])}


def pivot(rows: list[dict]) -> dict:
    """Rows of (method, dataset, papers) as a table: the most shared methods down, datasets across."""
    methods: dict[str, int] = {}
    datasets: dict[str, int] = {}
    names: dict[str, str] = {}
    cells: dict[str, dict[str, int]] = {}
    for r in rows:
        m, d = r["method_id"], r["dataset_id"]
        names[m], names[d] = r["method"], r["dataset"]
        methods[m] = methods.get(m, 0) + r["papers"]
        datasets[d] = datasets.get(d, 0) + r["papers"]
        cells.setdefault(m, {})[d] = r["papers"]

    def top(counts):
        return sorted(counts, key=lambda k: (-counts[k], names[k].lower(), k))[:TABLE_SIDE]

    columns = [{"id": d, "name": names[d]} for d in top(datasets)]
    return {"columns": columns,
            "rows": [{"id": m, "name": names[m], "cells": [cells[m].get(c["id"], 0) for c in columns]}
                     for m in top(methods)]}


def paper(graph, paper_id: str) -> dict:
    """A paper's page: abstract, concepts by relation, links in and out with evidence, similar papers
    with why (shared concepts, cosine). Raises NotFound."""
    found = _found(graph.paper_page, paper_id)
    page = {k: found.get(k) for k in ("id", "title", "year", "date", "abstract", "authors", "doi", "arxiv_id",
                                      "stub", "source")}
    groups = found.get("concepts") or {}
    page["by_relation"] = [{"relation": r, "concepts": groups[r]} for r in RELATION_ORDER if groups.get(r)] + \
        [{"relation": r, "concepts": cs} for r, cs in groups.items() if r not in RELATION_ORDER and cs]
    page["links"] = [{"direction": link.get("direction") or direction, "type": link.get("type"), "id": link["id"],
                      "title": link.get("title"), "year": link.get("year"), "via": link.get("via") or [],
                      "evidence": link.get("evidence")}
                     for direction in ("out", "in") for link in found.get(f"links_{direction}", [])]
    page["similar"] = [_similar(s) for s in found.get("similar", [])]
    return page


def _similar(row: dict) -> dict:
    return {"id": row["id"], "title": row.get("title") or row["id"], "year": row.get("year"),
            "score": row.get("score"), "cosine": row.get("cosine"), "shared": list(row.get("shared") or [])}


def expand(graph, node_id: str) -> dict:
    """A node and its nearest neighbours for the graph view: ``nodes`` (id, name, type, papers) and
    ``edges`` (source, target, type), one per pair of nodes: the strongest relation. Raises NotFound."""
    found = _found(graph.expand, node_id, limit=EXPAND_READ)
    centre, *neighbours = found["nodes"]
    edges = list(found["edges"])
    papers = [n for n in neighbours if n.get("type") == "Paper"][:EXPAND_PAPERS]
    if centre.get("type") != "Paper":  # a concept's neighbours list concepts first: its papers, most recent, here
        rows = library.run(graph.store, "read", "concept_papers", id=centre["id"], limit=EXPAND_PAPERS)
        papers = [{"id": r["id"], "label": r["title"], "type": "Paper", "papers": None} for r in rows]
        edges += [{"source": r["id"], "target": centre["id"], "type": r["relation"], "evidence": r["evidence"]}
                  for r in rows]
    concepts = [n for n in neighbours if n.get("type") != "Paper"][:EXPAND_CONCEPTS]
    nodes = [{"id": n["id"], "name": n.get("label") or n["id"], "type": n.get("type") or "Paper",
              "papers": n.get("papers")} for n in (centre, *concepts, *papers)]
    shown = {n["id"] for n in nodes}
    strongest: dict[tuple, dict] = {}
    for e in edges:
        if e["source"] not in shown or e["target"] not in shown:
            continue
        pair = tuple(sorted((e["source"], e["target"])))
        kept = strongest.get(pair)
        if kept is None or _strength(e["type"]) < _strength(kept["type"]):
            strongest[pair] = {"source": e["source"], "target": e["target"], "type": e["type"],
                               "evidence": e.get("evidence")}
    return {"nodes": nodes, "edges": list(strongest.values())}


def _strength(relation: str) -> int:
    order = (*PAPER_LINKS, *RELATION_ORDER, "CO_OCCURS")
    return order.index(relation) if relation in order else len(order)


def mentions_of(extractor, text: str) -> list:
    """The mentions the shipped model finds in a pasted abstract: the store is not read, so this runs
    outside the app's read lock and pages keep answering while an abstract is extracted."""
    from ..explore.place import PLACE_ID
    from ..records import Paper

    return list(next(iter(extractor.run([Paper(PLACE_ID, "", text.strip(), "<place>", 1)]))).mentions)


def place(graph, text: str, mentions: list, limit: int = 10) -> dict:
    """Where a pasted abstract fits, nothing written: ``nearest`` papers (shared concepts, cosine), ``shared``
    concepts the corpus knows (rarest first) and ``new`` ones it has never seen. ``mentions``: what
    :func:`mentions_of` found in ``text``."""
    from ..explore.place import PLACE_ID, place_graph
    from ..explore.place import place as place_abstract

    found = place_abstract(graph.store, text, limit=limit, mentions=mentions)
    drawn = place_graph(found, text)
    stored = {c["id"] for c in found.get("concepts", [])} | {p["id"] for p in found.get("nearest", [])}
    return {"nearest": [_similar(r) for r in found.get("nearest", [])],
            "shared": [{"id": c["id"], "name": c["name"], "type": c.get("type"), "papers": c.get("papers"),
                        "as": c.get("as")} for c in found.get("concepts", [])],
            "new": [{"name": c["name"], "type": c.get("type")} for c in found.get("new_concepts", [])],
            "centre": PLACE_ID,
            # the abstract among its concepts (new ones too) and nearest papers; only stored nodes expand on click
            "graph": {"nodes": [{"id": n["id"], "name": n.get("label") or n["id"], "type": n.get("type") or "Paper",
                                 "papers": n.get("papers"), "year": n.get("year"), "stored": n["id"] in stored}
                                for n in drawn["nodes"]],
                      "edges": [{"source": e["source"], "target": e["target"], "type": e["type"]}
                                for e in drawn["edges"]]}}
