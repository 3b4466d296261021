"""The exported maps in a real headless Chromium: they render, stay offline and show text as text.

Needs Debian's chromium (the README's test command installs it). Screenshots of the
neighbourhood and overview maps land in test-artifacts/.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import networkx as nx
import pytest

from kg.api import KnowledgeGraph
from kg.render import write_html

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'

if CHROMIUM is None:
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=FLAGS, viewport={"width": 1400, "height": 900})
        yield context
        context.close()


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
    from kg.neighbourhood import neighbourhood

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
    from kg.overview import overview_graph

    kg = KnowledgeGraph(built_store)
    path = kg.map(html=tmp_path / "overview.html", min_shared=1)
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
    assert opened.js("() => document.getElementById('kg-names').options[0].value") == HOSTILE
    assert opened.js("() => document.querySelectorAll('img').length") == 0
    assert opened.js("() => window.__pwned") is None


def test_search_box_selects_the_node(browser, tmp_path):
    graph = nx.Graph()
    graph.add_node("method:clip", type="Method", name="CLIP", papers=3)
    graph.add_node("dataset:imagenet", type="Dataset", name="ImageNet", papers=2)
    graph.add_edge("method:clip", "dataset:imagenet", weight=1)
    opened = Opened(browser, write_html(graph, tmp_path / "s.html", "search"))
    opened.page.fill("#kg-search", "imagenet")
    opened.page.dispatch_event("#kg-search", "change")
    assert opened.js("() => window.kgNetwork.getSelectedNodes()") == ["dataset:imagenet"]
