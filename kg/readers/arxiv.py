"""arXiv metadata snapshot records (the Kaggle/S3 JSON-lines dump).

Fields used: ``id``, ``title``, ``abstract``, ``authors`` (one string), ``categories``,
``update_date``, ``doi``. arXiv wraps long titles and abstracts across lines; the
reader folds that whitespace.
"""

from __future__ import annotations

import re

from ..models import Paper, normalise_doi, paper_id
from .jsonl import text_field, title_and_abstract

KEYS = {"id", "title", "abstract", "update_date"}


def looks_like(record: dict) -> bool:
    return KEYS <= set(record) or {"id", "title", "abstract", "categories"} <= set(record)


def _author_count(authors) -> int | None:
    if isinstance(authors, list):
        return len(authors) or None
    if not authors:
        return None
    return len([a for a in re.split(r",\s*|\s+and\s+", str(authors)) if a.strip()])


def read_record(record: dict, source: str, line: int) -> Paper:
    title, abstract = title_and_abstract(text_field(record, "title"), text_field(record, "abstract"))
    date = str(record.get("update_date") or "")[:10] or None
    year = int(date[:4]) if date and date[:4].isdigit() else None
    month = int(date[5:7]) if date and len(date) >= 7 and date[5:7].isdigit() else None
    arxiv = str(record.get("id") or "").strip() or None
    return Paper(id=paper_id(title), title=title, abstract=abstract, source=source, line=line, date=date,
                 year=year, month=month, authors=_author_count(record.get("authors")),
                 doi=normalise_doi(record.get("doi")), arxiv_id=arxiv, external_id=f"arxiv:{arxiv}" if arxiv else None)
