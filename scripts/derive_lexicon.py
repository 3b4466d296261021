#!/usr/bin/env python3
"""Derive kg/data/lexicon.tsv from the third-party name lists in ../shared/external.

Names are facts; this script records where each came from (the `source` column) and
applies the filters that keep the list precise enough to match in running text.
It is run by hand when the sources change; its output is committed.

    python scripts/derive_lexicon.py ../shared/external > kg/data/lexicon.tsv

Sources and licences: Papers with Code exports (CC BY-SA 4.0) for methods, losses,
tasks and datasets; loss class names from MIT/Apache-2.0 PyPI packages (listed per row
in the external README); dataset names from Heddes et al. 2021 and SciREX.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

csv.field_size_limit(10**9)
GENERIC_TAIL = re.compile(r"\s+(dataset|datasets|data set|data|corpus|benchmark|benchmarks)$", re.I)
ROMAN_OR_NOISE = re.compile(r"[()\[\],;:/@=*<>]|\.\.|^\W|\d{4}")
MIN_METHOD_PAPERS = 20


def clean(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


def is_named(name: str) -> bool:
    """A capital letter or digit somewhere: a name, not a description."""
    return any(c.isupper() or c.isdigit() for c in name)


def surface(name: str) -> str:
    """Lower-case multiword descriptive names ("Knowledge Distillation" matches any case);
    keep names with inner capitals or acronyms as written ("ResNet", "CLIP")."""
    words = name.split()
    if len(words) > 1 and all(w[:1].isupper() and w[1:].islower() or w.islower() or not w.isalpha() for w in words) \
            and not any(sum(c.isupper() for c in w) > 1 for w in words):
        return name.lower()
    return name


def methods(ext: Path):
    for row in csv.DictReader(open(ext / "pwc" / "pwc_methods.tsv", encoding="utf-8"), delimiter="\t"):
        papers = int(row["num_papers"] or 0)
        if papers < MIN_METHOD_PAPERS:
            continue
        type_ = "Loss" if row["in_loss_collection"] == "1" or row["name_mentions_loss"] == "1" else "Method"
        name, full = clean(row["name"]), clean(row["full_name"])
        if ROMAN_OR_NOISE.search(name) or len(name) < 2:
            continue
        canonical = full if full and full != name and not ROMAN_OR_NOISE.search(full) and len(full) < 60 else ""
        yield surface(name), type_, canonical.lower() if canonical else "", f"pwc_methods:{papers}"
        if canonical:
            yield surface(canonical), type_, "", f"pwc_methods:{papers}"


def losses(ext: Path):
    for row in csv.DictReader(open(ext / "pwc" / "pwc_loss_functions.tsv", encoding="utf-8"), delimiter="\t"):
        name, full = clean(row["name"]), clean(row["full_name"])
        if not ROMAN_OR_NOISE.search(name):
            yield surface(name), "Loss", full.lower() if full != name and len(full) < 60 else "", "pwc_loss_functions"
    for line in open(ext / "lexicons" / "loss_names_humanized.txt", encoding="utf-8"):
        name = clean(line)
        if name.lower().endswith(" loss") and len(name.split()) >= 2 and not ROMAN_OR_NOISE.search(name):
            yield surface(name), "Loss", "", "pypi_loss_classes"


def datasets(ext: Path):
    for row in csv.DictReader(open(ext / "lexicons" / "dataset_lexicon.tsv", encoding="utf-8"), delimiter="\t"):
        sources = row["sources"].split("|")
        if sources == ["scier"]:
            continue  # noisy generic words, per the external README
        name = GENERIC_TAIL.sub("", clean(row["surface_form"]).strip('"'))
        if (not is_named(name) or ROMAN_OR_NOISE.search(name) or " and " in name or len(name) > 40
                or len(name) < 3 or len(name.split()) > 4 or re.fullmatch(r"[A-Z][a-z]+", name)):
            continue  # a single capitalised word (Animal, Gaussian) is too often just a word
        yield name, "Dataset", "", "+".join(sorted(sources))


def tasks(ext: Path):
    for row in csv.DictReader(open(ext / "lexicons" / "task_lexicon.tsv", encoding="utf-8"), delimiter="\t"):
        sources = row["sources"].split("|")
        if sources == ["scier"]:
            continue
        name = clean(row["surface_form"])
        if ROMAN_OR_NOISE.search(name) or re.search(r"\d", name) or len(name.split()) < 2 or len(name) > 50:
            continue
        yield name.lower(), "Task", "", "+".join(sorted(sources))


def metrics(ext: Path):
    """Metric names, so that a metric shaped like a name (BLEU, mIoU) is never taken for a method."""
    for row in csv.DictReader(open(ext / "lexicons" / "metric_lexicon.tsv", encoding="utf-8"), delimiter="\t"):
        name = clean(row["surface_form"])
        if is_named(name) and len(name) <= 12 and not ROMAN_OR_NOISE.search(name) and len(name.split()) <= 2 \
                and re.search(r"[A-Za-z]{2}", name):
            yield name, "Metric", "", "+".join(sorted(row["sources"].split("|")))


def main(ext: str) -> None:
    ext_path = Path(ext)
    seen: dict[tuple[str, str], tuple] = {}
    for generator in (losses, methods, tasks, datasets, metrics):
        for name, type_, canonical, source in generator(ext_path):
            key = (name.lower(), type_)
            if any(k[0] == name.lower() for k in seen if k[1] != type_):
                continue  # first type wins: losses, methods, tasks, datasets, metrics
            seen.setdefault(key, (name, type_, canonical, source))
    print("# name\ttype\tcanonical\tsource  (generated by scripts/derive_lexicon.py; do not edit by hand)")
    for name, type_, canonical, source in sorted(seen.values(), key=lambda r: (r[1], r[0].lower())):
        print(f"{name}\t{type_}\t{canonical}\t{source}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/external")
