"""``kg serve`` in a real headless Chromium against a real server process on a real store.

The store is ``kg build --vectors`` of one sample file (58 Daily Papers abstracts); a second holds a hostile
paper whose title and abstract carry markup. A researcher's path is walked as they would: search, open a
concept, open a paper, grow the graph by clicking a node, go back and forward, follow a similar
paper, paste an abstract. Each page must log no error and fetch nothing from outside the server.
The screenshots in docs/screenshots/ are taken here.
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from test_serve import HOSTILE_TITLE, Served, build_store, hostile_corpus

from chromium import browser, require_chromium  # noqa: F401  (browser is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

require_chromium()


@pytest.fixture(scope="module")
def served(tmp_path_factory, small_corpus_file):
    where = tmp_path_factory.mktemp("serve-browser")
    with Served(build_store([small_corpus_file], where / "store", "--vectors")) as server:  # cosines too
        yield server


@pytest.fixture(scope="module")
def hostile_served(tmp_path_factory):
    where = tmp_path_factory.mktemp("serve-hostile")
    with Served(build_store([hostile_corpus(where)], where / "store")) as server:
        yield server


class Visit:
    """One tab on the app, with every error it logged and every URL it requested."""

    def __init__(self, browser, served):
        self.served = served
        self.page = browser.new_page()
        self.page.set_default_timeout(120_000)  # a loaded 2-core machine; a hang still fails
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("request", lambda r: self.requests.append(r.url))

    def go(self, path: str):
        self.page.goto(self.served.url + path)
        return self

    def js(self, script: str):
        return self.page.evaluate(script)

    def graph_ready(self, expanded: list[str] | None = None, timeout: float = 60) -> dict:
        """The graph view's state once its fetches are done, with ``expanded`` the nodes grown if given
        (polled from Python: the CSP forbids the eval that wait_for_function uses)."""
        deadline = time.monotonic() + timeout
        while not self.js("() => !!(window.kgGraph && window.kgGraph.ready)") or (
                expanded is not None and self.js("() => kgGraph.expanded") != expanded):
            assert time.monotonic() < deadline, "the graph never finished loading"
            time.sleep(0.1)
        return self.js("() => ({nodes: kgGraph.nodes, edges: kgGraph.edges, expanded: kgGraph.expanded, "
                       "errors: kgGraph.errors})")

    @property
    def path(self) -> str:
        url = urlparse(self.page.url)
        return unquote(url.path) + (f"?{url.query}" if url.query else "")

    @property
    def heading(self) -> str:
        return self.page.text_content("h1").strip()

    @property
    def outside(self) -> list[str]:
        return [u for u in self.requests if not u.startswith((self.served.url + "/", "data:", "blob:"))]

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / name))


def test_search_concept_paper_expand_similar_with_back_and_forward(browser, served):
    visit = Visit(browser, served).go("/")
    visit.page.fill("#kg-q", "contrastive learning")
    visit.page.press("#kg-q", "Enter")
    visit.page.wait_for_url("**/search?q=contrastive+learning")
    hits = visit.page.locator("#kg-hits li")
    assert hits.count() > 3
    assert visit.page.locator("#kg-hits li.paper .snippet").count() > 0  # a paper hit says where it matched
    visit.screenshot("search.png")

    concept = visit.page.locator("#kg-hits li.concept a").first
    concept_name = concept.text_content()
    concept.click()
    visit.page.wait_for_url("**/concept/**")
    assert visit.heading == concept_name
    first = visit.graph_ready()
    assert first["nodes"] > 1 and first["errors"] == 0
    assert visit.page.locator("#kg-papers tbody tr").count() > 0
    assert visit.page.locator("#kg-co tbody tr").count() > 0
    visit.screenshot("concept.png")

    paper = visit.page.locator("#kg-papers tbody tr a").first
    title = paper.text_content()
    paper.click()
    visit.page.wait_for_url("**/paper/**")
    assert visit.heading == title
    paper_path = visit.path
    start = visit.graph_ready()
    assert visit.page.locator("#kg-abstract").text_content().strip()

    # grow the graph: click a concept node other than the centre
    visit.page.locator("#kg-graph").scroll_into_view_if_needed()
    target = visit.js("""() => kgNetwork.body.data.nodes.get().filter(n => n.kind !== 'Paper'
                           && !n.borderWidth).sort((a, b) => (b.papers || 0) - (a.papers || 0))[0].id""")
    at = visit.js(f"() => kgGraph.positionOf({target!r})")
    visit.page.mouse.click(at["x"], at["y"])
    grown = visit.graph_ready(expanded=[target])
    assert grown["nodes"] > start["nodes"]
    assert visit.path.startswith(paper_path + "?expand=")
    assert visit.page.locator("#kg-open-node").get_attribute("href").startswith("/concept/")
    visit.screenshot("paper.png")

    visit.page.go_back()  # undoes the expansion, on the same page
    assert visit.graph_ready(expanded=[]) == start
    assert visit.path == paper_path
    visit.page.go_forward()
    assert visit.graph_ready(expanded=[target]) == grown

    similar = visit.page.locator("#kg-similar li a").first
    similar_title = similar.text_content()
    assert visit.page.locator("#kg-similar li .why .shared").first.text_content().startswith("shares ")
    assert visit.page.locator("#kg-similar li .why .cosine").first.text_content().startswith("cosine 0.")
    similar.click()
    visit.page.wait_for_url("**/paper/**")
    assert visit.heading == similar_title != title

    visit.page.go_back()
    assert visit.heading == title and visit.graph_ready(expanded=[target]) == grown  # the expansion is in the URL
    visit.page.go_back()
    visit.page.go_back()
    assert visit.heading == concept_name
    visit.page.go_back()
    assert visit.path == "/search?q=contrastive+learning"
    visit.page.go_forward()
    assert visit.heading == concept_name

    assert visit.errors == []
    assert visit.outside == []


PLACED = ("ZephyrAlign: Preference Optimization without a Reward Model. We propose ZephyrAlign, a preference "
          "optimization method for large language models. Unlike direct preference optimization (DPO) and "
          "reinforcement learning from human feedback (RLHF), ZephyrAlign aligns language models without training a "
          "reward model. We evaluate on AlpacaEval and MT-Bench.")  # written for this test, named like the sample's


def test_place_an_abstract_lists_nearest_papers_and_shared_and_new_concepts(browser, served):
    visit = Visit(browser, served).go("/place")
    visit.page.fill("#kg-abstract-input", PLACED)
    with visit.page.expect_navigation(timeout=300_000):  # the first abstract loads the extraction model
        visit.page.click("#kg-place")
    assert visit.page.locator("#kg-nearest li a").count() > 0
    assert visit.page.locator("#kg-shared li a").count() > 0
    assert "ZephyrAlign" in visit.page.text_content("#kg-new")
    drawn = visit.graph_ready()
    assert drawn["nodes"] > visit.page.locator("#kg-nearest li a").count()  # the abstract among its neighbours
    assert visit.page.input_value("#kg-abstract-input") == PLACED
    visit.page.set_viewport_size({"width": 1400, "height": 1500})  # the form, the lists and the drawing
    visit.screenshot("place.png")
    nearest = visit.page.locator("#kg-nearest li a").first
    nearest_title = nearest.text_content()
    nearest.click()
    visit.page.wait_for_url("**/paper/**")
    assert visit.heading == nearest_title
    assert visit.errors == []
    assert visit.outside == []


def test_markup_in_a_title_shows_as_text_and_runs_nothing(browser, hostile_served):
    visit = Visit(browser, hostile_served).go("/search?q=HostileNet")
    assert visit.js("() => window.__pwned") is None
    link = visit.page.locator("#kg-hits li.paper a").first
    assert link.text_content() == HOSTILE_TITLE
    link.click()
    visit.page.wait_for_url("**/paper/**")
    visit.graph_ready()
    assert visit.heading == HOSTILE_TITLE
    assert "<script>window.__pwned=3</script>" in visit.page.text_content("#kg-abstract")
    assert visit.js("() => window.__pwned") is None
    assert visit.errors == []
