"""Read a concept's neighbourhood out of a store as a small networkx graph ready to draw.

A hub can touch hundreds of papers, so the neighbourhood keeps the strongest
neighbours up to a node cap and records how many it left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import networkx as nx

from . import library
from .errors import QueryError
from .store.base import Store


@dataclass
class Neighbourhood:
    graph: nx.Graph
    centre: str
    centre_name: str
    left_out: int


def find_concept_id(store: Store, text: str) -> tuple[str, str]:
    """Id and name of the concept best matching ``text`` (exact name or alias first)."""
    statement = library.load("queries", "find_concept", store.dialect)
    rows = store.run(statement.text, statement.bind({"text": text, "limit": 1}))
    if not rows:
        raise QueryError(f"no concept matches {text!r}; try: kg query find_concept --param text=...")
    return rows[0]["id"], rows[0]["name"]


def neighbourhood(store: Store, text: str, hops: int = 2, max_nodes: int = 60, evidence_per_node: int = 3) -> Neighbourhood:
    """The concept matching ``text`` with papers (1 hop) and their concepts (2 hops)."""
    if hops not in (1, 2, 3):
        raise QueryError("hops must be 1, 2 or 3")
    centre, centre_name = find_concept_id(store, text)
    statement = library.load("queries", "neighbourhood", store.dialect)
    edges = store.run(statement.text, statement.bind({"id": centre, "hops": hops, "limit": 5000}))

    degree: Counter = Counter()
    evidence: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for e in edges:
        degree[e["source"]] += 1
        degree[e["target"]] += 1
    # keep the centre, then the best-connected neighbours
    ranked = [n for n, _ in degree.most_common() if n != centre]
    kept = {centre, *ranked[: max_nodes - 1]}
    left_out = len(ranked) - (len(kept) - 1)

    nodes_q = library.load("queries", "nodes", store.dialect)
    details = {r["id"]: r for r in store.run(nodes_q.text, nodes_q.bind({"ids": sorted(kept)}))}
    graph = nx.Graph()
    for node_id in kept:
        d = details.get(node_id, {"type": "Method", "name": node_id, "papers": 1, "aliases": []})
        graph.add_node(node_id, type=d["type"], name=d["name"], papers=d["papers"] or 1, aliases=d["aliases"] or [])
    for e in edges:
        if e["source"] in kept and e["target"] in kept:
            w = graph.edges[e["source"], e["target"]]["weight"] + 1 if graph.has_edge(e["source"], e["target"]) else 1
            graph.add_edge(e["source"], e["target"], weight=w)
            if e.get("evidence") and len(evidence[e["target"]]) < evidence_per_node:
                evidence[e["target"]].append((graph.nodes[e["source"]]["name"], e["evidence"]))
    for node_id, data in graph.nodes(data=True):
        data["info"] = _info(data, evidence[node_id])
    return Neighbourhood(graph, centre, centre_name, left_out)


def _info(data: dict, evidence: list[tuple[str, str]]) -> list[list[str]]:
    """Tooltip lines: (css class, text) pairs; the page sets them as text, never as HTML."""
    lines = [["", data["type"] + (f" · {data['papers']} papers" if data["type"] != "Paper" else "")]]
    if data.get("aliases"):
        lines.append(["", "Also: " + ", ".join(data["aliases"][:8])])
    for title, sentence in evidence:
        lines.append(["evidence", f"“{sentence}” — {title}"])
    return lines
