"""The README documents kg as it is (sqlite-utils' tests/test_docs.py is the model).

Every command and every named query is named in README.md, and every example command runs on
the sample corpus: the `kg ...` lines of the README's shell blocks, each command's `--help`
example and each named query's header example. An example that needs what the tests do not
have (a Neo4j server, a Dask cluster, a corpus of the user's) is listed with the reason it
is skipped, so a new example is run unless it says why not.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cypher import library
from kg.cli import _parser

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = _parser()._subparsers._group_actions[0].choices
NOT_RUN = {  # what in a line means the tests cannot run it, and why
    "--store ": "needs a Neo4j server",
    "--dask": "needs a Dask cluster",
    "corpus/": "a corpus of the user's",
    "kg build": "the fixture runs the README's build of the sample; others read files the tests lack",
    "kg extract": "extracts the whole sample again (minutes); tests/integration/test_cli_end_to_end.py runs kg extract",
    "kg curate": "changes the store the other examples read; tests/integration/test_thesaurus_store.py runs it",
    "kg place": "reads an abstract file of the user's; tests/integration/test_explore.py runs kg place",
    "kg serve": "serves until stopped; tests/integration/test_serve.py and test_serve_browser.py run kg serve",
}


def readme_commands() -> list[str]:
    """The `kg ...` lines of the README's shell blocks, continuation lines joined."""
    lines, block = [], None
    for line in README.splitlines():
        if line.startswith("```"):
            block = line[3:].strip() if block is None else None
        elif block == "sh" and line.startswith("kg "):
            lines.append(line)
    return lines


def help_examples() -> list[str]:
    return [handler.example for handler in (p.get_default("func") for p in COMMANDS.values())]


def query_examples() -> list[str]:
    return [statement.example for statement in library.library()]


def kg(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory) -> Path:
    """The README's first command: the bundled sample built into kg-data."""
    where = tmp_path_factory.mktemp("readme")
    built = kg("build", ROOT / "samples" / "hf-daily-papers", "--store-dir", "kg-data", "--quiet", cwd=where)
    assert built.returncode == 0, built.stderr
    return where / "kg-data"


def on_sample(line: str, store: Path) -> list[str]:
    """The example's arguments, reading ``store``: its own --store-dir replaced, or one added."""
    args = shlex.split(line.replace("\\$", "$"), comments=True)[1:]  # the shell's \$ inside double quotes is $
    if "--store-dir" in args:
        args[args.index("--store-dir") + 1] = str(store)
    elif args[0] != "queries":
        args += ["--store-dir", str(store)]
    return args


@pytest.mark.slow
@pytest.mark.parametrize("line", readme_commands() + help_examples())
def test_readme_and_help_examples_run_on_the_sample(line, sample_store, tmp_path):
    reason = next((why for what, why in NOT_RUN.items() if what in line), None)
    if reason:
        pytest.skip(reason)
    result = kg(*on_sample(line, sample_store), cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.strip() and result.stdout != "(no rows)\n", line


@pytest.mark.slow
@pytest.mark.parametrize("line", query_examples())
def test_each_named_querys_example_returns_rows_on_the_sample(line, sample_store, tmp_path):
    """The example `kg queries` and `--help` show: kg query neighbourhood --param id=method:clip gave "(no rows)"."""
    result = kg(*on_sample(line, sample_store), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) != [], line
