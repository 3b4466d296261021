"""JSON-lines and JSON-array sources: one record per paper, each mapped by its format's reader.

A record that is not valid JSON, or lacks a title or an abstract, becomes a
:class:`Problem` naming its line; the records around it still load.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from ..models import Paper
from .problems import Problem

RecordReader = Callable[[dict, str, int], Paper]


class RecordError(ValueError):
    """A record that parsed as JSON but cannot be a paper; the message says why."""


def records(lines: list[str], source: str) -> Iterator[tuple[int, dict] | Problem]:
    """(line number, record) pairs from JSON lines, or from one JSON array spread over the file."""
    text = "\n".join(lines).lstrip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as err:
            yield Problem(source, err.lineno, f"malformed JSON: {err.msg}")
            return
        for index, item in enumerate(items):
            yield (index + 1, item) if isinstance(item, dict) else Problem(source, index + 1, "record is not an object")
        return
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield Problem(source, number, f"malformed JSON record ({err.msg} at column {err.colno}); skipped")
            continue
        if isinstance(record, dict) and isinstance(record.get("data"), list):  # an API page: {"data": [...]}
            for item in record["data"]:
                yield number, item
        elif isinstance(record, dict):
            yield number, record
        else:
            yield Problem(source, number, "record is not a JSON object; skipped")


def read_records(lines: list[str], source: str, reader: RecordReader) -> Iterator[Paper | Problem]:
    for item in records(lines, source):
        if isinstance(item, Problem):
            yield item
            continue
        number, record = item
        try:
            yield reader(record, source, number)
        except RecordError as err:
            yield Problem(source, number, f"{err}; skipped")
