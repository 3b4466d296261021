"""The whole stored graph for other tools: GraphML and GEXF (Gephi), node-link JSON.

GraphML and GEXF hold scalar attributes only, so list properties (aliases) are
joined with "; " there; node-link JSON keeps them as lists.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from . import library
from .errors import KgError
from .store.base import Store

FORMATS = ("graphml", "gexf", "json")


def stored_graph(store: Store) -> nx.MultiDiGraph:
    """Every node and relationship in ``store`` as a networkx multigraph keyed by relationship type."""
    graph = nx.MultiDiGraph()
    for row in store.run(library.load("read", "all_nodes", store.dialect).text):
        graph.add_node(row["id"], label=row["label"], **{k: v for k, v in row["props"].items() if v is not None})
    for row in store.run(library.load("read", "all_relationships", store.dialect).text):
        graph.add_edge(row["source"], row["target"], key=row["type"], type=row["type"],
                       **{k: v for k, v in row["props"].items() if v is not None})
    return graph


def _scalars(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    flat = graph.copy()
    for _, data in list(flat.nodes(data=True)) + [(None, d) for *_, d in flat.edges(data=True)]:
        for key, value in list(data.items()):
            if isinstance(value, (list, tuple)):
                data[key] = "; ".join(map(str, value))
    return flat


def export_graph(store: Store, path: str | Path, fmt: str | None = None) -> Path:
    """Write the stored graph to ``path``; the format comes from ``fmt`` or the file's extension."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise KgError(f"cannot export to {path}: format must be one of {', '.join(FORMATS)}")
    graph = stored_graph(store)
    if fmt == "graphml":
        nx.write_graphml(_scalars(graph), path)
    elif fmt == "gexf":
        nx.write_gexf(_scalars(graph), path)
    else:
        path.write_text(json.dumps(nx.node_link_data(graph, edges="links"), ensure_ascii=False), encoding="utf-8")
    return path
