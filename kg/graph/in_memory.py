"""The knowledge graph in memory: a networkx multigraph of papers and concepts.

Node ids are ``paper:<id>`` and ``<type>:<key>``; every node has a ``type``, its
label in the store (Paper, or a concept type: Method, Dataset, Loss, Task), the key the
views' graphs and every export use too. Edges are keyed by relationship type, so a
paper can both MENTION and PROPOSE a concept.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping

import networkx as nx

from ..records import Mention, Paper
from ..schema import PAPER, PAPER_PROPERTIES, STUB_PROPERTIES
from .links import PaperLink, Stub, builds_on, citations, title_mentions
from .resolve import Concept, ResolvedCorpus


ENTITIES = "entities"  # a Paper's property: what extraction found in it, so later builds can re-resolve it


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
    add_papers(graph, resolved.papers, resolved.mentions)
    cites, stubs = citations(resolved.papers, identities or {})
    add_stubs(graph, stubs)
    add_paper_links(graph, builds_on(resolved) + title_mentions(resolved.papers) + cites)
    add_concepts(graph, resolved.concepts.values())
    for paper_id, cid, m in resolved.links:
        add_mention(graph, paper_id, cid, m)
    return graph


def add_papers(graph: nx.MultiDiGraph, papers: Iterable[Paper],
               mentions: Mapping[str, Iterable[Mention]] | None = None) -> None:
    """Paper nodes; with ``mentions`` (paper id -> what extraction found), each keeps its own as ``entities``."""
    for p in papers:
        props = {k: getattr(p, k) for k in PAPER_PROPERTIES} | {"source": f"{p.source}:{p.line}"}
        if mentions is not None and p.id in mentions:
            props[ENTITIES] = entities_text(mentions[p.id])
        graph.add_node(paper_node(p.id), type=PAPER, id=p.id, stub=False, **props)


def entities_text(mentions: Iterable[Mention]) -> str:
    """A paper's mentions as the JSON text a store keeps; :func:`mentions_of` reads it back exactly."""
    return json.dumps([[m.name, m.type, list(m.aliases), m.proposed, m.confidence, m.evidence, m.relation]
                       for m in mentions], ensure_ascii=False)


def mentions_of(text: str) -> tuple[Mention, ...]:
    """The mentions :func:`entities_text` stored."""
    return tuple(Mention(name, type_, tuple(aliases), proposed, confidence, evidence, relation)
                 for name, type_, aliases, proposed, confidence, evidence, relation in json.loads(text))


def add_stubs(graph: nx.MultiDiGraph, stubs: Iterable[Stub]) -> None:
    for stub in stubs:
        graph.add_node(paper_node(stub.id), type=PAPER, id=stub.id, stub=True,
                       **{k: getattr(stub, k) for k in STUB_PROPERTIES})


def add_paper_links(graph: nx.MultiDiGraph, links: Iterable[PaperLink]) -> None:
    for link in links:
        graph.add_edge(paper_node(link.source), paper_node(link.target), key=link.type, evidence=link.evidence,
                       via=list(link.via) if link.via else None)


def add_concepts(graph: nx.MultiDiGraph, concepts: Iterable[Concept]) -> None:
    for c in concepts:
        graph.add_node(c.id, type=c.type, id=c.id, name=c.name, key=c.key, aliases=sorted(c.aliases))


def add_mention(graph: nx.MultiDiGraph, paper_id: str, concept_id: str, m: Mention) -> None:
    """The paper's MENTIONS edge to the concept, with PROPOSES and the typed relation the text supports."""
    source = paper_node(paper_id)
    graph.add_edge(source, concept_id, key="MENTIONS", evidence=m.evidence, confidence=round(m.confidence, 3))
    if m.proposed:
        graph.add_edge(source, concept_id, key="PROPOSES", evidence=m.evidence)
    if m.relation != "MENTIONS":
        graph.add_edge(source, concept_id, key=m.relation, evidence=m.evidence)


def graph_counts(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Nodes by type and edges by relationship type."""
    counts = Counter(data["type"] for _, data in graph.nodes(data=True))
    counts.update(k for _, _, k in graph.edges(keys=True))
    return dict(counts)
