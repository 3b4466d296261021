#!/usr/bin/env python3
"""Cross-domain check on SciERC (Luan et al. 2018): Method and Task, scored by the gold set's scorer.

    python benchmarks/scierc.py ../shared/external/scierc ../shared/gold/score.py

Two figures on SciERC's test split: kg's shipped model (trained on ML abstracts under
kg's guidelines), and the same features retrained on SciERC's train split only. SciERC's
Method is broader than kg's (it counts "approach", "analyzer"); its Generic, Material,
Metric and OtherScientificTerm are not kg types and count as "not an entity" here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from kg.extract import Extractor
from kg.extract.model import shipped_model
from kg.extract.training import examples, fit, predict, run_folds, write_predictions
from kg.readers import read_corpus

TYPES = {"Method": "Method", "Task": "Task"}


def to_gold(split: Path, work: Path) -> tuple[list[dict], Path]:
    """SciERC records as gold lines, and their text as a corpus file (the doc key stands in for a title)."""
    gold, text = [], []
    for line in split.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        entities = {(e["text"].replace(" ( ", " (").replace(" )", ")"), TYPES[e["type"]])
                    for e in record["entities"] if e["type"] in TYPES}
        gold.append({"gid": record["doc_key"], "title": record["doc_key"],
                     "entities": [{"name": n, "type": t, "aliases": [], "proposed": False} for n, t in sorted(entities)]})
        text.append(f"{record['doc_key']}\n{record['text']}\n")
    corpus = work / f"{split.stem}.txt"
    corpus.write_text("\n".join(text), encoding="utf-8")
    return gold, corpus


def scores(scorer: str, gold: list[dict], results, work: Path) -> dict:
    gold_path, pred_path = work / "gold.jsonl", work / "pred.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    write_predictions(pred_path, results)
    out = subprocess.run([sys.executable, scorer, str(gold_path), str(pred_path), "--types", "Method,Task", "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> int:
    scierc, scorer = Path(sys.argv[1]), sys.argv[2]
    extractor = Extractor(workers=1)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        test_gold, test_text = to_gold(scierc / "scierc_test_flat.jsonl", work)
        train_gold, train_text = to_gold(scierc / "scierc_train_flat.jsonl", work)
        test = examples(extractor, read_corpus([test_text]).papers, test_gold)
        train = examples(extractor, read_corpus([train_text]).papers, train_gold)
        shipped = predict(shipped_model(), test)
        retrained = predict(fit(train, run_folds(train)), test)  # calibrated on SciERC train's own folds
        for name, results in [("shipped model (kg's ML gold)", shipped), ("retrained on SciERC train", retrained)]:
            rows = scores(scorer, test_gold, results, work)
            print(f"{name:30} " + "  ".join(
                f"{t} P {rows[t]['precision']:.3f} R {rows[t]['recall']:.3f} F1 {rows[t]['f1']:.3f}"
                for t in ("Method", "Task")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
