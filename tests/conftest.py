"""Shared fixtures: the bundled sample corpus, real models, and real FalkorDB processes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "samples" / "hf-daily-papers"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def sample_corpus():
    from kg.readers import read_corpus

    return read_corpus([SAMPLE_DIR])


@pytest.fixture(scope="session")
def extractor():
    from kg.extract import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def paper_by_title(sample_corpus):
    def find(prefix: str):
        return next(p for p in sample_corpus.papers if p.title.startswith(prefix))

    return find


@pytest.fixture
def store(tmp_path):
    """A real embedded FalkorDB store in a fresh directory, stopped after the test."""
    from kg.store import EmbeddedStore

    with EmbeddedStore(tmp_path / "store") as s:
        yield s


@pytest.fixture(scope="session")
def small_corpus_file(sample_dir) -> Path:
    """One real page dump of 58 papers: real text, builds in seconds."""
    return sample_dir / "001_e293b0997caa1cec.txt"


@pytest.fixture(scope="session")
def built_graph(extractor, small_corpus_file):
    """The in-memory graph of the small corpus, extracted once per session."""
    from kg.graph import build_graph
    from kg.readers import read_corpus
    from kg.resolve import resolve

    corpus = read_corpus([small_corpus_file])
    return build_graph(resolve(extractor.run(corpus.papers)))


@pytest.fixture(scope="session")
def built_store(tmp_path_factory, built_graph):
    """A real embedded store holding the small corpus's graph, shared by read-only tests."""
    from kg.store import EmbeddedStore
    from kg.store.writer import write_graph

    with EmbeddedStore(tmp_path_factory.mktemp("built") / "store") as s:
        write_graph(s, built_graph, batch_size=100)
        yield s
