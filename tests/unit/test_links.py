"""Paper-to-paper links: builds-on from the text, title mentions, citations from sources.

On extracted papers and in a store: tests/integration/test_links_extracted.py."""

from __future__ import annotations

from pathlib import Path

from kg.graph.links import builds_on, citations, title_mentions
from kg.records import Paper, Reference, paper_id
from kg.readers import read_corpus
from kg.graph.resolve import resolve

FIXTURES = Path(__file__).parents[1] / "fixtures"


def paper(title: str, abstract: str, year: int | None = None, **kw) -> Paper:
    return Paper(paper_id(title), title, abstract, "test", 1, year=year, **kw)


def test_openalex_and_semantic_scholar_readers_skip_bad_records_and_keep_references():
    oa = read_corpus([FIXTURES / "openalex.jsonl"])
    assert [p.title for p in oa.papers] == [
        "Attention Is All You Need", "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"]
    assert oa.papers[0].abstract == "We propose the Transformer, a network based solely on attention."
    assert oa.papers[1].references[0] == Reference("openalex:W2963403868")
    assert [(p.line, p.message.split(" (")[0]) for p in oa.problems] == [
        (3, "malformed JSON record"), (4, "no abstract for 'No abstract here'; skipped")]
    s2 = read_corpus([FIXTURES / "semantic_scholar.jsonl"])
    attention = s2.papers[0]
    assert attention.arxiv_id == "1706.03762" and attention.doi == "10.48550/arxiv.1706.03762"
    assert Reference("s2:df2b0e26d0599ce3e70df8a9da02e51594e0e992",
                     "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
                     cited_by=True) in attention.references
    assert [p.line for p in s2.problems] == [3]


def test_formats_merge_by_doi_arxiv_id_or_title():
    corpus = read_corpus([FIXTURES / "openalex.jsonl", FIXTURES / "semantic_scholar.jsonl", FIXTURES / "arxiv.jsonl"])
    assert len(corpus.papers) == 3
    attention = corpus.papers[0]
    assert attention.external_id == "openalex:W2963403868" and attention.arxiv_id == "1706.03762"
    assert corpus.identities["s2:204e3073870fae3d05bcbc2f6a8e263d9b72e776"] == attention.id
    links, stubs = citations(corpus.papers, corpus.identities)
    pairs = {(a, b) for a, b, *_ in [(link.source, link.target) for link in links]}
    bert = corpus.papers[1].id
    assert (bert, attention.id) in pairs  # from OpenAlex's referenced_works and Semantic Scholar's both ways
    assert {s.external_id for s in stubs} >= {"openalex:W2130942839", "openalex:W1902237438"}
    named = [s for s in stubs if s.title == "Neural Machine Translation by Jointly Learning to Align and Translate"]
    assert named and named[0].id == paper_id(named[0].title)  # fills in when that paper arrives


def test_title_named_in_an_abstract_is_cites_text():
    cited = paper("Attention Is All You Need", "We propose the Transformer.")
    citing = paper("A survey", "Since Attention Is All You Need, transformers dominate. We review them.")
    (link,) = title_mentions([cited, citing])
    assert (link.source, link.target, link.type) == (citing.id, cited.id, "CITES_TEXT")
    assert link.evidence == "Since Attention Is All You Need, transformers dominate."


def test_a_name_most_papers_use_links_none_of_them_to_its_origin():
    """A concept in more than max(30, papers / 20) papers is the field's, not one paper's: no BUILDS_ON."""
    from kg.records import Mention, PaperMentions

    def corpus(citing: int):
        origin = PaperMentions(Paper("p0", "ZetaNet: a new network", "We propose ZetaNet, a network.", "t", 1,
                                     year=2020),
                               (Mention("ZetaNet", "Method", proposed=True, evidence="We propose ZetaNet, a network."),))
        users = [PaperMentions(Paper(f"p{i}", f"Study {i}", "We compare with ZetaNet here.", "t", i + 1, year=2021),
                               (Mention("ZetaNet", "Method", evidence="We compare with ZetaNet here."),))
                 for i in range(1, citing + 1)]
        return resolve([origin, *users])

    assert len(builds_on(corpus(29))) == 29  # 30 papers in all: below the limit, every user links
    assert builds_on(corpus(31)) == []  # 32 papers mention it: common, nobody builds on it by name
