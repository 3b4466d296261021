"""Semantic Scholar Graph API paper records (``/graph/v1/paper/...`` with fields requested).

Fields used: ``paperId``, ``title``, ``abstract``, ``year``, ``publicationDate``,
``externalIds`` (DOI, ArXiv), ``authors``, ``references`` and ``citations`` (lists of
``{paperId, title}``). A citing paper is recorded on the cited one as a reference
held the other way round, so both lists become CITES relationships.
"""

from __future__ import annotations

import re

from ..records import Paper, Reference, normalise_doi, paper_id
from .fields import date_parts, text_field, title_and_abstract, year_field

NAME = "semantic-scholar"


def looks_like(record: dict) -> bool:
    return "paperId" in record


def _ref(item, cited_by: bool = False) -> Reference | None:
    if isinstance(item, dict) and item.get("paperId"):
        title = re.sub(r"\s+", " ", str(item.get("title") or "")).strip() or None
        return Reference(f"s2:{item['paperId']}", title, cited_by)
    return None


def read_record(record: dict, source: str, line: int) -> Paper:
    title, abstract = title_and_abstract(text_field(record, "title"), text_field(record, "abstract"))
    date, year, month = date_parts(record.get("publicationDate"))
    year = year_field(record.get("year") or None, text=True) or year
    ids = record.get("externalIds") or {}
    references = tuple(r for r in (_ref(i) for i in record.get("references") or []) if r)
    cited_by = tuple(r for r in (_ref(i, cited_by=True) for i in record.get("citations") or []) if r)
    return Paper(id=paper_id(title), title=title, abstract=abstract, source=source, line=line, date=date,
                 year=year, month=month, authors=len(record.get("authors") or []) or None,
                 doi=normalise_doi(ids.get("DOI")), arxiv_id=ids.get("ArXiv"),
                 external_id=f"s2:{record['paperId']}" if record.get("paperId") else None,
                 references=references + cited_by)
