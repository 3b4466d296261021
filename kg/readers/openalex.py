"""OpenAlex work records (API results or snapshot lines).

Fields used: ``id`` (https://openalex.org/W...), ``title`` or ``display_name``,
``abstract_inverted_index`` (word -> positions; the abstract is rebuilt from it),
``publication_year``, ``publication_date``, ``doi``, ``authorships``, ``ids.arxiv``,
``referenced_works`` (OpenAlex ids of cited works).
"""

from __future__ import annotations

from ..records import Paper, Reference, normalise_doi, paper_id
from .fields import date_parts, text_field, title_and_abstract, year_field

NAME = "openalex"


def looks_like(record: dict) -> bool:
    return "abstract_inverted_index" in record or str(record.get("id", "")).startswith("https://openalex.org/")


def short_id(url) -> str | None:
    """W2741809807 from https://openalex.org/W2741809807."""
    text = str(url or "").rstrip("/")
    return text.rsplit("/", 1)[-1] or None if text else None


def abstract_from_index(index) -> str:
    if not isinstance(index, dict):
        return ""
    placed = sorted((pos, word) for word, positions in index.items() for pos in positions)
    return " ".join(word for _, word in placed)


def read_record(record: dict, source: str, line: int) -> Paper:
    title, abstract = title_and_abstract(text_field(record, "title", "display_name"),
                                         abstract_from_index(record.get("abstract_inverted_index")))
    date, year, month = date_parts(record.get("publication_date"))
    year = year_field(record.get("publication_year") or None, "publication_year", text=True) or year
    work = short_id(record.get("id"))
    arxiv = (record.get("ids") or {}).get("arxiv")
    return Paper(id=paper_id(title), title=title, abstract=abstract, source=source, line=line, date=date,
                 year=year, month=month, authors=len(record.get("authorships") or []) or None,
                 doi=normalise_doi(record.get("doi")), arxiv_id=short_id(arxiv) if arxiv else None,
                 external_id=f"openalex:{work}" if work else None,
                 references=tuple(Reference(f"openalex:{short_id(w)}") for w in record.get("referenced_works") or [] if w))
