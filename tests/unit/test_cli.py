"""The kg command line as a user runs it: help, versions, refusals before any work, and tables.

What needs the models or a store is in tests/integration/test_cli_end_to_end.py."""

from __future__ import annotations

import subprocess
import sys

import pytest


def kg(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_a_confidence_cut_off_outside_0_to_1_is_refused():
    result = kg("extract", "anything.txt", "--min-confidence", "1.5")
    assert result.returncode == 2 and "--min-confidence: must be from 0 to 1, got 1.5" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["build", "/no/such/dir"], "kg: error: /no/such/dir: no such file or directory\n"),
    (["extract", "/no/such/file.txt"], "kg: error: /no/such/file.txt: no such file or directory\n"),
])
def test_bad_input_is_one_line_and_non_zero(args, message):
    result = kg(*args)
    assert result.returncode == 2 and result.stderr == message and result.stdout == ""


def test_queries_lists_the_library():
    result = kg("queries")
    assert result.returncode == 0
    assert "datasets_for_method" in result.stdout and "params: name, limit=20" in result.stdout


SERVE_TWIN = {}  # kg serve's twin is kg.serve.run(graph): the web app is a layer above the API


def test_every_command_has_help_with_an_example_and_a_python_api_twin():
    from kg.serve import run as serve

    SERVE_TWIN["serve"] = serve
    from kg import api
    from kg.cli import _parser

    commands = _parser()._subparsers._group_actions[0].choices
    assert set(commands) == {"build", "extract", "show", "map", "export", "stats", "trend", "query", "queries",
                             "cypher", "curate", "search", "similar", "place", "serve"}
    for command in commands:
        result = kg(command, "--help")
        assert result.returncode == 0 and "example:\n  kg " + command in result.stdout
        twin = getattr(api.KnowledgeGraph, command, None) or getattr(api, command, None) or SERVE_TWIN.get(command)
        assert callable(twin) and twin.__doc__


def test_input_format_is_read_and_format_is_written():
    for command in ("build", "extract"):
        text = kg(command, "--help").stdout
        assert "--input-format" in text and "--format" not in text.replace("--input-format", "")
    for command in ("query", "trend", "cypher", "export"):
        assert "--format" in kg(command, "--help").stdout and "--input-format" not in kg(command, "--help").stdout


def test_named_queries_are_methods_with_signatures_and_docstrings():
    import inspect

    from kg.api import KnowledgeGraph

    method = KnowledgeGraph.datasets_for_method
    assert "datasets_for_method" in dir(KnowledgeGraph)
    assert str(inspect.signature(method)) == "(self, *, name: str, limit: int = 20) -> list[dict]"
    assert method.__doc__.startswith("Datasets used in the papers that mention a method")


def test_version_names_kg_and_the_extraction_model_a_mentions_file_is_stamped_with():
    from kg.version import stamp

    result = kg("--version")
    assert result.returncode == 0
    assert result.stdout == f"kg {stamp()['version']} (extraction model {stamp()['model']})\n"


def test_tables_mark_what_they_cut_and_show_ids_whole():
    from kg.cli.tables import format_rows

    long_id = "method:" + "a very long concept name " * 4
    rows = [{"id": long_id, "name": "x" * 80, "papers": 3}]
    table = format_rows(rows, "table")
    assert long_id.rstrip() in table  # what --param id= takes, copied whole
    assert "x" * 59 + "…" in table and "x" * 60 not in table
    assert table.splitlines()[-1] == "(… ends a value cut to 60 characters; --format csv, json or jsonl gives it whole)"
    assert "…" not in format_rows([{"id": "a", "name": "short"}], "table")
    for fmt in ("json", "jsonl", "csv"):
        assert "x" * 80 in format_rows(rows, fmt) and long_id in format_rows(rows, fmt)


def test_opening_a_misspelt_store_from_python_creates_nothing(tmp_path):
    import kg as kg_api

    graph = kg_api.open(str(tmp_path / "kg-dtaa"))
    with pytest.raises(kg_api.StoreError, match="no kg store at .*kg-dtaa; check the path, or build one"):
        graph.top_concepts()
    graph.close()
    assert not (tmp_path / "kg-dtaa").exists()


def test_queries_lists_each_purpose_whole():
    from kg.cypher import library

    listed = " ".join(kg("queries").stdout.split())
    for statement in library.library():
        assert statement.purpose.endswith(".") and statement.purpose in listed
    assert "with the evidence and the names they go through." in listed  # links_between's second line
