"""What a view hands the page: the JSON ``viz/page.js`` reads from ``#kg-data``, written down once.

Both maps (``kg show``'s neighbourhood, ``kg map``'s overview) are drawn by one script, so
the keys it reads are a contract between :func:`kg.views.render.network_data`, which
writes them, and ``viz/page.js``, which reads them; tests/unit/test_maps.py checks
that every key the script reads is declared here. A view's own facts about what it drew
(how many nodes it left out, which it centred on) are dataclasses beside the view:
:class:`kg.views.neighbourhood.Neighbourhood` and :class:`kg.views.overview.Overview`.
"""

from typing import TypedDict  # no "from __future__ import annotations": TypedDict reads its annotations


class PaperLink(TypedDict):
    """Where to read a paper: ``url`` (arXiv, DOI) or None, and the text shown (``arXiv:...``, ``file:line``)."""

    url: str | None
    text: str


class PaperRow(TypedDict):
    """One paper in a concept's side panel when the page draws no paper nodes (the overview)."""

    id: str
    title: str
    year: int | str  # "" when unknown
    relation: str  # the most telling link: PROPOSES, EVALUATED_ON, OPTIMISES, USES or MENTIONS
    evidence: str
    link: PaperLink | None


class _NodeKeys(TypedDict):

    id: str
    label: str  # the name shortened for the canvas; page.js hides it (" ") when it would overlap
    name: str  # the whole name: panel, search, tooltip
    kind: str  # Paper or a concept type
    color: str | dict
    shape: str
    size: float  # canvas units, from the paper count (log scale)
    font: dict  # {"size": canvas units before the page fits labels to the screen}
    label_scale: float  # 0..1, where the node's size lies between the map's smallest and biggest: label px
    priority: float  # which label wins an overlap: the centre, then bigger concepts, then papers
    info: list[list[str]]  # tooltip rows as (css class, text)
    aliases: list[str]
    papers: int
    community: int | None  # overview only; None on a neighbourhood


class NodeData(_NodeKeys, total=False):
    """A node as vis-network draws it, plus what the panel, search and filters read (the keys above always;
    these where they apply)."""

    x: float
    y: float
    borderWidth: int  # the centre's
    year: int | None  # papers only
    authors: int | None
    opening: str  # the abstract's first sentences
    link: PaperLink | None
    paper_rows: list[PaperRow]  # overview concepts: their papers, newest first, at most a cap
    more_papers: int  # how many papers paper_rows left out
    page: str  # overview concepts: the file name of the concept's neighbourhood page (kg show)
    command: str  # the kg show command that writes that page


# functional form: "from" is a Python keyword
_EdgeKeys = TypedDict("_EdgeKeys", {
    "id": str,
    "from": str,
    "to": str,
    "width": float,
    "color": str,
    "relation": str,  # a link type, or LINK for the overview's association strength
    "evidence": str | None,
    "via": list[str],
    "papers": int | None,  # shared papers (overview)
})


class EdgeData(_EdgeKeys, total=False):
    """A link as vis-network draws it; an arrow and dashes between papers."""

    arrows: str  # "to"
    dashes: bool


class LegendRow(TypedDict):
    label: str
    color: str
    shape: str


class RelationRow(TypedDict):
    label: str
    color: str
    relation: str


class CommunityRow(TypedDict):
    """A community in the overview's legend: named by its most specific concepts, not its biggest."""

    index: int  # -1 for the row the small communities share
    color: str
    label: str
    size: int


class LabelSizes(TypedDict):
    """Label sizes in screen pixels at the page's first view: the smallest shown label, and the biggest."""

    min: float
    max: float


class PageData(TypedDict):
    """Everything ``viz/page.js`` reads from ``#kg-data``."""

    nodes: list[NodeData]
    edges: list[EdgeData]
    legend: list[LegendRow]
    relations: list[RelationRow]
    options: dict  # vis-network's options (viz/style.json)
    width: str  # what an edge's width means
    communities: list[CommunityRow]  # overview only, else []
    filters: list[str]  # concept types with a checkbox (overview), else []
    years: list[int]  # the papers' years, for the year range
    centre: str | None
    labels: LabelSizes
    csv_papers: list[PaperRow]  # what "Papers CSV" writes when the page draws no paper nodes (the overview)
