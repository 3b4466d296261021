"""Each spaCy component's share of the parse on the sample: the full pipeline against kg's.

    .venv/bin/python benchmarks/parse_share.py
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import spacy  # noqa: E402

from kg.extract.nlp import SPACY_MODELS, load_spacy  # noqa: E402
from kg.readers import read_corpus  # noqa: E402


def component_seconds(nlp, texts: list[str]) -> dict[str, float]:
    """Seconds each component spends, applied one after another to one document at a time."""
    spent: dict[str, float] = defaultdict(float)
    for text in texts:
        started = time.perf_counter()
        doc = nlp.make_doc(text)
        spent["tokenizer"] += time.perf_counter() - started
        for name, component in nlp.pipeline:
            started = time.perf_counter()
            doc = component(doc)
            spent[name] += time.perf_counter() - started
    return spent


def main() -> None:
    texts = [p.text for p in read_corpus([Path(__file__).resolve().parent.parent / "samples" / "hf-daily-papers"]).papers]
    full = next(spacy.load(name) for name in SPACY_MODELS if spacy.util.is_package(name))
    for nlp, label in ((full, "full pipeline"), (load_spacy(), "kg's pipeline")):
        spent = component_seconds(nlp, texts)
        total = sum(spent.values())
        print(f"{label}: {total:.2f} s for {len(texts)} papers")
        for name, seconds in spent.items():
            print(f"  {name:16} {seconds:6.2f} s {100 * seconds / total:5.1f}%")


if __name__ == "__main__":
    main()
