#!/usr/bin/env python3
"""Train kg's entity model on annotated abstracts; report k-fold cross-validation first.

    python scripts/train_extractor.py ../shared/gold/train.jsonl ../shared/gold/train-input.txt \\
        ../shared/gold/train-more.jsonl ../shared/gold/train-more-input.txt \\
        --scorer ../shared/gold/score.py --learning-curve --out kg/data/entity_model.json

Takes one or more pairs of gold file and its text; all pairs are pooled, folded by paper.
Cross-validation figures are printed pooled and per ``source`` of the gold records (a
record without one counts as ``hf-daily-papers``: train.jsonl is all Daily Papers).

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
from dataclasses import replace
from pathlib import Path

from kg.extract import Extractor
from kg.extract.tagger import TAGGER_FILE, Tagger, TaggerSettings, pick_device, save_tagger
from kg.extract.tagger_training import out_of_fold, prepare, train_on_all, with_tagger_features
from kg.extract.training import (calibrated_models, candidate_recall, cross_validate, examples, fit, folds, predict,
                                 read_gold, run_folds, write_predictions)
from kg.readers import read_corpus
from kg.schema import CONCEPT_TYPE_DESCRIPTIONS

ROWS = (*(t.name for t in CONCEPT_TYPE_DESCRIPTIONS if t.scored), "ALL", "PROPOSED")  # score rows: the gold set's types


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


DAILY_PAPERS = "hf-daily-papers"


def split_by_source(source: str, order: list[int], sources: list[str], gold: list[dict], results) -> tuple:
    """The gold and pooled predictions of the papers from one ``source``."""
    keep = [k for k, j in enumerate(order) if sources[j] == source]
    return [gold[order[k]] for k in keep], [results[k] for k in keep]


LEARNING_CURVE = (0.25, 0.5, 0.75)


def print_learning_curve(scorer: str, data, gold: list[dict], sources: list[str], k: int, params: dict,
                         full: dict, tagger=None) -> None:
    """Cross-validated F1 (all three types) when each fold trains on a share of its training papers.

    ``tagger``: (prepared, settings, device) when the decision reads the tagger; each fold's
    tagger then trains on the same share, so the curve is the whole model's.
    """
    names = sorted(set(sources))
    print(f"\nlearning curve: {k}-fold cross-validation, each fold trained on a share of the other folds' papers")
    print(f"{'share':6} {'papers':>6} {'P':>6} {'R':>6} {'F1':>6} " + " ".join(f"{n:>16}" for n in names))
    with tempfile.TemporaryDirectory() as tmp:
        for fraction in LEARNING_CURVE:
            if tagger is not None:
                prepared, settings, device = tagger
                data = with_tagger_features(data, out_of_fold(data, prepared, folds(len(data), k), settings, device,
                                                              log=None, fraction=fraction))
            run = run_folds(data, k, fraction=fraction, **params)
            predicted = cross_validate(data, run)
            order = [j for held in run.indices for j in held]
            results = [r for fold in predicted for r in fold]
            rows = score(scorer, [gold[j] for j in order], results, Path(tmp), f"curve{fraction}")["ALL"]
            per = [score(scorer, *split_by_source(n, order, sources, gold, results), Path(tmp), n)["ALL"]["f1"]
                   for n in names]
            papers = round(fraction * (len(data) - len(data) // k))
            print(f"{fraction:<6} {papers:6} {rows['precision']:6.3f} {rows['recall']:6.3f} {rows['f1']:6.3f} "
                  + " ".join(f"{f:16.3f}" for f in per))
    papers = len(data) - len(data) // k
    print(f"{1.0:<6} {papers:6} {full['ALL']['precision']:6.3f} {full['ALL']['recall']:6.3f} "
          f"{full['ALL']['f1']:6.3f} " + " ".join(f"{full[n]['f1']:16.3f}" for n in names))


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
    ap.add_argument("pairs", nargs="+", metavar="GOLD INPUT",
                    help="annotated abstracts (JSON lines, GUIDELINES.md format), then their text as a corpus "
                         "file kg reads; repeat the pair for more data")
    ap.add_argument("--scorer", help="the gold set's score.py, for cross-validation figures")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c-entity", type=float, default=1.0, help="inverse regularisation of the entity model")
    ap.add_argument("--c-proposed", type=float, default=0.2, help="inverse regularisation of the proposed model")
    ap.add_argument("--min-confidence", type=float, default=0.5,
                    help="the shipped threshold on calibrated confidence (0.5: kept when more likely right than not)")
    ap.add_argument("--report-on", nargs=2, metavar=("GOLD", "INPUT"), help="score the final model here (report only)")
    ap.add_argument("--learning-curve", action="store_true",
                    help="also cross-validate with 25/50/75%% of each fold's training papers")
    ap.add_argument("--tagger", action="store_true",
                    help="train the MiniLM tagger's head and give the decision its probabilities as features "
                         "(out of fold for the training papers); written beside --out")
    ap.add_argument("--tagger-epochs", type=int, default=TaggerSettings.epochs)
    ap.add_argument("--tagger-layers", type=int, default=TaggerSettings.layers,
                    help="MiniLM layers under the tagger's head (of 6): each costs about a sixth of a full pass")
    ap.add_argument("--tagger-learning-rate", type=float, default=TaggerSettings.learning_rate)
    ap.add_argument("--salience", action=argparse.BooleanOptionalAction, default=False,
                    help="give the decision KeyBERT's salience of rule-found names (an encoder pass per name; "
                         "no gain once the tagger is in)")
    ap.add_argument("--device", default="auto", help="torch device for the tagger: auto (a GPU if torch sees one), "
                                                     "cpu, cuda")
    ap.add_argument("--out", help="where to write the model (default: do not write)")
    args = ap.parse_args()
    if len(args.pairs) % 2:
        ap.error("give GOLD INPUT pairs: an annotated file, then its text")
    pairs = list(zip(args.pairs[::2], args.pairs[1::2]))

    started = time.monotonic()
    extractor = Extractor(workers=1, use_tagger=False, use_salience=args.salience)  # tagger: out of fold, below
    gold, data = [], []
    for gold_path, input_path in pairs:
        part = read_gold(gold_path)
        gold += part
        data += examples(extractor, read_corpus([input_path]).papers, part)
    sources = [g.get("source", DAILY_PAPERS) for g in gold]
    found, total = candidate_recall(data, gold)
    print(f"{len(data)} papers, {sum(len(ex.groups) for ex in data):,} candidate groups; candidate recall "
          f"{found}/{total} = {found / total:.3f} (gold entities some candidate names)")
    params = dict(c_entity=args.c_entity, c_proposed=args.c_proposed, min_confidence=args.min_confidence)
    tagger_state = None
    if args.tagger:
        device = pick_device(args.device)
        settings = TaggerSettings(layers=args.tagger_layers, epochs=args.tagger_epochs,
                                  learning_rate=args.tagger_learning_rate)
        tagger_started = time.monotonic()
        prepared = prepare(data, gold, settings)
        print(f"tagger: {len(prepared.windows):,} windows, encoder vectors computed in "
              f"{time.monotonic() - tagger_started:.0f} s; heads train on {device}")
        data = with_tagger_features(data, out_of_fold(data, prepared, folds(len(data), args.folds), settings, device))

    run = run_folds(data, args.folds, **params)
    if args.scorer:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            per_fold = []
            predicted = cross_validate(data, run)
            indices = run.indices
            for i, (held_out, results) in enumerate(zip(indices, predicted)):
                per_fold.append(score(args.scorer, [gold[j] for j in held_out], results, work, f"fold{i}"))
            order = [j for held in indices for j in held]
            pooled_gold = [gold[j] for j in order]
            pooled_results = [r for results in predicted for r in results]
            pooled = score(args.scorer, pooled_gold, pooled_results, work, "pooled")
            by_source = {source: score(args.scorer, *split_by_source(source, order, sources, gold, pooled_results),
                                       work, source) for source in sorted(set(sources))}
        print(f"\n{args.folds}-fold cross-validation, F1 per fold: mean (sd) [min-max]")
        for t in ROWS:
            f1 = [f[t]["f1"] for f in per_fold]
            p = [f[t]["precision"] for f in per_fold]
            print(f"{t:9} F1 {statistics.mean(f1):.3f} ({statistics.stdev(f1):.3f}) [{min(f1):.3f}-{max(f1):.3f}]"
                  f"   P {statistics.mean(p):.3f}")
        print_scores("cross-validation, all folds pooled", pooled)
        for source, rows in by_source.items():
            print_scores(f"cross-validation, {source} papers only ({sources.count(source)})", rows)
        print_cut_offs(args.scorer, pooled_gold, data, run)
        if args.learning_curve:
            print_learning_curve(args.scorer, data, gold, sources, args.folds, params,
                                 {"ALL": pooled["ALL"], **{s: r["ALL"] for s, r in by_source.items()}},
                                 (prepared, settings, device) if args.tagger else None)

    model = fit(data, run, trained_on="+".join(Path(g).name for g, _ in pairs), **params)
    if args.tagger:
        started_all = time.monotonic()
        tagger_state = train_on_all(data, prepared, settings, device)
        model = replace(model, tagger=TAGGER_FILE)
        print(f"tagger trained on all {len(data)} papers in {time.monotonic() - started_all:.0f} s; "
              f"tagger total {time.monotonic() - tagger_started:.0f} s")
    if args.report_on:
        report_gold = read_gold(args.report_on[0])
        report_data = examples(extractor, read_corpus([args.report_on[1]]).papers, report_gold)
        if tagger_state is not None:
            tagger = Tagger(tagger_state, settings.layers)
            report_data = with_tagger_features(report_data, tagger.probabilities([ex.paper.text for ex in report_data]))
        if args.scorer:
            with tempfile.TemporaryDirectory() as tmp:
                print_scores(f"{Path(args.report_on[0]).name} (report only)",
                             score(args.scorer, report_gold, predict(model, report_data), Path(tmp), "report"))
    if args.out:
        model.to_file(args.out)
        print(f"\nwrote {args.out} ({Path(args.out).stat().st_size:,} bytes)")
        if tagger_state is not None:
            tagger_out = Path(args.out).with_name(TAGGER_FILE)
            save_tagger(tagger_out, tagger_state, settings, model.trained_on)
            print(f"wrote {tagger_out} ({tagger_out.stat().st_size:,} bytes)")
    print(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
