"""A store built a file at a time holds, node for node, the graph one build of all the files makes.

Real sample files, the real spaCy pipeline (extracted once per session) and a real
embedded FalkorDB store per build. Each later build resolves the papers already stored
again with the new ones, so an acronym defined in a later file renames a bare use in an
earlier one, and names are counted over every mention.
"""

from __future__ import annotations

import pytest

from kg.records import PaperMentions
from kg.build.pipeline import write_extracted
from kg.readers import read_corpus
from kg.store import EmbeddedStore

pytestmark = pytest.mark.slow

FILES = ["000_a7cd84ad8c46997d.txt", "001_e293b0997caa1cec.txt", "002_f395d77681271859.txt",
         "003_68f5369dbcaf82b9.txt"]


def snapshot(store) -> tuple[dict, dict]:
    """Every node (labels and all properties, aliases sorted) by id, every relationship with its properties."""
    nodes = {}
    for row in store.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"):
        props = dict(row["props"])  # a plain dict: the store's property order is the order they were set in
        if "aliases" in props:
            props["aliases"] = sorted(props["aliases"])
        nodes[props["id"]] = (sorted(row["labels"]), props)
    rels = {(r["a"], r["type"], r["b"]): dict(r["props"]) for r in
            store.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props")}
    return nodes, rels


@pytest.fixture(scope="module")
def files(sample_dir, sample_mentions):
    """Each sample file's corpus and its papers' mentions (extracted once, with the whole sample)."""
    by_id = {r.paper.id: r.mentions for r in sample_mentions}
    out = {}
    for name in FILES:
        corpus = read_corpus([sample_dir / name])
        out[name] = (corpus, [PaperMentions(p, by_id[p.id]) for p in corpus.papers])
    return out


@pytest.fixture(scope="module")
def one_shot(tmp_path_factory, sample_corpus, sample_mentions):
    with EmbeddedStore(tmp_path_factory.mktemp("one-shot") / "store") as store:
        write_extracted(sample_corpus, sample_mentions, store, quiet=True)
        return snapshot(store)


def differences(a: tuple[dict, dict], b: tuple[dict, dict]) -> dict:
    """What differs between two snapshots, in a form a failing assertion can show."""
    (na, ra), (nb, rb) = a, b
    return {"nodes only in one": sorted(set(na) ^ set(nb))[:20],
            "nodes that differ": sorted(k for k in set(na) & set(nb) if na[k] != nb[k])[:20],
            "relationships only in one": sorted(set(ra) ^ set(rb))[:20],
            "relationships that differ": sorted(k for k in set(ra) & set(rb) if ra[k] != rb[k])[:20]}


def test_the_one_shot_build_resolves_a_bare_acronym_to_its_definition_in_another_file(one_shot):
    nodes, _ = one_shot
    assert "method:mle" not in nodes
    assert "MLE" in nodes["method:maximum likelihood estimation"][1]["aliases"]
    assert nodes["dataset:cifar 10"][1]["name"] == "CIFAR-10"


def test_one_file_then_the_whole_corpus_is_the_whole_corpus_at_once(tmp_path, files, sample_corpus, sample_mentions,
                                                                    one_shot):
    """The issue's case: 003 alone left method:mle (a bare MLE) and its own spellings of CIFAR-10 behind."""
    corpus, results = files["003_68f5369dbcaf82b9.txt"]
    with EmbeddedStore(tmp_path / "store") as store:
        write_extracted(corpus, results, store, quiet=True)
        assert "method:mle" in snapshot(store)[0]  # alone, 003 defines no MLE
        write_extracted(sample_corpus, sample_mentions, store, quiet=True)
        incremental = snapshot(store)
    assert differences(incremental, one_shot) == differences(one_shot, one_shot)
    assert incremental == one_shot


def test_files_added_one_at_a_time_make_the_whole_corpus_at_once(tmp_path, files, one_shot):
    """Papers shared by two files keep the first file's copy, as one build of both keeps it."""
    with EmbeddedStore(tmp_path / "store") as store:
        for name in FILES:
            corpus, results = files[name]
            write_extracted(corpus, results, store, quiet=True)
        incremental = snapshot(store)
    assert differences(incremental, one_shot) == differences(one_shot, one_shot)
    assert incremental == one_shot


def test_a_store_written_before_papers_kept_their_mentions_keeps_every_papers_links(tmp_path, files):
    """Such a paper is resolved again from its stored links: none is lost, each still names what it named."""
    corpus, results = files["001_e293b0997caa1cec.txt"]
    linked = ("MATCH (p:Paper)-[:MENTIONS]->(c:Concept) WHERE p.id IN $ids "
              "RETURN p.id AS paper, collect(c.name) AS names, collect(c.aliases) AS aliases")
    ids = [p.id for p in corpus.papers]
    with EmbeddedStore(tmp_path / "store") as store:
        write_extracted(corpus, results, store, quiet=True)
        store.run("MATCH (p:Paper) REMOVE p.entities")  # as an older kg left it
        assert store.run("MATCH (p:Paper) WHERE p.entities IS NOT NULL RETURN count(p) AS n") == [{"n": 0}]
        before = {r["paper"]: set(r["names"]) for r in store.run(linked, {"ids": ids})}
        later, later_results = files["003_68f5369dbcaf82b9.txt"]
        write_extracted(later, later_results, store, quiet=True)
        after = {r["paper"]: set(r["names"]).union(*map(set, r["aliases"]))
                 for r in store.run(linked, {"ids": ids})}
        unlinked = store.run("MATCH (c:Concept) WHERE NOT (c)<-[:MENTIONS]-() RETURN c.id AS id")
    assert before and set(after) == set(before)
    assert all(before[p] <= after[p] for p in before)
    assert unlinked == []
