"""Mentions files: ``kg extract`` output, read back so ``kg build`` writes them without parsing again.

Extraction can run anywhere (another machine, a Dask cluster) and the graph be loaded
once. Each record carries the whole paper and the stamp of the kg and model that made
it; a record from another mentions format or model is refused, naming its line.
"""

from __future__ import annotations

from ..models import ExtractedPaper, Mention, Reference
from ..version import MENTIONS_FORMAT, model_id
from .fields import RecordError, text_field, title_and_abstract

NAME = "mentions"


def looks_like(record: dict) -> bool:
    return "entities" in record and "kg" in record


def read_record(record: dict, source: str, line: int) -> ExtractedPaper:
    made_by = record.get("kg") or {}
    if made_by.get("mentions_format") != MENTIONS_FORMAT:
        raise RecordError(f"mentions in format {made_by.get('mentions_format')!r} from kg {made_by.get('version')}; "
                          f"this kg reads format {MENTIONS_FORMAT}: run kg extract again")
    if made_by.get("model") != model_id():
        raise RecordError(f"mentions made by extraction model {made_by.get('model')} (kg {made_by.get('version')}); "
                          f"this kg's model is {model_id()}: run kg extract again")
    abstract = record["paper"]["abstract"]  # as the paper's reader left it: evidence sentences are quoted from it
    if not isinstance(abstract, str):
        raise RecordError(f"field 'abstract' holds {type(abstract).__name__}, not text")
    title, abstract = title_and_abstract(text_field(record, "title"), abstract)
    paper = dict(record["paper"])
    paper["references"] = tuple(Reference(**r) for r in paper.get("references") or ())
    mentions = tuple(Mention(name=e["name"], type=e["type"], aliases=tuple(e["aliases"]), proposed=e["proposed"],
                             confidence=e["confidence"], evidence=e["evidence"], relation=e["relation"])
                     for e in record["entities"])
    return ExtractedPaper(**{**paper, "id": record["id"], "title": title, "abstract": abstract},
                          mentions=mentions)
