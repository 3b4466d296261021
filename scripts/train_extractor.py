#!/usr/bin/env python3
"""Train kg's entity model on annotated abstracts; report k-fold cross-validation first.

    python scripts/train_extractor.py ../shared/gold/train.jsonl ../shared/gold/train-input.txt \\
        --scorer ../shared/gold/score.py --out kg/data/entity_model.json

Deterministic (fixed fold seed; lbfgs has no randomness): the same data gives the
same model file byte for byte. Cross-validation splits by paper; its figures come
from the gold set's own scorer, run on each held-out fold. ``--report-on GOLD INPUT``
scores the final model on another set (dev) for the record: never tune on it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.extract import Extractor
from kg.extract.training import (calibrated_models, candidate_recall, cross_validate, examples, fit, predict, read_gold,
                                 run_folds, write_predictions)
from kg.readers import read_corpus

ROWS = ("Method", "Dataset", "Loss", "ALL", "PROPOSED")


def score(scorer: str, gold: list[dict], results, work: Path, name: str) -> dict:
    gold_path, pred_path = work / f"{name}-gold.jsonl", work / f"{name}-pred.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    write_predictions(pred_path, results)
    out = subprocess.run([sys.executable, scorer, str(gold_path), str(pred_path), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def print_scores(title: str, rows: dict) -> None:
    print(f"\n{title}\n{'type':9} {'P':>6} {'R':>6} {'F1':>6}")
    for t in ROWS:
        r = rows[t]
        print(f"{t:9} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}")
    for band, c in rows["CALIBRATION"].items():
        if c["predicted"]:
            print(f"confidence {band:8} {c['right']:4} of {c['predicted']:4} right ({c['right'] / c['predicted']:.2f})")


CUT_OFFS = (0.5, 0.6, 0.7, 0.8, 0.9)


def print_cut_offs(scorer: str, pooled_gold: list[dict], data, run) -> None:
    """What a user's ``--min-confidence`` buys: pooled cross-validation figures at each cut-off."""
    print(f"\ncross-validation by --min-confidence, all three types\n{'cut-off':8} {'P':>6} {'R':>6} {'F1':>6}")
    models = calibrated_models(run)  # calibrated once; only the cut-off changes
    with tempfile.TemporaryDirectory() as tmp:
        for cut_off in CUT_OFFS:
            results = [r for fold in cross_validate(data, run, cut_off, models) for r in fold]
            row = score(scorer, pooled_gold, results, Path(tmp), f"cut{cut_off}")["ALL"]
            print(f"{cut_off:<8} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", help="annotated abstracts (JSON lines, GUIDELINES.md format)")
    ap.add_argument("input", help="their text, as a corpus file kg reads")
    ap.add_argument("--scorer", help="the gold set's score.py, for cross-validation figures")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c-entity", type=float, default=1.0, help="inverse regularisation of the entity model")
    ap.add_argument("--c-proposed", type=float, default=0.2, help="inverse regularisation of the proposed model")
    ap.add_argument("--min-confidence", type=float, default=0.5,
                    help="the shipped threshold on calibrated confidence (0.5: kept when more likely right than not)")
    ap.add_argument("--report-on", nargs=2, metavar=("GOLD", "INPUT"), help="score the final model here (report only)")
    ap.add_argument("--out", help="where to write the model (default: do not write)")
    args = ap.parse_args()

    started = time.monotonic()
    gold = read_gold(args.gold)
    extractor = Extractor(workers=1)
    data = examples(extractor, read_corpus([args.input]).papers, gold)
    found, total = candidate_recall(data, gold)
    print(f"{len(data)} papers, {sum(len(ex.groups) for ex in data):,} candidate groups; candidate recall "
          f"{found}/{total} = {found / total:.3f} (gold entities some candidate names)")
    params = dict(c_entity=args.c_entity, c_proposed=args.c_proposed, min_confidence=args.min_confidence)

    run = run_folds(data, args.folds, **params)
    if args.scorer:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            per_fold = []
            predicted = cross_validate(data, run)
            indices = run.indices
            for i, (held_out, results) in enumerate(zip(indices, predicted)):
                per_fold.append(score(args.scorer, [gold[j] for j in held_out], results, work, f"fold{i}"))
            pooled_gold = [gold[j] for held in indices for j in held]
            pooled = score(args.scorer, pooled_gold, [r for results in predicted for r in results], work, "pooled")
        print(f"\n{args.folds}-fold cross-validation, F1 per fold: mean (sd) [min-max]")
        for t in ROWS:
            f1 = [f[t]["f1"] for f in per_fold]
            p = [f[t]["precision"] for f in per_fold]
            print(f"{t:9} F1 {statistics.mean(f1):.3f} ({statistics.stdev(f1):.3f}) [{min(f1):.3f}-{max(f1):.3f}]"
                  f"   P {statistics.mean(p):.3f}")
        print_scores("cross-validation, all folds pooled", pooled)
        print_cut_offs(args.scorer, pooled_gold, data, run)

    model = fit(data, run, trained_on=Path(args.gold).name, **params)
    if args.report_on:
        report_gold = read_gold(args.report_on[0])
        report_data = examples(extractor, read_corpus([args.report_on[1]]).papers, report_gold)
        if args.scorer:
            with tempfile.TemporaryDirectory() as tmp:
                print_scores(f"{Path(args.report_on[0]).name} (report only)",
                             score(args.scorer, report_gold, predict(model, report_data), Path(tmp), "report"))
    if args.out:
        model.to_file(args.out)
        print(f"\nwrote {args.out} ({Path(args.out).stat().st_size:,} bytes)")
    print(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
