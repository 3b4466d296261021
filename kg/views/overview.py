"""The corpus at a glance: top concepts linked by how much more often they meet than chance.

Raw co-occurrence counts favour the biggest concepts; association strength
(VOSviewer's normalisation) divides a pair's shared papers by what their sizes
alone would give, so links show affinity rather than popularity. Communities come
from networkx's Louvain method on those strengths.
"""

from __future__ import annotations

import networkx as nx

from ..cypher import library
from ..store.base import Store


def association_strength(shared: int, papers_a: int, papers_b: int, total_papers: int) -> float:
    """Observed shared papers over those expected if the two concepts were independent."""
    return shared * total_papers / max(papers_a * papers_b, 1)


def overview_graph(store: Store, top: int | None = 150, min_shared: int = 2, links_per_node: int = 6) -> nx.Graph:
    """Top ``top`` concepts; each keeps its ``links_per_node`` strongest links of ``min_shared``+ papers.

    ``top=None`` suits the corpus: a third of the papers, between 30 and 150, so a small
    corpus is not all hubs. Concepts left with no link are dropped; ``graph.graph["left_out"]``
    says how many, and ``graph.graph["top"]`` how many were asked for.
    """
    total = next((r["count"] for r in library.run(store, "queries", "stats") if r["name"] == "Paper"), 0)
    top = min(150, max(30, total // 3)) if top is None else top
    total = total or 1
    concepts = library.run(store, "queries", "top_concepts_any", limit=top)
    graph = nx.Graph()
    for c in concepts:
        graph.add_node(c["id"], type=c["type"], name=c["name"], papers=c["papers"] or 1, aliases=c["aliases"] or [])
    links = [r for r in library.run(store, "queries", "concept_links", ids=[c["id"] for c in concepts])
             if r["papers"] >= min_shared]
    for r in links:
        r["strength"] = association_strength(r["papers"], r["source_papers"], r["target_papers"], total)
    best: dict[str, list[dict]] = {}
    for r in sorted(links, key=lambda r: -r["strength"]):
        for end in (r["source"], r["target"]):
            best.setdefault(end, []).append(r)
    for r in links:
        if r in best[r["source"]][:links_per_node] or r in best[r["target"]][:links_per_node]:
            graph.add_edge(r["source"], r["target"], weight=r["strength"], papers=r["papers"])
    isolated = [n for n in graph if graph.degree(n) == 0]
    graph.remove_nodes_from(isolated)
    graph.graph["left_out"], graph.graph["top"] = len(isolated), top
    communities = nx.community.louvain_communities(graph, weight="weight", seed=7) if graph.number_of_edges() else [
        set(graph.nodes)]
    for index, members in enumerate(sorted(communities, key=len, reverse=True)):
        for node in members:
            graph.nodes[node]["community"] = index
    return graph
