"""The kg command line end to end, as a user runs it: extracting with the models and building real stores."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SHARED


def kg(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd)


@pytest.mark.slow
def test_build_twice_prints_summary_and_keeps_counts(tmp_path, small_corpus_file):
    store, html = tmp_path / "store", tmp_path / "map.html"
    first = kg("build", small_corpus_file, "--store-dir", store, "--html", html)
    assert first.returncode == 0, first.stderr
    assert "read 58 entries from 1 files: 58 distinct papers" in first.stdout
    assert "58 of 58 papers have no year: kg trend counts only the 0 that have one" in first.stdout
    assert html.exists() and "vis.Network" in html.read_text()
    stats_before = kg("stats", "--store-dir", store).stdout
    second = kg("build", small_corpus_file, "--store-dir", store, "--html", html)
    assert second.returncode == 0, second.stderr
    assert kg("stats", "--store-dir", store).stdout == stats_before
    assert "Paper         58" in stats_before.replace("node          ", "")
    holds = [line for line in second.stdout.splitlines() if " now holds " in line]  # was "wrote 239 nodes and 343"
    assert len(holds) == 1 and holds[0].split(" now holds ")[1].split(" (")[0] in stats_before.splitlines()[-1]

    table = kg("query", "top_concepts", "--param", "type=Method", "--param", "limit=3", "--store-dir", store)
    lines = table.stdout.splitlines()
    assert table.returncode == 0 and lines[0].split() == ["name", "papers", "aliases"] and len(lines) == 5
    as_json = kg("query", "top_concepts", "--param", "limit=3", "--format", "json", "--store-dir", store)
    rows = json.loads(as_json.stdout)  # one JSON array
    assert [r["name"] for r in rows] == [line[:len(r["name"])] for line, r in zip(lines[2:], rows)]
    as_csv = kg("query", "top_concepts", "--param", "limit=3", "--format", "csv", "--store-dir", store)
    assert as_csv.stdout.splitlines()[0] == "name,papers,aliases" and len(as_csv.stdout.splitlines()) == 4
    raw = kg("cypher", "MATCH (p:Paper) WHERE p.title CONTAINS $t RETURN count(p) AS n", "--param", "t=Regulari",
             "--format", "jsonl", "--store-dir", store)
    from kg.readers import read_corpus

    assert json.loads(raw.stdout)["n"] == sum("Regulari" in p.title for p in read_corpus([small_corpus_file]).papers)
    trend = kg("trend", "--store-dir", store)  # this page dump gives dates without years
    assert trend.returncode == 0 and trend.stdout == "no papers with a year\n"
    bad = kg("query", "top_concepts", "--param", "limit=many", "--store-dir", store)
    assert bad.returncode == 4 and bad.stderr == "kg: error: parameter limit must be int, not 'many'\n"


@pytest.mark.slow
def test_extract_writes_the_public_format(tmp_path, small_corpus_file):
    out = tmp_path / "mentions.jsonl"
    result = kg("extract", small_corpus_file, "--output", out)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 58
    assert all(set(r) == {"id", "title", "entities", "paper", "kg"} for r in records)
    from kg.version import stamp

    assert all(r["kg"] == stamp() and r["paper"]["source"] == str(small_corpus_file) for r in records)

    surer = tmp_path / "surer.jsonl"
    assert kg("extract", small_corpus_file, "--min-confidence", "0.9", "-o", surer).returncode == 0
    kept = [(r["id"], e["name"], e["confidence"]) for line in surer.read_text().splitlines()
            for r in [json.loads(line)] for e in r["entities"]]
    default = {(r["id"], e["name"]) for r in records for e in r["entities"]}
    assert kept and all(c >= 0.9 for _, _, c in kept)
    assert {(i, n) for i, n, _ in kept} < default


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "gold" / "score.py").exists(), reason="the gold set lives outside the repo")
def test_gold_scorer_reads_our_output(tmp_path):
    out = tmp_path / "dev.jsonl"
    assert kg("extract", SHARED / "gold" / "dev-input.txt", "-o", out).returncode == 0
    scored = subprocess.run([sys.executable, SHARED / "gold" / "score.py", SHARED / "gold" / "dev.jsonl", out, "--json"],
                            capture_output=True, text=True, check=True)
    scores = json.loads(scored.stdout)  # the shipped model's dev figures, as the README reports them
    assert (scores["ALL"]["tp"], scores["ALL"]["fp"], scores["ALL"]["fn"]) == (83, 23, 18)


@pytest.mark.slow
def test_a_mentions_file_builds_the_same_graph_without_parsing_again(tmp_path, small_corpus_file):
    mentions = tmp_path / "mentions.jsonl"
    assert kg("extract", small_corpus_file, "-o", mentions).returncode == 0
    direct = kg("build", small_corpus_file, "--store-dir", tmp_path / "direct", "--html", tmp_path / "a.html")
    loaded = kg("build", mentions, "--store-dir", tmp_path / "loaded", "--html", tmp_path / "b.html")
    assert (direct.returncode, loaded.returncode) == (0, 0), loaded.stderr
    assert "extract:" in direct.stderr and "extract:" not in loaded.stderr  # nothing parsed the second time
    stats = [kg("stats", "--store-dir", tmp_path / name).stdout for name in ("direct", "loaded")]
    assert stats[0] == stats[1]
    export = [json.loads(kg("query", "papers_for_concept", "--param", "name=knowledge distillation", "--format",
                            "jsonl", "--store-dir", tmp_path / name).stdout.splitlines()[0]) for name in ("direct", "loaded")]
    assert export[0] == export[1]


def test_a_mentions_file_from_another_model_is_refused_with_its_line(tmp_path):
    from kg.version import stamp

    record = {"id": "p1", "title": "A paper", "entities": [],
              "paper": {"abstract": "Text.", "source": "x.txt", "line": 1, "references": []},
              "kg": {**stamp(), "model": "0123456789ab"}}
    path = tmp_path / "old.jsonl"
    path.write_text(json.dumps(record) + "\n")
    result = kg("build", path, "--strict", "--store-dir", tmp_path / "store")
    assert result.returncode == 2 and not (tmp_path / "store").exists()
    assert f"{path}:1: mentions made by extraction model 0123456789ab (kg 0.1.0); this kg's model is " in result.stderr


# --- conventions (issue 30): formats, tables, types, ids, lists, counts ------------------------------------

@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, built_graph):
    """The small corpus's graph in an embedded store, closed, so each kg command opens it as a user's would."""
    from kg.store import EmbeddedStore
    from kg.store.writer import write_graph

    where = tmp_path_factory.mktemp("conventions") / "store"
    with EmbeddedStore(where) as store:
        write_graph(store, built_graph, batch_size=100)
    return where


@pytest.mark.slow
def test_json_is_one_array_jsonl_one_object_a_line_and_stats_takes_format(store_dir):
    args = ("query", "top_concepts", "--param", "limit=3", "--store-dir", store_dir)
    as_json, as_jsonl = kg(*args, "--format", "json"), kg(*args, "--format", "jsonl")
    assert as_json.returncode == 0 and as_jsonl.returncode == 0, as_json.stderr + as_jsonl.stderr
    rows = json.loads(as_json.stdout)  # json.load read JSON lines as "Extra data"
    assert isinstance(rows, list) and len(rows) == 3
    assert [json.loads(line) for line in as_jsonl.stdout.splitlines()] == rows
    assert json.loads(kg("cypher", "MATCH (n:Nothing) RETURN n", "--format", "json", "--store-dir",
                         store_dir).stdout) == []
    stats = kg("stats", "--format", "json", "--store-dir", store_dir)
    assert stats.returncode == 0, stats.stderr
    counts = {(r["kind"], r["name"]): r["count"] for r in json.loads(stats.stdout)}
    assert counts[("node", "Paper")] == 58
    assert kg("stats", "--format", "csv", "--store-dir", store_dir).stdout.startswith("kind,name,count\n")


@pytest.mark.slow
def test_type_names_are_case_insensitive_and_an_unknown_type_lists_the_valid_ones(store_dir):
    def names(value):
        result = kg("query", "top_concepts", "--param", f"type={value}", "--format", "jsonl", "--store-dir", store_dir)
        assert result.returncode == 0, result.stderr
        return [json.loads(line)["name"] for line in result.stdout.splitlines()]

    assert names("method") == names("METHOD") == names("Method") != []
    wrong = kg("query", "top_concepts", "--param", "type=Methods", "--store-dir", store_dir)
    assert wrong.returncode == 4 and wrong.stdout == ""
    assert wrong.stderr == ("kg: error: parameter type: unknown concept type 'Methods'; did you mean Method? "
                            "choose from Method, Dataset, Loss, Task (any case)\n")
    assert kg("map", "--types", "method,DATASET", "--store-dir", store_dir, "--html", store_dir.parent / "m.html"
              ).returncode == 0


@pytest.mark.slow
def test_id_parameters_take_a_name_an_alias_or_type_colon_name(store_dir, built_graph):
    hub, data = max(((n, d) for n, d in built_graph.nodes(data=True) if d["type"] == "Method" and d.get("aliases")),
                    key=lambda item: (item[1]["papers"], item[0]))

    def neighbourhood(value):
        result = kg("query", "neighbourhood", "--param", f"id={value}", "--param", "hops=1", "--format", "json",
                    "--store-dir", store_dir)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    by_id = neighbourhood(hub)
    assert by_id and all(hub in (r["source"], r["target"]) for r in by_id)
    alias = data["aliases"][0]
    assert neighbourhood(data["name"].upper()) == neighbourhood(alias) == neighbourhood(f"method:{alias}") == by_id
    assert neighbourhood("no such concept") == []


@pytest.mark.slow
def test_list_parameters_take_a_json_list_as_well_as_commas(store_dir, built_graph):
    ids = sorted(n for n, d in built_graph.nodes(data=True) if d["type"] != "Paper")[:2]

    def nodes(value):
        result = kg("query", "nodes", "--param", f"ids={value}", "--format", "json", "--store-dir", store_dir)
        assert result.returncode == 0, result.stderr
        return sorted(r["id"] for r in json.loads(result.stdout))

    assert nodes(json.dumps(ids)) == nodes(",".join(ids)) == ids
    bad = kg("query", "nodes", "--param", "ids=[1, 2", "--store-dir", store_dir)
    assert bad.returncode == 4 and "parameter ids: not a JSON list" in bad.stderr


@pytest.mark.slow
def test_build_from_python_creates_the_store_open_named(tmp_path, small_corpus_file):
    import kg as kg_api

    with kg_api.open(str(tmp_path / "new")) as graph:  # nothing there yet: build makes it
        graph.build([small_corpus_file])
        assert {(r["name"], r["count"]) for r in graph.stats()} >= {("Paper", 58)}
    with kg_api.open(str(tmp_path / "new"), write=False) as graph:
        assert graph.top_concepts(limit=1)


@pytest.mark.slow
def test_show_from_python_writes_show_concept_html_like_the_cli(store_dir, tmp_path, monkeypatch, built_graph):
    import kg as kg_api

    monkeypatch.chdir(tmp_path)
    name = max((d for _, d in built_graph.nodes(data=True) if d["type"] != "Paper"), key=lambda d: d["papers"])["name"]
    with kg_api.open(str(store_dir), write=False) as graph:
        page = graph.show(name, hops=1)
    from kg.api import show_file

    assert str(page) == show_file(name) and page.name.startswith("show-") and (tmp_path / page).exists()
    assert not (tmp_path / "kg-map.html").exists()
    text = page.read_text()
    assert "nodes within 1 hop" in text and "1 hops" not in text
