#!/usr/bin/env python3
"""Make a larger corpus in the Daily Papers page format by recombining the sample's real text.

    python benchmarks/make_corpus.py --size 10000 --seed 1 --out /tmp/corpus-10k

Titles join the head of one real title to the tail of another; abstracts are 6-10 real
sentences drawn from all the sample's abstracts. The same seed gives the same corpus.
Files hold 1,000 papers each, with the pages' chrome, dates and author counts between them.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from kg.records import normalise_title
from kg.readers import read_corpus

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "hf-daily-papers"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def recombined(size: int, seed: int):
    papers = read_corpus([SAMPLE]).papers
    rng = random.Random(seed)
    sentences = [s for p in papers for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", p.abstract) if len(s) > 30]
    heads = [p.title.split(":")[0] for p in papers]
    tails = [p.title.split(":", 1)[1].strip() if ":" in p.title else p.title for p in papers]
    seen: set[str] = set()
    while len(seen) < size:
        title = f"{rng.choice(heads)}: {rng.choice(tails)}"
        if normalise_title(title) in seen:
            title = f"{title} {rng.choice(['Revisited', 'at Scale', 'in Practice', 'for Everyone'])} {len(seen)}"
        seen.add(normalise_title(title))
        abstract = " ".join(rng.sample(sentences, rng.randint(6, 10)))
        date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2017, 2025)}"
        yield title, abstract, date, rng.randint(1, 12)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--per-file", type=int, default=1000)
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    page, index = [], 0
    for title, abstract, date, authors in recombined(a.size, a.seed):
        page.append(f"{title}\n\n{abstract}\n\n  • {authors} authors\n·\n{date}\n")
        if len(page) == a.per_file:
            (out / f"page-{index:04d}.txt").write_text("new\n\nSubscribe\n\nDaily Papers\n\n" + "\n".join(page))
            page, index = [], index + 1
    if page:
        (out / f"page-{index:04d}.txt").write_text("new\n\nSubscribe\n\nDaily Papers\n\n" + "\n".join(page))
    print(f"{a.size} papers in {index + (1 if page else 0)} files under {out}")


if __name__ == "__main__":
    main()
