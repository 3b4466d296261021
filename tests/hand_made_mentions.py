"""Mentions records made by hand, as ``kg extract`` writes them, and the ways the bad-input tests spoil them.

No model is needed to read one back, so the unit and the integration tests share them.
"""

from __future__ import annotations

import json
from pathlib import Path

from kg.version import stamp

ABSTRACT = ("We propose Widget Networks, a sparse attention method trained with a contrastive loss. "
            "Widget Networks outperform BERT on the GLUE benchmark for natural language inference.")


def entity(name: str, type_: str = "Method", **fields) -> dict:
    return {"name": name, "type": type_, "aliases": [], "proposed": False, "confidence": 0.9,
            "evidence": ABSTRACT.split(". ")[0] + ".", "relation": "MENTIONS", **fields}


def mentions_record(number: int, entities: list[dict] | None = None, **paper) -> dict:
    """A record as kg extract writes it, made by hand: no model is needed to read one back."""
    return {"id": f"paper-{number}", "title": f"Widget Networks, part {number}",
            "entities": [entity("Widget Networks", proposed=True), entity("BERT"), entity("GLUE", "Dataset"),
                         entity("contrastive loss", "Loss")] if entities is None else entities,
            "paper": {"abstract": ABSTRACT, "source": "corpus.txt", "line": number, "date": None, "year": 2024,
                      "month": None, "authors": 3, "doi": None, "arxiv_id": None, "external_id": None,
                      "references": [], **paper},
            "kg": stamp()}


def write_lines(path: Path, records: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


BAD_RECORDS = {
    "confidence NaN": (lambda r: r["entities"][1].update(confidence=float("nan")),
                       "field entities[1].confidence holds nan, not a number from 0 to 1"),
    "confidence as a word": (lambda r: r["entities"][1].update(confidence="high"),
                             "field entities[1].confidence holds 'high', not a number from 0 to 1"),
    "negative confidence": (lambda r: r["entities"][0].update(confidence=-0.5),
                            "field entities[0].confidence holds -0.5, not a number from 0 to 1"),
    "name a number": (lambda r: r["entities"][2].update(name=12345), "field entities[2].name holds 12345, not text"),
    "empty name": (lambda r: r["entities"][2].update(name="  "), "field entities[2].name is empty"),
    "id a list": (lambda r: r.update(id=["a"]), "field id holds ['a'], not text"),
    "unknown type": (lambda r: r["entities"][0].update(type="Banana"),
                     "field entities[0].type holds 'Banana', not one of Method, Dataset, Loss, Task"),
    "aliases a string": (lambda r: r["entities"][0].update(aliases="ABC"),
                         "field entities[0].aliases holds 'ABC', not a list"),
    "alias a number": (lambda r: r["entities"][0].update(aliases=["WN", 7]), "field entities[0].aliases[1] holds 7"),
    "relation not a link": (lambda r: r["entities"][0].update(relation="DETACH DELETE"),
                            "field entities[0].relation holds 'DETACH DELETE', not one of MENTIONS, USES"),
    "huge year": (lambda r: r["paper"].update(year=10**30), "field paper.year holds a huge number, not a year"),
    "year in words": (lambda r: r["paper"].update(year="twenty"), "field paper.year holds str, not a whole number"),
    "month 13": (lambda r: r["paper"].update(month=13), "field paper.month holds 13, not a whole number from 1 to 12"),
    "unknown field": (lambda r: r["paper"].update(colour="red"), "field paper.colour is not in the mentions format"),
    "missing field": (lambda r: r["entities"][3].pop("evidence"), "field entities[3].evidence is missing"),
    "stamp not an object": (lambda r: r.update(kg=["x"]), "mentions in format None"),
}
