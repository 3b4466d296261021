"""Read the neighbourhood of a concept or paper out of a store as a small graph ready to draw.

A hub can touch thousands of papers, so the neighbourhood keeps the strongest
neighbours up to a node cap and records how many it left out. Around a concept the
store picks them (the concepts sharing most papers with it, then its papers that
mention most of those), so the cost follows the cap, not the hub's size.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict, deque
from dataclasses import dataclass

import networkx as nx

from ..cypher import library
from ..errors import QueryError
from ..store.base import Store


def page_file(concept: str) -> str:
    """The file a neighbourhood page is written to by default: ``show-<concept>.html``, its words joined by dashes.

    ``kg show`` writes it, and the overview's side panel links to it under this name.
    """
    return f"show-{re.sub(r'[^a-z0-9]+', '-', concept.lower()).strip('-')[:60] or 'map'}.html"


@dataclass
class Neighbourhood:
    graph: nx.Graph
    centre: str
    centre_name: str
    left_out: int
    partial: bool = False  # the text named no concept or paper exactly; the best partial match was taken


def find_centre(store: Store, text: str) -> tuple[str, str, str, bool]:
    """(id, name, kind, partial) of what ``text`` names: an exact concept, an exact paper, then partial
    matches (``partial`` is then True, so callers can say which one was taken)."""
    lowered = text.lower()
    concepts = library.run(store, "queries", "find_concept", text=text, limit=1)
    if concepts and (concepts[0]["name"].lower() == lowered or concepts[0]["id"] == text
                     or any(a.lower() == lowered for a in concepts[0]["aliases"] or [])):
        return concepts[0]["id"], concepts[0]["name"], "concept", False  # no need to search the titles
    papers = library.run(store, "queries", "find_paper", text=text, limit=1)
    if papers and (papers[0]["title"].lower() == lowered or papers[0]["id"] == text):
        return papers[0]["id"], papers[0]["title"], "paper", False
    if concepts:
        return concepts[0]["id"], concepts[0]["name"], "concept", True
    if papers:
        return papers[0]["id"], papers[0]["title"], "paper", True
    close = similar_names(store, text)
    hint = f"did you mean {' or '.join(repr(n) for n in close)}?" if close else \
        "kg query top_concepts lists the biggest ones"
    raise QueryError(f"no concept or paper matches {text!r}; {hint}")


def similar_names(store: Store, text: str, n: int = 3) -> list[str]:
    """Concept names (or aliases) spelled close to ``text``: a typo's likely meaning."""
    import difflib

    names: dict[str, str] = {}
    for row in library.run(store, "queries", "concept_names"):
        for name in [row["name"], *(row["aliases"] or [])]:
            names.setdefault(name.lower(), name)
    return [names[m] for m in difflib.get_close_matches(text.lower(), list(names), n=n, cutoff=0.75)]


def _distances(centre: str, edges: list[dict]) -> dict[str, int]:
    adjacent = defaultdict(set)
    for e in edges:
        adjacent[e["source"]].add(e["target"])
        adjacent[e["target"]].add(e["source"])
    seen, queue = {centre: 0}, deque([centre])
    while queue:
        node = queue.popleft()
        for nxt in adjacent[node]:
            if nxt not in seen:
                seen[nxt] = seen[node] + 1
                queue.append(nxt)
    return seen


# Around a concept at two hops, the share of the node cap that goes to concepts; the rest are papers.
CONCEPT_SHARE = 0.6
# Elsewhere, the most paths read from the centre before ranking; bounds the cost around a hub.
PATH_LIMIT = 5000


def neighbourhood(store: Store, text: str, hops: int = 2, max_nodes: int = 60,
                  evidence_per_node: int = 3) -> Neighbourhood:
    """The concept or paper ``text`` names, with what lies within ``hops`` MENTIONS links of it."""
    if hops not in (1, 2, 3):
        raise QueryError("hops must be 1, 2 or 3")
    centre, centre_name, kind, partial = find_centre(store, text)
    if kind == "concept" and hops <= 2:
        kept, edges, left_out = _strongest_around_concept(store, centre, hops, max_nodes)
    else:
        kept, edges, left_out = _nearest_by_paths(store, centre, kind, hops, max_nodes)
    hood = _drawable(store, centre, centre_name, kept, edges, left_out, evidence_per_node)
    hood.partial = partial
    return hood


def _strongest_around_concept(store: Store, centre: str, hops: int, max_nodes: int):
    """The concepts sharing most papers with ``centre`` and the papers that tie most of them to it."""
    concepts: list[str] = []
    total_concepts = 0
    if hops == 2:
        (row,) = library.run(store, "queries", "concept_neighbours", id=centre,
                             limit=int((max_nodes - 1) * CONCEPT_SHARE))
        concepts, total_concepts = [n["id"] for n in row["top"]], row["total"]
    papers = library.run(store, "queries", "bridging_papers", id=centre, ids=concepts,
                         limit=max_nodes - 1 - len(concepts))
    edges = library.run(store, "queries", "mentions_between", papers=[p["id"] for p in papers],
                        concepts=[centre, *concepts])
    linked = {e["target"] for e in edges}
    kept = {centre, *(p["id"] for p in papers), *(c for c in concepts if c in linked)}
    (centre_row,) = library.run(store, "queries", "nodes", ids=[centre])
    return kept, edges, (centre_row["papers"] or 0) + total_concepts - (len(kept) - 1)


def _nearest_by_paths(store: Store, centre: str, kind: str, hops: int, max_nodes: int):
    """The nearest, best-connected nodes among the paths read from ``centre``."""
    query = "neighbourhood" if kind == "concept" else "paper_neighbourhood"
    edges = library.run(store, "queries", query, id=centre, hops=hops, limit=PATH_LIMIT)
    degree: Counter = Counter()
    for e in edges:
        degree[e["source"]] += 1
        degree[e["target"]] += 1
    distance = _distances(centre, edges)
    ranked = sorted((n for n in distance if n != centre), key=lambda n: (distance[n], -degree[n], n))
    kept = {centre, *ranked[: max_nodes - 1]}
    return kept, edges, len(ranked) - (len(kept) - 1)


# Which relation an edge between a paper and a concept shows, when the paper has several: the most telling.
RELATION_RANK = {"PROPOSES": 0, "EVALUATED_ON": 1, "OPTIMISES": 2, "USES": 3, "MENTIONS": 4}
PAPER_FIELDS = ("year", "authors", "abstract", "doi", "arxiv_id", "source")


def _drawable(store: Store, centre: str, centre_name: str, kept: set[str], edges: list[dict], left_out: int,
              evidence_per_node: int) -> Neighbourhood:
    """The kept nodes with their details and every link among them; built in id order, so the same store
    gives the same graph (and page) every time."""
    ids = sorted(kept)
    details = {r["id"]: r for r in library.run(store, "queries", "nodes", ids=ids)}
    graph = nx.Graph()
    for node_id in ids:
        d = details.get(node_id) or {"type": "Method", "name": node_id, "papers": 1, "aliases": []}
        extra = {k: d.get(k) for k in PAPER_FIELDS} if d["type"] == "Paper" else {}
        graph.add_node(node_id, type=d["type"], name=d["name"], papers=d["papers"] or 1, aliases=d["aliases"] or [],
                       **extra)
    evidence: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for e in sorted(edges, key=lambda e: (e["source"], e["target"], e["type"])):
        if e["source"] in kept and e["target"] in kept and e["type"] == "MENTIONS":
            graph.add_edge(e["source"], e["target"], weight=e.get("confidence") or 0.5, type="MENTIONS",
                           source=e["source"], evidence=e.get("evidence"))
            if e.get("evidence") and len(evidence[e["target"]]) < evidence_per_node:
                evidence[e["target"]].append((graph.nodes[e["source"]]["name"], e["evidence"]))
    for link in library.run(store, "queries", "links_between", ids=ids):
        a, b = link["source"], link["target"]
        old = graph.edges[a, b] if graph.has_edge(a, b) else {}
        if RELATION_RANK.get(link["type"], 9) > RELATION_RANK.get(old.get("type") or "", 9):
            continue  # a paper that PROPOSES a concept also MENTIONS it: show the more telling one
        graph.add_edge(a, b, weight=old.get("weight", 0.5), type=link["type"], source=a, via=link.get("via") or [],
                       evidence=link.get("evidence") or old.get("evidence"))
    for node_id, data in graph.nodes(data=True):
        data["evidence"] = evidence[node_id]
    return Neighbourhood(graph, centre, centre_name, left_out)
