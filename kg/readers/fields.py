"""Checks and conversions every record format shares: text fields, title and abstract, dates, authors.

One place, so "a list where a title should be" or "2023-10" is judged the same way
whichever source a record came from.
"""

from __future__ import annotations

import re

from ..records import CONTROL_CHARACTERS

# Control characters (NUL above all: the store refuses it and the whole batch with it) and lone
# surrogates (spaCy and every encoder refuse them) are not text; each becomes a space.
NOT_TEXT = re.compile(CONTROL_CHARACTERS.pattern + r"|[\ud800-\udfff]")


class RecordError(ValueError):
    """A record that parsed as JSON but cannot be a paper; the message says why."""


def text_field(record: dict, *keys: str) -> str:
    """The first of ``keys`` the record fills, as one line of text; a value that is not text is refused.

    A list or number where a title should be is a broken record, never a title
    written as Python would print it.
    """
    for key in keys:
        value = record.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise RecordError(f"field {key!r} holds {type(value).__name__}, not text")
        return re.sub(r"\s+", " ", value).strip()
    return ""


def title_and_abstract(title: str, abstract: str) -> tuple[str, str]:
    """Both, or the RecordError that says which one a record lacks."""
    if not title:
        raise RecordError("record has no title")
    if not abstract:
        raise RecordError(f"no abstract for {title[:60]!r}")
    return title, abstract


YEARS = range(1600, 2101)  # the first journals (1665) to well past now: anything else is a broken field


def year_field(value, key: str = "year", text: bool = False) -> int | None:
    """A record's year as a whole number kg can store and chart, or None; "twenty" or 10**30 is refused.

    ``text``: the source writes years as digits in a string too ("2021" from some Semantic
    Scholar exports), and those are read as numbers.
    """
    if value is None:
        return None
    if text and isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 4:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RecordError(f"field {key!r} holds {type(value).__name__}, not a whole number")
    if value not in YEARS:
        raise RecordError(f"field {key!r} holds {value if abs(value) < 10**9 else 'a huge number'}, "
                          f"not a year from {YEARS.start} to {YEARS.stop - 1}")
    return value


def date_parts(date) -> tuple[str | None, int | None, int | None]:
    """(ISO date, year, month) from "2023-10-12", "2023-10" or "2023"; parts it does not give are None."""
    text = str(date or "")[:10] or None
    year = int(text[:4]) if text and text[:4].isdigit() else None
    month = int(text[5:7]) if text and len(text) >= 7 and text[5:7].isdigit() else None
    return text, year, month


def author_count(authors) -> int | None:
    """How many authors: a list's length, or the names in one "A, B and C" string."""
    if isinstance(authors, list):
        return len(authors) or None
    if not authors:
        return None
    return len([a for a in re.split(r",\s*|\s+and\s+", str(authors)) if a.strip()])
