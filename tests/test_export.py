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


TRICKY = 'Commas, "quotes" and a\nnew line: a title'


@pytest.fixture
def tricky_store(store):
    store.run("CREATE (:Paper {id: 'p1', title: $tricky, year: 2024, abstract: 'One, two.', stub: false}), "
              "(:Paper {id: 'p2', title: 'Plain', stub: false}), "
              "(:Concept:Method {id: 'method:cl', name: 'contrastive learning', key: 'contrastive learning', "
              "aliases: ['CL', 'a; b', 'say \"hi\"'], papers: 2})", {"tricky": TRICKY})
    store.run("MATCH (p1:Paper {id: 'p1'}), (p2:Paper {id: 'p2'}), (m:Method) "
              "CREATE (p1)-[:USES {evidence: 'We use CL, \"as is\".', confidence: 0.75}]->(m), "
              "(p2)-[:BUILDS_ON {evidence: 'We extend CL.', via: ['CL', 'SimCLR']}]->(p1)")
    return store


def read_csv(path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))  # RFC 4180, as neo4j-admin reads it: quotes doubled, newlines inside quotes


def test_neo4j_import_files_have_the_headers_and_quoting_neo4j_admin_reads(tricky_store, tmp_path):
    from kg.api import KnowledgeGraph
    from kg.neo4j_import import import_command

    out = KnowledgeGraph(tricky_store).export_neo4j_import(tmp_path / "import")
    papers = read_csv(out / "papers.csv")
    assert papers[0] == ["id:ID", "title", "abstract", "date", "year:int", "month:int", "authors:int", "source",
                         "doi", "arxiv_id", "external_id", "stub:boolean", ":LABEL"]
    assert sorted(papers[1:]) == [["p1", TRICKY, "One, two.", "", "2024", "", "", "", "", "", "", "false", "Paper"],
                                  ["p2", "Plain", "", "", "", "", "", "", "", "", "", "false", "Paper"]]
    assert '"Commas, ""quotes"" and a\nnew line: a title"' in (out / "papers.csv").read_text(encoding="utf-8")
    concepts = read_csv(out / "concepts.csv")
    assert concepts == [["id:ID", "name", "key", "aliases:string[]", "papers:int", ":LABEL"],
                        ["method:cl", "contrastive learning", "contrastive learning", 'CL\x1fa; b\x1fsay "hi"', "2",
                         "Concept\x1fMethod"]]
    links = read_csv(out / "relationships.csv")
    assert links[0] == [":START_ID", ":END_ID", ":TYPE", "evidence", "confidence:float", "via:string[]",
                        "papers:int"]
    assert sorted(links[1:]) == [["p1", "method:cl", "USES", 'We use CL, "as is".', "0.75", "", ""],
                                 ["p2", "p1", "BUILDS_ON", "We extend CL.", "", "CL\x1fSimCLR", ""]]
    assert import_command(out) == (
        f"neo4j-admin database import full neo4j --nodes={out}/papers.csv --nodes={out}/concepts.csv "
        f"--relationships={out}/relationships.csv --array-delimiter=U+001F --multiline-fields=true")


def test_neo4j_import_never_writes_into_a_directory_of_other_files(tricky_store, tmp_path):
    from kg.api import KnowledgeGraph
    from kg.errors import KgError

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(KgError, match="not an empty directory"):
        KnowledgeGraph(tricky_store).export_neo4j_import(tmp_path / "mine")
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]
