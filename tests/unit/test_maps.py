"""What a view hands the page (kg/views/page_data.py), and how the overview names its communities.

The page data is checked against its declaration, and page.js against it: a key the script
reads that no view declares would be a silent blank on the page. Naming is checked on small
hand-made graphs with exact expected names.
"""

from __future__ import annotations

import re
from importlib import resources

import networkx as nx

from kg.views.neighbourhood import page_file
from kg.views.overview import specificity
from kg.views.page_data import EdgeData, NodeData, PageData
from kg.views.render import community_legend, network_data

PAGE_JS = resources.files("kg.viz").joinpath("page.js").read_text(encoding="utf-8")
PAGE_OWN = {"fullLabel", "baseColor"}  # what page.js adds to a node itself


def neighbourhood_graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_node("method:lora", type="Method", name="LoRA", papers=3, aliases=["low-rank adaptation"],
                   evidence=[("A paper", "We use LoRA.")])
    graph.add_node("p1", type="Paper", name="A paper", papers=1, year=2023, authors=2, abstract="We use LoRA.",
                   arxiv_id="2301.00001")
    graph.add_edge("p1", "method:lora", weight=0.9, type="USES", source="p1", evidence="We use LoRA.")
    return graph


def overview_like_graph() -> nx.Graph:
    graph = nx.Graph()
    for i, (name, community, spec) in enumerate([("neural networks", 0, 1.0), ("LoRA", 0, 9.0),
                                                  ("adapters", 0, 5.0), ("CIFAR-10", 1, 7.0)]):
        graph.add_node(f"method:{i}", type="Method", name=name, papers=10 - i, aliases=[], community=community,
                       specificity=spec, page=page_file(name), command=f"kg show '{name}'", more_papers=0,
                       paper_rows=[{"id": "p1", "title": "A paper", "year": 2023, "relation": "USES",
                                    "evidence": "We use it.", "arxiv_id": "2301.00001", "doi": None, "source": None}])
    graph.add_edge("method:0", "method:1", weight=1.0, papers=2)
    graph.add_edge("method:0", "method:3", weight=1.0, papers=2)
    return graph


def keys_fit(row: dict, declared) -> bool:
    return declared.__required_keys__ <= set(row) <= declared.__required_keys__ | declared.__optional_keys__


def test_both_views_hand_the_page_exactly_the_declared_keys():
    for data in (network_data(neighbourhood_graph(), centre="method:lora"),
                 network_data(overview_like_graph(), by_community=True)):
        assert set(data) == set(PageData.__annotations__)
        assert all(keys_fit(n, NodeData) for n in data["nodes"]), [sorted(n) for n in data["nodes"]]
        assert all(keys_fit(e, EdgeData) for e in data["edges"])


def test_every_key_page_js_reads_is_declared():
    read = set(re.findall(r"\bdata\.(\w+)", PAGE_JS))
    assert read - set(PageData.__annotations__) == set()
    node_keys = set(re.findall(r"\bn\.(\w+)", PAGE_JS)) - PAGE_OWN
    assert node_keys - set(NodeData.__annotations__) == set()


def test_the_overview_hands_each_concept_its_papers_and_its_neighbourhood_page():
    data = network_data(overview_like_graph(), by_community=True)
    lora = next(n for n in data["nodes"] if n["name"] == "LoRA")
    assert lora["page"] == "show-lora.html"
    assert lora["paper_rows"] == [{"id": "p1", "title": "A paper", "year": 2023, "relation": "USES",
                                   "evidence": "We use it.",
                                   "link": {"url": "https://arxiv.org/abs/2301.00001", "text": "arXiv:2301.00001"}}]
    assert [r["id"] for r in data["csv_papers"]] == ["p1"]  # once, though four concepts carry it


def test_communities_are_named_by_their_most_specific_concepts_not_their_biggest():
    rows = community_legend(overview_like_graph(), ["#111", "#222"], "#999")
    assert [r["label"] for r in rows] == ["LoRA, adapters, neural networks", "CIFAR-10"]


def test_a_concept_linked_into_every_community_is_the_least_specific():
    """A hub shares papers with every community, and with each member weakly (association strength)."""
    graph = nx.Graph()
    members = {"hub": 0, "lora": 0, "adapters": 0, "cifar": 1, "resnet": 1, "bleu": 2, "wmt": 2}
    for node, community in members.items():
        graph.add_node(node, community=community)
    links = [{"source": "hub", "target": t, "strength": 0.6} for t in ("lora", "adapters", "cifar", "resnet", "wmt")]
    links += [{"source": "lora", "target": "adapters", "strength": 4.0},
              {"source": "cifar", "target": "resnet", "strength": 3.0}, {"source": "bleu", "target": "wmt", "strength": 5.0}]
    found = specificity(graph, links)
    assert min(found, key=found.get) == "hub"
    assert found["lora"] > found["hub"] and found["adapters"] > found["hub"]
    assert found == specificity(graph, list(reversed(links)))  # order-free


def test_the_neighbourhood_page_file_is_kg_shows():
    from kg.api import show_file

    assert page_file("Low-Rank Adaptation (LoRA)") == show_file("Low-Rank Adaptation (LoRA)") == \
        "show-low-rank-adaptation-lora.html"
