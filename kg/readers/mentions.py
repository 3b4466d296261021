"""Mentions files: ``kg extract`` output, read back so ``kg build`` writes them without parsing again.

Extraction can run anywhere (another machine, a Dask cluster) and the graph be loaded
once. Each record carries the whole paper and the stamp of the kg and model that made
it; a record from another mentions format or model is refused, naming its line.

A mentions file is an input like any other, and may have been edited by hand or by
another tool, so every record is checked against one schema (``RECORD`` below) while
the file is read, before anything reaches a store: a value of the wrong kind or out of
range ("confidence": "high" or NaN, an unknown type, aliases as one string, a year of
10**30) makes the record a problem naming its field, never a traceback or a
half-written build. A record may carry at most ``MAX_ENTITIES`` entities.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ..errors import shown
from ..records import ExtractedPaper, Mention, Reference
from ..schema import CONCEPT_TYPES, PAPER_CONCEPT_TYPES
from ..version import MENTIONS_FORMAT, model_id
from .fields import NOT_TEXT, RecordError, text_field, title_and_abstract, year_field

NAME = "mentions"

# Co-occurrence grows with the square of a paper's concepts, so one record of 4,000 entities
# stalled a build for minutes. kg's extractor finds at most 18 in any of the sample's 401
# abstracts; a record past this is not an abstract's, and is skipped whole rather than cut,
# since which entities a cut would keep is arbitrary and the paper would look complete.
MAX_ENTITIES = 500
# PROPOSES is not a relation of its own in the file: it is the "proposed" flag.
RELATIONS = tuple(t for t in PAPER_CONCEPT_TYPES if t != "PROPOSES")


class Bad(ValueError):
    """A field's value does not fit the schema; the message says what it holds and what it should."""


def text(value) -> str:
    if not isinstance(value, str):
        raise Bad(f"holds {shown(repr(value))}, not text")
    return NOT_TEXT.sub(" ", value) if NOT_TEXT.search(value) else value  # as a paper's title is cleaned


def name(value) -> str:
    value = text(value).strip()
    if not value:
        raise Bad("is empty")
    return value


def optional(check: Callable) -> Callable:
    return lambda value: None if value is None else check(value)


def one_of(choices: tuple[str, ...]) -> Callable:
    def check(value) -> str:
        if value not in choices:
            raise Bad(f"holds {shown(repr(value))}, not one of {', '.join(choices)}")
        return value
    return check


def boolean(value) -> bool:
    if not isinstance(value, bool):
        raise Bad(f"holds {shown(repr(value))}, not true or false")
    return value


def probability(value) -> float:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or not 0 <= value <= 1:
        raise Bad(f"holds {shown(repr(value))}, not a number from 0 to 1")
    return float(value)


def whole(low: int, high: int) -> Callable:
    def check(value) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Bad(f"holds {shown(repr(value))}, not a whole number from {low:,} to {high:,}")
        return value
    return check


def year(value) -> int | None:
    try:
        return year_field(value)
    except RecordError as err:
        raise Bad(str(err).removeprefix("field 'year' ")) from None


def list_of(check: Callable, most: int | None = None) -> Callable:
    def checked(value) -> list:
        if not isinstance(value, list):
            raise Bad(f"holds {shown(repr(value))}, not a list")
        if most is not None and len(value) > most:
            raise Bad(f"holds {len(value):,} items, more than the {most:,} kg takes from one abstract")
        out = []
        for index, item in enumerate(value):
            try:
                out.append(check(item))
            except Bad as err:
                raise Bad(f"[{index}]{'' if str(err).startswith('.') else ' '}{err}") from None
        return out
    return checked


def fields(schema: dict[str, Callable]) -> Callable:
    """A JSON object with exactly these keys, each value checked (and cleaned) by its function."""
    def checked(value) -> dict:
        if not isinstance(value, dict):
            raise Bad(f"holds {shown(repr(value))}, not an object")
        unknown = sorted(set(value) - set(schema))
        missing = [k for k in schema if k not in value]
        if unknown or missing:
            key = (unknown or missing)[0]
            raise Bad(f".{key} {'is not in the mentions format' if unknown else 'is missing'}")
        out = {}
        for key, check in schema.items():
            try:
                out[key] = check(value[key])
            except Bad as err:
                raise Bad(f".{key}{'' if str(err).startswith(('.', '[')) else ' '}{err}") from None
        return out
    return checked


# The schema: what kg extract writes (PaperMentions.as_json with a stamp), field by field.
ENTITY = fields({"name": name, "type": one_of(CONCEPT_TYPES), "aliases": list_of(name), "proposed": boolean,
                 "confidence": probability, "evidence": text, "relation": one_of(RELATIONS)})
REFERENCE = fields({"target": name, "title": optional(text), "cited_by": boolean})
PAPER = fields({"abstract": text, "source": text, "line": whole(0, 2**63 - 1), "date": optional(text),
                "year": year, "month": optional(whole(1, 12)), "authors": optional(whole(0, 1_000_000)),
                "doi": optional(text), "arxiv_id": optional(text), "external_id": optional(text),
                "references": list_of(REFERENCE)})
RECORD = fields({"id": name, "title": text, "entities": list_of(ENTITY, most=MAX_ENTITIES), "paper": PAPER,
                 "kg": lambda value: value})  # the stamp, checked first by read_record


def looks_like(record: dict) -> bool:
    return "entities" in record and "kg" in record


def read_record(record: dict, source: str, line: int) -> ExtractedPaper:
    stamp = record.get("kg")
    made_by: dict = stamp if isinstance(stamp, dict) else {}
    if made_by.get("mentions_format") != MENTIONS_FORMAT:
        raise RecordError(f"mentions in format {made_by.get('mentions_format')!r} from kg {made_by.get('version')}; "
                          f"this kg reads format {MENTIONS_FORMAT}: run kg extract again")
    if made_by.get("model") != model_id():
        raise RecordError(f"mentions made by extraction model {made_by.get('model')} (kg {made_by.get('version')}); "
                          f"this kg's model is {model_id()}: run kg extract again")
    try:
        record = RECORD(record)
    except Bad as err:
        raise RecordError(f"field {str(err).lstrip('.')}") from None
    paper = record["paper"]
    # the abstract as the paper's reader left it: evidence sentences are quoted from it
    title, abstract = title_and_abstract(text_field(record, "title"), paper["abstract"])
    paper["references"] = tuple(Reference(**r) for r in paper["references"])
    mentions = tuple(Mention(**{**e, "aliases": tuple(e["aliases"])}) for e in record["entities"])
    return ExtractedPaper(**{**paper, "id": record["id"], "title": title, "abstract": abstract}, mentions=mentions)
