"""The whole stored graph for other tools: GraphML and GEXF (Gephi), node-link JSON.

GraphML and GEXF hold scalar attributes only, so list properties (aliases) are
joined with "; " there; node-link JSON keeps them as lists. Control characters are
removed from every export (they make XML invalid and reach terminals as escapes).
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from . import library
from .errors import KgError
from .models import CONTROL_CHARACTERS
from .store.base import Store

FORMATS = ("graphml", "gexf", "json")


def stored_graph(store: Store) -> nx.MultiDiGraph:
    """Every node and relationship in ``store`` as a networkx multigraph keyed by relationship type."""
    graph = nx.MultiDiGraph()
    for row in library.run(store, "read", "all_nodes"):
        graph.add_node(row["id"], label=row["label"], **{k: v for k, v in row["props"].items() if v is not None})
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


def _scalar_attrs(data: dict) -> dict:
    return {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in _clean(data).items()}


def _for_xml(graph: nx.MultiDiGraph, gexf: bool) -> nx.MultiDiGraph:
    """A copy other tools read: ids that are XML tokens, unique edge ids, scalar text attributes.

    Node ids become n0, n1, ... with kg's own id kept as ``kg_id``; the relationship type is
    the edge attribute ``relation`` (GEXF reserves ``type`` for directedness). In GEXF a
    node's label is its name or title, with kg's label as ``kind``.
    """
    ids = {node: f"n{i}" for i, node in enumerate(graph.nodes)}
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        attrs = _scalar_attrs(data)
        attrs.pop("id", None)  # the element's own id is n<i>; kg's is kg_id
        attrs["kg_id"] = _clean(node)
        if gexf:
            attrs["kind"] = attrs.pop("label", "")
            attrs["label"] = attrs.get("name") or attrs.get("title") or attrs["kg_id"]
        flat.add_node(ids[node], **attrs)
    for i, (source, target, data) in enumerate(graph.edges(data=True)):
        attrs = _scalar_attrs(data)
        attrs["relation"] = attrs.pop("type")
        flat.add_edge(ids[source], ids[target], key=f"e{i}", **attrs)  # the key is the edge's id
    return flat


def export_graph(store: Store, path: str | Path, fmt: str | None = None) -> Path:
    """Write the stored graph to ``path``; the format comes from ``fmt`` or the file's extension."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise KgError(f"cannot export to {path}: format must be one of {', '.join(FORMATS)}")
    graph = stored_graph(store)
    try:
        if fmt == "graphml":
            nx.write_graphml(_for_xml(graph, gexf=False), path)
        elif fmt == "gexf":
            nx.write_gexf(_for_xml(graph, gexf=True), path)
        else:
            data = _clean(nx.node_link_data(graph, edges="edges"))  # the key networkx's reader expects
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    except OSError as err:
        raise KgError(f"cannot write {path}: {err.strerror}") from None
    return path
