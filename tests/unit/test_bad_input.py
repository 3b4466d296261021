"""Bad input costs only itself: a broken line, a bad mentions record, an unwritable output, a bad --param.

Each test runs the real reader on a real file or the real ``kg`` command line, and each
guards a hole a hostile run found (issue 27): the case is in the test's name.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hand_made_mentions import ABSTRACT, BAD_RECORDS, entity, mentions_record, write_lines
from kg.readers import read_corpus

FIXTURES = Path(__file__).parents[1] / "fixtures"
MAX_ENTITIES = 500  # entities one mentions record may carry, as the README documents


def kg(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


def problems(path: Path) -> list[str]:
    return [str(p) for p in read_corpus([path]).problems]


# --- 5: one malformed line of a JSON lines file ------------------------------------------------------------


def test_a_malformed_first_line_costs_that_line_not_the_file(tmp_path):
    arxiv = (FIXTURES / "arxiv.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "broken-head.jsonl"
    path.write_text('{"title": "cut off in the mid\n' + arxiv, encoding="utf-8")
    corpus = read_corpus([path])
    assert len(corpus.papers) == len(read_corpus([FIXTURES / "arxiv.jsonl"]).papers) > 0
    assert problems(path)[0] == f"{path}:1: malformed JSON record (Unterminated string starting at column 11); skipped"
    assert all(p.source == str(path) for p in corpus.papers)


def test_a_malformed_first_line_in_a_directory_build_loads_the_rest(tmp_path):
    (tmp_path / "corpus").mkdir()
    write_lines(tmp_path / "corpus" / "a.jsonl", ["{not json", {"title": "Widget Networks", "abstract": ABSTRACT},
                                                  {"title": "Gadget Networks", "abstract": ABSTRACT}])
    corpus = read_corpus([tmp_path / "corpus"])
    assert [p.title for p in corpus.papers] == ["Widget Networks", "Gadget Networks"]
    assert [p.line for p in corpus.problems] == [1]


def test_a_file_whose_lines_all_fail_names_the_first_line_and_why(tmp_path):
    path = write_lines(tmp_path / "junk.jsonl", ["{not json", "{nor this"])
    with pytest.raises(Exception, match=r"junk.jsonl:1: malformed JSON record \(Expecting property name"):
        read_corpus([path])


def test_a_raw_control_character_in_a_json_string_is_removed_and_the_record_kept(tmp_path):
    path = tmp_path / "bell.jsonl"
    path.write_text('{"title": "Widget\x07 Networks", "abstract": "A bell \x07 and an escape \x1b[31m in text. '
                    + ABSTRACT + '"}\n', encoding="utf-8")
    corpus = read_corpus([path])
    assert corpus.problems == []
    assert corpus.papers[0].title == "Widget  Networks"  # each control character becomes a space
    assert "\x07" not in corpus.papers[0].abstract and "\x1b" not in corpus.papers[0].abstract


def test_a_malformed_json_message_says_at_once():
    from kg.readers.jsonl import json_error

    with pytest.raises(json.JSONDecodeError) as strict_error:
        json.loads('{"title": "a\x07"}')  # json's own message ends in "at": "Invalid control character '\x07' at"
    assert json_error(strict_error.value) == "Invalid control character at column 13"
    assert not any(" at at " in str(p) for p in read_corpus([FIXTURES / "arxiv.jsonl"]).problems)


def test_a_number_too_long_for_python_is_a_skipped_record_not_a_traceback(tmp_path):
    path = write_lines(tmp_path / "long.jsonl", ['{"title": "T", "abstract": "' + ABSTRACT + '", "year": 1' + "0" * 5000
                                                 + "}", {"title": "Widget Networks", "abstract": ABSTRACT}])
    assert problems(path) == [f"{path}:1: malformed JSON record (a number too long to read); skipped"]


@pytest.mark.parametrize("year", [10**30, "twenty", True, 1066 * 0])
def test_a_plain_record_year_that_is_no_year_skips_the_record(tmp_path, year):
    path = write_lines(tmp_path / "years.jsonl", [{"title": "Widget Networks", "abstract": ABSTRACT, "year": year},
                                                  {"title": "Gadget Networks", "abstract": ABSTRACT, "year": 2024}])
    corpus = read_corpus([path])
    assert [p.year for p in corpus.papers] == [2024]
    assert corpus.problems[0].line == 1 and "field 'year' holds" in corpus.problems[0].message


# --- 6 and 7: a mentions file is checked against one schema, record by record, before any write ------------


@pytest.mark.parametrize("case", BAD_RECORDS)
def test_a_bad_mentions_value_skips_its_record_naming_file_line_and_field(tmp_path, case):
    spoil, message = BAD_RECORDS[case]
    bad = mentions_record(2)
    spoil(bad)
    path = write_lines(tmp_path / "mentions.jsonl", [mentions_record(1), bad, mentions_record(3)])
    corpus = read_corpus([path])
    assert [p.id for p in corpus.papers] == ["paper-1", "paper-3"]
    assert len(corpus.problems) == 1 and corpus.problems[0].line == 2
    assert str(corpus.problems[0]).startswith(f"{path}:2: {message}")


def test_a_duplicate_id_in_a_mentions_file_is_refused_and_the_first_kept(tmp_path):
    second = mentions_record(2, entities=[entity("Gadget")])
    second["id"] = "paper-1"
    path = write_lines(tmp_path / "twice.jsonl", [mentions_record(1), second])
    corpus = read_corpus([path])
    assert [(p.id, len(p.mentions)) for p in corpus.papers] == [("paper-1", 4)]
    assert problems(path) == [f"{path}:2: duplicate id 'paper-1', already read at line 1; skipped"]


def test_a_record_with_more_entities_than_an_abstract_holds_is_skipped_whole(tmp_path):
    at_most = mentions_record(1, [entity(f"Method {i}") for i in range(MAX_ENTITIES)])
    too_many = mentions_record(2, [entity(f"Method {i}") for i in range(4000)])
    path = write_lines(tmp_path / "crowded.jsonl", [at_most, too_many])
    corpus = read_corpus([path])
    assert [(p.id, len(p.mentions)) for p in corpus.papers] == [("paper-1", MAX_ENTITIES)]
    assert problems(path) == [f"{path}:2: field entities holds 4,000 items, more than the {MAX_ENTITIES} kg takes "
                              "from one abstract; skipped"]


# --- 8: an output kg could not write is refused before the work ---------------------------------------------


@pytest.mark.parametrize("output, reason", [
    ("missing/out.jsonl", "directory {tmp}/missing does not exist; create it first"),
    (".", "it is a directory; name a file"),
    ("afile/out.jsonl", "{tmp}/afile is a file, not a directory"),
])
def test_extract_refuses_an_unwritable_output_before_extracting(tmp_path, small_corpus_file, output, reason):
    (tmp_path / "afile").write_text("not a directory\n")
    target = tmp_path / output
    result = kg("extract", small_corpus_file, "-o", target)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"kg: error: cannot write -o {target}: {reason.format(tmp=tmp_path)}\n"


def test_build_refuses_a_map_path_under_a_file_before_extracting_or_creating_a_store(tmp_path, small_corpus_file):
    (tmp_path / "afile").write_text("not a directory\n")
    result = kg("build", small_corpus_file, "--store-dir", tmp_path / "store", "--html", tmp_path / "afile" / "map.html")
    assert result.returncode == 1 and "extract:" not in result.stderr
    assert result.stderr == f"kg: error: cannot write --html {tmp_path}/afile/map.html: {tmp_path}/afile is a file, " \
                            "not a directory\n"
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("value", [-1, 2**63, "-1", "123456789012345678901234567890"])
def test_a_named_query_limit_out_of_range_is_refused_in_the_python_api_too(value):
    """The check sits in the library's parameter binding, so kg.open(...).query(...) gets it as the CLI does."""
    from kg.cypher import library
    from kg.errors import QueryError

    with pytest.raises(QueryError, match="parameter limit must be a whole number from 0 to 9223372036854775807"):
        library.statement("queries", "top_concepts").bind({"limit": value})
