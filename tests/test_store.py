"""Writing to and reading from a real embedded FalkorDB process."""

from __future__ import annotations

import pytest

from kg.graph import graph_counts
from kg.store import EmbeddedStore
from kg.store.writer import write_graph

pytestmark = pytest.mark.slow


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
    paper = next(d for _, d in built_graph.nodes(data=True) if d["label"] == "Paper")
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
