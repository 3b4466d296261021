"""The whole stored graph for other tools: GraphML and GEXF (Gephi), node-link JSON.

All three formats carry the same attribute names, so a script written for one reads the others:

- every node: ``kg_id`` (kg's id), ``label`` (the concept's name or the paper's title: what Gephi,
  yEd and Cytoscape show), ``type`` (Paper, Method, Dataset, Loss or Task), then the stored
  properties under their own names (``name``, ``title``, ``papers``, ``year``, ``aliases``...),
  except a concept's ``key``, exported as ``concept_key`` (GEXF writers take ``key`` for an edge's);
- every relationship: ``relation`` (MENTIONS, USES, BUILDS_ON, CO_OCCURS...; GEXF reserves an
  edge's ``type`` for directed or undirected), then ``evidence``, ``confidence``, ``via``, ``papers``.

Integers stay integers (GraphML ``long``, GEXF ``long``, JSON numbers). GraphML and GEXF hold
scalar attributes only, so list properties (aliases, via) are joined with "; " there; node-link
JSON keeps them as lists. In GraphML and GEXF the elements' ids are n0, n1... and e0, e1...
(XML tokens); kg's own id is ``kg_id`` in all three. Control characters are removed from every
export (they make XML invalid and reach terminals as escapes).
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from ..cypher import library
from ..errors import KgError
from ..records import CONTROL_CHARACTERS
from ..store.base import Store

FORMATS = ("graphml", "gexf", "json")


def stored_graph(store: Store) -> nx.MultiDiGraph:
    """Every node and relationship in ``store`` as a networkx multigraph keyed by relationship type."""
    graph = nx.MultiDiGraph()
    for row in library.run(store, "read", "all_nodes"):
        graph.add_node(row["id"], type=row["label"], **{k: v for k, v in row["props"].items() if v is not None})
    for row in library.run(store, "read", "all_relationships"):
        graph.add_edge(row["source"], row["target"], key=row["type"], type=row["type"],
                       **{k: v for k, v in row["props"].items() if v is not None})
    return graph


def _clean(value):
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


RENAMED = {"key": "concept_key"}  # a node property networkx's GEXF writer would rename to networkx_key


def public_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``graph`` under the attribute names every export shares (see the module's docstring).

    Nodes keep kg's ids; relationships are keyed by their relation, as in the store.
    """
    public = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        attrs = {"kg_id": node, "label": data.get("name") or data.get("title") or node, "type": data["type"]}
        attrs.update({RENAMED.get(k, k): v for k, v in data.items() if k not in ("id", "type")})
        public.add_node(node, **_clean(attrs))
    for source, target, data in graph.edges(data=True):
        attrs = {"relation": data["type"], **{k: v for k, v in data.items() if k != "type"}}
        public.add_edge(source, target, key=data["type"], **_clean(attrs))
    return public


def _scalar_attrs(data: dict) -> dict:
    return {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in data.items()}


def _for_xml(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of a public graph XML readers take: ids n0, n1... and e0, e1..., scalar attributes."""
    ids = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(ids[node], **_scalar_attrs(data))
    for i, (source, target, data) in enumerate(graph.edges(data=True)):
        flat.add_edge(ids[source], ids[target], key=f"e{i}", **_scalar_attrs(data))  # the key is the edge's id
    return flat


class _GexfWriter(GEXFWriter):
    """networkx's GEXF writer, without the ``networkx_key`` attribute it adds to a multigraph's edges.

    The edge's key is already its GEXF id (e0, e1...); the extra attribute only confused Gephi
    users and differed from the other formats.
    """

    def add_attributes(self, node_or_edge, xml_obj, data, default):
        if node_or_edge == "edge":
            data = {k: v for k, v in data.items() if k != "key"}
        return super().add_attributes(node_or_edge, xml_obj, data, default)


def _write_gexf(graph: nx.MultiDiGraph, path: Path) -> None:
    for *_, key, data in graph.edges(keys=True, data=True):
        data["id"] = key  # e0, e1...: the edge's GEXF id, as in GraphML
    writer = _GexfWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(graph)
    with path.open("wb") as out:
        writer.write(out)


def export_graph(store: Store, path: str | Path, fmt: str | None = None) -> Path:
    """Write the stored graph to ``path``; the format comes from ``fmt`` or the file's extension."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise KgError(f"cannot export to {path}: format must be one of {', '.join(FORMATS)}")
    graph = public_graph(stored_graph(store))
    try:
        if fmt == "graphml":
            nx.write_graphml(_for_xml(graph), path)
        elif fmt == "gexf":
            _write_gexf(_for_xml(graph), path)
        else:
            data = nx.node_link_data(graph, edges="edges")  # "edges": the key networkx's reader expects
            for edge in data["edges"]:
                del edge["key"]  # networkx's own multigraph key, the relation again; its reader numbers edges without
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    except OSError as err:
        raise KgError(f"cannot write {path}: {err.strerror}") from None
    return path
