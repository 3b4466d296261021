"""Where does an abstract fit: its concepts the corpus knows, the ones it does not, and its nearest papers.

The abstract is extracted with the shipped model (:class:`kg.extract.Extractor`) in this process
and compared with the store by reading only: nothing is written, so a store's files are the same
bytes afterwards. A mention is the corpus's concept when its identity key (the key a build would
give it, :func:`kg.graph.resolve.known_key`) names a stored concept of its type, else of another
type, else when one of its spellings is a stored alias. The nearest papers are ranked as
:func:`kg.explore.similar.similar` ranks them, the abstract's unknown concepts counting in its own
tf-idf length; with paper vectors in the store, the abstract's MiniLM vector is compared too.
"""

from __future__ import annotations

from typing import Any

from ..cypher import library
from ..errors import QueryError
from ..graph.resolve import concept_id, known_key
from ..records import Mention, Paper
from ..schema import CONCEPT_TYPES
from ..store.base import Store
from .similar import ranked

PLACE_ID = "kg-place"  # the id the abstract goes by while extracted; never written anywhere


def place(store: Store, text: str, limit: int = 10, title: str = "", extractor=None,
          mentions: list[Mention] | None = None) -> dict:
    """Place the abstract ``text`` among the corpus, writing nothing.

    Returns ``{"concepts": [{"id", "name", "type", "papers", "as"}], "new_concepts": [{"name", "type"}],
    "nearest": [...]}``: ``concepts`` the stored concepts it shares with the corpus, rarest first (they say
    most about where it fits; ``as`` is the name the abstract used), ``new_concepts`` the names the
    corpus has never seen, ``nearest`` papers ranked as :func:`kg.explore.similar.similar` ranks them.
    ``extractor`` defaults to the shipped one; ``mentions`` skips extraction (they are what it found).
    """
    if not (text or "").strip():
        raise QueryError("no abstract to place: the text is empty")
    if mentions is None:
        from ..extract import Extractor

        paper = Paper(PLACE_ID, title, text.strip(), "<place>", 1)
        found = next(iter((extractor or Extractor(workers=1)).run([paper])))
        mentions = list(found.mentions)
    known, new = match_concepts(store, mentions)
    concepts = sorted(known.values(), key=lambda c: (c["papers"] or 0, c["name"].lower()))
    vector = _vector(store, f"{title}. {text}" if title else text)
    nearest = ranked(store, [c["id"] for c in concepts], vector, unseen=len(new), limit=limit)
    return {"concepts": concepts, "new_concepts": new, "nearest": nearest}


def match_concepts(store: Store, mentions: list[Mention]) -> tuple[dict[str, dict], list[dict]]:
    """The stored concepts ``mentions`` resolve to (by id), and the mentions that resolve to none."""
    wanted = {m: [concept_id(m.type, known_key(m.name, m.type))]
              + [concept_id(t, known_key(m.name, t)) for t in CONCEPT_TYPES if t != m.type] for m in mentions}
    stored = {r["id"]: r for r in library.run(store, "read", "concepts_by_id",
                                              ids=sorted({i for ids in wanted.values() for i in ids}))}
    known: dict[str, dict] = {}
    new = []
    for m in mentions:
        hit = next((stored[i] for i in wanted[m] if i in stored), None)
        if hit is None:
            spellings = list(dict.fromkeys([m.name, *m.aliases]))
            aliased = library.run(store, "read", "concepts_by_alias", spellings=spellings, limit=1)
            hit = aliased[0] if aliased else None
        if hit is None:
            new.append({"name": m.name, "type": m.type})
        elif hit["id"] not in known:
            known[hit["id"]] = {"id": hit["id"], "name": hit["name"], "type": hit["type"], "papers": hit["papers"],
                                "as": m.name}
    return known, new


def _vector(store: Store, text: str) -> list[float] | None:
    """The abstract's MiniLM vector when the store holds paper vectors to compare it with, else None
    (the model is not loaded for a store without them)."""
    if not library.run(store, "read", "any_vector"):
        return None
    from ..build.vectors import embed

    return embed([text])[0]


def place_graph(placed: dict, text: str = "", title: str = "") -> dict:
    """The abstract among its nearest papers, for a graph view: ``{"nodes": [{"id", "label", "type", "papers"}],
    "edges": [{"source", "target", "type"}]}``. The abstract (id ``kg-place``) links to each of its concepts, new
    ones too (``papers`` 0), and each nearest paper to the concepts it shares with the abstract."""
    nodes: list[dict[str, Any]] = [{"id": PLACE_ID, "label": title or "Your abstract", "type": "Paper", "papers": None, "abstract": text}]
    edges = []
    by_name = {}
    for c in placed["concepts"]:
        nodes.append({"id": c["id"], "label": c["name"], "type": c["type"], "papers": c["papers"]})
        edges.append({"source": PLACE_ID, "target": c["id"], "type": "MENTIONS"})
        by_name[c["name"]] = c["id"]
    for c in placed["new_concepts"]:
        new_id = f"new:{c['type'].lower()}:{c['name']}"
        nodes.append({"id": new_id, "label": c["name"], "type": c["type"], "papers": 0})
        edges.append({"source": PLACE_ID, "target": new_id, "type": "PROPOSES"})
    for p in placed["nearest"]:
        nodes.append({"id": p["id"], "label": p["title"] or p["id"], "type": "Paper", "papers": None,
                      "year": p["year"]})
        edges += [{"source": p["id"], "target": by_name[name], "type": "MENTIONS"}
                  for name in p["shared"] if name in by_name]
    return {"nodes": nodes, "edges": edges}


def write_place_html(placed: dict, html, text: str = "", title: str = ""):
    """Draw :func:`place_graph` as a self-contained page in the static maps' visual language (kg.views); its path."""
    import networkx as nx

    from ..views.render import write_html

    drawn = place_graph(placed, text, title)
    graph = nx.Graph()
    for n in drawn["nodes"]:
        graph.add_node(n["id"], name=n["label"], title=n["label"], type=n["type"], papers=n["papers"],
                       year=n.get("year"), abstract=n.get("abstract"))
    for e in drawn["edges"]:
        graph.add_edge(e["source"], e["target"], type=e["type"], source=e["source"])
    subtitle = (f"{len(placed['concepts'])} concepts shared with the corpus, {len(placed['new_concepts'])} new, "
                f"{len(placed['nearest'])} nearest papers")
    return write_html(graph, html, f"Where {title or 'the abstract'} fits", subtitle, PLACE_ID)
