"""kg search, kg similar, kg place and the pages' data, on a hand-made corpus whose answers are worked by hand.

Eight papers, given as mentions (``kg extract`` output, so no model is needed to build them):

    paper   concepts                                   df (papers per concept), N = 8
    p1      Zorblax, Transformer, GLUE                 Zorblax 2, Transformer 7, GLUE 2,
    p2      Zorblax, BERT, focal loss                  BERT 5, focal loss 3, Adam 6
    p3      Transformer, BERT, focal loss, Adam
    p4      Transformer, BERT, GLUE, Adam
    p5      Transformer, BERT, focal loss, Adam
    p6      Transformer, BERT, Adam
    p7      Transformer, Adam
    p8      Transformer, Adam

Similar papers to p1, by the cosine of tf-idf concept vectors with idf = ln((1 + N) / (1 + df)) + 1:
idf(df 2) = ln 3 + 1 = 2.0986, idf(7) = 1.1178, idf(5) = 1.4055, idf(3) = 1.8109, idf(6) = 1.2513;
|p1|^2 = 2 * 2.0986^2 + 1.1178^2 = 10.058.
    p4 shares Transformer and GLUE:  (1.2495 + 4.4042) / sqrt(10.058 * 9.195) = 0.5879
    p2 shares Zorblax only:           4.4042 / sqrt(10.058 * 9.659)            = 0.4468
    p7, p8 share Transformer only:    1.2495 / sqrt(10.058 * 2.815)            = 0.2348
    p6 shares Transformer:            1.2495 / sqrt(10.058 * 4.791)            = 0.1800
    p3, p5 share Transformer:         1.2495 / sqrt(10.058 * 8.070)            = 0.1387
so p2, sharing one rare concept, ranks above p7, sharing one common one.

Transformer's co-occurring concepts by association strength, shared * N / (df_a * df_b): Adam 6 * 8 / (7 * 6)
= 1.143 and GLUE 2 * 8 / (7 * 2) = 1.143 (tie: more papers first), BERT 4 * 8 / (7 * 5) = 0.914, focal loss
2 * 8 / (7 * 3) = 0.762, Zorblax (one shared paper, last) 0.571: GLUE above BERT, which shares more papers.
"""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.errors import QueryError, StoreError
from hand_made_mentions import entity, mentions_record, write_lines

CONCEPTS = {"Zorblax": "Method", "Transformer": "Method", "GLUE": "Dataset", "BERT": "Method",
            "focal loss": "Loss", "Adam": "Method"}
PAPERS = {1: ["Zorblax", "Transformer", "GLUE"], 2: ["Zorblax", "BERT", "focal loss"],
          3: ["Transformer", "BERT", "focal loss", "Adam"], 4: ["Transformer", "BERT", "GLUE", "Adam"],
          5: ["Transformer", "BERT", "focal loss", "Adam"], 6: ["Transformer", "BERT", "Adam"],
          7: ["Transformer", "Adam"], 8: ["Transformer", "Adam"]}
ABSTRACT_ONLY = "xylophonic"  # a word only in p3's abstract
EVIDENCE_ONLY = "marsupial"  # a word only in an evidence sentence of p5


def abstract(number: int) -> str:
    names = PAPERS[number]
    extra = f" Our analysis is {ABSTRACT_ONLY} in spirit." if number == 3 else ""
    return f"We study {', '.join(names[:-1])} and {names[-1]} together in experiment number {number}.{extra}"


def hand_corpus(path: Path) -> Path:
    records = []
    for number, names in PAPERS.items():
        entities = [entity(n, CONCEPTS[n], evidence=f"We study {n} in experiment number {number}.") for n in names]
        if number == 5:
            entities[0]["evidence"] = f"A {EVIDENCE_ONLY} benchmark with {names[0]}."
        record = mentions_record(number, entities, abstract=abstract(number))
        record["title"] = f"Hand-made paper {number}"
        records.append(record)
    return write_lines(path, records)


def idf(df: int, n: int = 8) -> float:
    return math.log((1 + n) / (1 + df)) + 1


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    return hand_corpus(tmp_path_factory.mktemp("explore") / "hand.jsonl")


@pytest.fixture(scope="module")
def hand_store(corpus_file, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("explore-store") / "store"
    with kg.open(str(store)) as graph:
        graph.build([corpus_file])
    return store


@pytest.fixture(scope="module")
def graph(hand_store):
    with kg.open(str(hand_store), write=False) as graph:
        yield graph


def ids(rows) -> list[str]:
    return [r["id"] for r in rows]


def test_similar_ranks_a_shared_rare_concept_above_a_shared_common_one(graph):
    rows = graph.similar("paper-1")
    assert ids(rows) == ["paper-4", "paper-2", "paper-7", "paper-8", "paper-6", "paper-3", "paper-5"]
    by_id = {r["id"]: r for r in rows}
    own = 2 * idf(2) ** 2 + idf(7) ** 2
    assert by_id["paper-2"]["score"] == pytest.approx(idf(2) ** 2 / math.sqrt(own * (idf(2) ** 2 + idf(5) ** 2
                                                                                    + idf(3) ** 2)), abs=1e-4)
    assert by_id["paper-4"]["score"] == pytest.approx(0.5879, abs=1e-4)
    assert by_id["paper-7"]["score"] == pytest.approx(0.2348, abs=1e-4)
    assert by_id["paper-4"]["shared"] == ["GLUE", "Transformer"]  # rarest first
    assert all(r["cosine"] is None for r in rows)  # built without vectors


def test_similar_takes_an_exact_title_and_refuses_an_unknown_paper(graph):
    assert ids(graph.similar("Hand-made paper 1", limit=2)) == ["paper-4", "paper-2"]
    with pytest.raises(QueryError, match="no paper with id or title 'nope'"):
        graph.similar("nope")


def test_search_finds_a_word_only_in_an_abstract_and_one_only_in_an_evidence_sentence(graph):
    hits = graph.search(ABSTRACT_ONLY)
    assert [(h["kind"], h["id"]) for h in hits] == [("paper", "paper-3")]
    assert ABSTRACT_ONLY in hits[0]["snippet"] and hits.note == ""
    hits = graph.search(EVIDENCE_ONLY)
    assert [(h["kind"], h["id"]) for h in hits] == [("paper", "paper-5")]
    assert hits[0]["snippet"] == f"A {EVIDENCE_ONLY} benchmark with Transformer."


def test_search_ranks_a_concept_named_exactly_first(graph):
    hits = graph.search("focal loss")
    assert (hits[0]["kind"], hits[0]["label"], hits[0]["type"], hits[0]["score"]) == ("concept", "focal loss",
                                                                                    "Loss", 2.0)
    assert {h["id"] for h in hits if h["kind"] == "paper"} == {"paper-2", "paper-3", "paper-5"}
    json.dumps(hits)  # plain data


def test_concept_page_ranks_co_occurring_concepts_by_association_strength(graph):
    page = graph.concept_page("Transformer")
    assert (page["name"], page["type"], page["papers_total"]) == ("Transformer", "Method", 7)
    assert [c["name"] for c in page["co_occurring"]] == ["Adam", "GLUE", "BERT", "focal loss", "Zorblax"]
    assert [c["strength"] for c in page["co_occurring"]] == [1.143, 1.143, 0.914, 0.762, 0.571]
    assert sorted(ids(page["papers"])) == [f"paper-{n}" for n in (1, 3, 4, 5, 6, 7, 8)]
    assert {p["evidence"] for p in page["papers"] if p["id"] == "paper-4"} == {
        "We study Transformer in experiment number 4."}
    table = {(r["method"], r["dataset"]): r["papers"] for r in page["methods_datasets"]}
    assert table == {("Transformer", "GLUE"): 2}


def test_paper_page_groups_concepts_by_relation_and_lists_similar_papers(graph):
    page = graph.paper_page("paper-4")
    assert page["title"] == "Hand-made paper 4" and page["abstract"] == abstract(4)
    assert {c["name"] for c in page["concepts"]["MENTIONS"]} == {"Transformer", "BERT", "GLUE", "Adam"}
    assert page["similar"][0]["id"] == "paper-1" or page["similar"][0]["score"] >= page["similar"][1]["score"]
    assert page["links_in"] == [] and page["links_out"] == []
    assert graph.paper_page("Hand-made paper 4") == page  # its exact title finds it too (ids skip the title scan)
    json.dumps(page)


def test_expand_gives_a_node_and_its_neighbours_with_the_edges_between_them(graph):
    grown = graph.expand("Zorblax")
    centre, *neighbours = grown["nodes"]
    assert (centre["label"], centre["type"], centre["papers"]) == ("Zorblax", "Method", 2)
    assert {n["label"] for n in neighbours} == {"Hand-made paper 1", "Hand-made paper 2", "Transformer", "GLUE",
                                                "BERT", "focal loss"}
    assert {"source": "paper-1", "target": centre["id"], "type": "MENTIONS"} in grown["edges"]
    assert {e["type"] for e in grown["edges"]} == {"MENTIONS", "CO_OCCURS"}
    assert grown == graph.expand(centre["id"])


def store_bytes(store: Path) -> dict[str, str]:
    return {str(p.relative_to(store)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(store.rglob("*")) if p.is_file()}


def test_place_lists_known_and_new_concepts_writes_nothing_and_draws_it(hand_store, extractor, tmp_path):
    before = store_bytes(hand_store)
    text = ("We propose FlibberNet, a sparse attention method trained with a focal loss. FlibberNet outperforms "
            "BERT on the GLUE benchmark.")
    with kg.open(str(hand_store), write=False) as graph:
        from kg.explore.place import place, place_graph, write_place_html

        placed = place(graph.store, text, extractor=extractor)
    assert store_bytes(hand_store) == before
    assert {c["name"] for c in placed["concepts"]} >= {"BERT", "GLUE"}
    assert all(c["id"] and c["papers"] for c in placed["concepts"])
    assert "FlibberNet" in {c["name"] for c in placed["new_concepts"]}
    assert placed["nearest"][0]["id"] in {"paper-4", "paper-2"}  # BERT and GLUE; BERT and focal loss
    json.dumps(placed)
    drawn = place_graph(placed, text)
    assert drawn["nodes"][0]["id"] == "kg-place" and {"source": "kg-place", "target": "dataset:glue",
                                                     "type": "MENTIONS"} in drawn["edges"]
    assert {n["id"] for n in drawn["nodes"]} >= {p["id"] for p in placed["nearest"]}
    page = write_place_html(placed, tmp_path / "place.html", text)
    assert "FlibberNet" in page.read_text(encoding="utf-8")


def test_kg_place_reads_standard_input_and_kg_similar_prints_csv(hand_store):
    run = [sys.executable, "-m", "kg.cli"]
    similar = subprocess.run([*run, "similar", "paper-1", "--store-dir", str(hand_store), "--format", "csv",
                              "--limit", "2"], capture_output=True, text=True, timeout=300)
    assert similar.returncode == 0, similar.stderr
    assert [line.split(",")[0] for line in similar.stdout.splitlines()] == ["id", "paper-4", "paper-2"]
    search = subprocess.run([*run, "search", EVIDENCE_ONLY, "--store-dir", str(hand_store), "--format", "jsonl"],
                            capture_output=True, text=True, timeout=300)
    assert [json.loads(line)["id"] for line in search.stdout.splitlines()] == ["paper-5"]
    placed = subprocess.run([*run, "place", "-", "--store-dir", str(hand_store), "--format", "csv"],
                            input="We propose FlibberNet, which outperforms BERT on the GLUE benchmark.",
                            capture_output=True, text=True, timeout=600)
    assert placed.returncode == 0, placed.stderr
    rows = placed.stdout.splitlines()
    assert rows[0] == "kind,id,name,type,papers,score,shared,cosine"
    assert {r.split(",")[2] for r in rows if r.startswith("new_concept,")} >= {"FlibberNet"}
    assert "concept,dataset:glue,GLUE,Dataset,2,,," in rows


def test_a_store_without_full_text_indexes_is_scanned_and_says_so(corpus_file, tmp_path):
    """A store built before kg made the indexes (simulated: the indexes dropped) is searched by a scan."""
    store = tmp_path / "store"
    with kg.open(str(store)) as graph:
        graph.build([corpus_file])
        for label in ("Paper", "Concept"):
            graph.cypher("CALL db.idx.fulltext.drop($label)", write=True, label=label)
    with kg.open(str(store), write=False) as graph:
        hits = graph.search(EVIDENCE_ONLY)
        assert ids(hits) == ["paper-5"] and "run kg build again" in hits.note
        assert graph.search("Zorblax")[0]["label"] == "Zorblax"


def test_vectors_are_off_by_default_and_on_give_each_paper_a_cosine(corpus_file, hand_store, tmp_path):
    with kg.open(str(hand_store), write=False) as graph:
        assert graph.cypher("MATCH (p:Paper) WHERE p.embedding IS NOT NULL RETURN count(p) AS n") == [{"n": 0}]
    store = tmp_path / "vectors"
    with kg.open(str(store)) as graph:
        graph.build([corpus_file], vectors=True)
    with kg.open(str(store), write=False) as graph:
        assert graph.cypher("MATCH (p:Paper) WHERE p.embedding IS NOT NULL RETURN count(p) AS n") == [{"n": 8}]
        rows = graph.similar("paper-1")
        assert all(r["cosine"] is not None and -1 <= r["cosine"] <= 1 for r in rows)
        assert len(rows) == 7 and rows[0]["id"] in {"paper-4", "paper-2"}
        with_vectors = {r["id"]: r for r in rows}
        # the score is the mean of the concept score and the cosine
        assert with_vectors["paper-2"]["score"] == pytest.approx((0.4468 + with_vectors["paper-2"]["cosine"]) / 2,
                                                                 abs=2e-4)


# The Neo4j path, on a real Bolt server: ArcadeDB (tests/bolt_server.py). It runs kg's Cypher but has no
# full-text or vector index (CREATE FULLTEXT/VECTOR INDEX: "Only standard, RANGE and TEXT index types are
# supported"), so there search scans and says so, and --vectors is refused; the Neo4j 5 statements for those
# indexes and their procedures are linted by Neo4j's analyser instead (test_cypher_lint).

@pytest.fixture(scope="module")
def bolt_graph(bolt_server, corpus_file):
    bolt_server.create_database("explore")  # its own: the session's server is shared with other modules' stores
    with kg.open(bolt_server.uri, user=bolt_server.user, password=bolt_server.password,
                 database="explore") as graph:
        graph.build([corpus_file])
        yield graph


@pytest.mark.slow
def test_over_bolt_similar_pages_and_expand_answer_as_on_the_embedded_store(bolt_graph, graph):
    assert bolt_graph.similar("paper-1") == graph.similar("paper-1")
    assert bolt_graph.concept_page("Transformer") == graph.concept_page("Transformer")
    assert bolt_graph.paper_page("paper-4") == graph.paper_page("paper-4")
    assert bolt_graph.expand("Zorblax") == graph.expand("Zorblax")


@pytest.mark.slow
def test_over_bolt_without_full_text_indexes_search_scans_and_says_so(bolt_graph):
    hits = bolt_graph.search(EVIDENCE_ONLY)
    assert ids(hits) == ["paper-5"] and "no full-text index" in hits.note
    assert bolt_graph.search("focal loss")[0]["id"] == "loss:focal"


@pytest.mark.slow
def test_over_bolt_a_server_without_vector_indexes_refuses_vectors_before_writing(bolt_server, bolt_graph, tmp_path):
    extra = write_lines(tmp_path / "more.jsonl", [mentions_record(9, [entity("Quuxformer")])])
    with pytest.raises(StoreError, match="cannot make a vector index.*build without paper vectors"):
        bolt_graph.build([extra], vectors=True)
    assert bolt_graph.cypher("MATCH (p:Paper {id: 'paper-9'}) RETURN count(p) AS n") == [{"n": 0}]
