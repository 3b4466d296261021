"""Checks and conversions every record format shares: text fields, title and abstract, dates, authors.

One place, so "a list where a title should be" or "2023-10" is judged the same way
whichever source a record came from.
"""

from __future__ import annotations

import re


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
