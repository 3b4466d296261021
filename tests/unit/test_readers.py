"""The Daily Papers reader on the real sample corpus files."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.readers import read_corpus
from kg.readers.hf_daily import CHROME_LINES


def test_sample_corpus_has_422_entries_and_401_distinct_papers(sample_corpus):
    assert sample_corpus.entries == 422
    assert len(sample_corpus.papers) == 401
    assert len({p.id for p in sample_corpus.papers}) == 401
    assert sample_corpus.problems == []


def test_page_chrome_never_becomes_a_paper(sample_corpus):
    for paper in sample_corpus.papers:
        assert paper.title.lower() not in CHROME_LINES
        assert not paper.title.startswith("Subscribe")
        assert "authors" not in paper.title and len(paper.abstract) > 200


def test_title_glued_to_subscribe_is_read(paper_by_title):
    paper = paper_by_title("GeT: Generative Target Structure Debiasing")
    assert paper.line == 3 and paper.abstract.startswith("Domain adaptation (DA)")


def test_dates_and_author_counts_belong_to_the_paper_before_them(paper_by_title):
    climb = paper_by_title("CLIMB: CLustering-based Iterative Data Mixture")
    assert climb.authors == 15 and climb.date == "--04-17" and climb.year is None and climb.month == 4
    llp = paper_by_title("Learning from Label Proportions: Bootstrapping")
    assert llp.authors == 5 and llp.date == "2023-10-12" and llp.year == 2023


def test_same_paper_in_two_files_is_one_paper_with_a_stable_id(sample_corpus):
    from kg.records import paper_id

    title = "A Common Pitfall of Margin-based Language Model Alignment: Gradient Entanglement"
    copies = [p for p in sample_corpus.papers if p.title == title]
    assert len(copies) == 1
    assert copies[0].id == paper_id(title) == paper_id(title.upper() + "  ")


def test_missing_path_is_an_input_error_naming_it(tmp_path):
    with pytest.raises(InputError, match="nope.txt: no such file"):
        read_corpus([tmp_path / "nope.txt"])


def test_file_without_papers_is_an_input_error(tmp_path):
    path = tmp_path / "chrome.txt"
    path.write_text("new\n\nSubscribe\n\nDaily Papers\n", encoding="utf-8")
    with pytest.raises(InputError, match="chrome.txt.*no papers found"):
        read_corpus([path])


def test_empty_file_and_non_utf8_file_are_refused_with_their_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty.txt: file is empty"):
        read_corpus([empty])
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"A title\nAn abstract about caf\xe9 models. " + b"word " * 30 + b"\n")
    with pytest.raises(InputError, match="latin.txt:2: not UTF-8"):
        read_corpus([latin])


def test_title_without_abstract_is_reported_not_invented(tmp_path, sample_dir):
    text = (sample_dir / "002_f395d77681271859.txt").read_text(encoding="utf-8")
    path = tmp_path / "gap.txt"
    path.write_text("A Lonely Title With No Abstract\n\n" + text, encoding="utf-8")
    corpus = read_corpus([path])
    assert [str(p) for p in corpus.problems] == [f"{path}:1: title with no abstract: 'A Lonely Title With No Abstract'"]
    assert corpus.entries == 58  # every paper of the file still read


def test_a_doi_is_one_key_however_a_source_writes_it():
    from kg.records import normalise_doi

    assert normalise_doi("https://doi.org/10.48550/arXiv.1706.03762") == "10.48550/arxiv.1706.03762"
    assert normalise_doi("10.48550/ARXIV.1706.03762 ") == normalise_doi("http://dx.doi.org/10.48550/arxiv.1706.03762")
    assert normalise_doi(None) is None and normalise_doi("") is None
