"""Faults end to end: builds and extractions, with the models and a real store, stay whole under bad
input, full disks, signals and hostile names; clear one-line errors, nothing lost, nothing injected."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.readers import read_corpus
from kg.store import EmbeddedStore

from fault_helpers import ABSTRACT, daily, kg, one_line_error

FIXTURES = Path(__file__).parents[1] / "fixtures"
HOSTILE_TITLE = 'Quotes "q" \'s\' `tick` {brace} $dollar <script>alert(1)</script>: a study of ${x}'


def test_bad_records_are_skipped_and_listed_unless_strict(tmp_path):
    good = daily(tmp_path, "good.txt", ("ConX: Contrastive Regularization for Retrieval", ABSTRACT))
    gap = daily(tmp_path, "gap.txt", ("A Lonely Title", ""), ("Another Title For ConX", ABSTRACT))
    big = tmp_path / "big.txt"
    big.write_text("Huge Title\n\n" + "word " * 2_100_000 + "\n", encoding="utf-8")
    corpus = read_corpus([good, gap, big])
    assert len(corpus.papers) == 2
    messages = [str(p) for p in corpus.problems]
    assert any(m.startswith(f"{gap}:") and "title with no abstract: 'A Lonely Title'" in m for m in messages)
    assert any(m.startswith(f"{big}:3: line of 10,500,000 characters") for m in messages)

    strict = kg("extract", good, gap, "--strict", "-o", tmp_path / "out.jsonl")
    one_line_error(strict, 2, "bad record", "--strict")
    assert "kg: bad record " + str(gap) in strict.stderr and not (tmp_path / "out.jsonl").exists()


# --- store: nothing lost, nothing injected ---------------------------------------------------

def stats(store_dir) -> str:
    result = kg("stats", "--store-dir", store_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_strict_build_with_a_bad_file_leaves_the_store_as_it_was(tmp_path, small_corpus_file):
    store = tmp_path / "store"
    assert kg("build", small_corpus_file, "--store-dir", store, "--html", tmp_path / "m.html").returncode == 0
    before = stats(store)
    bad = daily(tmp_path, "bad.txt", ("Orphan Title", ""), ("Hostile: " + HOSTILE_TITLE, ABSTRACT))
    result = kg("build", bad, "--store-dir", store, "--strict")
    one_line_error(result, 2, "--strict")
    assert stats(store) == before
    lenient = kg("build", bad, "--store-dir", store, "--html", tmp_path / "m.html")
    assert lenient.returncode == 0 and f"kg: skipped {bad}:" in lenient.stderr
    with EmbeddedStore(store) as s:
        rows = s.run("MATCH (p:Paper) WHERE p.title STARTS WITH 'Hostile' RETURN p.title AS t")
        assert rows == [{"t": "Hostile: " + HOSTILE_TITLE}]
        assert s.run("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"] == 59


@pytest.mark.slow
def test_injection_through_query_parameters_changes_nothing(tmp_path, small_corpus_file):
    store = tmp_path / "store"
    assert kg("build", small_corpus_file, "--store-dir", store, "--html", tmp_path / "m.html").returncode == 0
    before = stats(store)
    for param in ["text=x') DETACH DELETE c //", "text=\" OR 1=1 MATCH (n) DETACH DELETE n //"]:
        result = kg("query", "find_concept", "--param", param, "--store-dir", store)
        assert result.returncode == 0 and result.stdout == "(no rows)\n"
    result = kg("query", "top_concepts", "--param", "type=Method`) DETACH DELETE (c", "--store-dir", store)
    assert result.returncode == 4 and "unknown concept type" in result.stderr  # refused before any store (issue 30)
    result = kg("query", "neighbourhood", "--param", "id=x') DETACH DELETE c //", "--store-dir", store)
    assert result.returncode == 0 and result.stdout == "(no rows)\n"  # looked up as a name, then as an id
    assert stats(store) == before


# --- store faults ------------------------------------------------------------------------------

def wait_for(predicate, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _as_in_a_terminal() -> None:
    """Ctrl-C as a terminal delivers it: a shell starts background jobs (``pytest &``) with SIGINT
    ignored, and a child would inherit that and never see the test's Ctrl-C."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_build(args, stderr_path: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=stderr_path.open("w"), text=True, preexec_fn=_as_in_a_terminal)


@pytest.fixture(scope="module")
def sample_mentions_file(tmp_path_factory, sample_mentions) -> Path:
    """The 401 sample papers as ``kg extract`` writes them: a build from it only writes, for several seconds,
    so a fault lands mid-write (the 58-paper file wrote in under a second, and a signal could come too late)."""
    from kg.version import stamp

    path = tmp_path_factory.mktemp("mentions") / "sample.jsonl"
    path.write_text("".join(json.dumps(r.as_json(stamp()), ensure_ascii=False) + "\n" for r in sample_mentions),
                    encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("fault", ["kill-store", "ctrl-c", "kill-kg"])
def test_interrupted_build_recovers_to_the_same_counts(tmp_path, sample_mentions_file, fault):
    clean, broken = tmp_path / "clean", tmp_path / "broken"
    assert kg("build", sample_mentions_file, "--store-dir", clean, "--html", tmp_path / "m.html").returncode == 0
    log = tmp_path / "build.log"
    build = start_build([sample_mentions_file, "--store-dir", broken, "--batch-size", "1", "--chunk-size", "5",
                         "--html", tmp_path / "m.html"], log)
    # writing has begun once the store's log holds more than the schema statements
    wait_for(lambda: sum(p.stat().st_size for p in (broken / "appendonlydir").glob("*.incr.aof")) > 50_000)
    if fault == "kill-store":
        os.kill(int((broken / "server.pid").read_text().split()[0]), signal.SIGKILL)
    elif fault == "kill-kg":  # kg itself dies mid-write; its store server goes with it
        build.kill()
    else:
        build.send_signal(signal.SIGINT)
    build.wait(timeout=120)
    message = (log.read_text().strip().splitlines() or [""])[-1]  # SIGKILL leaves kg no last word
    if fault == "kill-kg":
        assert build.returncode == -signal.SIGKILL
    elif fault == "kill-store":
        assert build.returncode == 3 and message.startswith("kg: error: store ")
    else:
        assert build.returncode == 130
        assert message.startswith("kg: error: interrupted while writing, after ") and "run the same build again" in message
    assert kg("build", sample_mentions_file, "--store-dir", broken, "--chunk-size", "5",
              "--html", tmp_path / "m.html").returncode == 0
    assert stats(broken) == stats(clean)  # completed, nothing duplicated


@pytest.mark.slow
def test_ctrl_c_while_extracting_exits_130_and_writes_nothing(tmp_path, sample_dir):
    store, log = tmp_path / "store", tmp_path / "build.log"
    build = start_build([sample_dir, "--store-dir", store, "--html", tmp_path / "m.html"], log)
    wait_for(lambda: "extract: " in log.read_text())  # the first progress line: papers are being extracted
    build.send_signal(signal.SIGINT)
    build.wait(timeout=120)
    lines = log.read_text().strip().splitlines()
    assert build.returncode == 130
    assert lines[-1].startswith("kg: error: interrupted while extracting, after ") and \
        lines[-1].endswith(" of 401 papers; nothing was written")
    assert not store.exists() and not (tmp_path / "m.html").exists()


def test_progress_in_a_log_has_lines_with_the_right_totals(tmp_path, small_corpus_file):
    built = kg("build", small_corpus_file, "--store-dir", tmp_path / "store", "--html", tmp_path / "m.html")
    lines = built.stderr.splitlines()
    papers = int(re.search(r"(\d+) distinct papers", built.stdout).group(1))
    concepts = sum(map(int, re.findall(r"(\d+) (?:methods|datasets|losses|tasks)", built.stdout)))
    assert lines[0].startswith("extract: ")
    last = {line.split(":")[0]: line for line in lines}  # each step's last line: its total, reached
    for step, total in [("extract", papers), ("write", papers), ("link", papers), ("recount", 2 * concepts)]:
        assert re.match(rf"{step}: {total}/{total} ", last[step]), last[step]
    assert [line.split(":")[0] for line in lines].count("write") == 2  # a line at the start of the step too


@pytest.mark.slow
def test_a_second_command_on_a_busy_store_waits_then_says_so(tmp_path):
    with EmbeddedStore(tmp_path / "store"):
        result = kg("stats", "--store-dir", tmp_path / "store", "--wait", "1")
    one_line_error(result, 3, "is busy: another kg command is using it")


def test_an_empty_directory_becomes_a_store_only_when_building(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    one_line_error(kg("stats", "--store-dir", empty), 3, f"no kg store at {empty}")
    assert list(empty.iterdir()) == []
    assert kg("build", FIXTURES / "arxiv.jsonl", "--store-dir", empty, "--html", tmp_path / "m.html").returncode == 0
    assert (empty / "kg-store.json").is_file()


# --- read-only by default (issue 14) ---------------------------------------------------------

@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    """A store holding the arXiv fixture, built once by the CLI."""
    where = tmp_path_factory.mktemp("ro")
    assert kg("build", FIXTURES / "arxiv.jsonl", "--store-dir", where / "store", "--html", where / "m.html",
              "--quiet").returncode == 0
    return where / "store"


def _papers(store) -> str:
    return kg("cypher", "MATCH (p:Paper) RETURN count(p) AS n", "--store-dir", store, "--format", "csv").stdout


def test_cypher_cannot_change_the_store_without_write(small_store):
    before = _papers(small_store)
    result = kg("cypher", "MATCH (n) DETACH DELETE n", "--store-dir", small_store)
    one_line_error(result, 4, "would change the store", "--write")
    assert _papers(small_store) == before and before.strip().splitlines()[-1] != "0"


def test_cypher_syntax_errors_are_query_errors_naming_the_position(small_store):
    one_line_error(kg("cypher", "MATCH (n) RETRUN n", "--store-dir", small_store), 4, "line: 1, column: 14")


def test_load_csv_is_refused_unless_write_is_given(small_store):
    result = kg("cypher", "LOAD CSV FROM 'https://example.com/x.csv' AS row RETURN row", "--store-dir", small_store)
    one_line_error(result, 4, "LOAD CSV", "--write")


@pytest.mark.parametrize("name", ["../../../tmp/evil", "/etc/passwd", "queries/top_concepts", "Top"])
def test_query_names_are_names_never_paths(small_store, name):
    one_line_error(kg("query", name, "--store-dir", small_store), 4, "is not a query name")


def test_write_lets_cypher_change_the_store(tmp_path):
    store = tmp_path / "store"
    assert kg("build", FIXTURES / "arxiv.jsonl", "--store-dir", store, "--html", tmp_path / "m.html").returncode == 0
    assert kg("cypher", "MATCH (n) DETACH DELETE n", "--store-dir", store, "--write").returncode == 0
    assert _papers(store).strip().splitlines()[-1] == "0"


def test_cypher_params_are_json_where_they_parse_and_text_when_asked(small_store):
    def count(*args):
        result = kg("cypher", "MATCH (p:Paper) WHERE p.year >= $y RETURN count(p) AS n", *args,
                    "--store-dir", small_store, "--format", "jsonl")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    # the fixture's two readable papers carry the years 2023 and 2021
    assert count("--param", "y=2022") == {"n": 1}  # a number: the README's example works
    assert count("--param-string", "y=2022") == {"n": 0}  # text never compares with a year
    as_list = kg("cypher", "RETURN $xs AS xs, $t AS t, $s AS s", "--param", "xs=[1, 2]", "--param", "t=true",
                 "--param", "s=CLIP", "--store-dir", small_store, "--format", "jsonl")
    assert json.loads(as_list.stdout) == {"xs": [1, 2], "t": True, "s": "CLIP"}


def test_deeply_nested_json_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 5000 + "]" * 5000 + "\n" + json.dumps({"title": "Fine", "abstract": ABSTRACT}) + "\n")
    result = kg("extract", path, "-o", tmp_path / "out.jsonl")
    assert "Traceback" not in result.stderr and result.returncode in (0, 2)
    assert f"{path}:1:" in result.stderr


def test_an_output_that_cannot_be_written_is_one_line(tmp_path, small_store):
    one_line_error(kg("export", "/proc/no/such/x.gexf", "--store-dir", small_store), 1, "cannot write")
    one_line_error(kg("map", "--html", "/proc/x.html", "--store-dir", small_store), 1, "cannot write the map")


def test_a_closed_pipe_ends_extract_quietly(tmp_path, small_corpus_file):
    errors = tmp_path / "stderr.txt"
    # 58 papers' JSON is more than a pipe holds, so kg is still writing when head has gone
    shell = f"{sys.executable} -m kg.cli extract {small_corpus_file} 2>{errors} | head -c 10 >/dev/null; " \
            "echo ${PIPESTATUS[0]}"
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True)
    assert result.stdout.strip() == "141" and "Traceback" not in errors.read_text()


def test_queries_run_while_a_build_extracts(tmp_path, small_corpus_file):
    store = tmp_path / "store"
    assert kg("build", FIXTURES / "arxiv.jsonl", "--store-dir", store, "--html", tmp_path / "m.html").returncode == 0
    log = tmp_path / "build.log"
    build = start_build([small_corpus_file, "--store-dir", store, "--html", tmp_path / "m.html"], log)
    try:
        time.sleep(3)  # models loading and 58 papers extracting: about ten seconds here
        assert build.poll() is None
        stats = kg("stats", "--store-dir", store, "--wait", "1")
        assert stats.returncode == 0, stats.stderr
        assert build.poll() is None  # it was still extracting, not done
    finally:
        build.wait(timeout=300)
    assert build.returncode == 0, log.read_text()


def test_unknown_types_and_query_names_are_refused_with_a_suggestion(small_store):
    one_line_error(kg("map", "--types", "Metod", "--store-dir", small_store), 4, "unknown type 'Metod'")
    one_line_error(kg("query", "top_concept", "--store-dir", small_store), 4, "did you mean top_concepts?")


def test_show_writes_its_own_file_and_leaves_the_builds_map(tmp_path, small_store):
    build_map = tmp_path / "kg-map.html"
    build_map.write_text("the build's map")
    result = kg("show", "CLIP", "--store-dir", small_store, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert build_map.read_text() == "the build's map" and (tmp_path / "show-clip.html").is_file()


@pytest.fixture
def small_disk(tmp_path):
    """A 150 KB tmpfs, grown later with remount; skipped where this process may not mount."""
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=150k", "tmpfs", str(where)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs to mount a small tmpfs (root)")
    yield where
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_full_disk_is_reported_and_the_same_build_completes_once_there_is_room(tmp_path, small_disk,
                                                                                 small_corpus_file):
    store = small_disk / "store"
    args = [small_corpus_file, "--store-dir", store, "--html", tmp_path / "m.html"]
    full = kg("build", *args)
    one_line_error(full, 3, f"store {store}", "No space left on device")
    subprocess.run(["mount", "-o", "remount,size=20m", str(small_disk)], check=True)
    again = kg("build", *args)
    assert again.returncode == 0, again.stderr
    clean = kg("build", *[small_corpus_file, "--store-dir", tmp_path / "clean", "--html", tmp_path / "m.html"])
    assert again.stdout.splitlines()[2] == clean.stdout.splitlines()[2].replace(str(tmp_path / "clean"), str(store))


def test_a_misspelt_concept_gets_a_suggestion_and_a_partial_one_says_what_it_took(tmp_path, small_store):
    top = json.loads(kg("query", "top_concepts_any", "--param", "limit=1", "--format", "jsonl",
                        "--store-dir", small_store).stdout)["name"]
    typo = top[:-2] + top[-1] + top[-2]  # the last two letters swapped
    one_line_error(kg("show", typo, "--store-dir", small_store, cwd=tmp_path), 4, f"did you mean {top!r}")
    partial = top[: max(4, len(top) // 2)]
    shown = kg("show", partial, "--store-dir", small_store, "--html", tmp_path / "p.html")
    if partial.lower() != top.lower():
        assert shown.stderr.startswith(f"kg: note: {partial!r} names nothing exactly; showing ")
    assert shown.returncode == 0 and re.fullmatch(rf"{re.escape(str(tmp_path / 'p.html'))}: \d+ nodes(, \d+ left out)?\n",
                                                  shown.stdout)


def test_map_summary_and_trend_chart(tmp_path, small_store):
    mapped = kg("map", "--store-dir", small_store, "--html", tmp_path / "m.html")
    assert re.fullmatch(rf"{re.escape(str(tmp_path / 'm.html'))}: \d+ nodes(, \d+ left out)?\n", mapped.stdout)
    with_year = tmp_path / "dated.jsonl"
    with_year.write_text("\n".join(json.dumps({"title": f"Paper {i} on LoRA tuning", "abstract": ABSTRACT, "year": y})
                                   for i, y in enumerate([2021, 2022, 2022])) + "\n")
    store = tmp_path / "dated"
    built = kg("build", with_year, "--store-dir", store, "--html", tmp_path / "b.html")
    assert built.returncode == 0, built.stderr
    assert "have no year" not in built.stdout
    concept = json.loads(kg("query", "top_concepts_any", "--param", "limit=1", "--format", "jsonl",
                            "--store-dir", store).stdout)["name"]
    chart = tmp_path / "trend.html"
    trend = kg("trend", concept, "--chart", chart, "--store-dir", store)
    assert trend.returncode == 0 and trend.stderr == f"chart: {chart}\n"
    page = chart.read_text()
    assert ">2021</text>" in page and ">2022</text>" in page and "<script" not in page


def test_input_format_forces_a_reader(tmp_path):
    path = tmp_path / "s2.json"
    path.write_text(json.dumps([{"paperId": "a1", "title": "First paper", "abstract": ABSTRACT, "year": "2021"},
                                {"paperId": "b2", "title": "Second paper", "abstract": ABSTRACT}]), encoding="utf-8")
    assert [p.external_id for p in read_corpus([path]).papers] == ["s2:a1", "s2:b2"]  # a Semantic Scholar array
    forced = kg("extract", path, "--input-format", "plain", "--strict", "-o", tmp_path / "out.jsonl")
    assert forced.returncode == 2  # read as plain records, a year written as text is refused
    assert f"{path}:1: field 'year' holds str, not a whole number" in forced.stderr


def test_export_for_neo4j_import_prints_the_command_and_needs_one_target(tmp_path, small_store):
    out = tmp_path / "import"
    result = kg("export", "--neo4j-import", out, "--store-dir", small_store)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["concepts.csv", "papers.csv", "relationships.csv"]
    assert result.stdout.splitlines()[1].strip() == (
        f"neo4j-admin database import full neo4j --nodes={out}/papers.csv --nodes={out}/concepts.csv "
        f"--relationships={out}/relationships.csv --array-delimiter=U+001F --multiline-fields=true")
    one_line_error(kg("export", "--store-dir", small_store), 4, "needs a file to write or --neo4j-import DIR")


@pytest.mark.slow
def test_sigterm_leaves_a_spool_the_next_run_removes(tmp_path, sample_dir):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    log = tmp_path / "extract.log"
    extract = subprocess.Popen([sys.executable, "-m", "kg.cli", "extract", sample_dir, "-o", tmp_path / "m.jsonl"],
                               stdout=subprocess.DEVNULL, stderr=log.open("w"), env=env)
    wait_for(lambda: "extract: " in log.read_text())
    extract.terminate()
    extract.wait(timeout=60)
    assert extract.returncode == -signal.SIGTERM
    assert list(temp.glob("kg-build-*"))  # Python's default SIGTERM runs no cleanup
    again = kg("extract", FIXTURES / "arxiv.jsonl", "-o", tmp_path / "again.jsonl", env=env)
    assert again.returncode == 0, again.stderr
    assert list(temp.glob("kg-build-*")) == []
