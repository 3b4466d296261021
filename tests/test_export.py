"""Exports other tools can read: each format loaded back with networkx and a strict XML parser."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg.export import export_graph

pytestmark = pytest.mark.slow

HOSTILE = "Escapes \x1b[31mred\x1b[0m and a bell\x07: a study"


@pytest.fixture
def small_graph_store(store):
    """Two papers, two concepts and three typed links, written by hand into a real store."""
    store.run("CREATE (:Paper {id: 'p1', title: $hostile, year: 2024}), (:Paper {id: 'p2', title: 'Plain title'}), "
              "(:Concept:Method {id: 'method:contrastive learning', name: 'contrastive learning', "
              "aliases: ['CL', 'contrastive-learning'], papers: 2}), "
              "(:Concept:Dataset {id: 'dataset:cifar 10', name: 'CIFAR-10', aliases: [], papers: 1})",
              {"hostile": HOSTILE})
    store.run("MATCH (p1:Paper {id: 'p1'}), (p2:Paper {id: 'p2'}), (m:Method), (d:Dataset) "
              "CREATE (p1)-[:USES {evidence: 'We use CL.'}]->(m), (p2)-[:MENTIONS {evidence: 'CL helps.'}]->(m), "
              "(p1)-[:EVALUATED_ON {evidence: 'On CIFAR-10.'}]->(d)")
    return store


CLEAN = "Escapes [31mred[0m and a bell: a study"


def test_gexf_keeps_relation_types_and_names_as_labels(small_graph_store, tmp_path):
    path = export_graph(small_graph_store, tmp_path / "g.gexf")
    ET.parse(path)  # strict XML
    graph = nx.read_gexf(path)
    by_kg_id = {d["kg_id"]: d for _, d in graph.nodes(data=True)}
    assert {k: (d["label"], d["kind"]) for k, d in by_kg_id.items()} == {
        "p1": (CLEAN, "Paper"), "p2": ("Plain title", "Paper"),
        "method:contrastive learning": ("contrastive learning", "Method"), "dataset:cifar 10": ("CIFAR-10", "Dataset")}
    assert sorted(d["relation"] for *_, d in graph.edges(data=True)) == ["EVALUATED_ON", "MENTIONS", "USES"]
    assert by_kg_id["method:contrastive learning"]["aliases"] == "CL; contrastive-learning"


def test_graphml_has_xml_token_ids_and_unique_edge_ids(small_graph_store, tmp_path):
    path = export_graph(small_graph_store, tmp_path / "g.graphml")
    root = ET.parse(path).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    node_ids = [n.get("id") for n in root.iter(f"{{{ns['g']}}}node")]
    edge_ids = [e.get("id") for e in root.iter(f"{{{ns['g']}}}edge")]
    assert sorted(node_ids) == ["n0", "n1", "n2", "n3"] and sorted(edge_ids) == ["e0", "e1", "e2"]
    graph = nx.read_graphml(path)
    titles = sorted(d.get("title", "") for _, d in graph.nodes(data=True))
    assert titles == ["", "", CLEAN, "Plain title"]
    evidence = {d["relation"]: d["evidence"] for *_, d in graph.edges(data=True)}
    assert evidence == {"USES": "We use CL.", "MENTIONS": "CL helps.", "EVALUATED_ON": "On CIFAR-10."}
    import igraph  # a second reader, with its own GraphML parser

    other = igraph.Graph.Read_GraphML(str(path))
    assert (other.vcount(), other.ecount()) == (4, 3)
    assert sorted(other.es["relation"]) == ["EVALUATED_ON", "MENTIONS", "USES"]
    assert sorted(other.vs["kg_id"]) == ["dataset:cifar 10", "method:contrastive learning", "p1", "p2"]


def test_node_link_json_loads_with_networkx_defaults(small_graph_store, tmp_path):
    path = export_graph(small_graph_store, tmp_path / "g.json")
    graph = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")))  # networkx's own defaults
    assert graph.number_of_nodes() == 4 and graph.number_of_edges() == 3
    assert graph.nodes["method:contrastive learning"]["aliases"] == ["CL", "contrastive-learning"]
    assert graph.nodes["p1"]["title"] == CLEAN and graph.nodes["p1"]["year"] == 2024
    assert sorted(t for *_, t in graph.edges(data="type")) == ["EVALUATED_ON", "MENTIONS", "USES"]
