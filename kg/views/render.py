"""Concept maps as self-contained HTML: pyvis builds the network, kg's page frames it.

pyvis's own page template fetches Bootstrap from a CDN, so kg renders with its own
template (``viz/page.html``) that inlines vis-network, styles and script: the file
opens offline and its Content-Security-Policy forbids any request to another host.
Each node type's colour and shape come from its description (``kg/data/concept_types.json``);
the rest of the look and the physics from ``viz/style.json``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from typing import Any
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx

from ..errors import KgError
from .. import schema
from ..schema import PAPER, PAPER_PAPER_TYPES
from .layout import layout
from .page_data import CommunityRow, LegendRow, PageData, PaperLink, PaperRow


@lru_cache(maxsize=1)
def style() -> dict:
    """``viz/style.json``, with ``types`` (colour, shape, legend by node type) from the types' descriptions.

    Every relation has a colour, so every link can be drawn and listed in the legend."""
    s = json.loads(resources.files("kg.viz").joinpath("style.json").read_text(encoding="utf-8"))
    s["types"] = {t.name: {"color": t.colour, "shape": t.shape, "legend": t.name}
                  for t in (schema.PAPER_TYPE, *schema.CONCEPT_TYPE_DESCRIPTIONS)}  # read now: types may be redefined
    for t in schema.CONCEPT_TYPE_DESCRIPTIONS:  # a type's relation without a colour of its own takes the type's
        if t.relation:
            s["relations"].setdefault(t.relation, t.colour)
    return s


VIS_NETWORK = "vis-network-9.1.2.min.js"  # vendored in viz/vendor (see its README for version and licence)


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    viz = resources.files("kg.viz")
    return {
        "template": viz.joinpath("page.html").read_text(encoding="utf-8"),
        "css": viz.joinpath("page.css").read_text(encoding="utf-8"),
        "page_js": viz.joinpath("page.js").read_text(encoding="utf-8"),
        "vis_js": viz.joinpath("vendor").joinpath(VIS_NETWORK).read_text(encoding="utf-8"),
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


def tooltip(data: dict, evidence: Sequence[tuple[str, str]] = ()) -> list[list[str]]:
    """Tooltip lines as (css class, text) pairs; the page sets them as text, never as HTML."""
    if data.get("type") == PAPER:
        return [["", PAPER]]
    papers = data.get("papers") or 1
    lines = [["", f"{data.get('type')} · {papers} paper{'s' if papers != 1 else ''}"]]
    if data.get("aliases"):
        lines.append(["", "Also: " + ", ".join(data["aliases"][:8])])
    for title, sentence in evidence:
        lines.append(["evidence", f"“{sentence}” — {title}"])
    return lines


def paper_link(data: dict) -> PaperLink | None:
    """Where to read a paper: arXiv, then DOI; else the corpus file and line it came from (no URL)."""
    if data.get("arxiv_id"):
        return {"url": f"https://arxiv.org/abs/{data['arxiv_id']}", "text": f"arXiv:{data['arxiv_id']}"}
    if data.get("doi"):
        return {"url": f"https://doi.org/{data['doi']}", "text": f"doi:{data['doi']}"}
    return {"url": None, "text": data["source"]} if data.get("source") else None


def opening(abstract: str | None, sentences: int = 2, limit: int = 400) -> str:
    """The first sentences of an abstract, enough to tell what a paper is about."""
    parts = re.split(r"(?<=[.!?])\s+", (abstract or "").strip())
    text = " ".join(parts[:sentences])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def community_legend(graph: nx.Graph, colours: list[str], other: str) -> list[CommunityRow]:
    """One legend row per community that has its own colour, named by its three most specific concepts.

    Specificity (:func:`kg.views.overview.specificity`) ranks a concept by how much it
    belongs to its community rather than to every community, so generic hubs ("neural
    networks", "fine-tuning") stop naming clusters; without it, the biggest concepts name them.
    """
    members: dict[int, list[dict]] = {}
    for _, data in graph.nodes(data=True):
        members.setdefault(data.get("community", 0), []).append(data)
    rows: list[CommunityRow] = []
    for index in sorted(members):
        top = sorted(members[index], key=lambda d: (-(d.get("specificity") or 0), -(d.get("papers") or 1),
                                                    d.get("name") or ""))[:3]
        rows.append({"index": index, "color": colours[index] if index < len(colours) else other,
                     "label": ", ".join(d.get("name") or "" for d in top), "size": len(members[index])})
    if len(rows) > len(colours):  # the small communities share one grey row
        small = rows[len(colours):]
        label = f"{len(small)} smaller communit{'y' if len(small) == 1 else 'ies'}"
        rows = rows[: len(colours)] + [{"index": -1, "color": other, "label": label,
                                         "size": sum(r["size"] for r in small)}]
    return rows


def panel_rows(rows: list[dict]) -> list[PaperRow]:
    """A concept's papers as the side panel and "Papers CSV" show them, each with where to read it."""
    return [{"id": r["id"], "title": r["title"], "year": r["year"], "relation": r["relation"],
             "evidence": r["evidence"], "link": paper_link(r)} for r in rows]


def network_data(graph: nx.Graph, centre: str | None = None, by_community: bool = False) -> PageData:
    """Nodes, edges, legends and options for the page, built through a pyvis Network.

    Nodes take their shape from their type; their colour from their type, or from
    their community when ``by_community`` (at most ten colours, each named in the
    legend). Sizes follow paper counts on a log scale; edges take their colour from the
    relation they show. Positions are fixed here, so the page draws without physics.
    """
    from pyvis.network import Network

    s = style()
    colours, other = s["communities"][:9], s["otherCommunity"]
    net = Network(directed=False, cdn_resources="in_line")
    sizes = [math.log1p(d.get("papers") or 1) for _, d in graph.nodes(data=True)]
    low, high = min(sizes, default=0.0), max(sizes, default=1.0)
    positions = layout(graph, centre)
    for node, data in graph.nodes(data=True):
        kind = s["types"][schema.node_type(data.get("type")).name]  # a type without a description is an error
        community = data.get("community", 0)
        colour = (colours[community] if community < len(colours) else other) if by_community else kind["color"]
        scale = (math.log1p(data.get("papers") or 1) - low) / ((high - low) or 1.0)
        is_paper = data.get("type") == PAPER
        options: dict[str, Any] = {  # pyvis adds id, label and shape: kg/views/page_data.py's NodeData in all
            "color": colour, "shape": kind["shape"], "name": data.get("name") or node, "kind": data.get("type"),
            "size": s["size"]["min"] + scale * (s["size"]["max"] - s["size"]["min"]) * (0.5 if is_paper else 1),
            "info": tooltip(data, data.get("evidence", ())), "aliases": list(data.get("aliases") or []),
            "papers": data.get("papers") or 1, "community": community if by_community else None,
            "priority": 2 if node == centre else (0 if is_paper else 1) + scale,
            "label_scale": 1.0 if node == centre else (0.0 if is_paper else round(scale, 4)),
        }
        if "paper_rows" in data:  # the overview draws no papers: its concepts carry theirs for the panel
            options.update(paper_rows=panel_rows(data["paper_rows"]), more_papers=data.get("more_papers", 0))
        if "page" in data:
            options.update(page=data["page"], command=data["command"])
        if is_paper:
            options.update(font={"size": s["paperLabel"]["size"], "color": s["paperLabel"]["color"]},
                           year=data.get("year"), authors=data.get("authors"), opening=opening(data.get("abstract")),
                           link=paper_link(data))
        else:
            options["font"] = {"size": round(s["label"]["min"] + scale * (s["label"]["max"] - s["label"]["min"]))}
        if node == centre:
            options.update(borderWidth=s["centre"]["borderWidth"], font={"size": 22},
                           color={"background": colour, "border": s["centre"]["color"]})
        if node in positions:
            options.update(x=positions[node][0], y=positions[node][1])
        net.add_node(node, label=_short(data.get("name") or node, 28 if is_paper else 40), **options)
    weights = [d.get("weight", 1) for _, _, d in graph.edges(data=True)]
    top = max(weights, default=1) or 1
    relations = s["relations"]
    for index, (u, v, data) in enumerate(graph.edges(data=True)):
        share = data.get("weight", 1) / top
        width = s["edge"]["minWidth"] + (s["edge"]["maxWidth"] - s["edge"]["minWidth"]) * share
        relation = data.get("type") or ("LINK" if by_community else "MENTIONS")
        start, end = (u, v) if data.get("source", u) == u else (v, u)
        options = {"id": f"e{index}", "width": width, "color": relations.get(relation, s["edge"]["color"]),
                   "relation": relation, "evidence": data.get("evidence"), "via": list(data.get("via") or []),
                   "papers": data.get("papers")}
        if relation in PAPER_PAPER_TYPES:
            options.update(arrows="to", dashes=True)
        net.add_edge(start, end, **options)
    present = {d.get("type") for _, d in graph.nodes(data=True)}
    legend: list[LegendRow] = [{"label": k["legend"], "color": "#475569" if by_community else k["color"], "shape": k["shape"]}
                               for t, k in s["types"].items() if t in present]
    shown = sorted({e["relation"] for e in net.edges}, key=list(relations).index)
    years = sorted({d["year"] for _, d in graph.nodes(data=True) if d.get("type") == PAPER and d.get("year")})
    csv: dict[str, PaperRow] = {}
    for n in net.nodes:
        for row in n.get("paper_rows", ()):
            csv.setdefault(row["id"], row)
    return {"nodes": net.nodes, "edges": net.edges, "legend": legend, "options": s["options"],
            "labels": {"min": s["label"]["min"], "max": s["label"]["max"]},
            "csv_papers": sorted(csv.values(), key=lambda r: (-int(r["year"] or 0), r["title"])),
            "relations": [{"label": "shared papers" if r == "LINK" else r.replace("_", " ").lower(),
                           "color": relations[r], "relation": r} for r in shown if r in relations],
            "width": "association strength" if by_community else "confidence of the mention",
            "communities": community_legend(graph, colours, other) if by_community else [],
            "years": years, "centre": centre,
            "filters": sorted(present - {PAPER}) if by_community else []}


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


def write_chart(rows: list[dict], label: str, value: str, path: str | Path, title: str) -> Path:
    """A bar chart of ``rows`` (``label`` against ``value``) as one self-contained page of inline SVG."""
    peak = max((r[value] or 0 for r in rows), default=0) or 1
    bar, gap, width, left = 22, 6, 560, 190
    height = len(rows) * (bar + gap) + 10
    bars = []
    for i, r in enumerate(rows):
        y = 5 + i * (bar + gap)
        length = round(width * (r[value] or 0) / peak, 1)
        bars.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{html_text(_short(str(r[label]), 28))}</text>'
                    f'<rect x="{left}" y="{y}" width="{length}" height="{bar}" fill="#3b82f6"/>'
                    f'<text x="{left + length + 6}" y="{y + 16}">{html_text(r[value])}</text>')
    page = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html_text(title)}</title>'
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<style>body{font-family:system-ui,sans-serif;margin:1.5rem}svg text{font-size:13px}</style></head>"
            f'<body><h1 style="font-size:1.1rem">{html_text(title)}</h1>'
            f'<svg width="{left + width + 60}" height="{height}" role="img">{"".join(bars)}</svg></body></html>\n')
    try:
        Path(path).write_text(page, encoding="utf-8")
    except OSError as err:
        raise KgError(f"cannot write the chart to {path}: {err.strerror}") from None
    return Path(path)
