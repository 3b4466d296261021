#!/usr/bin/env python3
"""How long kg search, kg similar and the pages' reads take on a built store: p50 and p95 in milliseconds.

    python benchmarks/explore.py --store-dir /tmp/h29-store [--runs 50] [--seed 1]

Opens the store read-only, warms it with one query (the embedded store starts its server then),
and times each call of the API on papers and concepts drawn at random (the same seed draws the
same ones): search of a concept's name and of a word from a title, similar, paper_page,
concept_page, expand. Only the store's answer and kg's assembling of it are timed, no rendering.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import kg


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store-dir", default="kg-data")
    ap.add_argument("--store", help="a bolt:// URI instead")
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with kg.open(args.store or args.store_dir, write=False) as graph:
        papers = [r["id"] for r in graph.cypher("MATCH (p:Paper) WHERE p.stub = false RETURN p.id AS id ORDER BY id")]
        titles = {r["id"]: r["title"] for r in graph.cypher(
            "MATCH (p:Paper) WHERE p.stub = false RETURN p.id AS id, p.title AS title")}
        concepts = [r["id"] for r in graph.cypher("MATCH (c:Concept) RETURN c.id AS id ORDER BY id")]
        names = {r["id"]: r["name"] for r in graph.cypher("MATCH (c:Concept) RETURN c.id AS id, c.name AS name")}
        picked_papers = [rng.choice(papers) for _ in range(args.runs)]
        picked_concepts = [rng.choice(concepts) for _ in range(args.runs)]
        words = [max((titles[p] or "x").split(), key=len) for p in picked_papers]
        calls = {
            "search (a concept's name)": [lambda c=c: graph.search(names[c]) for c in picked_concepts],
            "search (a title's word)": [lambda w=w: graph.search(w) for w in words],
            "similar": [lambda p=p: graph.similar(p) for p in picked_papers],
            "paper_page": [lambda p=p: graph.paper_page(p) for p in picked_papers],
            "concept_page": [lambda c=c: graph.concept_page(c) for c in picked_concepts],
            "expand": [lambda c=c: graph.expand(c) for c in picked_concepts],
        }
        graph.search("warm")
        print(f"{len(papers):,} papers, {len(concepts):,} concepts; {args.runs} calls each (ms)")
        print(f"{'call':28} {'p50':>8} {'p95':>8} {'max':>8}")
        for name, fns in calls.items():
            times = []
            for fn in fns:
                started = time.perf_counter()
                fn()
                times.append(1000 * (time.perf_counter() - started))
            print(f"{name:28} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f} {max(times):8.1f}")


if __name__ == "__main__":
    main()
