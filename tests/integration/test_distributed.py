"""Extraction on a real Dask LocalCluster gives what one process gives."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client():
    import os

    from kg.build.distributed import connect

    before = dict(os.environ)
    c = connect("local", workers=2)
    assert dict(os.environ) == before  # the caller's environment is left as it was (Dask changes it)
    yield c
    c.close()
    c.cluster.close()


def test_a_local_cluster_of_two_workers_extracts_what_one_process_does(client, extractor, small_corpus_file):
    from kg.api import extract
    from kg.build.distributed import extract_on_dask
    from kg.readers import read_corpus

    papers = read_corpus([small_corpus_file]).papers
    alone = [r.as_json() for r in extractor.run(papers)]
    spread = [r.as_json() for r in extract_on_dask(papers, client, partition=20)]  # three partitions
    assert spread == alone
    assert len(client.scheduler_info()["workers"]) == 2
    assert [r.as_json() for r in extract([small_corpus_file], dask=client)] == alone  # the API, the same client


def test_kg_extract_dask_local_writes_the_same_file(tmp_path, small_corpus_file):
    one, spread = tmp_path / "one.jsonl", tmp_path / "dask.jsonl"
    run = [sys.executable, "-m", "kg.cli", "extract", str(small_corpus_file)]
    assert subprocess.run([*run, "-o", str(one)], capture_output=True).returncode == 0
    done = subprocess.run([*run, "-o", str(spread), "--dask", "local", "--workers", "2"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert spread.read_text() == one.read_text()
    assert len([json.loads(line) for line in spread.read_text().splitlines()]) == 58
