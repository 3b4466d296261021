"""kg on a real Bolt server, as a user runs it: the `kg` CLI, the Python API and the official driver.

The server is ArcadeDB with its Neo4j Bolt plugin (tests/bolt_server.py, from PyPI's
arcadedb-embedded), started once per session on a free loopback port. It is not Neo4j: what
these tests prove is that kg's Bolt path and its Cypher work on a second Bolt engine, and that
kg's read-only promise holds on a server that would run a write in a read transaction.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import kg
from kg.cypher import library
from kg.errors import QueryError

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parents[1] / "fixtures"
SAMPLE_LIMIT = 10_000  # every query's own limit, raised so that ties at the cut cannot differ between engines


def run_kg(server, *args, cwd: Path | None = None, password: str | None = None):
    """The `kg` command with the server's credentials in the environment, as a user would set them."""
    env = {**os.environ, "NEO4J_USERNAME": server.user, "NEO4J_PASSWORD": password or server.password}
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=600)


def on(server, database: str | None = None) -> list[str]:
    return ["--store", server.uri, "--database", database or server.database]


def one_line_error(result, exit_code: int, *parts: str) -> str:
    assert result.returncode == exit_code, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("kg: error: "), result.stderr
    for part in parts:
        assert part in last, last
    return last


def stats(server, database: str | None = None) -> dict:
    result = run_kg(server, "query", "stats", "--format", "jsonl", *on(server, database))
    assert result.returncode == 0, result.stderr
    return {(r["kind"], r["name"]): r["count"] for r in map(json.loads, result.stdout.splitlines())}


def oracle_stats(graph) -> dict:
    """The counts kg stats must show, from the in-memory graph of the same file (conftest's oracle)."""
    labels = Counter(d["type"] for _, d in graph.nodes(data=True))
    labels["Concept"] = sum(n for label, n in labels.items() if label != "Paper")
    return {**{("node", k): v for k, v in labels.items()},
            **{("relationship", k): v for k, v in Counter(k for _, _, k in graph.edges(keys=True)).items()}}


@pytest.fixture(scope="module")
def built(bolt_server, small_corpus_file, tmp_path_factory):
    """The small sample file built by `kg build` over Bolt twice; the counts after each build."""
    where = tmp_path_factory.mktemp("bolt-build")
    counts = []
    for _ in range(2):
        result = run_kg(bolt_server, "build", small_corpus_file, *on(bolt_server), "--quiet",
                        "--html", where / "map.html", cwd=where)
        assert result.returncode == 0, result.stderr
        assert f"{bolt_server.uri} now holds" in result.stdout
        counts.append(stats(bolt_server))
    return counts


def test_building_the_same_file_twice_over_bolt_gives_the_in_memory_graphs_counts(built, built_graph):
    first, again = built
    assert first == oracle_stats(built_graph)
    assert again == first


def test_stats_prints_every_label_and_relationship_type(bolt_server, built):
    result = run_kg(bolt_server, "stats", *on(bolt_server))
    assert result.returncode == 0, result.stderr
    for (kind, name), count in built[0].items():
        assert [kind, name, str(count)] in [line.split() for line in result.stdout.splitlines()], name


def query_params(graph) -> dict[str, dict]:
    """Parameters for every named query, picked from the in-memory graph so that each one finds rows."""
    mentions = Counter(v for _, v, k in graph.edges(keys=True) if k == "MENTIONS")
    by_type = {t: [c for c, _ in mentions.most_common() if graph.nodes[c]["type"] == t]
               for t in ("Method", "Dataset", "Loss", "Task")}
    method = by_type["Method"][0]
    node = next(p for p, _, k in graph.edges(keys=True) if k == "PROPOSES")
    paper = graph.nodes[node]["id"]  # a paper's node is "paper:<id>"
    mentioning = [p for p, _, k in graph.in_edges(method, keys=True) if k == "MENTIONS"]
    papers = [graph.nodes[p]["id"] for p in mentioning]
    shared = {c for p in mentioning for _, c, k in graph.out_edges(p, keys=True) if k == "MENTIONS"}
    neighbours = sorted(shared - {method})[:5]
    name = graph.nodes[method]["name"]
    years = [d["year"] for _, d in graph.nodes(data=True) if d.get("year")]
    return {
        "bridging_papers": {"id": method, "ids": neighbours},
        "builds_on": {"paper": paper},
        "citation_neighbourhood": {"paper": paper},
        "co_occurring": {"name": name},
        "concept_links": {"ids": [method, *neighbours]},
        "concept_names": {},
        "concept_neighbours": {"id": method},
        "concept_trend": {"name": name},
        "datasets_for_method": {"name": name},
        "find_concept": {"text": name[:5]},
        "find_paper": {"text": graph.nodes[node]["title"][:8]},
        "links_between": {"ids": [paper, *[v for _, v in graph.out_edges(node)]]},
        "losses_for_method": {"name": graph.nodes[by_type["Method"][1]]["name"]},
        "mentions_between": {"papers": papers, "concepts": [method, *neighbours]},
        "methods_on_dataset": {"name": graph.nodes[by_type["Dataset"][0]]["name"]},
        "most_built_on": {},
        "neighbourhood": {"id": method},
        "nodes": {"ids": [method, paper]},
        "paper_concepts": {"paper": paper},
        "paper_neighbourhood": {"id": paper},
        "papers_for_concept": {"name": name},
        "rising_concepts": {"since": max(years, default=2025), "min_papers": 1},
        "stats": {},
        "top_concepts": {"type": "Dataset"},
        "top_concepts_any": {},
    }


def canonical(rows: list[dict]) -> list[str]:
    """Rows as sorted JSON with sorted lists: engines may order ties and collect() differently."""
    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return sorted((plain(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        return round(value, 9) if isinstance(value, float) else value
    return sorted(json.dumps(plain(r), sort_keys=True) for r in rows)


def test_every_named_query_answers_over_bolt_what_it_answers_on_the_embedded_store(
        bolt_server, built, built_graph, built_store):
    params = query_params(built_graph)
    assert sorted(params) == library.names("queries"), "a new named query needs parameters here"
    graph = kg.open(bolt_server.uri, user=bolt_server.user, password=bolt_server.password,
                    database=bolt_server.database)
    embedded = kg.KnowledgeGraph(built_store)
    empty = []
    for name, given in params.items():
        declared = {p.name for p in library.statement("queries", name).params}
        given = {**given, **({"limit": SAMPLE_LIMIT} if "limit" in declared else {})}
        rows = graph.query(name, **given)
        assert canonical(rows) == canonical(embedded.query(name, **given)), name
        empty += [name] if not rows else []
    # this sample page carries no citations and no years: only the queries of those find nothing
    assert empty == ["builds_on", "citation_neighbourhood", "concept_trend", "most_built_on",
                     "rising_concepts"], empty


def test_every_named_query_runs_from_the_cli_over_bolt(bolt_server, built, built_graph):
    graph = kg.open(bolt_server.uri, user=bolt_server.user, password=bolt_server.password,
                    database=bolt_server.database)
    for name, given in query_params(built_graph).items():
        args = [a for key, value in given.items()
                for a in ("--param", f"{key}={','.join(value) if isinstance(value, list) else value}")]
        result = run_kg(bolt_server, "query", name, *args, "--format", "jsonl", *on(bolt_server))
        assert result.returncode == 0, (name, result.stderr)
        assert canonical([json.loads(line) for line in result.stdout.splitlines()]) == \
            canonical(graph.query(name, **given)), name


def test_show_and_map_draw_pages_from_the_bolt_store(bolt_server, built, built_graph, tmp_path):
    name = query_params(built_graph)["co_occurring"]["name"]
    show = run_kg(bolt_server, "show", name, "--html", tmp_path / "show.html", *on(bolt_server))
    assert show.returncode == 0, show.stderr
    page = (tmp_path / "show.html").read_text(encoding="utf-8")
    assert name in page and "nodes" in show.stdout
    drawn = run_kg(bolt_server, "map", "--html", tmp_path / "map.html", *on(bolt_server))
    assert drawn.returncode == 0, drawn.stderr
    assert "Concept map" in (tmp_path / "map.html").read_text(encoding="utf-8")


def test_the_python_api_reads_draws_and_writes_over_bolt(bolt_server, built, tmp_path):
    with kg.open(bolt_server.uri, user=bolt_server.user, password=bolt_server.password,
                 database=bolt_server.database) as graph:
        assert {(r["kind"], r["name"]): r["count"] for r in graph.stats()} == built[0]
        top = graph.top_concepts(type="Method", limit=3)
        assert len(top) == 3 and graph.papers_for_concept(name=top[0]["name"])
        assert graph.show(top[0]["name"], html=tmp_path / "show.html").nodes > 1
        assert graph.map(html=tmp_path / "map.html").exists()
        with pytest.raises(QueryError, match="not known to be a read"):
            graph.cypher("MATCH (p:Paper) SET p.title = $t", t="x")
    bolt_server.create_database("api")
    with kg.open(bolt_server.uri, user=bolt_server.user, password=bolt_server.password,
                 database="api") as graph:
        graph.cypher("CREATE (:Paper {id: $id, title: $title, stub: false})", write=True, id="p1",
                     title="SET x")
        assert graph.cypher("MATCH (p:Paper) RETURN p.title AS title") == [{"title": "SET x"}]


def test_citations_stubs_and_their_filling_in_are_written_over_bolt(bolt_server, tmp_path):
    """The writer's citation statements (stub papers, paper-to-paper links, filling a stub in) on Bolt."""
    bolt_server.create_database("cited")
    later = tmp_path / "later.jsonl"
    nmt = "Neural Machine Translation by Jointly Learning to Align and Translate"
    abstract = "We introduce attention for neural machine translation and evaluate it on WMT."
    later.write_text(json.dumps({"paperId": "0b544dfe355a5070b60986319a3f51fb45d1348e", "title": nmt,
                                 "abstract": abstract, "year": 2014}) + "\n", encoding="utf-8")
    with kg.open(bolt_server.uri, user=bolt_server.user, password=bolt_server.password,
                 database="cited") as graph:
        def build(corpus):
            result = run_kg(bolt_server, "build", corpus, *on(bolt_server, "cited"), "--quiet",
                            "--html", tmp_path / "map.html")
            assert result.returncode == 0, result.stderr

        def papers_titled(title: str) -> list[dict]:
            return graph.cypher("MATCH (p:Paper {title: $t}) RETURN p.stub AS stub", t=title)

        build(FIXTURES / "semantic_scholar.jsonl")
        assert papers_titled(nmt) == [{"stub": True}]  # a cited work outside the corpus
        build(later)
        assert papers_titled(nmt) == [{"stub": False}]  # filled in, not duplicated
        assert graph.cypher("MATCH (a:Paper)-[:CITES]->(b:Paper {title: $t}) RETURN a.title AS a",
                            t=nmt) == [{"a": "Attention is All you Need"}]
        assert nmt in {r["paper"] for r in graph.most_built_on(limit=100)}
        trend = run_kg(bolt_server, "trend", *on(bolt_server, "cited"))  # read/latest_year, rising_concepts
        assert trend.returncode == 0, trend.stderr
        exported = run_kg(bolt_server, "export", tmp_path / "cited.graphml", *on(bolt_server, "cited"))
        assert exported.returncode == 0, exported.stderr  # read/all_nodes and read/all_relationships
        nodes = graph.cypher("MATCH (n) RETURN count(n) AS n")[0]["n"]
        assert (tmp_path / "cited.graphml").read_text(encoding="utf-8").count("<node ") == nodes


# --- read-only stays read-only -----------------------------------------------------------------

def evil(server) -> int:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(server.uri, auth=server.auth) as driver:
        records, _, _ = driver.execute_query("MATCH (n:Evil) RETURN count(n) AS n", database_=server.database)
        return records[0]["n"]


@pytest.mark.parametrize("statement", [
    "MATCH (n) WITH n CALL { CREATE (:Evil) } RETURN count(n) AS n",
    "MATCH (n) WITH n LIMIT 1 CALL { WITH n SET n:Evil } RETURN 1 AS one",
    "MATCH (n) FOREACH (x IN [1] | CREATE (:Evil))",
    "CREATE (:Evil)",
    "merge (:Evil {id: 'x'})",
    "CALL db.createLabel('Evil')",
    "LOAD CSV FROM 'file:///etc/passwd' AS line CREATE (:Evil {line: line})",
    # a quoted procedure name is still a call; on Neo4j with APOC this one is a read that fetches a URL
    "CALL /* a comment */ `apoc.load.json`('http://127.0.0.1:9/x') YIELD value RETURN value",
    "CALL `apoc`.`load`.`json`('http://127.0.0.1:9/x') YIELD value RETURN value",
    "OPTIONAL CALL db.createLabel('Evil')",
    "load /* a comment */ `CSV` FROM 'file:///etc/passwd' AS line RETURN line",
    # a variable spelt like a keyword does not hide the clause after it
    "WITH 1 AS return CREATE (:Evil)",
    "UNWIND [1] AS where WITH where ORDER BY 2 * where CREATE (:Evil)",
    "MATCH (n) WITH * LIMIT 1 SET n:Evil",
])
def test_cypher_without_write_refuses_an_updating_statement_before_sending_it(bolt_server, built, statement):
    result = run_kg(bolt_server, "cypher", statement, *on(bolt_server))
    refused = one_line_error(result, 4, "not known to be a read", "pass --write (write=True) to run it as a write")
    assert "reported changes" not in refused and "refused by Neo4j" not in refused  # kg's check, not the server
    assert evil(bolt_server) == 0


@pytest.mark.parametrize("statement, column", [
    ("MATCH (n) WITH n RETURN count(n) AS n", "n"),
    ("MATCH (p:Paper) WHERE p.title <> 'SET x = 1; CREATE (n)' RETURN count(p) AS n", "n"),
    ("MATCH (c:Concept) RETURN c.key AS key, c.create AS created LIMIT 1 // then DELETE everything", "key"),
    ("MATCH (n) WITH n CALL { WITH n RETURN labels(n) AS l } RETURN count(l) AS n", "n"),
    ("RETURN 'CALL db.createLabel(\\'x\\')' AS call", "call"),
    # words spelt like clauses where no clause can start: variables, map keys, properties, labels
    ("MATCH (start:Paper) RETURN start.title AS title", "title"),
    ("RETURN {set: 1, delete: 2} AS m", "m"),
    ("WITH 1 AS load RETURN load", "load"),
    ("WITH 1 AS call RETURN call", "call"),
    ("UNWIND [1, 2] AS create RETURN create * 2 AS merge", "merge"),
    # Neo4j's own procedures that only read the graph, however their names are quoted
    ("CALL db.labels() YIELD label RETURN label", "label"),
    ("CALL `db`.`labels`() YIELD label RETURN label", "label"),
    ("CALL `db.labels`() YIELD label RETURN label", "label"),
    ("MATCH (p:Paper) RETURN p {.title, remove: p.set, foreach: 1} AS paper LIMIT 1", "paper"),
])
def test_cypher_without_write_runs_a_read_even_when_its_text_holds_update_words(bolt_server, built, statement,
                                                                                    column):
    result = run_kg(bolt_server, "cypher", statement, "--format", "jsonl", *on(bolt_server))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() and column in json.loads(result.stdout.splitlines()[0])


def test_cypher_with_write_changes_the_bolt_store(bolt_server, built):
    bolt_server.create_database("writable")
    created = run_kg(bolt_server, "cypher", "CREATE (:Evil)", "--write", *on(bolt_server, "writable"))
    assert created.returncode == 0, created.stderr
    counted = run_kg(bolt_server, "cypher", "MATCH (n:Evil) RETURN count(n) AS n", "--format", "jsonl",
                     *on(bolt_server, "writable"))
    assert json.loads(counted.stdout) == {"n": 1}


def test_a_write_that_slips_past_the_checks_is_rolled_back(bolt_server, built, monkeypatch):
    from kg.store import neo4j_store

    store = neo4j_store.Neo4jStore(bolt_server.uri, *bolt_server.auth, database=bolt_server.database)
    monkeypatch.setattr(store, "_refusal", lambda *args: None)  # as if the checks had a hole
    with pytest.raises(QueryError, match="reported changes, rolled back"):
        store.run("CREATE (:Evil)", read_only=True)
    assert evil(bolt_server) == 0


def test_a_server_that_ran_the_explained_statements_keeps_nothing_of_them(bolt_server, monkeypatch):
    """kg's plan questions (its probe ``CREATE (n) RETURN n`` too) are rolled back, never committed.

    An empty EXPLAIN prefix sends the statements as a server that ignored EXPLAIN would run them.
    """
    from neo4j import GraphDatabase

    from kg.store import neo4j_store

    bolt_server.create_database("explained")
    monkeypatch.setattr(neo4j_store, "EXPLAIN", "")
    monkeypatch.setattr(neo4j_store, "_TELLS", {})  # ask this server again
    store = neo4j_store.Neo4jStore(bolt_server.uri, *bolt_server.auth, database="explained")
    assert store.run("MATCH (n) RETURN count(n) AS n", read_only=True) == [{"n": 0}]
    with GraphDatabase.driver(bolt_server.uri, auth=bolt_server.auth) as driver:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_="explained")
    assert records[0]["n"] == 0


# --- failures are one line ---------------------------------------------------------------------

def test_a_wrong_password_is_one_line(bolt_server):
    result = run_kg(bolt_server, "stats", *on(bolt_server), password="not-the-password")
    one_line_error(result, 3, f"Neo4j at {bolt_server.uri} refused the credentials for user 'root'")
    assert "not-the-password" not in result.stderr


def test_an_unreachable_server_is_one_line(bolt_server):
    from bolt_server import free_port

    uri = f"bolt://127.0.0.1:{free_port()}"
    result = run_kg(bolt_server, "stats", "--store", uri)
    one_line_error(result, 3, f"cannot reach Neo4j at {uri}")


def test_a_missing_database_is_one_line(bolt_server):
    result = run_kg(bolt_server, "stats", *on(bolt_server, "no_such_database"))
    one_line_error(result, 3, f"Neo4j at {bolt_server.uri} has no database 'no_such_database'")


def test_a_server_killed_mid_build_then_restarted_lets_the_same_build_complete(built, small_corpus_file,
                                                                                tmp_path):
    """kill -9 of the server's JVM while kg writes; after a restart on the same data the build completes."""
    from bolt_server import BoltServer
    from neo4j import GraphDatabase

    mentions = tmp_path / "mentions.jsonl"
    with BoltServer(tmp_path / "server") as server:
        assert run_kg(server, "extract", small_corpus_file, "-o", mentions).returncode == 0
        log = (tmp_path / "build.log").open("w")
        build = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "build", mentions, *on(server), "--batch-size", "1", "--quiet",
             "--html", tmp_path / "map.html"], stdout=subprocess.DEVNULL, stderr=log, text=True,
            env={**os.environ, "NEO4J_USERNAME": server.user, "NEO4J_PASSWORD": server.password})
        with GraphDatabase.driver(server.uri, auth=server.auth) as driver:
            deadline = time.monotonic() + 300
            while driver.execute_query("MATCH (c:Concept) RETURN count(c) AS n",
                                       database_=server.database).records[0]["n"] < 20:
                assert time.monotonic() < deadline and build.poll() is None, "the build ended before the kill"
                time.sleep(0.05)
        server.kill()
        assert build.wait(timeout=300) == 3
        message = (tmp_path / "build.log").read_text().strip().splitlines()[-1]
        assert message.startswith(f"kg: error: lost Neo4j at {server.uri}") or \
            message.startswith(f"kg: error: cannot reach Neo4j at {server.uri}"), message
        server.start()
        result = run_kg(server, "build", mentions, *on(server), "--quiet", "--html", tmp_path / "map.html")
        assert result.returncode == 0, result.stderr
        assert stats(server) == built[0]  # whole: the clean build's counts, nothing duplicated
