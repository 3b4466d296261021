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

from kg.readers import read_corpus
from kg.version import stamp

FIXTURES = Path(__file__).parent / "fixtures"
MAX_ENTITIES = 500  # entities one mentions record may carry, as the README documents
ABSTRACT = ("We propose Widget Networks, a sparse attention method trained with a contrastive loss. "
            "Widget Networks outperform BERT on the GLUE benchmark for natural language inference.")


def kg(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


def entity(name: str, type_: str = "Method", **fields) -> dict:
    return {"name": name, "type": type_, "aliases": [], "proposed": False, "confidence": 0.9,
            "evidence": ABSTRACT.split(". ")[0] + ".", "relation": "MENTIONS", **fields}


def mentions_record(number: int, entities: list[dict] | None = None, **paper) -> dict:
    """A record as kg extract writes it, made by hand: no model is needed to read one back."""
    return {"id": f"paper-{number}", "title": f"Widget Networks, part {number}",
            "entities": [entity("Widget Networks", proposed=True), entity("BERT"), entity("GLUE", "Dataset"),
                         entity("contrastive loss", "Loss")] if entities is None else entities,
            "paper": {"abstract": ABSTRACT, "source": "corpus.txt", "line": number, "date": None, "year": 2024,
                      "month": None, "authors": 3, "doi": None, "arxiv_id": None, "external_id": None,
                      "references": [], **paper},
            "kg": stamp()}


def write_lines(path: Path, records: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


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

BAD_RECORDS = {
    "confidence NaN": (lambda r: r["entities"][1].update(confidence=float("nan")),
                       "field entities[1].confidence holds nan, not a number from 0 to 1"),
    "confidence as a word": (lambda r: r["entities"][1].update(confidence="high"),
                             "field entities[1].confidence holds 'high', not a number from 0 to 1"),
    "negative confidence": (lambda r: r["entities"][0].update(confidence=-0.5),
                            "field entities[0].confidence holds -0.5, not a number from 0 to 1"),
    "name a number": (lambda r: r["entities"][2].update(name=12345), "field entities[2].name holds 12345, not text"),
    "empty name": (lambda r: r["entities"][2].update(name="  "), "field entities[2].name is empty"),
    "id a list": (lambda r: r.update(id=["a"]), "field id holds ['a'], not text"),
    "unknown type": (lambda r: r["entities"][0].update(type="Banana"),
                     "field entities[0].type holds 'Banana', not one of Method, Dataset, Loss, Task"),
    "aliases a string": (lambda r: r["entities"][0].update(aliases="ABC"),
                         "field entities[0].aliases holds 'ABC', not a list"),
    "alias a number": (lambda r: r["entities"][0].update(aliases=["WN", 7]), "field entities[0].aliases[1] holds 7"),
    "relation not a link": (lambda r: r["entities"][0].update(relation="DETACH DELETE"),
                            "field entities[0].relation holds 'DETACH DELETE', not one of MENTIONS, USES"),
    "huge year": (lambda r: r["paper"].update(year=10**30), "field paper.year holds a huge number, not a year"),
    "year in words": (lambda r: r["paper"].update(year="twenty"), "field paper.year holds str, not a whole number"),
    "month 13": (lambda r: r["paper"].update(month=13), "field paper.month holds 13, not a whole number from 1 to 12"),
    "unknown field": (lambda r: r["paper"].update(colour="red"), "field paper.colour is not in the mentions format"),
    "missing field": (lambda r: r["entities"][3].pop("evidence"), "field entities[3].evidence is missing"),
    "stamp not an object": (lambda r: r.update(kg=["x"]), "mentions in format None"),
}


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


@pytest.mark.slow
def test_bad_mentions_records_never_reach_the_store_and_strict_leaves_it_untouched(tmp_path):
    store = tmp_path / "store"
    good = write_lines(tmp_path / "good.jsonl", [mentions_record(1)])
    assert kg("build", good, "--store-dir", store, "--html", tmp_path / "a.html", "--quiet").returncode == 0
    before = kg("stats", "--store-dir", store).stdout

    spoiled = [mentions_record(n) for n in range(2, 2 + len(BAD_RECORDS))]
    for record, (spoil, _) in zip(spoiled, BAD_RECORDS.values()):
        spoil(record)
    many = mentions_record(50, [entity(f"Method {i}") for i in range(4000)])
    bad = write_lines(tmp_path / "bad.jsonl", [*spoiled, many, mentions_record(99)])

    strict = kg("build", bad, "--strict", "--store-dir", store, "--html", tmp_path / "b.html", "--quiet")
    assert strict.returncode == 2 and "Traceback" not in strict.stderr
    assert strict.stderr.count("kg: bad record ") == len(BAD_RECORDS) + 1
    assert strict.stderr.endswith("nothing was written because of --strict\n")
    assert kg("stats", "--store-dir", store).stdout == before

    lenient = kg("build", bad, "--store-dir", store, "--html", tmp_path / "c.html", "--quiet")
    assert lenient.returncode == 0 and "Traceback" not in lenient.stderr, lenient.stderr
    assert f"kg: skipped {bad}:{len(BAD_RECORDS) + 1}: field entities holds 4,000 items" in lenient.stderr
    assert f"kg: {len(BAD_RECORDS) + 1} records skipped" in lenient.stderr
    papers = kg("cypher", "MATCH (p:Paper) RETURN p.id AS id ORDER BY id", "--store-dir", store, "--format", "jsonl")
    assert [json.loads(line)["id"] for line in papers.stdout.splitlines()] == ["paper-1", "paper-99"]
    concepts = kg("cypher", "MATCH (c:Concept) RETURN count(c) AS n", "--store-dir", store, "--format", "jsonl")
    assert json.loads(concepts.stdout)["n"] == 4  # no Banana, no 12345, no Method 0..3999


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


def test_extract_onto_a_full_disk_is_one_line_and_leaves_no_part_file(tmp_path):
    mentions = write_lines(tmp_path / "mentions.jsonl", [mentions_record(n) for n in range(1, 4)])
    full = kg("extract", mentions, "-o", "/dev/full")
    assert full.returncode == 1 and full.stderr == "kg: error: cannot write -o /dev/full: No space left on device\n"
    redirected = subprocess.run(f"{sys.executable} -m kg.cli extract {mentions} > /dev/full", shell=True,
                                capture_output=True, text=True)
    assert redirected.returncode == 1
    assert redirected.stderr == "kg: error: cannot write to standard output: No space left on device\n"


def test_a_failed_extract_leaves_the_previous_output_as_it_was(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("yesterday's mentions\n")
    bad = mentions_record(2)
    bad["entities"][0]["confidence"] = "high"
    mentions = write_lines(tmp_path / "mentions.jsonl", [mentions_record(1), bad])
    result = kg("extract", mentions, "--strict", "-o", out)
    assert result.returncode == 2 and out.read_text() == "yesterday's mentions\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mentions.jsonl", "out.jsonl"]  # no .part left behind
    assert kg("extract", mentions, "-o", out).returncode == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["paper-1"]


def test_build_refuses_a_map_path_under_a_file_before_extracting_or_creating_a_store(tmp_path, small_corpus_file):
    (tmp_path / "afile").write_text("not a directory\n")
    result = kg("build", small_corpus_file, "--store-dir", tmp_path / "store", "--html", tmp_path / "afile" / "map.html")
    assert result.returncode == 1 and "extract:" not in result.stderr
    assert result.stderr == f"kg: error: cannot write --html {tmp_path}/afile/map.html: {tmp_path}/afile is a file, " \
                            "not a directory\n"
    assert not (tmp_path / "store").exists()


# --- --param: values no store holds are parameter errors, said before the store is asked -------------------


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    """A real embedded store holding three hand-made papers, built once for the --param tests."""
    where = tmp_path_factory.mktemp("params")
    mentions = write_lines(where / "mentions.jsonl", [mentions_record(n) for n in range(1, 4)])
    built = kg("build", mentions, "--store-dir", where / "store", "--html", where / "map.html", "--quiet")
    assert built.returncode == 0, built.stderr
    return where / "store"


@pytest.mark.slow
@pytest.mark.parametrize("value, message", [
    ("-1", "parameter limit must be a whole number from 0 to 9223372036854775807, not -1"),
    ("123456789012345678901234567890", "parameter limit must be a whole number from 0 to 9223372036854775807, "
                                       "not 123456789012345678901234567890"),
    ("1e400", "parameter limit must be int, not '1e400'"),
    ("NaN", "parameter limit must be int, not 'NaN'"),
])
def test_a_named_query_limit_out_of_range_is_a_parameter_error(small_store, value, message):
    result = kg("query", "top_concepts", "--param", f"limit={value}", "--store-dir", small_store)
    assert (result.returncode, result.stderr) == (4, f"kg: error: {message}\n")


@pytest.mark.slow
@pytest.mark.parametrize("value, reason", [
    ("1e400", "a number beyond the range of a 64-bit float"),
    ("NaN", "NaN and Infinity are not numbers a store compares"),
    ("-Infinity", "NaN and Infinity are not numbers a store compares"),
    ("18446744073709551616", "an integer beyond 64 bits, which the store cannot hold"),
    ("[" * 50_000 + "]" * 50_000, "lists or maps nested more than 32 deep"),
    ("[" * 900 + "]" * 900, "lists or maps nested more than 32 deep"),
])
def test_a_raw_cypher_param_no_store_can_hold_is_refused_not_bent(small_store, value, reason):
    result = kg("cypher", "RETURN $n AS n", "--param", f"n={value}", "--store-dir", small_store)
    shown = value if len(value) <= 30 else value[:27] + "..."
    assert result.returncode == 4 and "Traceback" not in result.stderr
    assert result.stderr == f"kg: error: --param n={shown}: {reason}; pass --param-string n=... to send it as text\n"


@pytest.mark.slow
def test_the_widest_64_bit_integers_and_a_nested_list_pass_unchanged(small_store):
    for value in ("9223372036854775807", "-9223372036854775808", "[[1, 2], {\"a\": [3]}]", "1.5e300"):
        result = kg("cypher", "RETURN $n AS n", "--param", f"n={value}", "--store-dir", small_store, "--format", "jsonl")
        assert result.returncode == 0 and json.loads(result.stdout)["n"] == json.loads(value), result.stderr
    limit = kg("query", "top_concepts", "--param", "limit=0", "--store-dir", small_store)
    assert limit.returncode == 0 and limit.stdout == "(no rows)\n"


@pytest.mark.parametrize("value", [-1, 2**63, "-1", "123456789012345678901234567890"])
def test_a_named_query_limit_out_of_range_is_refused_in_the_python_api_too(value):
    """The check sits in the library's parameter binding, so kg.open(...).query(...) gets it as the CLI does."""
    from kg import library
    from kg.errors import QueryError

    with pytest.raises(QueryError, match="parameter limit must be a whole number from 0 to 9223372036854775807"):
        library.load("queries", "top_concepts").bind({"limit": value})
