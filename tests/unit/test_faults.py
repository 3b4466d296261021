"""Bad input, faults and hostile names: clear one-line errors, nothing lost, nothing injected.

What needs the models or a store running is in tests/integration/test_faults_end_to_end.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.readers import read_corpus

from fault_helpers import ABSTRACT, daily, kg, one_line_error

FIXTURES = Path(__file__).parents[1] / "fixtures"


# --- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize("make, parts", [
    (lambda d: (d.mkdir(), d)[1], ["directory holds no corpus files"]),
    (lambda d: (d.write_text(""), d)[1], ["file is empty"]),
    (lambda d: (d.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), d)[1], [":3: binary file"]),
    (lambda d: (d.write_bytes(b"A title\n\nAn abstract about a caf\xe9 and its models, long enough.\n"), d)[1],
     [":3: not UTF-8 (byte 0xe9)"]),
])
def test_unreadable_input_is_one_line_naming_file_and_line(tmp_path, make, parts):
    path = make(tmp_path / "bad.txt")
    result = kg("extract", path)
    one_line_error(result, 2, str(path), *parts)


def test_truncated_json_line_is_reported_and_the_rest_load():
    corpus = read_corpus([FIXTURES / "arxiv.jsonl"])
    assert [p.title for p in corpus.papers] == [
        "Attention Is All You Need", "Learning Transferable Visual Models From Natural Language Supervision"]
    assert [(p.line, p.message.split(" (")[0]) for p in corpus.problems] == [
        (2, "malformed JSON record"), (4, "no abstract for 'A title with no abstract'; skipped")]
    attention = corpus.papers[0]
    assert attention.arxiv_id == "1706.03762" and attention.year == 2023 and attention.authors == 8
    assert "\n" not in attention.abstract and attention.abstract.startswith("The dominant sequence")


def test_same_paper_in_two_formats_is_one_paper(tmp_path):
    page = daily(tmp_path, "page.txt", ("Attention Is All You Need", ABSTRACT))
    corpus = read_corpus([page, FIXTURES / "arxiv.jsonl"])
    copies = [p for p in corpus.papers if p.title == "Attention Is All You Need"]
    assert len(copies) == 1 and copies[0].arxiv_id == "1706.03762" and copies[0].source == str(page)


def test_input_errors_say_what_and_where():
    with pytest.raises(InputError) as caught:
        read_corpus([FIXTURES / "nope.jsonl"])
    assert str(caught.value) == f"{FIXTURES / 'nope.jsonl'}: no such file or directory"


def test_unknown_labels_never_reach_a_statement():
    from kg.store.writer import fill

    with pytest.raises(ValueError):
        fill("MERGE (c:Concept) SET c:__LABEL__", LABEL="Method) DETACH DELETE (c")


def test_store_from_a_newer_kg_or_another_program_is_refused(tmp_path):
    newer = tmp_path / "newer"
    newer.mkdir()
    (newer / "kg-store.json").write_text(json.dumps({"kg_store_schema": 99}))
    one_line_error(kg("stats", "--store-dir", newer), 3, "written by a newer kg (schema 99")
    other = tmp_path / "other"
    other.mkdir()
    (other / "thesis.tex").write_text("mine")
    other.chmod(0o755)
    one_line_error(kg("stats", "--store-dir", other), 3, "holds files that are not a kg store (thesis.tex)")
    assert (other / "thesis.tex").read_text() == "mine"
    assert sorted(p.name for p in other.iterdir()) == ["thesis.tex"]  # no kg.lock left behind
    assert other.stat().st_mode & 0o777 == 0o755  # and its permissions untouched


@pytest.mark.parametrize("command", [["stats"], ["query", "top_concepts"], ["cypher", "MATCH (n) RETURN n"],
                                     ["show", "CLIP"], ["map"], ["export", "x.graphml"], ["trend"]])
def test_reading_commands_refuse_a_missing_store_and_create_nothing(tmp_path, command):
    missing = tmp_path / "typo"
    one_line_error(kg(*command, "--store-dir", missing, cwd=tmp_path), 3, f"no kg store at {missing}", "kg build")
    assert not missing.exists() and sorted(p.name for p in tmp_path.iterdir()) == []


# --- identity and text that must survive reading (issue 14) ------------------------------

def _arxiv_lines(path: Path, *records: dict) -> Path:
    # json.dumps writes \u escapes, as APIs do, so a lone surrogate can be in the file at all
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_titles_in_any_script_stay_distinct_papers_with_stable_ids(tmp_path):
    titles = ["基于对比学习的图像检索", "基于扩散模型的图像生成", "Обучение с подкреплением для роботов",
              "Глубокие нейронные сети для перевода", "Μηχανική μάθηση για γράφους", "Réseaux de neurones profonds"]
    records = [{"id": f"2401.0000{i}", "title": t, "abstract": ABSTRACT} for i, t in enumerate(titles)]
    path = _arxiv_lines(tmp_path / "scripts.jsonl", *records)
    first, again = read_corpus([path], fmt="arxiv"), read_corpus([path], fmt="arxiv")
    assert [p.title for p in first.papers] == titles
    assert len({p.id for p in first.papers}) == 6
    assert [p.id for p in first.papers] == [p.id for p in again.papers]


def test_ascii_title_ids_are_unchanged_and_accents_meet_their_plain_copy():
    from kg.records import paper_id

    # the id every store built before the Unicode title key holds for this sample paper
    assert paper_id("GeT: Generative Target Structure Debiasing for Domain Adaptation") == \
        "get-generative-target-structure-debiasing-for-03c32ff930"
    assert paper_id("Réseaux de neurones") == paper_id("RESEAUX DE NEURONES") != paper_id("Rseaux de neurones")


def test_nul_and_control_characters_are_removed_and_the_record_kept(tmp_path):
    path = _arxiv_lines(tmp_path / "nul.jsonl",
                        {"id": "2401.00001", "title": "Nul\u0000 Title\u001b[31m", "abstract": "An abstract\u0000 with NUL."},
                        {"id": "2401.00002", "title": "Lone \ud800 surrogate", "abstract": ABSTRACT},
                        {"id": "2401.00003", "title": "\u0000\u0001", "abstract": ABSTRACT})
    corpus = read_corpus([path], fmt="arxiv")
    assert [(p.title, p.abstract[:20]) for p in corpus.papers] == [
        ("Nul  Title [31m", "An abstract  with NU"), ("Lone   surrogate", ABSTRACT[:20])]
    assert [str(p) for p in corpus.problems] == [f"{path}:3: title holds no text; skipped"]


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_batch_size_below_one_is_refused_before_anything_runs(tmp_path, value):
    result = kg("build", FIXTURES / "arxiv.jsonl", "--store-dir", tmp_path / "store", "--batch-size", value)
    assert result.returncode == 2 and "--batch-size" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("args, option", [(["show", "CLIP", "--max-nodes", "0"], "--max-nodes"),
                                          (["map", "--top", "0"], "--top"), (["show", "CLIP", "--hops", "4"], "--hops"),
                                          (["trend", "--limit", "-3"], "--limit")])
def test_counts_and_hops_are_checked_before_the_store_is_opened(tmp_path, args, option):
    result = kg(*args, "--store-dir", tmp_path / "store")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"kg {args[0]}: error: argument {option}")
    assert not (tmp_path / "store").exists()


# --- every record on its own (issue 14) ---------------------------------------------------------

def _problems(corpus) -> list[str]:
    return [str(p) for p in corpus.problems]


def test_a_line_separator_inside_a_json_string_is_text_and_line_numbers_stay_right(tmp_path):
    path = tmp_path / "u2028.jsonl"
    path.write_text(json.dumps({"title": "Line\u2028separated\u0085title", "abstract": ABSTRACT}, ensure_ascii=False)
                    + "\n{broken\n", encoding="utf-8")
    corpus = read_corpus([path])
    assert [p.title for p in corpus.papers] == ["Line separated title"]  # both are white space in a title
    assert _problems(corpus)[0].startswith(f"{path}:2: malformed JSON record")


def test_plain_title_and_abstract_records_are_a_format_of_their_own(tmp_path):
    path = _arxiv_lines(tmp_path / "plain.jsonl", {"title": "Plain one", "abstract": ABSTRACT, "year": 2024},
                        {"title": "Plain two", "abstract": ABSTRACT, "doi": "https://doi.org/10.1/X"})
    corpus = read_corpus([path])
    assert [(p.title, p.year, p.doi) for p in corpus.papers] == [("Plain one", 2024, None),
                                                                  ("Plain two", None, "10.1/x")]


def test_an_openalex_results_page_reads_every_work(tmp_path):
    works = [json.loads(line) for line in (FIXTURES / "openalex.jsonl").read_text().splitlines()
             if line.startswith("{") and line.rstrip().endswith("}")]
    expected = read_corpus([FIXTURES / "openalex.jsonl"])
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"meta": {"count": len(works)}, "results": works}), encoding="utf-8")
    assert [p.title for p in read_corpus([path]).papers] == [p.title for p in expected.papers]


def test_fields_of_the_wrong_type_are_refused_with_their_line_not_stored_as_reprs(tmp_path):
    path = _arxiv_lines(
        tmp_path / "typed.jsonl",
        {"title": ["list", "title"], "abstract": ABSTRACT},
        {"title": "Good paper", "abstract": ABSTRACT},
        {"paperId": "abc", "title": "Authors as a number", "abstract": ABSTRACT, "authors": 4},
        {"title": "Year as text", "abstract": ABSTRACT, "year": "2024"})
    corpus = read_corpus([path], fmt="plain")
    assert [p.title for p in corpus.papers] == ["Good paper", "Authors as a number"]
    assert _problems(corpus) == [f"{path}:1: field 'title' holds list, not text; skipped",
                                 f"{path}:4: field 'year' holds str, not a whole number; skipped"]
    s2 = _arxiv_lines(tmp_path / "s2.jsonl", {"paperId": "abc", "title": "T", "abstract": ABSTRACT, "authors": 4},
                      {"data": [1]}, {"paperId": "def", "title": "Fine", "abstract": ABSTRACT})
    corpus = read_corpus([s2], fmt="semantic-scholar")
    assert [p.title for p in corpus.papers] == ["Fine"]
    assert _problems(corpus) == [
        f"{s2}:1: record has a field of the wrong shape (TypeError: object of type 'int' has no len()); skipped",
        f"{s2}:2: page item is not a JSON object; skipped"]


# --- one line, never a traceback (issue 14) ---------------------------------------------------

def test_inputs_that_are_not_regular_files_are_refused(tmp_path):
    fifo = tmp_path / "corpus.fifo"
    os.mkfifo(fifo)
    one_line_error(kg("extract", fifo), 2, str(fifo), "not a regular file")
    one_line_error(kg("extract", "/dev/zero"), 2, "/dev/zero", "not a regular file")


def test_a_saved_api_page_on_one_long_line_is_read_record_by_record(tmp_path):
    papers = [{"paperId": f"id{i}", "title": f"Paper number {i}", "abstract": ABSTRACT * 8} for i in range(150)]
    papers.append({"paperId": "huge", "title": "Too long", "abstract": "word " * 50_000})
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"data": papers}), encoding="utf-8")
    assert len(path.read_text()) > 200_000
    corpus = read_corpus([path])
    assert len(corpus.papers) == 150
    assert _problems(corpus) == [f"{path}:1: record of 250,007 characters is not a paper; skipped"]


def test_table_and_csv_output_never_carry_terminal_escapes():
    from kg.cli.tables import format_rows

    rows = [{"title": "Red \x1b[31mtitle\x1b[0m\x07", "aliases": ["a\x1b]0;x\x07", "b"]}]
    assert "\x1b" not in format_rows(rows, "table") + format_rows(rows, "csv")
    assert "Red [31mtitle[0m" in format_rows(rows, "table")
    assert json.loads(format_rows(rows, "json")) == rows  # JSON escapes them, and keeps the data


def test_build_into_a_directory_that_is_not_a_store_fails_before_reading(tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "thesis.tex").write_text("mine")
    gap = daily(tmp_path, "gap.txt", ("A Lonely Title", ""), ("Another Title For ConX", ABSTRACT))
    # were the corpus read first, --strict would stop at its bad record (exit 2)
    one_line_error(kg("build", gap, "--strict", "--store-dir", other), 3, "not a kg store")


def test_openalex_positions_of_the_wrong_shape_are_a_problem_with_their_line(tmp_path):
    good = json.loads((FIXTURES / "openalex.jsonl").read_text().splitlines()[0])
    bad = {**good, "id": "https://openalex.org/W1", "title": "Bad index",
           "abstract_inverted_index": {"We": 0, "propose": 1}}
    path = _arxiv_lines(tmp_path / "oa.jsonl", bad, good)
    corpus = read_corpus([path])
    assert [p.title for p in corpus.papers] == [good["title"]]
    assert _problems(corpus)[0].startswith(f"{path}:1: record has a field of the wrong shape")


def test_a_marker_that_is_a_directory_is_a_one_line_error(tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    (store / "kg-store.json").mkdir()
    one_line_error(kg("stats", "--store-dir", store), 3, "not a kg store")


# --- a killed build's working copy (issue 27) --------------------------------------------------

def test_the_spool_of_a_build_that_died_is_removed_and_a_live_one_kept(tmp_path):
    from kg.build.spool import Spool

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f"kg-build-{int(ended.stdout)}-abc"
    live = tmp_path / f"kg-build-{os.getpid()}-def"
    for folder in (dead, live):
        folder.mkdir()
        (folder / "spool.sqlite").write_bytes(b"papers")
    with Spool(tmp_path):
        assert not dead.exists() and (live / "spool.sqlite").read_bytes() == b"papers"
