"""The README documents kg as it is (sqlite-utils' tests/test_docs.py is the model).

Every command, every named query and every output format is named in README.md; that the
examples run on the sample is tests/integration/test_docs_examples.py."""

from __future__ import annotations

import re
from pathlib import Path

from kg.cypher import library
from kg.cli import _parser

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = _parser()._subparsers._group_actions[0].choices


def test_every_command_is_in_the_readme():
    missing = [c for c in COMMANDS if not re.search(rf"`kg {c}\b|^kg {c}\b", README, re.M)]
    assert missing == []


def test_every_named_query_is_in_the_readme():
    missing = [name for name in library.names("queries") if f"`{name}" not in README]
    assert missing == []


def test_every_output_format_is_in_the_readme():
    from kg.cli.tables import ROW_FORMATS
    from kg.readwrite.export import FORMATS

    assert "## Output formats" in README
    assert [f for f in (*ROW_FORMATS, *FORMATS) if f"`{f}`" not in README] == []
