"""JSON-lines and JSON-array sources: one record per paper, each mapped by its format's reader.

A record that is not valid JSON, or lacks a title or an abstract, becomes a
:class:`Problem` naming its line; the records around it still load. A raw control
character inside a JSON string is taken as it stands (``strict=False``), so the record
loads and :func:`~kg.readers.formats.clean_text` removes the character, as the README promises.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from ..records import Paper
from .fields import RecordError
from .problems import Problem

RecordReader = Callable[[dict, str, int], Paper]


MAX_RECORD = 200_000  # characters of title and abstract; a longer "abstract" is not one
PAGE_KEYS = ("data", "results")  # API pages: Semantic Scholar {"data": [...]}, OpenAlex {"results": [...]}


def _page_items(record: dict) -> list | None:
    return next((record[k] for k in PAGE_KEYS if isinstance(record.get(k), list)), None)


def parse(text: str):
    """One JSON value, allowing raw control characters inside strings (they are cleaned later)."""
    return json.loads(text, strict=False)


def json_error(err: ValueError) -> str:
    """What is wrong and where on the line: "Expecting ',' delimiter at column 12" (json's own ``msg``
    sometimes ends in "at" already, which read "at at column"). Python refuses to read a number of
    more than 4,300 digits with a plain ValueError, which names no column."""
    if not isinstance(err, json.JSONDecodeError):
        return "a number too long to read"
    return f"{err.msg.removesuffix(' at')} at column {err.colno}"


def records(lines: list[str], source: str) -> Iterator[tuple[int, dict] | Problem]:
    """(line number, record) pairs from JSON lines, or from one JSON array spread over the file."""
    text = "\n".join(lines).lstrip()
    if text.startswith("["):
        try:
            items = parse(text)
        except ValueError as err:
            yield Problem(source, getattr(err, "lineno", 1),
                          f"malformed JSON ({json_error(err)}); the whole array is unreadable")
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
            record = parse(line)
        except ValueError as err:
            yield Problem(source, number, f"malformed JSON record ({json_error(err)}); skipped")
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


def read_records(lines: list[str], source: str, reader: RecordReader,
                 unique_ids: bool = False) -> Iterator[Paper | Problem]:
    """Each record read into a paper, or the problem that names its line.

    ``unique_ids``: the records carry their paper's id (mentions files), so a second
    record with an id already read is a broken file, not another copy of the paper:
    it is skipped with both lines named, and the first record's mentions are kept.
    """
    first_line: dict[str, int] = {}
    for item in records(lines, source):
        if isinstance(item, Problem):
            yield item
            continue
        number, record = item
        try:
            paper = reader(record, source, number)
            if len(paper.title) + len(paper.abstract) > MAX_RECORD:
                raise RecordError(f"record of {len(paper.title) + len(paper.abstract):,} characters is not a paper")
            if unique_ids and first_line.setdefault(paper.id, number) != number:
                raise RecordError(f"duplicate id {paper.id!r}, already read at line {first_line[paper.id]}")
            yield paper
        except RecordError as err:
            yield Problem(source, number, f"{err}; skipped")
        except (TypeError, ValueError, AttributeError, KeyError) as err:  # a field of an unexpected shape
            yield Problem(source, number, f"record has a field of the wrong shape ({type(err).__name__}: {err}); "
                          "skipped")
