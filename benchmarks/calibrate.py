#!/usr/bin/env python3
"""How often is an entity right at each confidence? Reliability table on a gold set.

    python benchmarks/calibrate.py ../shared/gold/dev-input.txt ../shared/gold/dev.jsonl

Runs the extractor with no confidence cut-off, matches every predicted entity to the
gold set with the gold scorer's own rules (imported from the scorer's file, not
copied), and prints precision per confidence band and per cue, plus the F1 each
cut-off would give.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections import defaultdict


def load_scorer(path: str):
    spec = importlib.util.spec_from_file_location("gold_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("gold")
    ap.add_argument("--scorer", default=None, help="path of score.py (default: next to the gold file)")
    ap.add_argument("--types", default="Method,Dataset,Loss")
    ap.add_argument("--show", action="store_true", help="print every prediction with its verdict")
    a = ap.parse_args()
    from pathlib import Path

    from kg.extract import Extractor
    from kg.readers import read_corpus

    scorer = load_scorer(a.scorer or str(Path(a.gold).parent / "score.py"))
    types = a.types.split(",")
    gold = {scorer.norm_title(g["title"]): g for g in map(json.loads, open(a.gold, encoding="utf-8"))}
    corpus = read_corpus([a.input])
    extractor = Extractor(min_confidence=0.0)
    rows = []  # (confidence, right, type, name)
    n_gold = sum(1 for g in gold.values() for e in g["entities"] if e["type"] in types)
    for result in extractor.run(corpus.papers):
        g = gold.get(scorer.norm_title(result.paper.title))
        if g is None:
            continue
        for t in types:
            gforms = [scorer.entity_forms(e, t) for e in g["entities"] if e["type"] == t]
            used = set()
            for m in sorted((m for m in result.mentions if m.type == t), key=lambda m: -m.confidence):
                pf = scorer.entity_forms({"name": m.name, "aliases": list(m.aliases)}, t)
                hit = next((i for i, gf in enumerate(gforms) if i not in used and gf & pf), None)
                if hit is not None:
                    used.add(hit)
                rows.append((m.confidence, hit is not None, t, m.name))
    bands = defaultdict(lambda: [0, 0])
    for c, right, _, _ in rows:
        b = min(int(c * 10), 9) / 10
        bands[b][0] += right
        bands[b][1] += 1
    print("confidence  predictions  right  precision")
    for b in sorted(bands):
        r, n = bands[b]
        print(f"{b:.1f}-{b + 0.1:.1f}     {n:11d}  {r:5d}  {r / n:9.2f}")
    print("\ncut-off  precision  recall  F1   (all of " + ",".join(types) + ")")
    for cut in [x / 20 for x in range(4, 16)]:
        kept = [r for r in rows if r[0] >= cut]
        tp = sum(r[1] for r in kept)
        p = tp / len(kept) if kept else 0
        rc = tp / n_gold if n_gold else 0
        f = 2 * p * rc / (p + rc) if p + rc else 0
        print(f"{cut:7.2f}  {p:9.3f}  {rc:6.3f}  {f:.3f}")
    if a.show:
        for c, right, t, name in sorted(rows):
            print(f"{c:.2f} {'+' if right else '-'} {t:8} {name}")


if __name__ == "__main__":
    main()
