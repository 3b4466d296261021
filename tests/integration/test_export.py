"""Exports other tools can read: each format loaded back with networkx, igraph, Gephi Lite's GEXF parser and a
strict XML parser, all finding the same attribute names."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg.readwrite.export import export_graph

pytestmark = pytest.mark.slow

HOSTILE = "Escapes \x1b[31mred\x1b[0m and a bell\x07: a study"


@pytest.fixture
def small_graph_store(store):
    """Two papers, two concepts and three typed links, written by hand into a real store."""
    store.run("CREATE (:Paper {id: 'p1', title: $hostile, year: 2024}), (:Paper {id: 'p2', title: 'Plain title'}), "
              "(:Concept:Method {id: 'method:contrastive learning', name: 'contrastive learning', "
              "key: 'contrastive learning', aliases: ['CL', 'contrastive-learning'], papers: 2}), "
              "(:Concept:Dataset {id: 'dataset:cifar 10', name: 'CIFAR-10', aliases: [], papers: 1})",
              {"hostile": HOSTILE})
    store.run("MATCH (p1:Paper {id: 'p1'}), (p2:Paper {id: 'p2'}), (m:Method), (d:Dataset) "
              "CREATE (p1)-[:USES {evidence: 'We use CL.'}]->(m), (p2)-[:MENTIONS {evidence: 'CL helps.'}]->(m), "
              "(p1)-[:EVALUATED_ON {evidence: 'On CIFAR-10.'}]->(d)")
    return store


CLEAN = "Escapes [31mred[0m and a bell: a study"
GEXF_READER = Path(__file__).parents[1] / "gexf_reader"
NODES = {  # kg_id: (label, type, papers) as every format must give them
    "p1": (CLEAN, "Paper", None), "p2": ("Plain title", "Paper", None),
    "method:contrastive learning": ("contrastive learning", "Method", 2), "dataset:cifar 10": ("CIFAR-10", "Dataset", 1)}
RELATIONS = ["EVALUATED_ON", "MENTIONS", "USES"]


def same_names(nodes: list[dict], edges: list[dict]) -> None:
    """What every reader of every format must find: one set of attribute names, integers as integers."""
    by_kg_id = {n["kg_id"]: n for n in nodes}
    assert {k: (n["label"], n["type"], n.get("papers")) for k, n in by_kg_id.items()} == NODES
    assert all(type(n["papers"]) is int for n in nodes if n["type"] != "Paper")
    assert by_kg_id["p1"]["year"] == 2024 and type(by_kg_id["p1"]["year"]) is int
    assert by_kg_id["method:contrastive learning"]["concept_key"] == "contrastive learning"
    assert sorted(e["relation"] for e in edges) == RELATIONS
    assert {e["relation"]: e["evidence"] for e in edges}["USES"] == "We use CL."
    for item in (*nodes, *edges):  # no name of one format's own: GraphML's label-as-type, GEXF's kind ...
        assert not {"kind", "networkx_key", "key"} & set(item), item


def test_graphml_gexf_and_json_use_one_set_of_attribute_names(small_graph_store, tmp_path):
    paths = {fmt: export_graph(small_graph_store, tmp_path / f"g.{fmt}") for fmt in ("graphml", "gexf", "json")}
    for fmt in ("graphml", "gexf"):
        ET.parse(paths[fmt])  # strict XML
    read = {"graphml": nx.read_graphml(paths["graphml"]), "gexf": nx.read_gexf(paths["gexf"]),
            "json": nx.node_link_graph(json.loads(paths["json"].read_text(encoding="utf-8")), edges="edges")}
    for fmt, graph in read.items():
        edges = [{k: v for k, v in d.items() if k != "id"} for *_, d in graph.edges(data=True)]  # gexf: edge id
        same_names([d for _, d in graph.nodes(data=True)], edges)
    aliases = {fmt: {d["kg_id"]: d.get("aliases") for _, d in g.nodes(data=True)}["method:contrastive learning"]
               for fmt, g in read.items()}
    assert aliases == {"graphml": "CL; contrastive-learning", "gexf": "CL; contrastive-learning",
                       "json": ["CL", "contrastive-learning"]}  # XML holds scalars only
    assert b"networkx_key" not in paths["gexf"].read_bytes()


def test_graphml_has_xml_token_ids_and_unique_edge_ids(small_graph_store, tmp_path):
    for fmt, element in (("graphml", "{http://graphml.graphdrawing.org/xmlns}"), ("gexf", "{http://www.gexf.net/1.2draft}")):
        root = ET.parse(export_graph(small_graph_store, tmp_path / f"g.{fmt}")).getroot()
        assert sorted(n.get("id") for n in root.iter(f"{element}node")) == ["n0", "n1", "n2", "n3"]
        assert sorted(e.get("id") for e in root.iter(f"{element}edge")) == ["e0", "e1", "e2"]


def test_igraph_reads_the_graphml_and_the_json(small_graph_store, tmp_path):
    import igraph  # a second reader, with its own GraphML parser; it has no GEXF reader

    other = igraph.Graph.Read_GraphML(str(export_graph(small_graph_store, tmp_path / "g.graphml")))
    assert (other.vcount(), other.ecount()) == (4, 3)
    nodes = [{k: v for k, v in vertex.attributes().items() if v == v and v != ""} for vertex in other.vs]  # v != v: NaN
    for node in nodes:  # igraph holds every number as a float: 2.0 is the 2 written
        node.update({k: int(node[k]) for k in ("papers", "year") if k in node and node[k] == int(node[k])})
    assert {n["kg_id"]: (n["label"], n["type"], n.get("papers")) for n in nodes} == NODES
    assert sorted(other.es["relation"]) == RELATIONS
    data = json.loads(export_graph(small_graph_store, tmp_path / "g.json").read_text(encoding="utf-8"))
    from_json = igraph.Graph.DictList(data["nodes"], data["edges"], directed=True, vertex_name_attr="id")
    same_names([v.attributes() for v in from_json.vs], [e.attributes() for e in from_json.es])


@pytest.mark.skipif(shutil.which("node") is None or not (GEXF_READER / "node_modules" / "graphology-gexf").exists(),
                    reason="graphology-gexf is not installed: npm ci --prefix tests/gexf_reader")
def test_gephi_lites_gexf_parser_reads_the_gexf(small_graph_store, tmp_path):
    """graphology-gexf, the parser of Gephi Lite and sigma.js, with undeclared attributes refused."""
    path = export_graph(small_graph_store, tmp_path / "g.gexf")
    read = subprocess.run(["node", str(GEXF_READER / "read.cjs"), str(path)], capture_output=True, text=True,
                          check=True, timeout=60)
    graph = json.loads(read.stdout)
    assert graph["type"] == "directed"
    same_names(graph["nodes"], [{k: v for k, v in e.items() if k not in ("id", "source", "target")}
                                for e in graph["edges"]])


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
    from kg.readwrite.neo4j_import import import_command

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
