"""Concept maps as self-contained HTML: pyvis builds the network, kg's page frames it.

pyvis's own page template fetches Bootstrap from a CDN, so kg renders with its own
template (``viz/page.html``) that inlines vis-network, styles and script: the file
opens offline and its Content-Security-Policy forbids any request to another host.
Colours, shapes and physics come from ``viz/style.json``.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx

from .errors import KgError
from .schema import PAPER_PAPER_TYPES


@lru_cache(maxsize=1)
def style() -> dict:
    return json.loads(resources.files("kg.viz").joinpath("style.json").read_text(encoding="utf-8"))


VIS_NETWORK = "vis-network-9.1.2.min.js"  # vendored in viz/vendor (see its README for version and licence)


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    viz = resources.files("kg.viz")
    return {
        "template": viz.joinpath("page.html").read_text(encoding="utf-8"),
        "css": viz.joinpath("page.css").read_text(encoding="utf-8"),
        "page_js": viz.joinpath("page.js").read_text(encoding="utf-8"),
        "vis_js": viz.joinpath("vendor", VIS_NETWORK).read_text(encoding="utf-8"),
    }


def script_safe_json(value) -> str:
    """JSON that cannot end the <script> element it sits in, nor open a comment there."""
    text = json.dumps(value, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def html_text(text: str) -> str:
    """Escape text for an HTML element body or attribute."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def tooltip(data: dict, evidence: list[tuple[str, str]] = ()) -> list[list[str]]:
    """Tooltip lines as (css class, text) pairs; the page sets them as text, never as HTML."""
    if data.get("type") == "Paper":
        return [["", "Paper"]]
    papers = data.get("papers") or 1
    lines = [["", f"{data.get('type')} · {papers} paper{'s' if papers != 1 else ''}"]]
    if data.get("aliases"):
        lines.append(["", "Also: " + ", ".join(data["aliases"][:8])])
    for title, sentence in evidence:
        lines.append(["evidence", f"“{sentence}” — {title}"])
    return lines


def network_data(graph: nx.Graph, centre: str | None = None, by_community: bool = False) -> dict:
    """Nodes, edges, legend and options for the page, built through a pyvis Network.

    Nodes take their shape from their type; their colour from their type, or from
    their community when ``by_community``. Sizes follow paper counts on a log scale.
    """
    from pyvis.network import Network

    s = style()
    net = Network(directed=False, cdn_resources="in_line")
    sizes = [math.log1p(d.get("papers") or 1) for _, d in graph.nodes(data=True)]
    low, high = min(sizes, default=0.0), max(sizes, default=1.0)
    positions = {}
    if graph.number_of_nodes() > s["layout"]["precomputeAbove"]:
        positions = nx.spring_layout(graph, weight="weight", seed=7, scale=60 * math.sqrt(graph.number_of_nodes()))
    for node, data in graph.nodes(data=True):
        kind = s["types"].get(data.get("type"), s["types"]["Method"])
        colour = s["communities"][data.get("community", 0) % len(s["communities"])] if by_community else kind["color"]
        scale = (math.log1p(data.get("papers") or 1) - low) / ((high - low) or 1.0)
        is_paper = data.get("type") == "Paper"
        options = {
            "color": colour, "shape": kind["shape"], "name": data.get("name") or node, "kind": data.get("type"),
            "size": s["size"]["min"] + scale * (s["size"]["max"] - s["size"]["min"]) * (0.5 if is_paper else 1),
            "info": tooltip(data, data.get("evidence", ())),
        }
        if is_paper:
            options["font"] = {"size": s["paperLabel"]["size"], "color": s["paperLabel"]["color"]}
        else:
            options["font"] = {"size": round(s["label"]["min"] + scale * (s["label"]["max"] - s["label"]["min"]))}
        if node == centre:
            options.update(borderWidth=s["centre"]["borderWidth"], font={"size": 22},
                           color={"background": colour, "border": s["centre"]["color"]})
        if node in positions:
            options.update(x=float(positions[node][0]), y=float(positions[node][1]), physics=False)
        label = _short(data.get("name") or node, 28 if is_paper else 40)
        net.add_node(node, label=label, **options)
    weights = [d.get("weight", 1) for _, _, d in graph.edges(data=True)]
    top = max(weights, default=1) or 1
    for u, v, data in graph.edges(data=True):
        share = data.get("weight", 1) / top
        width = s["edge"]["minWidth"] + (s["edge"]["maxWidth"] - s["edge"]["minWidth"]) * share
        between_papers = data.get("type") in PAPER_PAPER_TYPES
        net.add_edge(u, v, width=width, color=s["edge"]["paperLink"] if between_papers else s["edge"]["color"],
                     dashes=between_papers, title=None)
    present = {d.get("type") for _, d in graph.nodes(data=True)}
    legend = [{"label": k["legend"], "color": k["color"], "shape": k["shape"]}
              for t, k in s["types"].items() if t in present]
    if by_community:
        legend = [{"label": k["legend"], "color": "#475569", "shape": k["shape"]}
                  for t, k in s["types"].items() if t in present]
    options = json.loads(json.dumps(s["options"]))
    if positions:
        options["physics"] = {"enabled": False}
    return {"nodes": net.nodes, "edges": net.edges, "legend": legend, "options": options,
            "filters": sorted(present - {"Paper"}) if by_community else []}


def write_html(graph: nx.Graph, path: str | Path, title: str, subtitle: str = "", centre: str | None = None,
               by_community: bool = False) -> Path:
    """Write ``graph`` as one self-contained HTML page and return its path."""
    assets = _assets()
    data = network_data(graph, centre, by_community)
    fills = {
        "{{ title }}": html_text(title),
        "{{ subtitle }}": html_text(subtitle),
        "{{ css }}": assets["css"],
        "{{ data_json }}": script_safe_json(data),
        "{{ page_js }}": assets["page_js"],
        "{{ vis_js }}": assets["vis_js"],
    }
    # one pass, so text filled in earlier can never be read as a later placeholder
    page = re.sub("|".join(re.escape(k) for k in fills), lambda m: fills[m.group(0)], assets["template"])
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    except OSError as err:
        raise KgError(f"cannot write the map to {path}: {err.strerror}") from None
    return path
