"""The knowledge graph in memory: a networkx multigraph of papers and concepts.

Node ids are ``paper:<id>`` and ``<type>:<key>``; every node has a ``label``
(Paper, Method, Dataset, Loss, Task). Edges are keyed by relationship type, so a
paper can both MENTION and PROPOSE a concept.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from .links import builds_on, citations, title_mentions
from .resolve import ResolvedCorpus
from .schema import PAPER, PAPER_PROPERTIES, STUB_PROPERTIES


def paper_node(paper_id: str) -> str:
    return f"paper:{paper_id}"


def build_graph(resolved: ResolvedCorpus, identities: dict[str, str] | None = None) -> nx.MultiDiGraph:
    """Papers, concepts, and the edges between them, with evidence on every mention.

    Papers link to papers too: BUILDS_ON and CITES_TEXT from the text, CITES from the
    references a source lists (``identities`` maps the sources' ids to paper ids); a
    cited work outside the corpus is a stub Paper (``stub=True``).

    Counts (a concept's ``papers``, CO_OCCURS between concepts) are not made here: the
    store recounts them from what it holds, so they stay right when a later build adds papers.
    """
    graph = nx.MultiDiGraph()
    for p in resolved.papers:
        props = {k: getattr(p, k) for k in PAPER_PROPERTIES} | {"source": f"{p.source}:{p.line}"}
        graph.add_node(paper_node(p.id), label=PAPER, id=p.id, stub=False, **props)
    cites, stubs = citations(resolved.papers, identities or {})
    for stub in stubs:
        graph.add_node(paper_node(stub.id), label=PAPER, id=stub.id, stub=True,
                       **{k: getattr(stub, k) for k in STUB_PROPERTIES})
    for link in builds_on(resolved) + title_mentions(resolved.papers) + cites:
        graph.add_edge(paper_node(link.source), paper_node(link.target), key=link.type, evidence=link.evidence,
                       via=list(link.via) if link.via else None)
    for c in resolved.concepts.values():
        graph.add_node(c.id, label=c.type, id=c.id, name=c.name, key=c.key, aliases=sorted(c.aliases))
    for paper_id, cid, m in resolved.links:
        source = paper_node(paper_id)
        graph.add_edge(source, cid, key="MENTIONS", evidence=m.evidence, confidence=round(m.confidence, 3))
        if m.proposed:
            graph.add_edge(source, cid, key="PROPOSES", evidence=m.evidence)
        if m.relation != "MENTIONS":
            graph.add_edge(source, cid, key=m.relation, evidence=m.evidence)
    return graph


def graph_counts(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Nodes by label and edges by type."""
    counts = Counter(data["label"] for _, data in graph.nodes(data=True))
    counts.update(k for _, _, k in graph.edges(keys=True))
    return dict(counts)
