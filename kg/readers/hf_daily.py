"""Reader for Hugging Face "Daily Papers" page dumps.

A dump is a title line followed by its abstract line, with page chrome between
papers ("Subscribe", "• 5 authors", "Oct 12, 2023", ...). Dates and author counts
that follow a paper belong to it; chrome before the first paper is the page's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from ..records import Paper, paper_id
from .problems import Problem

MONTHS = {m: i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}

CHROME_LINES = {
    "new",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "·",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
}
GLUED_CHROME = re.compile(r"^Subscribe(?=\S)")
AUTHORS = re.compile(r"^•\s*(\d+)\s+authors?$")
# "Oct 12, 2023", "Mar 11", and "Apr 17 2" (a trailing upvote count, not a year)
DATE = re.compile(r"^(%s)\s+(\d{1,2})(?:,\s*(\d{4}))?(?:\s+\d{1,4})?$" % "|".join(MONTHS))
SENTENCE_END = re.compile(r"[.!?]\s+[A-Z(]|[.!?]\s*$")


def looks_like_daily_papers(head: str) -> bool:
    """True when the opening text of a file has the page's chrome or its title/abstract rhythm."""
    lines = [ln.strip() for ln in head.splitlines() if ln.strip()]
    if any(ln.lower() in CHROME_LINES or AUTHORS.match(ln) for ln in lines[:20]):
        return True
    return len(lines) >= 2 and not lines[0].startswith(("{", "[")) and _is_abstract(lines[1])


def _is_abstract(line: str) -> bool:
    """An abstract is prose: several sentences, or one long one. Titles are neither."""
    words = len(line.split())
    return words >= 25 or (words >= 8 and bool(SENTENCE_END.search(line)) and not line.endswith("?"))


def _date_fields(match: re.Match) -> dict:
    month, day, year = MONTHS[match.group(1)], int(match.group(2)), match.group(3)
    if year:
        return {"date": f"{int(year):04d}-{month:02d}-{day:02d}", "year": int(year), "month": month}
    return {"date": f"--{month:02d}-{day:02d}", "month": month}


def read_daily_papers(lines: Iterator[str], source: str) -> Iterator[Paper | Problem]:
    """Yield each paper of one page dump, or a :class:`Problem` for a record that is not one.

    ``lines`` are the decoded lines of the file named ``source``; line numbers
    count from 1 and point at the paper's title.
    """
    pending_title: tuple[int, str] | None = None
    last: Paper | None = None  # completed paper that trailing date/authors attach to

    for number, raw in enumerate(lines, 1):
        line = GLUED_CHROME.sub("", raw.strip())
        if not line or line.lower() in CHROME_LINES:
            continue
        if m := AUTHORS.match(line):
            if last is not None and last.authors is None:
                last = replace(last, authors=int(m.group(1)))
            continue
        if m := DATE.match(line):
            if last is not None and last.date is None:
                last = replace(last, **_date_fields(m))
            continue
        if pending_title is None:
            if last is not None:
                yield last
                last = None
            pending_title = (number, line)
            continue
        if not _is_abstract(line):
            yield Problem(source, pending_title[0], f"title with no abstract: {pending_title[1][:80]!r}")
            pending_title = (number, line)
            continue
        title_line, title = pending_title
        last = Paper(id=paper_id(title), title=title, abstract=line, source=source, line=title_line)
        pending_title = None

    if last is not None:
        yield last
    if pending_title is not None:
        yield Problem(source, pending_title[0], f"title with no abstract: {pending_title[1][:80]!r}")
