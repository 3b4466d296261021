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
def sample_mentions(extractor, sample_corpus):
    """Every sample paper's mentions, extracted once per session."""
    return list(extractor.run(sample_corpus.papers))


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
    from kg.graph.in_memory import build_graph
    from kg.readers import read_corpus
    from kg.graph.resolve import resolve

    corpus = read_corpus([small_corpus_file])
    return with_oracle_counts(build_graph(resolve(extractor.run(corpus.papers))))


def with_oracle_counts(graph):
    """The counts the store must arrive at, worked out in memory from the MENTIONS edges: the tests' oracle.

    kg itself counts only in the store; this independent count is what the store's is checked against.
    """
    from collections import Counter, defaultdict
    from itertools import combinations

    by_paper = defaultdict(set)
    for paper, concept, key in graph.edges(keys=True):
        if key == "MENTIONS":
            by_paper[paper].add(concept)
    papers = Counter(c for concepts in by_paper.values() for c in concepts)
    for node, data in graph.nodes(data=True):
        if data["type"] != "Paper":
            data["papers"] = papers[node]
    pairs = Counter(pair for concepts in by_paper.values() for pair in combinations(sorted(concepts), 2))
    for (a, b), n in pairs.items():
        graph.add_edge(a, b, key="CO_OCCURS", papers=n)
    return graph


@pytest.fixture(scope="session")
def built_store(tmp_path_factory, built_graph):
    """A real embedded store holding the small corpus's graph, shared by read-only tests."""
    from kg.store import EmbeddedStore
    from kg.store.writer import write_graph

    with EmbeddedStore(tmp_path_factory.mktemp("built") / "store") as s:
        write_graph(s, built_graph, batch_size=100)
        yield s


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    """A real Bolt server (ArcadeDB, tests/bolt_server.py) on a free loopback port, stopped at the end."""
    from bolt_server import BoltServer

    with BoltServer(tmp_path_factory.mktemp("bolt")) as server:
        yield server
