"""Concept maps as self-contained HTML: pyvis builds the network, kg's page frames it.

pyvis's own page template fetches Bootstrap from a CDN, so kg renders with its own
template (``viz/page.html``) that inlines vis-network, styles and script: the file
opens offline and its Content-Security-Policy forbids any request to another host.
Colours, shapes and physics come from ``viz/style.json``.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx


@lru_cache(maxsize=1)
def style() -> dict:
    return json.loads(resources.files("kg.viz").joinpath("style.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    import pyvis

    viz = resources.files("kg.viz")
    vis_js = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return {
        "template": viz.joinpath("page.html").read_text(encoding="utf-8"),
        "css": viz.joinpath("page.css").read_text(encoding="utf-8"),
        "page_js": viz.joinpath("page.js").read_text(encoding="utf-8"),
        "vis_js": vis_js.read_text(encoding="utf-8"),
    }


def script_safe_json(value) -> str:
    """JSON that cannot end the <script> element it sits in, nor open a comment there."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def html_text(text: str) -> str:
    """Escape text for an HTML element body or attribute."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def network_data(graph: nx.Graph, centre: str | None = None) -> dict:
    """Nodes, edges, legend and options for the page, built through a pyvis Network."""
    from pyvis.network import Network

    s = style()
    net = Network(directed=False, cdn_resources="in_line")
    papers = [d.get("papers") or 1 for _, d in graph.nodes(data=True)]
    low, high = min(papers, default=1), max(papers, default=1)
    for node, data in graph.nodes(data=True):
        kind = s["types"].get(data.get("type"), s["types"]["Method"])
        scale = (math.log1p(data.get("papers") or 1) - math.log1p(low)) / ((math.log1p(high) - math.log1p(low)) or 1)
        options = {
            "color": kind["color"], "shape": kind["shape"],
            "size": s["size"]["min"] + scale * (s["size"]["max"] - s["size"]["min"]),
            "info": data.get("info", []), "group": data.get("type"),
        }
        if node == centre:
            options.update(borderWidth=s["centre"]["borderWidth"], color={
                "background": kind["color"], "border": s["centre"]["color"]}, font={"size": 20, "bold": True})
        net.add_node(node, label=_short(data.get("name") or node), **options)
    weights = [d.get("weight", 1) for _, _, d in graph.edges(data=True)]
    top = max(weights, default=1)
    for u, v, data in graph.edges(data=True):
        w = data.get("weight", 1)
        width = s["edge"]["minWidth"] + (s["edge"]["maxWidth"] - s["edge"]["minWidth"]) * (w / top)
        net.add_edge(u, v, width=width, color=s["edge"]["color"])
    present = {d.get("type") for _, d in graph.nodes(data=True)}
    legend = [{"label": k["legend"], "color": k["color"]} for t, k in s["types"].items() if t in present]
    return {"nodes": net.nodes, "edges": net.edges, "legend": legend, "options": s["options"]}


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def write_html(graph: nx.Graph, path: str | Path, title: str, subtitle: str = "", centre: str | None = None) -> Path:
    """Write ``graph`` as one self-contained HTML page and return its path."""
    assets = _assets()
    page = assets["template"]
    data = network_data(graph, centre)
    fills = {
        "{{ title }}": html_text(title),
        "{{ subtitle }}": html_text(subtitle),
        "{{ css }}": assets["css"],
        "{{ data_json }}": script_safe_json(data),
        "{{ page_js }}": assets["page_js"],
        "{{ vis_js }}": assets["vis_js"],
    }
    # one pass, so text filled in earlier can never be read as a later placeholder
    import re

    page = re.sub("|".join(re.escape(k) for k in fills), lambda m: fills[m.group(0)], page)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
