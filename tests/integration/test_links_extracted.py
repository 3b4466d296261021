"""Paper-to-paper links on extracted papers: builds-on needs a real introduction, stubs are filled in a store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.graph.in_memory import build_graph
from kg.graph.links import builds_on
from kg.records import Paper, paper_id
from kg.graph.resolve import resolve

FIXTURES = Path(__file__).parents[1] / "fixtures"


def paper(title: str, abstract: str, year: int | None = None, **kw) -> Paper:
    return Paper(paper_id(title), title, abstract, "test", 1, year=year, **kw)


@pytest.mark.slow
def test_builds_on_needs_the_name_as_written_and_a_real_introduction(extractor):
    origin = paper("SPLADE: Sparse Lexical and Expansion Model for First Stage Ranking",
                   "We propose SPLADE, a sparse retriever with query expansion, evaluated on MS MARCO.", 2021)
    follower = paper("Making sparse retrievers cheaper", "In this work we build on SPLADE and cut its latency "
                     "by half on MS MARCO.", 2022)
    older = paper("Sparse retrieval before it was cool", "We study SPLADE-like expansion with BM25.", 2019)
    get = paper("GeT: Generative Target Structure Debiasing for Domain Adaptation",
                "We propose GeT, which learns a target structure for domain adaptation.", 2023)
    casual = paper("How to get more from less data", "We show how to get better accuracy. Get started with "
                   "our code; we get strong results on ImageNet.", 2024)
    wrapper = paper("LoRA Dropout as a Sparsity Regularizer", "We propose a LoRA Dropout mechanism for "
                    "low-rank adaptation (LoRA) that reduces overfitting.", 2024)
    lora_user = paper("Adapters everywhere", "We fine-tune with LoRA on GLUE and compare against full tuning.", 2025)
    resolved = resolve(extractor.run([origin, follower, older, get, casual, wrapper, lora_user]))
    links = {(link.source, link.target): link for link in builds_on(resolved)}
    assert (follower.id, origin.id) in links
    assert links[(follower.id, origin.id)].via == ("SPLADE",)
    assert "build on SPLADE" in links[(follower.id, origin.id)].evidence
    assert (older.id, origin.id) not in links  # cannot build on later work
    assert (casual.id, get.id) not in links  # "get" is a word, not GeT
    assert (lora_user.id, wrapper.id) not in links  # the LoRA Dropout paper does not introduce LoRA


@pytest.mark.slow
def test_stub_is_filled_in_when_the_cited_paper_arrives(tmp_path, extractor):
    from kg.build.pipeline import build
    from kg.store import EmbeddedStore

    first, second = FIXTURES / "semantic_scholar.jsonl", tmp_path / "later.jsonl"
    second.write_text('{"paperId": "0b544dfe355a5070b60986319a3f51fb45d1348e", "title": "Neural Machine Translation '
                      'by Jointly Learning to Align and Translate", "abstract": "We introduce attention for neural '
                      'machine translation and evaluate it on WMT.", "year": 2014}\n', encoding="utf-8")
    with EmbeddedStore(tmp_path / "store") as store:
        build([first], store, extractor=extractor, quiet=True)
        stub_rows = store.run("MATCH (p:Paper {stub: true}) RETURN p.title AS title")
        assert {"title": "Neural Machine Translation by Jointly Learning to Align and Translate"} in stub_rows
        build([second], store, extractor=extractor, quiet=True)
        rows = store.run("MATCH (a:Paper)-[:CITES]->(b:Paper) WHERE b.title STARTS WITH 'Neural Machine' "
                         "RETURN a.title AS a, b.stub AS stub, b.abstract AS abstract")
        assert rows == [{"a": "Attention is All you Need", "stub": False,
                         "abstract": "We introduce attention for neural machine translation and evaluate it on WMT."}]
        assert store.run("MATCH (p:Paper) WHERE p.title STARTS WITH 'Neural Machine' RETURN count(p) AS n") == [{"n": 1}]


@pytest.mark.slow
def test_every_builds_on_link_in_the_sample_has_evidence(sample_mentions, sample_corpus):
    resolved = resolve(sample_mentions)
    graph = build_graph(resolved, sample_corpus.identities)
    links = [(u, v, d) for u, v, k, d in graph.edges(keys=True, data=True) if k == "BUILDS_ON"]
    for u, v, data in links:
        assert data["evidence"] and data["via"]
        assert any(name in data["evidence"] for name in data["via"])
    targets = {graph.nodes[v]["title"] for _, v, _ in links}
    assert "SPLADE: Sparse Lexical and Expansion Model for First Stage Ranking" in targets
