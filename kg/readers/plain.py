"""Plain JSON records: ``{"title": ..., "abstract": ...}``, the shape most scripts write.

Optional fields: ``year`` (a number), ``doi``, ``authors`` (a list or one string) and
``arxiv_id``. Checked last, so a record any richer format recognises is read by it.
"""

from __future__ import annotations

from ..records import Paper, normalise_doi, paper_id
from .fields import author_count, text_field, title_and_abstract, year_field

NAME = "plain"


def looks_like(record: dict) -> bool:
    return "title" in record and "abstract" in record


def read_record(record: dict, source: str, line: int) -> Paper:
    title, abstract = title_and_abstract(text_field(record, "title"), text_field(record, "abstract"))
    year = year_field(record.get("year"))
    arxiv = text_field(record, "arxiv_id") or None
    return Paper(id=paper_id(title), title=title, abstract=abstract, source=source, line=line, year=year,
                 authors=author_count(record.get("authors")), doi=normalise_doi(text_field(record, "doi")),
                 arxiv_id=arxiv, external_id=f"arxiv:{arxiv}" if arxiv else None)
