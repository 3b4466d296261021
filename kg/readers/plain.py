"""Plain JSON records: ``{"title": ..., "abstract": ...}``, the shape most scripts write.

Optional fields: ``year`` (a number), ``doi``, ``authors`` (a list or one string) and
``arxiv_id``. Checked last, so a record any richer format recognises is read by it.
"""

from __future__ import annotations

from ..models import Paper, normalise_doi, paper_id
from .fields import RecordError, author_count, text_field, title_and_abstract

NAME = "plain"


def looks_like(record: dict) -> bool:
    return "title" in record and "abstract" in record


def read_record(record: dict, source: str, line: int) -> Paper:
    title, abstract = title_and_abstract(text_field(record, "title"), text_field(record, "abstract"))
    year = record.get("year")
    if year is not None and not (isinstance(year, int) and not isinstance(year, bool)):
        raise RecordError(f"field 'year' holds {type(year).__name__}, not a whole number")
    arxiv = text_field(record, "arxiv_id") or None
    return Paper(id=paper_id(title), title=title, abstract=abstract, source=source, line=line, year=year,
                 authors=author_count(record.get("authors")), doi=normalise_doi(text_field(record, "doi")),
                 arxiv_id=arxiv, external_id=f"arxiv:{arxiv}" if arxiv else None)
