"""JSON-lines and JSON-array sources: one record per paper, each mapped by its format's reader.

A record that is not valid JSON, or lacks a title or an abstract, becomes a
:class:`Problem` naming its line; the records around it still load.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from ..models import Paper
from .fields import RecordError
from .problems import Problem

RecordReader = Callable[[dict, str, int], Paper]


MAX_RECORD = 200_000  # characters of title and abstract; a longer "abstract" is not one
PAGE_KEYS = ("data", "results")  # API pages: Semantic Scholar {"data": [...]}, OpenAlex {"results": [...]}


def _page_items(record: dict) -> list | None:
    return next((record[k] for k in PAGE_KEYS if isinstance(record.get(k), list)), None)


def records(lines: list[str], source: str) -> Iterator[tuple[int, dict] | Problem]:
    """(line number, record) pairs from JSON lines, or from one JSON array spread over the file."""
    text = "\n".join(lines).lstrip()
    if text.startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as err:
            yield Problem(source, err.lineno, f"malformed JSON: {err.msg}")
            return
        except RecursionError:
            yield Problem(source, 1, "JSON nested too deeply to be a paper")
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
        except RecursionError:
            yield Problem(source, number, "JSON record nested too deeply to be a paper; skipped")
            continue
        if isinstance(record, dict) and (items := _page_items(record)) is not None:  # an API page
            for item in items:
                yield (number, item) if isinstance(item, dict) else Problem(
                    source, number, "page item is not a JSON object; skipped")
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
            paper = reader(record, source, number)
            if len(paper.title) + len(paper.abstract) > MAX_RECORD:
                raise RecordError(f"record of {len(paper.title) + len(paper.abstract):,} characters is not a paper")
            yield paper
        except RecordError as err:
            yield Problem(source, number, f"{err}; skipped")
        except (TypeError, ValueError, AttributeError, KeyError) as err:  # a field of an unexpected shape
            yield Problem(source, number, f"record has a field of the wrong shape ({type(err).__name__}: {err}); "
                          "skipped")
