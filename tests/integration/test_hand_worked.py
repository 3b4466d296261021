"""Neighbourhood caps, map links and communities, and trends on a corpus small enough to work out by hand.

The mentions are written here, not extracted, so every expected figure below comes
from the table in ``PAPERS`` and the arithmetic in the comments, never from the code
under test. Eight papers:

    paper  year  concepts (confidence of its AlphaNet mention)
    P1     2021  AlphaNet (0.80), DeltaSet
    P2     2022  AlphaNet (0.80), BetaNet, DeltaSet
    P3     2023  AlphaNet (0.90), BetaNet
    P4     2023  AlphaNet (0.95), GammaNet
    P5     2023  BetaNet, GammaNet, epsilon loss
    P6     -     AlphaNet (0.70), epsilon loss
    P7     2020  XiNet, YNet
    P8     2020  XiNet, YNet

Papers per concept: AlphaNet 5, BetaNet 3, GammaNet 2, DeltaSet 2, epsilon loss 2, XiNet 2, YNet 2.
Shared papers: Alpha-Beta 2, Alpha-Delta 2, Xi-Y 2; every other pair that meets shares 1.
"""

from __future__ import annotations

import json
import re

import pytest

from kg.api import KnowledgeGraph
from kg.graph.in_memory import build_graph
from kg.records import Mention, Paper, PaperMentions, paper_id
from kg.views.neighbourhood import neighbourhood
from kg.views.overview import overview, overview_graph
from kg.graph.resolve import resolve
from kg.store import EmbeddedStore
from kg.store.writer import write_graph

pytestmark = pytest.mark.slow

TYPES = {"AlphaNet": "Method", "BetaNet": "Method", "GammaNet": "Method", "DeltaSet": "Dataset",
         "epsilon loss": "Loss", "XiNet": "Method", "YNet": "Method"}
PAPERS = [  # title, year, {concept: confidence}
    ("P1", 2021, {"AlphaNet": 0.80, "DeltaSet": 0.9}),
    ("P2", 2022, {"AlphaNet": 0.80, "BetaNet": 0.9, "DeltaSet": 0.9}),
    ("P3", 2023, {"AlphaNet": 0.90, "BetaNet": 0.9}),
    ("P4", 2023, {"AlphaNet": 0.95, "GammaNet": 0.9}),
    ("P5", 2023, {"BetaNet": 0.9, "GammaNet": 0.9, "epsilon loss": 0.9}),
    ("P6", None, {"AlphaNet": 0.70, "epsilon loss": 0.9}),
    ("P7", 2020, {"XiNet": 0.9, "YNet": 0.9}),
    ("P8", 2020, {"XiNet": 0.9, "YNet": 0.9}),
]


def pid(title: str) -> str:
    return paper_id(title)


@pytest.fixture(scope="module")
def hand_kg(tmp_path_factory):
    results = []
    for line, (title, year, found) in enumerate(PAPERS, start=1):
        sentence = "We study " + " and ".join(found) + "."
        paper = Paper(pid(title), title, sentence, "hand.txt", line, year=year)
        results.append(PaperMentions(paper, tuple(
            Mention(name, TYPES[name], confidence=conf, evidence=sentence) for name, conf in found.items())))
    with EmbeddedStore(tmp_path_factory.mktemp("hand") / "store") as store:
        write_graph(store, build_graph(resolve(results)), batch_size=3)
        yield KnowledgeGraph(store)


def page_data(path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', text, re.S)[1])


def names(graph) -> set[str]:
    return {d["name"] for _, d in graph.nodes(data=True)}


def test_each_concept_counts_the_papers_that_mention_it(hand_kg):
    rows = hand_kg.cypher("MATCH (c:Concept) OPTIONAL MATCH (c)<-[m:MENTIONS]-() "
                          "RETURN c.name AS name, c.papers AS papers, count(m) AS mentions")
    assert {r["name"]: (r["papers"], r["mentions"]) for r in rows} == {
        "AlphaNet": (5, 5), "BetaNet": (3, 3), "GammaNet": (2, 2), "DeltaSet": (2, 2), "epsilon loss": (2, 2),
        "XiNet": (2, 2), "YNet": (2, 2)}


def test_neighbourhood_keeps_the_strongest_neighbours_up_to_the_cap(hand_kg):
    # Cap 4 = centre + int(3 * 0.6) = 1 concept + 2 papers. DeltaSet and BetaNet both share 2 papers with
    # AlphaNet; the id breaks the tie ("dataset:..." < "method:..."). The papers mentioning DeltaSet too are
    # P1 and P2. Neighbours: 5 papers + 4 concepts (Beta, Gamma, Delta, epsilon) = 9, of which 3 are shown.
    hood = neighbourhood(hand_kg.store, "AlphaNet", hops=2, max_nodes=4)
    assert names(hood.graph) == {"AlphaNet", "DeltaSet", "P1", "P2"}
    assert hood.left_out == 6
    assert sorted(sorted((hood.graph.nodes[u]["name"], hood.graph.nodes[v]["name"])) for u, v in
                  hood.graph.edges) == [["AlphaNet", "P1"], ["AlphaNet", "P2"], ["DeltaSet", "P1"],
                                        ["DeltaSet", "P2"]]


def test_one_hop_neighbourhood_keeps_the_most_confident_papers(hand_kg):
    # No concepts at one hop; AlphaNet's papers by mention confidence: P4 0.95, P3 0.90, then P1/P2 0.80.
    hood = neighbourhood(hand_kg.store, "AlphaNet", hops=1, max_nodes=3)
    assert names(hood.graph) == {"AlphaNet", "P4", "P3"}
    assert hood.left_out == 3


def test_show_says_how_many_neighbours_were_left_out(hand_kg, tmp_path):
    page = hand_kg.show("AlphaNet", html=tmp_path / "alpha.html", max_nodes=4)
    text = page.read_text(encoding="utf-8")
    assert "4 nodes within 2 hops; 6 weaker neighbours left out" in text
    assert sorted(n["name"] for n in page_data(page)["nodes"]) == ["AlphaNet", "DeltaSet", "P1", "P2"]


def test_map_links_by_association_strength_with_enough_shared_papers(hand_kg):
    # strength = shared * papers in store / (papers of a * papers of b), 8 papers in all:
    # Alpha-Beta 2*8/(5*3) = 16/15, Alpha-Delta 2*8/(5*2) = 1.6, Xi-Y 2*8/(2*2) = 4.
    view = overview(hand_kg.store, min_shared=2)
    graph = view.graph
    links = {tuple(sorted((graph.nodes[u]["name"], graph.nodes[v]["name"]))): (d["papers"], d["weight"])
             for u, v, d in graph.edges(data=True)}
    assert links == {("AlphaNet", "BetaNet"): (2, pytest.approx(16 / 15)), ("AlphaNet", "DeltaSet"): (2, 1.6),
                     ("XiNet", "YNet"): (2, 4.0)}
    assert view.left_out == 2  # GammaNet and epsilon loss share one paper with anyone


def test_map_with_one_shared_paper_links_every_pair_that_meets(hand_kg):
    # Pairs sharing at least one paper: 8 among the first six concepts, plus Xi-Y; C-L is 1*8/(2*2) = 2.
    view = overview(hand_kg.store, min_shared=1)
    graph = view.graph
    assert graph.number_of_edges() == 9 and view.left_out == 0
    gamma, eps = "method:gammanet", "loss:epsilon"  # a loss is keyed without the word "loss"
    assert graph.edges[gamma, eps]["weight"] == 2.0


def test_map_communities_follow_the_links(hand_kg):
    # With 2+ shared papers the map is a path Beta-Alpha-Delta and a pair Xi-Y. Modularity: the path as one
    # community and the pair as another gives 0.48; splitting the path gives at most 0.37.
    graph = overview_graph(hand_kg.store, min_shared=2)
    groups = {}
    for _, d in graph.nodes(data=True):
        groups.setdefault(d["community"], set()).add(d["name"])
    assert groups == {0: {"AlphaNet", "BetaNet", "DeltaSet"}, 1: {"XiNet", "YNet"}}


def test_map_types_keeps_only_those_types(hand_kg, tmp_path):
    page = hand_kg.map(html=tmp_path / "methods.html", types=["Method"], min_shared=2)
    assert sorted(n["name"] for n in page_data(page)["nodes"]) == ["AlphaNet", "BetaNet", "XiNet", "YNet"]
    everything = hand_kg.map(html=tmp_path / "all.html", min_shared=2)
    assert "5 of the top 30 concepts by papers" in everything.read_text(encoding="utf-8")  # 8 papers: the floor, 30


def test_concept_trend_counts_papers_per_year(hand_kg):
    assert [(r["year"], r["papers"]) for r in hand_kg.trend("AlphaNet")] == [(2021, 1), (2022, 1), (2023, 2)]


def test_trend_without_a_concept_ranks_what_rose_in_the_latest_year(hand_kg):
    # Latest year 2023. Recent (2023) and before: Gamma 2/0 -> 3/1, Beta 2/1 -> 3/2, Alpha 2/2 -> 3/3.
    # DeltaSet, XiNet, YNet have no 2023 paper; epsilon loss has one (P6 has no year): below min_papers 2.
    rows = hand_kg.trend()
    assert [(r["concept"], r["recent"], r["before"], r["growth"]) for r in rows] == [
        ("GammaNet", 2, 0, 3.0), ("BetaNet", 2, 1, 1.5), ("AlphaNet", 2, 2, 1.0)]
    since_2022 = hand_kg.trend(since=2022)
    # From 2022: Beta 3/0 -> 4, Gamma 2/0 -> 3, Alpha 3/1 -> 2.
    assert [(r["concept"], r["growth"]) for r in since_2022] == [("BetaNet", 4.0), ("GammaNet", 3.0),
                                                                 ("AlphaNet", 2.0)]
