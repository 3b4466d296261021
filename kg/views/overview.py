"""The corpus at a glance: top concepts linked by how much more often they meet than chance.

Raw co-occurrence counts favour the biggest concepts; association strength
(VOSviewer's normalisation) divides a pair's shared papers by what their sizes
alone would give, so links show affinity rather than popularity. Communities come
from networkx's Louvain method on those strengths, and are named by their most
specific concepts (:func:`specificity`), not their biggest: "neural networks" touches
every community and names none, though it stays on the map.
"""

from __future__ import annotations

import math
import shlex
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from ..cypher import library
from ..store.base import Store
from .neighbourhood import page_file

PANEL_PAPERS = 30  # papers per concept the page carries for its side panel and CSV (newest first)


@dataclass
class Overview:
    """The overview map's graph and what a caller says about it.

    ``graph`` holds the concepts (type, name, papers, aliases, community, specificity,
    and ``paper_rows``/``more_papers``: their newest papers for the side panel); ``top`` is
    how many concepts were asked for, ``left_out`` how many of them had no link strong
    enough and were dropped, ``communities`` how many Louvain found.
    """

    graph: nx.Graph
    top: int
    left_out: int
    communities: int


def association_strength(shared: int, papers_a: int, papers_b: int, total_papers: int) -> float:
    """Observed shared papers over those expected if the two concepts were independent."""
    return shared * total_papers / max(papers_a * papers_b, 1)


def overview_graph(store: Store, top: int | None = 150, min_shared: int = 2, links_per_node: int = 6) -> nx.Graph:
    """:func:`overview`'s graph alone."""
    return overview(store, top, min_shared, links_per_node).graph


def overview(store: Store, top: int | None = 150, min_shared: int = 2, links_per_node: int = 6,
             panel_papers: int = PANEL_PAPERS) -> Overview:
    """Top ``top`` concepts; each keeps its ``links_per_node`` strongest links of ``min_shared``+ papers.

    ``top=None`` suits the corpus: a third of the papers, between 30 and 150, so a small
    corpus is not all hubs. Concepts left with no link are dropped (:attr:`Overview.left_out`).
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
    communities = nx.community.louvain_communities(graph, weight="weight", seed=7) if graph.number_of_edges() else [
        set(graph.nodes)]
    for index, members in enumerate(sorted(communities, key=lambda c: (-len(c), min(c, default="")))):
        for node in members:
            graph.nodes[node]["community"] = index
    for node, value in specificity(graph, links).items():
        graph.nodes[node]["specificity"] = value
    _add_papers(store, graph, panel_papers)
    where = f" --store-dir {shlex.quote(store.location)}" if store.dialect == "falkordb" else \
        f" --store {shlex.quote(store.location)}"
    for data in graph.nodes.values():  # the neighbourhood page the panel links to, and how to make it
        data["page"] = page_file(data["name"])
        data["command"] = f"kg show {shlex.quote(data['name'])} --html {data['page']}{where}"
    return Overview(graph, top, len(isolated), len(communities))


def specificity(graph: nx.Graph, links: list[dict]) -> dict[str, float]:
    """How much each concept belongs to its own community rather than to the corpus at large.

    tf-idf across communities, with association strength as the term weight: a concept's
    summed association strength with the other members of its community (hubs share papers
    with everything, so their strengths are low), times log(1 + K / k), where K is the
    number of communities and k the number it has links into (its own included). A
    concept linked into every community scores least; one tied only to its own, most.
    """
    community = nx.get_node_attributes(graph, "community")
    count = len(set(community.values())) or 1
    inside: dict[str, float] = defaultdict(float)
    touched: dict[str, set[int]] = {n: {c} for n, c in community.items()}
    for r in links:
        a, b = r["source"], r["target"]
        if a not in community or b not in community:
            continue
        touched[a].add(community[b])
        touched[b].add(community[a])
        if community[a] == community[b]:
            inside[a] += r["strength"]
            inside[b] += r["strength"]
    return {n: round(inside[n] * math.log(1 + count / len(touched[n])), 6) for n in community}


RELATION_RANK = ("PROPOSES", "EVALUATED_ON", "OPTIMISES", "USES")  # the most telling link a paper has, first


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _add_papers(store: Store, graph: nx.Graph, limit: int) -> None:
    """Each concept's newest papers (at most ``limit``) for the page's side panel, and how many more it has."""
    if not graph.number_of_nodes() or limit <= 0:
        return
    for row in library.run(store, "read", "overview_papers", ids=sorted(graph), limit=limit):
        rows = []
        for p in row["papers"]:
            types = set(p.get("types") or ())
            rows.append({"id": p["id"], "title": p.get("title") or p["id"], "year": p.get("year") or "",
                         "relation": next((t for t in RELATION_RANK if t in types), next(iter(sorted(types)),
                                                                                          "MENTIONS")),
                         "evidence": _short(p.get("evidence") or ""), "arxiv_id": p.get("arxiv_id"), "doi": p.get("doi"),
                         "source": p.get("source")})
        graph.nodes[row["id"]]["paper_rows"] = rows
        graph.nodes[row["id"]]["more_papers"] = max(0, (row["total"] or 0) - len(rows))
