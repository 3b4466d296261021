#!/usr/bin/env python3
"""kg's benchmark suite: every stage on one input, against the floor of a bare spaCy parse.

    python benchmarks/run.py samples/hf-daily-papers
    python benchmarks/make_corpus.py --size 10000 --out /tmp/c10k && python benchmarks/run.py /tmp/c10k

Prints one Markdown table row per measure. Models load before any clock starts, so
every figure is steady-state work. The floor is ``nlp.pipe`` over the same texts with
the same model, all its components (what ``spacy.load`` gives), on one process and on
one per core (``n_process``); ratios to the one-per-core floor are the headline
figures, because absolute times vary across machines.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import tempfile
import time
from pathlib import Path


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def percentiles(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        _, t = timed(fn)
        times.append(t * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def models_in(directory: Path) -> dict:
    """The decision and tagger in ``directory``, as Extractor keywords."""
    import json

    from kg.extract.model import EntityModel
    from kg.extract.tagger import Tagger

    model = EntityModel.from_json(json.loads((directory / "entity_model.json").read_text(encoding="utf-8")))
    tagger = Tagger.from_file(directory / model.tagger) if model.tagger else None
    return {"model": model, "tagger": tagger}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--runs", type=int, default=50, help="query repetitions for latency percentiles")
    ap.add_argument("--skip-floor", action="store_true")
    ap.add_argument("--model", metavar="DIR", help="an entity_model.json (and its tagger.safetensors) to use instead "
                                                   "of the shipped one, as train_extractor.py --out writes them")
    a = ap.parse_args()

    import spacy

    from kg.extract import Extractor
    from kg.extract.workers import worker_count
    from kg.graph.in_memory import build_graph
    from kg.extract.nlp import SPACY_MODELS
    from kg.build.pipeline import build
    from kg.readers import read_corpus
    from kg.graph.resolve import resolve
    from kg.store import EmbeddedStore
    from kg.store.writer import write_graph

    corpus = read_corpus(a.inputs)
    texts = [p.text for p in corpus.papers]
    words = sum(len(t.split()) for t in texts)
    rows = [("papers", f"{len(texts):,}", ""), ("words", f"{words:,}", "")]

    extractor = Extractor(**({} if a.model is None else models_in(Path(a.model))))
    model = next(m for m in SPACY_MODELS if spacy.util.is_package(m))
    floor = None
    if not a.skip_floor:
        cores = os.cpu_count() or 1
        full = spacy.load(model)
        _, one = timed(lambda: sum(1 for _ in full.pipe(texts, batch_size=64)))
        _, floor = timed(lambda: sum(1 for _ in full.pipe(texts, batch_size=64, n_process=cores)))
        del full
        rows.append((f"bare `nlp.pipe`, {model}, all components, 1 process", f"{one:.1f} s", f"{one / floor:.2f}x"))
        rows.append((f"**floor**: the same with `n_process={cores}`", f"{floor:.1f} s", "1.00x"))

    def ratio(t):
        return f"{t / floor:.2f}x" if floor else ""

    _, used = timed(lambda: sum(1 for _ in extractor.nlp.pipe(texts, batch_size=64)))
    rows.append(("spaCy parse with the components kg uses (no NER), 1 process", f"{used:.1f} s", ratio(used)))
    if extractor.salience:
        extractor.salience.cache.clear()
    results, extract_time = timed(lambda: list(extractor.run(corpus.papers)))
    workers = worker_count(corpus.papers, None, os.cpu_count())
    signals = ", ".join(name for name, on in (("KeyBERT salience", extractor.salience),
                                              ("MiniLM tagger", extractor.tagger)) if on) or "rules only"
    rows.append((f"`kg extract` (parse, candidates and tagger in {workers} process{'es' if workers > 1 else ''}, "
                 f"{signals})", f"{extract_time:.1f} s",
                 ratio(extract_time)))

    with tempfile.TemporaryDirectory() as tmp:
        if extractor.salience:
            extractor.salience.cache.clear()
        with EmbeddedStore(Path(tmp) / "build") as store:
            _, build_time = timed(lambda: build(a.inputs, store, extractor=extractor, quiet=True))
        rows.append(("`kg build` into the embedded store", f"{build_time:.1f} s", ratio(build_time)))

        graph = build_graph(resolve(results))
        n_rows = graph.number_of_nodes() + graph.number_of_edges()
        with EmbeddedStore(Path(tmp) / "load") as store:
            _, load_time = timed(lambda: write_graph(store, graph))
            rows.append(("store load alone", f"{load_time:.1f} s", f"{n_rows / load_time:,.0f} rows/s"))
            from kg.api import KnowledgeGraph

            kg = KnowledgeGraph(store)
            hub = kg.top_concepts_any(limit=1)[0]
            p50, p95 = percentiles(lambda: kg.neighbourhood(id=hub["id"], hops=2), a.runs)
            rows.append((f"neighbourhood query ({hub['name']}, {hub['papers']} papers, 2 hops)",
                         f"p50 {p50:.1f} ms, p95 {p95:.1f} ms", ""))
            p50, p95 = percentiles(lambda: kg.top_concepts(type="Method", limit=20), a.runs)
            rows.append(("top-concepts query", f"p50 {p50:.1f} ms, p95 {p95:.1f} ms", ""))
            out = Path(tmp) / "hood.html"
            kg.show(hub["name"], html=out)
            p50, p95 = percentiles(lambda: kg.show(hub["name"], html=out), 10)
            rows.append(("neighbourhood render (query + pyvis + page)", f"p50 {p50:.0f} ms, p95 {p95:.0f} ms", ""))

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("peak memory (this process, models included)", f"{peak:,.0f} MiB", ""))
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows.append(("peak memory of the largest child (RSS; counts pages shared with this process)", f"{child:,.0f} MiB", ""))
    print(f"machine: {platform.processor() or platform.machine()}, {resource.getpagesize()} B pages, "
          f"Python {platform.python_version()}; input: {' '.join(a.inputs)}")
    print("| measure | value | vs floor |\n|---|---|---|")
    for name, value, rel in rows:
        print(f"| {name} | {value} | {rel} |")


if __name__ == "__main__":
    main()
