"""arXiv metadata snapshot records (the Kaggle/S3 JSON-lines dump).

Fields used: ``id``, ``title``, ``abstract``, ``authors`` (one string), ``categories``,
``update_date``, ``doi``. arXiv wraps long titles and abstracts across lines; the
reader folds that whitespace.
"""

from __future__ import annotations

from ..records import Paper, normalise_doi, paper_id
from .fields import author_count, date_parts, text_field, title_and_abstract

NAME = "arxiv"
KEYS = {"id", "title", "abstract", "update_date"}


def looks_like(record: dict) -> bool:
    return KEYS <= set(record) or {"id", "title", "abstract", "categories"} <= set(record)


def read_record(record: dict, source: str, line: int) -> Paper:
    title, abstract = title_and_abstract(text_field(record, "title"), text_field(record, "abstract"))
    date, year, month = date_parts(record.get("update_date"))
    arxiv = str(record.get("id") or "").strip() or None
    return Paper(id=paper_id(title), title=title, abstract=abstract, source=source, line=line, date=date,
                 year=year, month=month, authors=author_count(record.get("authors")),
                 doi=normalise_doi(record.get("doi")), arxiv_id=arxiv, external_id=f"arxiv:{arxiv}" if arxiv else None)
