"""The main job: read a corpus, extract, resolve, assemble the graph and write it to a store."""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .errors import BadRecords, Interrupted
from .extract import Extractor
from .graph import build_graph, graph_counts
from .models import ExtractedPaper, PaperMentions
from .readers import Problem, read_corpus
from . import library
from .resolve import resolve, stored_alias_index
from .schema import CONCEPT_TYPES
from .store.base import Store
from .store.writer import rows_reported, write_graph


class Progress:
    """Progress on stderr with a rate: one line redrawn on a terminal, a line every few seconds in a log or pipe.

    A build that is piped to a file still says it is alive, and its first line comes with
    the first work done, not after a minute.
    """

    EVERY = 5.0  # seconds between lines when the stream is not a terminal

    def __init__(self, label: str, total: int, unit: str = "papers", stream=None):
        self.label, self.total, self.unit, self.done = label, total, unit, 0
        self.stream = stream or sys.stderr
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.start = self.next_line = time.monotonic()

    def __call__(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if not self.live and now < self.next_line:
            return
        rate = self.done / max(now - self.start, 1e-9)
        line = f"{self.label}: {self.done}/{self.total} {self.unit} ({rate:.0f}/s)"
        self.stream.write(f"\r{line}" if self.live else f"{line}\n")
        self.stream.flush()
        self.next_line = now + self.EVERY

    def finish(self) -> None:
        elapsed = time.monotonic() - self.start
        end = "\r" if self.live else ""
        self.stream.write(f"{end}{self.label}: {self.done}/{self.total} {self.unit} in {elapsed:.1f}s\n")


@dataclass
class BuildReport:
    entries: int
    papers: int
    files: int
    entities: Counter
    nodes_written: int
    relationships_written: int
    graph: nx.MultiDiGraph
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    undated: int = 0  # papers without a year, which kg trend cannot count


def extract_corpus(paths: Iterable[str | Path], extractor: Extractor | None = None, quiet: bool = False,
                   strict: bool = False, input_format: str | None = None, workers: int | None = None,
                   dask=None):
    """Read and extract: returns the corpus read and every paper's mentions, in corpus order.

    Papers read from a mentions file (``kg extract`` output) keep the mentions found then,
    so only the others are parsed. ``dask`` spreads the parsing over a Dask cluster
    ("local", a scheduler address, or a ``dask.distributed.Client``). With ``strict``, any
    unreadable record stops the run (:class:`BadRecords`) before extraction.
    """
    corpus = read_corpus(paths, input_format)
    if strict and corpus.problems:
        raise BadRecords(corpus.problems)
    todo = [p for p in corpus.papers if not isinstance(p, ExtractedPaper)]
    found: dict[str, PaperMentions] = {}
    if todo:
        progress = Progress("extract", len(todo), stream=_quiet_stream() if quiet else None)
        try:
            found = {r.paper.id: r for r in _extract(todo, extractor, workers, dask, progress)}
        except KeyboardInterrupt:
            raise Interrupted(f"interrupted while extracting, after {progress.done} of {len(todo)} papers; "
                              "nothing was written") from None
        progress.finish()
    results = [PaperMentions(p, p.mentions) if isinstance(p, ExtractedPaper) else found[p.id] for p in corpus.papers]
    return corpus, results


def _extract(papers: list, extractor: Extractor | None, workers: int | None, dask, progress) -> Iterator:
    if dask is None:
        yield from (extractor or Extractor(workers=workers)).run(papers, progress)
        return
    from .distributed import connect, extract_on_dask

    client = connect(dask, workers)
    try:
        yield from extract_on_dask(papers, client, progress)
    finally:
        if client is not dask:  # kg started it: kg stops it
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()


def build(paths: Iterable[str | Path], store: Store, batch_size: int = 2000, quiet: bool = False,
          extractor: Extractor | None = None, strict: bool = False, input_format: str | None = None,
          workers: int | None = None) -> BuildReport:
    """Build the graph of the corpus at ``paths`` into ``store``; safe to re-run.

    Each write batch is one transaction, so an interrupted or failed build leaves
    whole batches behind and the same build run again completes it.
    """
    started = time.monotonic()
    corpus, results = extract_corpus(paths, extractor, quiet, strict, input_format, workers)
    return write_extracted(corpus, results, store, batch_size, quiet, started)


def write_extracted(corpus, results: list[PaperMentions], store: Store, batch_size: int = 2000, quiet: bool = False,
                    started: float | None = None) -> BuildReport:
    """Resolve extracted mentions against what ``store`` holds, and write them; the second half of :func:`build`."""
    started = time.monotonic() if started is None else started
    stored = library.run(store, "read", "concept_aliases")
    resolved = resolve(results, known=stored_alias_index(stored))
    graph = build_graph(resolved, corpus.identities)
    counts = graph_counts(graph)
    rows = rows_reported(graph)
    progress = Progress("store", rows, unit="rows", stream=_quiet_stream() if quiet else None)
    try:
        written = write_graph(store, graph, batch_size, progress)
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted while writing, after {progress.done} of {rows} rows (whole batches) were "
                          f"stored in {store.location}; run the same build again to finish it") from None
    progress.finish()
    entities = Counter({t: counts.get(t, 0) for t in CONCEPT_TYPES})
    return BuildReport(
        entries=corpus.entries, papers=len(corpus.papers), files=corpus.files, entities=entities,
        nodes_written=written.papers + written.concepts,
        relationships_written=sum(n for k, n in counts.items() if k.isupper()),
        graph=graph, problems=corpus.problems, seconds=time.monotonic() - started,
        undated=sum(1 for p in corpus.papers if p.year is None),
    )


def _quiet_stream():
    import io

    return io.StringIO()
