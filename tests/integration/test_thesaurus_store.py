"""A thesaurus applied to a real store: kg build --thesaurus, kg curate, and the builds after them.

Hand-made mentions files (no model) are built into a real embedded FalkorDB store through
the command line; the names are the sample's ("LoRA", "low-rank adapters", which kg's
lexicon does not join).
"""

from __future__ import annotations

import pytest

from hand_made_mentions import entity, mentions_record, write_lines
from kg.cli import main
from kg.store import EmbeddedStore

ROWS = "# kg's corrections\nlow-rank adapters\tLoRA\nBERT\tBERT-base\nGLUE\tTask:GLUE\nignore\tcontrastive loss\n"


def records(first: int = 1, count: int = 3) -> list[dict]:
    names = ["LoRA", "low-rank adapters", "LoRA"]
    return [mentions_record(n, [entity(names[(n - 1) % 3]), entity("BERT"), entity("GLUE", "Dataset"),
                                entity("contrastive loss", "Loss")]) for n in range(first, first + count)]


@pytest.fixture
def corpus(tmp_path):
    write_lines(tmp_path / "a.jsonl", records())
    write_lines(tmp_path / "b.jsonl", records(4, 3))
    (tmp_path / "thesaurus.tsv").write_text(ROWS, encoding="utf-8")
    return tmp_path


def kg(*args) -> int:
    return main([*map(str, args), "--quiet"] if args[0] in ("build", "curate") else list(map(str, args)))


def snapshot(store_dir) -> tuple[dict, dict]:
    with EmbeddedStore(store_dir) as store:
        nodes = {r["id"]: (sorted(r["labels"]), {k: sorted(v) if k == "aliases" else v for k, v in r["props"].items()})
                 for r in store.run("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")}
        rels = {(r["a"], r["t"], r["b"]): r["props"] for r in
                store.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props")}
    return nodes, rels


def concepts(store_dir) -> dict[str, tuple[str, int]]:
    nodes, _ = snapshot(store_dir)
    return {i: (p["name"], p["papers"]) for i, (labels, p) in nodes.items() if "Concept" in labels}


def co_occurs(store_dir, a: str, b: str):
    _, rels = snapshot(store_dir)
    return (rels.get((a, "CO_OCCURS", b)) or rels.get((b, "CO_OCCURS", a)) or {}).get("papers")


CURATED = {"method:low rank adaptation": ("LoRA", 3), "method:bert base": ("BERT-base", 3),
           "task:glue": ("GLUE", 3)}


def test_build_with_a_thesaurus_merges_renames_retypes_drops_and_recounts(corpus):
    store = corpus / "store"
    assert kg("build", corpus / "a.jsonl", "--store-dir", corpus / "plain", "--html", corpus / "m.html") == 0
    plain = concepts(corpus / "plain")
    assert plain["method:low rank adaptation"] == ("LoRA", 2) and plain["method:low rank adapter"][1] == 1
    assert co_occurs(corpus / "plain", "method:low rank adaptation", "method:bert") == 2

    assert kg("build", corpus / "a.jsonl", "--store-dir", store, "--html", corpus / "m.html",
              "--thesaurus", corpus / "thesaurus.tsv") == 0
    found = concepts(store)
    assert {k: found[k] for k in CURATED} == CURATED
    assert not {"method:low rank adapter", "method:bert", "dataset:glue", "loss:contrastive"} & set(found)
    assert co_occurs(store, "method:low rank adaptation", "method:bert base") == 3  # recounted over the merge


def test_curate_applies_to_a_built_store_and_twice_is_once(corpus):
    store = corpus / "store"
    kg("build", corpus / "a.jsonl", "--store-dir", store, "--html", corpus / "m.html")
    assert kg("curate", corpus / "thesaurus.tsv", "--store-dir", store) == 0
    once = snapshot(store)
    assert {k: concepts(store)[k] for k in CURATED} == CURATED
    assert kg("curate", corpus / "thesaurus.tsv", "--store-dir", store) == 0
    assert snapshot(store) == once


def test_a_merge_holds_through_later_builds_and_equals_one_build_with_the_thesaurus(corpus):
    """The store keeps the thesaurus: a build of a new file (no --thesaurus) re-resolves every paper with it."""
    kg("build", corpus / "a.jsonl", "--store-dir", corpus / "inc", "--html", corpus / "m.html")
    kg("curate", corpus / "thesaurus.tsv", "--store-dir", corpus / "inc")
    kg("build", corpus / "b.jsonl", "--store-dir", corpus / "inc", "--html", corpus / "m.html")
    assert concepts(corpus / "inc")["method:low rank adaptation"] == ("LoRA", 6)
    assert "method:low rank adapter" not in concepts(corpus / "inc")
    kg("build", corpus / "a.jsonl", corpus / "b.jsonl", "--store-dir", corpus / "one", "--html", corpus / "m.html",
       "--thesaurus", corpus / "thesaurus.tsv")
    assert snapshot(corpus / "inc") == snapshot(corpus / "one")


def test_stats_lists_the_stored_thesaurus_and_an_empty_file_removes_it(corpus, capsys):
    store = corpus / "store"
    kg("build", corpus / "a.jsonl", "--store-dir", store, "--html", corpus / "m.html")
    kg("curate", corpus / "thesaurus.tsv", "--store-dir", store)
    capsys.readouterr()
    assert kg("stats", "--store-dir", store, "--format", "csv") == 0
    listed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("thesaurus,")]
    assert listed == ["thesaurus,low-rank adapters -> LoRA,1", "thesaurus,BERT -> BERT-base,1",
                      "thesaurus,GLUE -> Task:GLUE,1", "thesaurus,ignore contrastive loss,1"]
    (corpus / "empty.tsv").write_text("# nothing\n", encoding="utf-8")
    kg("curate", corpus / "empty.tsv", "--store-dir", store)
    assert "method:low rank adapter" in concepts(store)  # as extracted again
    assert not [n for n, (labels, _) in snapshot(store)[0].items() if "Thesaurus" in labels]


def test_no_thesaurus_stores_nothing(corpus):
    kg("build", corpus / "a.jsonl", "--store-dir", corpus / "store", "--html", corpus / "m.html")
    nodes, _ = snapshot(corpus / "store")
    assert {labels[0] for labels, _ in nodes.values()} == {"Concept", "Paper"}


def test_a_bad_row_is_one_line_naming_file_and_line_and_nothing_is_written(corpus, capsys):
    (corpus / "bad.tsv").write_text("LoRA\tlow-rank adapters\nLoRA low-rank adapters\n", encoding="utf-8")
    kg("build", corpus / "a.jsonl", "--store-dir", corpus / "store", "--html", corpus / "m.html")
    before = snapshot(corpus / "store")
    capsys.readouterr()
    assert kg("curate", corpus / "bad.tsv", "--store-dir", corpus / "store") == 2
    err = capsys.readouterr().err.strip()
    assert err == f"kg: error: {corpus / 'bad.tsv'}:2: a row is FROM<TAB>TO[<TAB>TYPE] or ignore<TAB>NAME, " \
        "tab-separated, not 'LoRA low-rank adapters'"
    assert snapshot(corpus / "store") == before


def test_over_bolt_the_thesaurus_is_stored_applied_and_kept_by_later_builds(bolt_server, corpus, capsys):
    """The Neo4j path on a real Bolt server (ArcadeDB, tests/bolt_server.py): the same Cypher, the same result."""
    import kg as kg_api

    bolt_server.create_database("thesaurus")
    on = ["--store", bolt_server.uri, "--user", bolt_server.user, "--password", bolt_server.password,
          "--database", "thesaurus"]
    assert kg("build", corpus / "a.jsonl", *on, "--html", corpus / "m.html") == 0
    assert kg("curate", corpus / "thesaurus.tsv", *on) == 0
    with kg_api.open(bolt_server.uri, user=bolt_server.user, password=bolt_server.password,
                     database="thesaurus") as graph:
        def found():
            return {r["id"]: (r["name"], r["papers"]) for r in
                    graph.cypher("MATCH (c:Concept) RETURN c.id AS id, c.name AS name, c.papers AS papers")}

        once = found()
        assert {k: once[k] for k in CURATED} == CURATED and "method:low rank adapter" not in once
        assert kg("curate", corpus / "thesaurus.tsv", *on) == 0
        assert found() == once
        assert kg("build", corpus / "b.jsonl", *on, "--html", corpus / "m.html") == 0
        assert found()["method:low rank adaptation"] == ("LoRA", 6)
    capsys.readouterr()
    assert kg("stats", *on, "--format", "csv") == 0
    assert "thesaurus,low-rank adapters -> LoRA,1" in capsys.readouterr().out.splitlines()


def test_curate_notes_each_row_that_names_no_concept(corpus, capsys):
    kg("build", corpus / "a.jsonl", "--store-dir", corpus / "store", "--html", corpus / "m.html")
    (corpus / "typo.tsv").write_text("low-rank adapters\tLoRA\nLoRRA\tLoRA\n", encoding="utf-8")
    capsys.readouterr()
    assert kg("curate", corpus / "typo.tsv", "--store-dir", corpus / "store") == 0
    assert capsys.readouterr().err.splitlines() == [
        f"kg: note: {corpus / 'typo.tsv'}: this row names no concept in the store: 'LoRRA\\tLoRA'"]
