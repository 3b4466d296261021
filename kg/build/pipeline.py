"""The main job: read a corpus, extract, resolve, assemble the graph and write it to a store."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Generator, Iterable, Iterator, MutableSequence, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..errors import BadRecords, Interrupted
from ..extract import Extractor
from ..progress import Progress, quiet_stream
from ..readers import Corpus, Problem, read_corpus
from ..records import ExtractedPaper, Paper, PaperMentions
from ..schema import CONCEPT_TYPES
from ..store.base import BATCH_SIZE, Store
from .search_indexes import ensure_search_indexes
from .spool import CHUNK, Spool
from .vectors import ensure_vector_index, store_vectors
from .write_store import write_corpus


@dataclass
class BuildReport:
    entries: int
    papers: int
    files: int
    entities: Counter
    nodes_written: int
    relationships_written: int
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    undated: int = 0  # papers without a year, which kg trend cannot count


class Extracted(NamedTuple):
    """What :func:`extract_corpus` hands on: the corpus read, and every paper's mentions in corpus order
    (a list, or a :class:`~kg.build.spool.SpooledList` on disk when a spool was given)."""

    corpus: Corpus
    results: MutableSequence[PaperMentions]


class Unextracted:
    """The papers a corpus still needs extracted, in order; its length sizes the extractor's pool.

    Papers read from a mentions file (``kg extract`` output) keep the mentions found then.
    """

    def __init__(self, papers: Sequence[Paper]):
        self.papers = papers
        self.count = sum(1 for p in papers if not isinstance(p, ExtractedPaper))

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Paper]:
        return (p for p in self.papers if not isinstance(p, ExtractedPaper))


def extract_corpus(paths: Iterable[str | Path], extractor: Extractor | None = None, quiet: bool = False,
                   strict: bool = False, input_format: str | None = None, workers: int | None = None,
                   dask=None, spool: Spool | None = None, min_confidence: float | None = None) -> Extracted:
    """Read and extract: returns the corpus read and every paper's mentions, in corpus order (:class:`Extracted`).

    Papers read from a mentions file (``kg extract`` output) keep the mentions found then,
    so only the others are parsed. ``dask`` spreads the parsing over a Dask cluster
    ("local", a scheduler address, or a ``dask.distributed.Client``). With ``strict``, any
    unreadable record stops the run (:class:`BadRecords`) before extraction. With a
    ``spool``, papers and results are kept on disk there, not in memory. ``min_confidence``
    replaces the model's cut-off (an ``extractor`` given keeps its own).
    """
    corpus = read_corpus(paths, input_format, papers=spool.list() if spool else None)
    if strict and corpus.problems:
        raise BadRecords(corpus.problems)
    results: MutableSequence[PaperMentions] = spool.list() if spool else []
    todo = Unextracted(corpus.papers)
    if not todo:
        results.extend(PaperMentions(p, p.mentions) for p in corpus.papers if isinstance(p, ExtractedPaper))
        return Extracted(corpus, results)
    progress = Progress("extract", len(todo), stream=quiet_stream() if quiet else None)
    found = _extract(todo, extractor, workers, min_confidence, dask, progress)
    try:
        results.extend(PaperMentions(p, p.mentions) if isinstance(p, ExtractedPaper) else next(found)
                       for p in corpus.papers)
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted while extracting, after {progress.done} of {len(todo)} papers; "
                          "nothing was written") from None
    finally:
        found.close()  # stops the parse pool or the cluster kg started, now, not when collected
    progress.finish()
    return Extracted(corpus, results)


def _extract(papers: Unextracted, extractor: Extractor | None, workers: int | None, min_confidence: float | None,
             dask, progress) -> Generator[PaperMentions, None, None]:
    if dask is None:
        yield from (extractor or Extractor(workers=workers, min_confidence=min_confidence)).run(papers, progress)
        return
    from .distributed import connect, extract_on_dask

    client = connect(dask, workers)
    try:
        yield from extract_on_dask(papers, client, progress, min_confidence=min_confidence)
    finally:
        if client is not dask:  # kg started it: kg stops it
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()


def build(paths: Iterable[str | Path], store: Store, batch_size: int = BATCH_SIZE, quiet: bool = False,
          extractor: Extractor | None = None, strict: bool = False, input_format: str | None = None,
          workers: int | None = None, chunk_size: int = CHUNK, min_confidence: float | None = None,
          thesaurus=None, vectors: bool = False) -> BuildReport:
    """Build the graph of the corpus at ``paths`` into ``store``; safe to re-run.

    The corpus and its mentions wait on disk (:class:`kg.build.spool.Spool`) and are written
    ``chunk_size`` papers at a time, so memory does not grow with the corpus. Each write
    batch is one transaction, so an interrupted or failed build leaves whole batches
    behind and the same build run again completes it.
    """
    started = time.monotonic()
    with Spool() as spool:
        corpus, results = extract_corpus(paths, extractor, quiet, strict, input_format, workers, spool=spool,
                                         min_confidence=min_confidence)
        return write_extracted(corpus, results, store, batch_size, quiet, started, chunk_size, thesaurus,
                               vectors=vectors)


def write_extracted(corpus: Corpus, results: Sequence[PaperMentions], store: Store, batch_size: int = BATCH_SIZE,
                    quiet: bool = False, started: float | None = None, chunk_size: int = CHUNK,
                    thesaurus=None, vectors: bool = False) -> BuildReport:
    """Resolve extracted mentions against what ``store`` holds, and write them; the second half of :func:`build`.

    A ``thesaurus`` (:class:`kg.graph.thesaurus.Thesaurus`) replaces the one the store keeps. The full-text
    indexes kg search reads are made first; with ``vectors``, each paper without a MiniLM vector gets one after.
    """
    started = time.monotonic() if started is None else started
    ensure_search_indexes(store)
    if vectors:
        ensure_vector_index(store)  # a store that cannot have one refuses before anything is written
    written = write_corpus(results, store, corpus.identities, batch_size, chunk_size,
                           stream=quiet_stream() if quiet else None, thesaurus=thesaurus)
    if vectors:
        store_vectors(store, stream=quiet_stream() if quiet else None)
    entities = Counter(c.type for c in written.concepts.values())
    return BuildReport(
        entries=corpus.entries, papers=len(corpus.papers), files=corpus.files,
        entities=Counter({t: entities.get(t, 0) for t in CONCEPT_TYPES}),
        nodes_written=written.counts.papers + written.counts.concepts,
        relationships_written=written.relationships,
        problems=corpus.problems, seconds=time.monotonic() - started,
        undated=sum(1 for p in corpus.papers if p.year is None),
    )

