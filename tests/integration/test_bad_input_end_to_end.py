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

from hand_made_mentions import BAD_RECORDS, entity, mentions_record, write_lines


def kg(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


# --- 6 and 7: a mentions file is checked against one schema, record by record, before any write ------------


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
