"""Writing to and reading from a real embedded FalkorDB process."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.graph.in_memory import build_graph, graph_counts
from kg.readers import read_corpus
from kg.graph.resolve import resolve
from kg.store import EmbeddedStore
from kg.store.writer import write_graph

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def stored_counts(store) -> dict[str, int]:
    return {row["name"]: row["count"] for row in store.run("MATCH (n) UNWIND labels(n) AS name RETURN name, count(*) AS count")} | {
        row["name"]: row["count"] for row in store.run("MATCH ()-[r]->() RETURN type(r) AS name, count(*) AS count")}


def test_build_writes_every_node_and_edge_and_reads_back(store, built_graph):
    write_graph(store, built_graph, batch_size=50)
    expected = graph_counts(built_graph)
    got = stored_counts(store)
    for key, n in expected.items():
        assert got[key] == n, key
    assert got["Concept"] == sum(expected[t] for t in ("Method", "Dataset", "Loss", "Task") if t in expected)
    paper = next(d for _, d in built_graph.nodes(data=True) if d["type"] == "Paper")
    (row,) = store.run("MATCH (p:Paper {id: $id}) RETURN p.title AS title, p.abstract AS abstract", {"id": paper["id"]})
    assert row == {"title": paper["title"], "abstract": paper["abstract"]}


def test_store_persists_across_processes_and_rewrite_changes_nothing(tmp_path, built_graph):
    with EmbeddedStore(tmp_path / "kg") as first:
        write_graph(first, built_graph)
        before = stored_counts(first)
    with EmbeddedStore(tmp_path / "kg") as second:
        assert stored_counts(second) == before
        write_graph(second, built_graph)
        assert stored_counts(second) == before


def test_socket_is_private_and_no_tcp_port(store):
    import stat

    mode = store.socket.stat().st_mode
    assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) & 0o077 == 0
    assert store.run("RETURN 1 AS one") == [{"one": 1}]
    port = store._client.connection.config_get("port")["port"]
    assert port == "0"


def dump(store) -> tuple[list, list]:
    """Every node and relationship with all its properties, in a stable order."""
    nodes = store.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = store.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props")
    key = lambda row: repr(sorted((k, repr(v)) for k, v in row.items()))  # noqa: E731
    for row in nodes:
        row["labels"] = sorted(row["labels"])
        row["props"]["aliases"] = sorted(row["props"].get("aliases") or [])
    return sorted(nodes, key=key), sorted(rels, key=key)


def whole_and_chunked(tmp_path, corpus, results, chunk_size: int) -> tuple[tuple, tuple]:
    """The stores a corpus's mentions make written at once from one in-memory graph, and written in chunks."""
    from kg.build.pipeline import write_extracted
    from kg.store.writer import recount_concepts

    with EmbeddedStore(tmp_path / "whole") as store:
        graph = build_graph(resolve(results), corpus.identities)
        write_graph(store, graph, recount=False)
        recount_concepts(store, [d["id"] for _, d in graph.nodes(data=True) if d["type"] != "Paper"])
        whole = dump(store)
    with EmbeddedStore(tmp_path / "chunked") as store:
        report = write_extracted(corpus, results, store, quiet=True, chunk_size=chunk_size)
        chunked = dump(store)
    assert report.nodes_written == len(chunked[0])
    return whole, chunked


def test_a_build_in_chunks_stores_the_same_graph_as_the_whole_corpus_at_once(tmp_path, sample_corpus,
                                                                              sample_mentions):
    """Bare acronyms before their definition, concept names, BUILDS_ON across chunks: 37 papers a chunk."""
    whole, chunked = whole_and_chunked(tmp_path, sample_corpus, sample_mentions, chunk_size=37)
    assert {r["type"] for r in whole[1]} >= {"MENTIONS", "PROPOSES", "BUILDS_ON", "CO_OCCURS", "USES"}
    assert chunked == whole


def test_citations_and_stubs_in_chunks_of_one_paper_are_those_of_a_whole_build(tmp_path, extractor):
    fixtures = ROOT / "tests" / "fixtures"
    corpus = read_corpus([fixtures / "openalex.jsonl", fixtures / "semantic_scholar.jsonl", fixtures / "arxiv.jsonl"])
    whole, chunked = whole_and_chunked(tmp_path, corpus, list(extractor.run(corpus.papers)), chunk_size=1)
    assert {r["type"] for r in whole[1]} >= {"CITES", "MENTIONS"}
    assert any(n["props"].get("stub") for n in whole[0])
    assert chunked == whole


def test_building_twice_changes_no_count_or_property(tmp_path, extractor, small_corpus_file):
    from kg.build.pipeline import build

    with EmbeddedStore(tmp_path / "kg") as store:
        build([small_corpus_file], store, extractor=extractor, quiet=True)
        first = dump(store)
        build([small_corpus_file], store, extractor=extractor, quiet=True)
        assert dump(store) == first


def test_one_more_file_adds_only_what_is_new(tmp_path, extractor, sample_dir, small_corpus_file):
    from kg.build.pipeline import build

    other = sample_dir / "002_f395d77681271859.txt"
    with EmbeddedStore(tmp_path / "kg") as store:
        build([small_corpus_file], store, extractor=extractor, quiet=True)
        before_nodes, _ = dump(store)
        papers_before = {n["props"]["id"]: n["props"] for n in before_nodes if n["labels"] == ["Paper"]}
        concepts_before = {n["props"]["id"]: n["props"] for n in before_nodes if "Concept" in n["labels"]}
        build([other], store, extractor=extractor, quiet=True)
        after_nodes, _ = dump(store)
        new_concepts = store.run("MATCH (p:Paper)-[:MENTIONS]->(c) WHERE p.id IN $ids RETURN DISTINCT c.id AS id",
                                 {"ids": [p.id for p in read_corpus([other]).papers]})
        mentions = {r["id"]: r["n"] for r in store.run(
            "MATCH (c:Concept) OPTIONAL MATCH (c)<-[m:MENTIONS]-() RETURN c.id AS id, count(m) AS n")}
    papers_after = {n["props"]["id"]: n["props"] for n in after_nodes if n["labels"] == ["Paper"]}
    concepts_after = {n["props"]["id"]: n["props"] for n in after_nodes if "Concept" in n["labels"]}
    assert len(after_nodes) == len({(tuple(n["labels"]), n["props"]["id"]) for n in after_nodes})  # no duplicates
    assert set(papers_before) <= set(papers_after)
    new_ids = {p.id for p in read_corpus([other]).papers}
    assert set(papers_after) == set(papers_before) | new_ids
    for pid, props in papers_before.items():
        if pid not in new_ids:
            assert papers_after[pid] == props  # papers the new file does not hold are untouched
    names_after = {n for c in concepts_after.values() for n in (c["name"], *c["aliases"])}
    for props in concepts_before.values():  # names only grow; a bare acronym the new file defines joins its long form
        assert {props["name"], *props["aliases"]} <= names_after
    assert {cid: props["papers"] for cid, props in concepts_after.items()} == mentions  # recounted, not added
    grown = {c for c in concepts_before
             if c in concepts_after and concepts_after[c]["papers"] != concepts_before[c]["papers"]}
    new_mentions = {r["id"] for r in new_concepts}
    assert grown and grown <= new_mentions  # only concepts the new file mentions changed their count


# --- a store that refuses to lie (issue 14) ----------------------------------------------------

def _closed_store(tmp_path):
    """A store of 30 papers, each with a MENTIONS edge, closed cleanly; and its files' bytes."""
    path = tmp_path / "kg"
    with EmbeddedStore(path) as s:
        s.run("UNWIND range(1, 30) AS i MERGE (p:Paper {id: 'p' + toString(i)}) "
              "MERGE (c:Concept {id: 'c' + toString(i % 3)}) MERGE (p)-[:MENTIONS]->(c)")
    transient = {"server.log", "server.pid", "kg.lock"}
    files = {p: p.read_bytes() for p in path.rglob("*") if p.is_file() and p.name not in transient}
    return path, files


def _damage_and_open(path, files, damage):
    log = path / "appendonlydir"
    incr = next(log.glob("*.incr.aof"), None) or next(log.glob("*.base.*"))
    damage(log, incr)
    # as a killed build leaves it: not closed cleanly, so the checksums of the last clean close (which
    # catch all of these, tests/integration/test_store_safety.py) are not compared and the server's and counts' checks stand
    marker = path / "kg-store.json"
    marker.write_text(json.dumps({**json.loads(marker.read_text()), "clean": False}))
    files = {p: data for p, data in files.items() if p not in (incr, marker)}  # the damaged one aside
    with pytest.raises(StoreError) as refused:
        EmbeddedStore(path)
    for p, data in files.items():  # nothing kg holds was overwritten (graph.rdb above all)
        if p.exists():
            assert p.read_bytes() == data, p
    return str(refused.value)


def test_store_counts_are_kept_at_a_clean_close_and_reopen_whole(tmp_path):
    path, _ = _closed_store(tmp_path)
    marker = json.loads((path / "kg-store.json").read_text())
    assert (marker["nodes"], marker["relationships"]) == (33, 30)
    with EmbeddedStore(path) as again:
        assert again.run("MATCH ()-[r:MENTIONS]->() RETURN count(r) AS n") == [{"n": 30}]


def test_missing_append_only_log_is_an_error_never_an_empty_store(tmp_path):
    path, files = _closed_store(tmp_path)
    message = _damage_and_open(path, files, lambda log, incr: shutil.rmtree(log))
    assert "held 33 nodes" in message and "appendonlydir is missing" in message
    assert not (path / "appendonlydir").exists()  # the server never started and made an empty one


def test_truncated_append_only_log_is_an_error_naming_the_repair_tool(tmp_path):
    path, files = _closed_store(tmp_path)
    message = _damage_and_open(path, files, lambda log, incr: os.truncate(incr, incr.stat().st_size // 2))
    assert "appendonlydir is damaged" in message and "redis-check-aof --fix" in message


def test_garbage_in_the_append_only_log_is_an_error(tmp_path):
    path, files = _closed_store(tmp_path)
    garble = lambda log, incr: incr.write_bytes(incr.read_bytes() + bytes(range(200)))  # noqa: E731
    message = _damage_and_open(path, files, garble)
    assert "appendonlydir is damaged" in message


def test_log_cut_at_a_command_boundary_after_a_clean_close_is_refused_by_its_checksum(tmp_path):
    """The server loads a log cut between two commands without complaint; after a clean close the checksums tell.

    (After an unclean close such a log is what a killed writer leaves, and fewer nodes or
    relationships than the last clean close is no sign of damage: a build deletes edges.)
    """
    path, files = _closed_store(tmp_path)
    incr = next((path / "appendonlydir").glob("*.incr.aof"))
    data = incr.read_bytes()
    incr.write_bytes(data[:data.rindex(b"*3\r\n$11\r\nGRAPH.QUERY")])
    with pytest.raises(StoreError, match="changed since kg's last clean close"):
        EmbeddedStore(path)
    for p, data in files.items():
        if p != incr:
            assert p.read_bytes() == data, p


def _long_store_path(tmp_path):
    deep = tmp_path / ("a-folder-with-a-long-name-" * 3) / ("another-long-folder-name-" * 2) / "store"
    assert len(str(deep / "kg.sock")) > 100
    return deep


def test_a_long_store_path_puts_its_socket_in_a_private_folder_removed_at_close(tmp_path):
    from kg.store.embedded import _socket_path

    deep = _long_store_path(tmp_path)
    folder = _socket_path(deep.resolve()).parent
    folder.rmdir()
    with EmbeddedStore(deep) as s:
        assert s.socket.parent == folder and folder.stat().st_mode & 0o777 == 0o700
        s.run("CREATE (:Paper {id: 'p'})")
    assert not folder.exists()
    with EmbeddedStore(deep) as again:
        assert again.run("MATCH (p:Paper) RETURN p.id AS id") == [{"id": "p"}]


def test_a_planted_socket_folder_is_refused(tmp_path):
    from kg.store.embedded import _socket_path

    deep = _long_store_path(tmp_path)
    folder = _socket_path(deep.resolve()).parent
    folder.rmdir()
    elsewhere = tmp_path / "world-writable"
    elsewhere.mkdir(mode=0o777)
    folder.symlink_to(elsewhere)
    try:
        with pytest.raises(StoreError, match="is not a private folder"):
            EmbeddedStore(deep)
        assert list(elsewhere.iterdir()) == []
    finally:
        folder.unlink()


def test_a_store_opened_in_a_thread_outlives_the_thread(tmp_path):
    import threading

    opened = {}
    thread = threading.Thread(target=lambda: opened.setdefault("store", EmbeddedStore(tmp_path / "kg")))
    thread.start()
    thread.join()
    time.sleep(0.5)  # a parent-death signal tied to the thread would have stopped the server by now
    with opened["store"] as s:
        assert s.run("RETURN 1 AS one") == [{"one": 1}]


@pytest.mark.parametrize("name", ["kg.lock", "kg.sock"])
def test_store_files_that_are_directories_are_one_line_errors(tmp_path, name):
    with EmbeddedStore(tmp_path / "kg"):
        pass
    (tmp_path / "kg" / name).unlink(missing_ok=True)
    (tmp_path / "kg" / name).mkdir()
    with pytest.raises(StoreError, match=name):
        EmbeddedStore(tmp_path / "kg", write=True)


def test_a_stopped_server_is_an_error_naming_the_store_not_a_hang(tmp_path, monkeypatch):
    import signal

    import kg.store.embedded as embedded

    monkeypatch.setattr(embedded, "STORE_TIMEOUT", 2.0)  # the default is ten minutes
    s = EmbeddedStore(tmp_path / "kg")
    pid = s._process.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        with pytest.raises(StoreError, match=f"store {tmp_path / 'kg'} did not answer within 2 s"):
            s.run("RETURN 1 AS one")
    finally:
        os.kill(pid, signal.SIGCONT)
        s.close()


def _schema_1_store(path):
    """A store as kg wrote it before titles kept every script: marker schema 1, ASCII-keyed ids."""
    from kg.records import legacy_paper_id

    with EmbeddedStore(path) as s:
        s.run("CREATE (:Paper {id: $a, title: 'Réseaux profonds'})-[:MENTIONS]->(:Concept:Method {id: 'method:x'}), "
              "(:Paper {id: $b, title: 'Plain title'})",
              {"a": legacy_paper_id("Réseaux profonds"), "b": legacy_paper_id("Plain title")})
    marker = path / "kg-store.json"
    marker.write_text(json.dumps({**json.loads(marker.read_text()), "kg_store_schema": 1}))


def test_a_schema_1_store_is_migrated_by_a_build_and_left_alone_by_reads(tmp_path):
    from kg.records import legacy_paper_id, paper_id

    path = tmp_path / "kg"
    _schema_1_store(path)
    ids = "MATCH (p:Paper) RETURN p.id AS id ORDER BY id"
    with EmbeddedStore(path, create=False, write=False) as reading:
        assert {r["id"] for r in reading.run(ids, read_only=True)} == {legacy_paper_id("Réseaux profonds"), paper_id("Plain title")}
    assert json.loads((path / "kg-store.json").read_text())["kg_store_schema"] == 1
    with EmbeddedStore(path, write=True) as building:
        assert {r["id"] for r in building.run(ids)} == {paper_id("Réseaux profonds"), paper_id("Plain title")}
        assert building.run("MATCH (p:Paper)-[:MENTIONS]->(c) RETURN p.title AS t") == [{"t": "Réseaux profonds"}]
    assert json.loads((path / "kg-store.json").read_text())["kg_store_schema"] == 2


def test_an_acronym_defined_in_one_build_resolves_a_bare_one_in_a_later_build(tmp_path, extractor):
    from kg.build.pipeline import build

    first, later = tmp_path / "first.jsonl", tmp_path / "later.jsonl"
    first.write_text(json.dumps({"title": "Alignment revisited", "abstract": "Reinforcement Learning from Human "
                                 "Feedback (RLHF) aligns large language models with what people prefer."}) + "\n")
    later.write_text(json.dumps({"title": "Cheaper preference tuning", "abstract": "We study RLHF for large "
                                 "language models and report experiments on the GLUE benchmark."}) + "\n")
    with EmbeddedStore(tmp_path / "kg") as store:
        build([first], store, extractor=extractor, quiet=True)
        build([later], store, extractor=extractor, quiet=True)
        rows = store.run("MATCH (c:Concept) WHERE c.name CONTAINS 'RLHF' OR 'RLHF' IN c.aliases "
                         "RETURN c.id AS id, c.papers AS papers")
    assert rows == [{"id": "method:reinforcement learning from human feedback", "papers": 2}]
