"""One corpus file into papers: which format it is, and the reader that format needs.

Record formats (JSON records, one per paper) follow :class:`RecordFormat` and are
listed once, in ``RECORD_FORMATS``; a new one is a module with ``NAME``,
``looks_like`` and ``read_record``, added there. Daily Papers page dumps are read
as pages, not records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Protocol

from ..errors import InputError
from ..records import Paper
from . import arxiv, mentions, openalex, plain, semantic_scholar
from .fields import NOT_TEXT
from .hf_daily import looks_like_daily_papers, read_daily_papers
from .jsonl import read_records, records
from .problems import Problem


class RecordFormat(Protocol):
    """A source's JSON record format; each reader module is one."""

    NAME: str

    def looks_like(self, record: dict) -> bool:
        """Whether a file's first record is of this format."""

    def read_record(self, record: dict, source: str, line: int) -> Paper:
        """The paper a record describes; a RecordError says why it is not one."""


# Tried in this order: kg's own mentions first (they hold a paper's fields too); plain {"title",
# "abstract"} records last, as every richer format has both too.
RECORD_FORMATS: tuple[RecordFormat, ...] = (mentions, arxiv, openalex, semantic_scholar, plain)
BY_NAME: dict[str, RecordFormat] = {f.NAME: f for f in RECORD_FORMATS}
FORMATS = ("daily-papers", *BY_NAME)
MAX_LINE = 200_000  # characters; a longer "abstract" is not one (spaCy also refuses texts past 1,000,000)


def decode_lines(path: Path) -> list[str]:
    """The file's lines as text; a binary or non-UTF-8 file is refused at its first bad line."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", str(path)) from None
    if not data.strip():
        raise InputError("file is empty", str(path))
    if b"\x00" in data[:8192]:
        raise InputError("binary file, not a text corpus", str(path), data.count(b"\n", 0, data.index(b"\x00")) + 1)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise InputError(f"not UTF-8 (byte 0x{data[err.start]:02x}); re-save the file as UTF-8 "
                         "(iconv -f latin1 -t utf-8)", str(path), line) from None
    return [line.removesuffix("\r") for line in text.split("\n")]  # \n only: U+2028 is text in a JSON string


DETECT_WITHIN = 1000  # records: a file none of whose first thousand is of a known format is of none


def detect_format(path: Path, lines: list[str]) -> str:
    """The format of a file, from its first record that parses and that a format recognises.

    A malformed or foreign line before it does not decide the file's format: it is
    skipped with its line number when the records are read, and the rest still loads.
    """
    head = next((ln.strip() for ln in lines if ln.strip()), "")
    if head.startswith(("{", "[")):
        first_problem, first_record = None, None
        for item in islice(records(lines, str(path)), DETECT_WITHIN):
            if isinstance(item, Problem):
                first_problem = first_problem or item
                continue
            first_record = first_record or item
            for record_format in RECORD_FORMATS:
                if record_format.looks_like(item[1]):
                    return record_format.NAME
        if first_record is None and first_problem is not None:  # not one line parsed: say why the first did not
            raise InputError(first_problem.message.removesuffix("; skipped"), first_problem.source,
                             first_problem.line or 1)
        raise InputError("JSON records of an unknown format (kg reads arXiv metadata, OpenAlex works, "
                         "Semantic Scholar papers, and plain records with \"title\" and \"abstract\")", str(path),
                         first_record[0] if first_record else 1)
    if looks_like_daily_papers("\n".join(lines[:60])):
        return "daily-papers"
    raise InputError("not a recognised corpus format (a Daily Papers page dump, or JSON records from arXiv, "
                     "OpenAlex or Semantic Scholar)", str(path), 1)


def clean_text(paper: Paper | Problem) -> Paper | Problem:
    """A paper whose title and abstract hold only text; a title with none left is a problem."""
    if isinstance(paper, Problem):
        return paper
    title, abstract = (NOT_TEXT.sub(" ", t).strip() if NOT_TEXT.search(t) else t for t in (paper.title, paper.abstract))
    if not title:
        return Problem(paper.source, paper.line, "title holds no text; skipped")
    return paper if (title, abstract) == (paper.title, paper.abstract) else replace(paper, title=title, abstract=abstract)


def read_file(path: Path, fmt: str | None = None) -> Iterator[Paper | Problem]:
    """Papers and problems of one file, in file order, with their text cleaned."""
    return map(clean_text, _read_file(path, fmt))


def _read_file(path: Path, fmt: str | None = None) -> Iterator[Paper | Problem]:
    lines = decode_lines(path)
    for number, line in enumerate(lines, 1):
        # A saved API page or array is one long line of many records: JSON is limited per record instead.
        if len(line) > MAX_LINE and not line.lstrip().startswith(("{", "[")):
            yield Problem(str(path), number, f"line of {len(line):,} characters is not a paper; skipped")
            lines[number - 1] = ""
    fmt = fmt or detect_format(path, lines)
    if fmt in BY_NAME:
        yield from read_records(lines, str(path), BY_NAME[fmt].read_record, unique_ids=fmt == mentions.NAME)
    else:
        yield from read_daily_papers(iter(lines), str(path))
