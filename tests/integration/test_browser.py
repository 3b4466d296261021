"""The exported maps in a real headless Chromium: they render, stay offline and show text as text.

Needs Debian's chromium (the README's test command installs it). Screenshots of the
neighbourhood and overview maps land in test-artifacts/.
"""

from __future__ import annotations

import time
from pathlib import Path

import networkx as nx
import pytest

from kg.api import KnowledgeGraph
from kg.views.render import write_html

from chromium import browser, require_chromium  # noqa: F401  (browser is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'

require_chromium()


class Opened:
    """A page opened from a file, with every error and request it made."""

    def __init__(self, browser, path: Path):
        self.page = browser.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.resolve().as_uri())
        deadline = time.monotonic() + 60
        # polled from Python: the page's CSP forbids the eval that wait_for_function uses
        while not self.page.evaluate("() => window.kgSettled === true"):
            assert time.monotonic() < deadline, "the network never settled"
            time.sleep(0.1)

    def js(self, script: str):
        return self.page.evaluate(script)

    @property
    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:"))]


def check_page(opened: Opened, graph: nx.Graph) -> None:
    assert opened.errors == []
    assert opened.outside_requests == []
    assert opened.js("() => window.kgCounts") == {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
    assert opened.js("() => window.kgNetwork.body.data.nodes.length") == graph.number_of_nodes()
    assert opened.js("() => window.kgNetwork.physics.options.enabled") is False  # settled, then stopped


def test_neighbourhood_map_renders_offline(browser, built_store, tmp_path):
    from kg.views.neighbourhood import neighbourhood

    kg = KnowledgeGraph(built_store)
    hub = kg.top_concepts(type="Method", limit=1)[0]["name"]
    path = kg.show(hub, html=tmp_path / "hood.html")
    hood = neighbourhood(built_store, hub)
    opened = Opened(browser, path)
    check_page(opened, hood.graph)
    types = {d["type"] for _, d in hood.graph.nodes(data=True)}
    assert opened.js("() => document.getElementById('kg-legend').children.length") == len(types)
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "neighbourhood.png"))


def test_overview_map_renders_and_filters_by_type(browser, built_store, tmp_path):
    from kg.views.overview import overview_graph

    kg = KnowledgeGraph(built_store)
    path = kg.map(html=tmp_path / "overview.html", top=150, min_shared=1)
    graph = overview_graph(built_store, min_shared=1)
    opened = Opened(browser, path)
    check_page(opened, graph)
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / "overview.png"))
    methods = sum(1 for _, d in graph.nodes(data=True) if d["type"] == "Method")
    opened.page.uncheck("#kg-filters input[value=Method]")
    hidden = opened.js("() => window.kgNetwork.body.data.nodes.get({filter: n => n.hidden}).length")
    assert hidden == methods > 0


def test_hostile_name_shows_as_text_and_runs_nothing(browser, tmp_path):
    graph = nx.Graph()
    graph.add_node("method:x", type="Method", name=HOSTILE, papers=2, aliases=[HOSTILE],
                   evidence=[(HOSTILE, HOSTILE)])
    graph.add_node("p", type="Paper", name=HOSTILE, papers=1)
    graph.add_edge("method:x", "p", weight=1)
    path = write_html(graph, tmp_path / "hostile.html", HOSTILE, HOSTILE, centre="method:x")
    opened = Opened(browser, path)
    check_page(opened, graph)
    opened.js("""() => window.kgNetwork.body.emitter.emit("hoverNode",
                 {node: "method:x", pointer: {DOM: {x: 5, y: 5}}})""")
    assert opened.js("() => document.querySelector('#kg-tooltip h2').textContent") == HOSTILE
    assert opened.js("() => document.querySelector('h1').textContent") == HOSTILE
    opened.page.fill("#kg-search", "onerror")
    assert opened.js("() => document.querySelector('#kg-hits li').firstChild.textContent") == HOSTILE
    assert opened.js("() => document.querySelectorAll('img').length") == 0
    assert opened.js("() => window.__pwned") is None


def lora_graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_node("method:low rank adaptation", type="Method", name="Low-Rank Adaptation", papers=3,
                   aliases=["LoRA"])
    graph.add_node("dataset:glue", type="Dataset", name="GLUE", papers=2)
    graph.add_node("method:clip", type="Method", name="CLIP", papers=1)
    graph.add_node("p1", type="Paper", name="Adapting big models cheaply", papers=1, year=2023, authors=4,
                   abstract="We adapt models with LoRA. It is cheap. A third sentence.", arxiv_id="2301.00001")
    graph.add_node("p2", type="Paper", name="Contrastive images", papers=1, source="page.txt:12")
    graph.add_edge("p1", "method:low rank adaptation", weight=0.9, type="USES", source="p1",
                   evidence="We adapt models with LoRA.")
    graph.add_edge("p1", "dataset:glue", weight=0.8, type="EVALUATED_ON", source="p1", evidence="Results on GLUE.")
    graph.add_edge("p2", "method:clip", weight=0.7, type="MENTIONS", source="p2", evidence="CLIP aligns images.")
    graph.add_edge("p2", "p1", weight=0.5, type="BUILDS_ON", source="p2", via=["LoRA"], evidence="We extend LoRA.")
    return graph


def test_search_finds_aliases_and_parts_and_lights_the_neighbours(browser, tmp_path):
    opened = Opened(browser, write_html(lora_graph(), tmp_path / "s.html", "search"))
    opened.page.fill("#kg-search", "lora")
    assert opened.js("() => Array.from(document.querySelectorAll('#kg-hits li')).map(li => li.textContent)") == [
        "Low-Rank Adaptation  Method · 3 papers"]
    opened.page.press("#kg-search", "Enter")
    assert opened.js("() => window.kgNetwork.getSelectedNodes()") == ["method:low rank adaptation"]
    assert opened.js("() => window.kgLit") == ["method:low rank adaptation", "p1"]
    dimmed = opened.js("() => window.kgNetwork.body.data.nodes.get({filter: n => n.opacity === 0.15}).map(n => n.id)")
    assert sorted(dimmed) == ["dataset:glue", "method:clip", "p2"]
    opened.page.fill("#kg-search", "rank adapt")  # partial, any case; the old selection goes
    assert opened.js("() => window.kgNetwork.getSelectedNodes()") == []
    assert opened.js("() => document.querySelector('#kg-hits li').dataset.id") == "method:low rank adaptation"
    opened.page.fill("#kg-search", "transformer")
    assert opened.js("() => document.getElementById('kg-nohit').hidden") is False
    assert opened.js("() => document.getElementById('kg-hits').hidden") is True
    assert opened.errors == []


def test_clicking_a_paper_pins_its_year_abstract_and_link(browser, tmp_path):
    opened = Opened(browser, write_html(lora_graph(), tmp_path / "p.html", "papers", centre="p1"))
    opened.js("""() => window.kgNetwork.body.emitter.emit("click", {nodes: ["p1"], edges: [],
                 pointer: {DOM: {x: 5, y: 5}, canvas: {x: 0, y: 0}}})""")
    panel = opened.js("() => Array.from(document.querySelectorAll('#kg-panel p')).map(p => p.textContent)")
    assert panel[:3] == ["2023 · 4 authors", "We adapt models with LoRA. It is cheap.", "arXiv:2301.00001"]
    assert opened.js("() => document.querySelector('#kg-panel a').href") == "https://arxiv.org/abs/2301.00001"
    rows = opened.js("() => Array.from(document.querySelectorAll('#kg-panel tr')).slice(1)"
                     ".map(r => Array.from(r.cells).map(c => c.textContent))")
    assert sorted(rows) == [["built on by", "Contrastive images", "", "We extend LoRA."],  # which way, said
                            ["evaluated on", "GLUE", "Dataset", "Results on GLUE."],
                            ["uses", "Low-Rank Adaptation", "Method", "We adapt models with LoRA."]]
    opened.js("() => { window.opened = []; window.open = (url) => window.opened.push(url); }")
    opened.js("""() => window.kgNetwork.body.emitter.emit("doubleClick", {nodes: ["p1"], edges: [],
                 pointer: {DOM: {x: 5, y: 5}, canvas: {x: 0, y: 0}}})""")
    assert opened.js("() => window.opened") == ["https://arxiv.org/abs/2301.00001"]
    opened.js("""() => window.kgNetwork.body.emitter.emit("click", {nodes: ["p2"], edges: [],
                 pointer: {DOM: {x: 5, y: 5}, canvas: {x: 0, y: 0}}})""")
    assert "Source: page.txt:12" in opened.js("() => document.getElementById('kg-panel').textContent")
    assert opened.errors == []


def test_a_method_panel_compares_methods_and_datasets_and_centres(browser, tmp_path):
    opened = Opened(browser, write_html(lora_graph(), tmp_path / "m.html", "methods"))
    opened.js("() => window.kgSelect('method:low rank adaptation')")
    caption = opened.js("() => document.querySelector('#kg-panel caption').textContent")
    assert caption.startswith("Papers using a method")
    rows = opened.js("() => Array.from(document.querySelectorAll('#kg-panel table:last-of-type tr'))"
                     ".map(r => Array.from(r.cells).map(c => c.textContent))")
    assert rows == [["method \\ dataset", "GLUE"], ["Low-Rank Adaptation", "1"]]
    opened.page.click("#kg-panel button:text('Centre here')")
    hidden = opened.js("() => window.kgNetwork.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert hidden == ["method:clip"]  # three links away: LoRA - p1 - p2 - CLIP


def test_exports_list_the_papers_on_screen(browser, tmp_path):
    opened = Opened(browser, write_html(lora_graph(), tmp_path / "e.html", "exports"))
    assert opened.js("() => window.kgExport.csv()") == (
        "title,year,link\nAdapting big models cheaply,2023,https://arxiv.org/abs/2301.00001\n"
        "Contrastive images,,page.txt:12\n")
    assert opened.js("() => window.kgExport.bibtex()") == (
        "@misc{arxiv230100001,\n  title = {Adapting big models cheaply},\n  year = {2023},\n"
        "  eprint = {2301.00001},\n  archiveprefix = {arXiv},\n  url = {https://arxiv.org/abs/2301.00001},\n"
        "  note = {4 authors}\n}\n\n@misc{kg2,\n  title = {Contrastive images}\n}\n")
    assert opened.js("() => window.kgExport.png()").startswith("data:image/png;base64,")
    edge_colours = opened.js("() => window.kgNetwork.body.data.edges.get().map(e => [e.relation, e.arrows || ''])")
    assert sorted(edge_colours) == [["BUILDS_ON", "to"], ["EVALUATED_ON", ""], ["MENTIONS", ""], ["USES", ""]]


def test_the_same_data_gives_the_same_page_and_picture(browser, built_store, tmp_path):
    kg = KnowledgeGraph(built_store)
    hub = kg.top_concepts_any(limit=1)[0]["name"]
    first, second = kg.show(hub, html=tmp_path / "a.html"), kg.show(hub, html=tmp_path / "b.html")
    assert first.read_bytes() == second.read_bytes()
    positions = [Opened(browser, path).js("() => window.kgNetwork.getPositions()") for path in (first, second)]
    assert positions[0] == positions[1] and len(positions[0]) > 1


@pytest.mark.parametrize("rank", [0, 1, 2])
def test_no_two_visible_labels_overlap_around_the_biggest_concepts(browser, built_store, tmp_path, rank):
    kg = KnowledgeGraph(built_store)
    concept = kg.top_concepts_any(limit=3)[rank]["name"]
    opened = Opened(browser, kg.show(concept, html=tmp_path / f"top{rank}.html"))
    boxes = opened.js("() => window.kgLabelBoxes()")
    assert boxes and boxes[0]["id"] == opened.js("() => window.kgNetwork.body.data.nodes.get()"
                                                 ".sort((a, b) => b.priority - a.priority)[0].id")  # the centre's
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or \
                b["bottom"] <= a["top"], (a, b)
    drawn = opened.js("() => window.kgNetwork.body.data.nodes.get({filter: n => n.label !== ' '}).length")
    assert drawn == len(boxes)


def test_overview_names_at_most_ten_communities_and_isolates_one(browser, built_store, tmp_path):
    from kg.views.overview import overview_graph

    kg = KnowledgeGraph(built_store)
    opened = Opened(browser, kg.map(html=tmp_path / "communities.html", top=150, min_shared=1))
    rows = opened.js("() => Array.from(document.querySelectorAll('#kg-communities li')).map(li => li.textContent)")
    graph = overview_graph(built_store, min_shared=1)
    communities = {d["community"] for _, d in graph.nodes(data=True)}
    assert len(rows) == min(len(communities), 10)
    colours = opened.js("() => new Set(window.kgNetwork.body.data.nodes.get().map(n => n.color)).size")
    assert colours <= 10
    opened.page.click("#kg-communities li:first-child")
    shown = opened.js("() => window.kgNetwork.body.data.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    assert sorted(shown) == sorted(n for n, d in graph.nodes(data=True) if d["community"] == 0)


def test_years_filter_and_colour_papers_and_links_explain_themselves(browser, tmp_path):
    opened = Opened(browser, write_html(lora_graph(), tmp_path / "y.html", "years"))
    assert opened.js("() => document.getElementById('kg-years').hidden") is False
    opened.page.fill("#kg-year-from", "2024")
    opened.page.dispatch_event("#kg-year-from", "change")
    hidden = opened.js("() => window.kgNetwork.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert sorted(hidden) == ["p1", "p2"]  # 2023, and no year at all
    opened.page.fill("#kg-year-from", "2023")
    opened.page.dispatch_event("#kg-year-from", "change")
    opened.page.check("#kg-by-year")
    colours = opened.js("() => Object.fromEntries(window.kgNetwork.body.data.nodes.get()"
                        ".filter(n => n.kind === 'Paper').map(n => [n.id, n.color]))")
    assert colours == {"p1": "hsl(222, 80%, 30%)", "p2": "#e5e7eb"}
    edge = opened.js("() => window.kgNetwork.body.data.edges.get({filter: e => e.relation === 'BUILDS_ON'})[0].id")
    opened.js(f"""() => window.kgNetwork.body.emitter.emit("hoverEdge", {{edge: "{edge}",
                 pointer: {{DOM: {{x: 5, y: 5}}}}}})""")
    tip = opened.js("() => Array.from(document.querySelectorAll('#kg-tooltip > *')).map(e => e.textContent)")
    assert tip == ["Contrastive images → Adapting big models cheaply", "builds on", "via LoRA", "“We extend LoRA.”"]
    assert opened.errors == []


# --- maps people can read (issue 30) ----------------------------------------------------------------
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def click(opened: Opened, node: str) -> None:
    opened.page.evaluate("""(id) => { window.kgNetwork.body.emitter.emit("click", {nodes: [id], edges: [],
                            pointer: {DOM: {x: 5, y: 5}, canvas: {x: 0, y: 0}}}); return 1; }""", node)


def test_map_labels_are_readable_at_the_first_view_sized_with_their_node_and_never_overlap(
        browser, built_store, tmp_path):
    """The issue's count: 60 of the 72 labels shown on the sample's map were under 9 px at the first view."""
    kg = KnowledgeGraph(built_store)
    opened = Opened(browser, kg.map(html=tmp_path / "labels.html", min_shared=1))
    labels = opened.js("() => window.kgLabelPx()")
    assert len(labels) >= 10
    assert min(label["px"] for label in labels) >= 11.9  # the style's label.min, on screen
    biggest = max(labels, key=lambda label: label["papers"])
    assert biggest["px"] >= max(label["px"] for label in labels) - 0.01
    by_papers = sorted(labels, key=lambda label: label["papers"])
    assert all(a["px"] <= b["px"] + 0.01 for a, b in zip(by_papers, by_papers[1:]))  # grows with the node
    boxes = opened.js("() => window.kgLabelBoxes()")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or \
                b["bottom"] <= a["top"], (a, b)
    hidden = opened.js("() => window.kgNetwork.body.data.nodes.get({filter: n => n.label === ' '}).length")
    assert hidden > 0  # overlapping ones wait for zoom; the biggest concept's label is among those shown
    top = kg.top_concepts_any(limit=1)[0]["id"]
    assert top in {label["id"] for label in labels}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.page.screenshot(path=str(SCREENSHOTS / "map-labels.png"))


def test_the_overview_panel_lists_a_concepts_papers_links_its_neighbourhood_and_exports_them(
        browser, built_store, tmp_path):
    kg = KnowledgeGraph(built_store)
    opened = Opened(browser, kg.map(html=tmp_path / "panel.html", min_shared=1))
    assert opened.js("() => window.kgExport.csv()").count("\n") > 1  # it was the header alone
    top = kg.top_concepts_any(limit=1)[0]
    click(opened, top["id"])
    rows = opened.js("() => Array.from(document.querySelectorAll('#kg-panel tr')).slice(1)"
                     ".map(r => Array.from(r.cells).map(c => c.textContent))")
    stored = kg.papers_for_concept(name=top["name"], limit=1000)
    assert 0 < len(rows) == min(30, len(stored))
    titles = {r["title"] for r in stored}
    assert all(title in titles and evidence for _, title, _, evidence in rows)
    years = [int(year) for _, _, year, _ in rows if year]
    assert years == sorted(years, reverse=True)  # newest first
    link = opened.js("() => document.querySelector('#kg-panel .neighbourhood a').getAttribute('href')")
    assert link == f"show-{top['name'].lower().replace(' ', '-')}.html"
    command = opened.js("() => document.querySelector('#kg-panel code').textContent")
    assert command.startswith("kg show ") and f"--html {link}" in command
    assert opened.errors == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.page.screenshot(path=str(SCREENSHOTS / "map-panel.png"))


def test_isolating_a_community_fits_the_view_to_it(browser, built_store, tmp_path):
    kg = KnowledgeGraph(built_store)
    opened = Opened(browser, kg.map(html=tmp_path / "isolate.html", min_shared=1))
    before = opened.js("() => window.kgNetwork.getScale()")
    opened.page.click("#kg-communities li:nth-child(2)")
    after = opened.js("() => window.kgNetwork.getScale()")
    shown = opened.js("() => window.kgNetwork.body.data.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    spots = opened.page.evaluate(
        "(ids) => ids.map(id => window.kgNetwork.canvasToDOM(window.kgNetwork.getPositions([id])[id]))", shown)
    box = opened.js("() => { const r = document.getElementById('kg-network').getBoundingClientRect();"
                    " return {w: r.width, h: r.height}; }")
    assert after > before
    assert all(0 <= s["x"] <= box["w"] and 0 <= s["y"] <= box["h"] for s in spots)
    xs, ys = [s["x"] for s in spots], [s["y"] for s in spots]
    assert max(xs) - min(xs) > box["w"] / 3 or max(ys) - min(ys) > box["h"] / 3  # it fills the view
    opened.page.click("#kg-communities li:nth-child(2)")  # and showing all again fits the whole map
    assert abs(opened.js("() => window.kgNetwork.getScale()") / before - 1) < 0.05  # labels' sizes differ a little


def test_a_long_tooltip_stays_small_and_says_it_was_cut(browser, tmp_path):
    graph = lora_graph()
    long = "A sentence that goes on and on about low-rank adaptation " * 20
    graph.nodes["method:low rank adaptation"]["evidence"] = [(f"Paper {i}", long) for i in range(12)]
    opened = Opened(browser, write_html(graph, tmp_path / "tip.html", "tooltip"))
    opened.js("""() => { window.kgNetwork.body.emitter.emit("hoverNode", {node: "method:low rank adaptation",
                 pointer: {DOM: {x: 1000, y: 700}}}); return 1; }""")
    box = opened.js("() => { const r = document.getElementById('kg-tooltip').getBoundingClientRect();"
                    " return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, w: r.width, h: r.height}; }")
    assert box["w"] <= 0.4 * 1400 + 1 and box["h"] <= 0.4 * 900 + 1
    assert box["left"] >= 0 and box["top"] >= 0 and box["right"] <= 1400 and box["bottom"] <= 900
    texts = opened.js("() => Array.from(document.querySelectorAll('#kg-tooltip p')).map(p => p.textContent)")
    assert texts[-1].startswith("… ") and "more" in texts[-1]
    assert all(len(t) <= 180 for t in texts) and any(t.endswith("…") for t in texts)
