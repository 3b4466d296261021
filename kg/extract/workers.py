"""Parse, find, group and tag candidates in worker processes, so both cores work.

spaCy's parse and the tagger's encoder pass are most of kg's time and each runs on one
core, so both run here, a batch at a time, in as many workers as cores. Workers send
back each paper's mentions (or, for a model that reads KeyBERT salience, its candidate
groups and their feature rows), never parsed documents, so memory stays flat however
large the corpus. Workers are forked from the process that already loaded spaCy, so they
start at once and share its model pages. (Spawn would re-run a user's script without a
main guard.) torch's thread pool does not
survive a fork, so a worker sets torch to one thread before the tagger's first pass (one
thread never enters the pool) and builds the tagger's encoder itself.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any

from ..records import Paper
from .candidates import find_candidates
from .groups import PaperGroups, paper_groups
from .tagger import Tagger, groups_tagger_features

# Below this many papers per worker, the pool's start and traffic cost more than the second core gives.
MIN_PAPERS_PER_WORKER = 150
IN_FLIGHT_PER_WORKER = 4  # batches queued per worker: enough that none waits, few enough to hold little

_nlp = None
_lexicon = None
_tagger: Tagger | None = None
_then: Callable[[list[PaperGroups]], Any] | None = None


def groups_in(nlp, lexicon, papers: list[Paper], tagger: Tagger | None = None) -> list[PaperGroups]:
    """Each paper's candidate groups and their features, parsing the batch in one ``nlp.pipe`` call.

    With a ``tagger``, each group's row also holds the tagger's view of its spans.
    """
    return _groups(nlp, lexicon, tagger, [(p.title, p.text) for p in papers])


def _groups(nlp, lexicon, tagger: Tagger | None, pairs: list[tuple[str, str]]) -> list[PaperGroups]:
    docs = nlp.pipe((text for _, text in pairs), batch_size=len(pairs))
    found = [paper_groups(find_candidates(doc, title, lexicon)) for doc, (title, _) in zip(docs, pairs)]
    if tagger is None:
        return found
    tagged = tagger.probabilities([text for _, text in pairs])
    return [PaperGroups(f.groups, [{**row, **view} for row, view in
                                   zip(f.rows, groups_tagger_features([g.spans() for g in f.groups], *pieces))])
            for f, pieces in zip(found, tagged)]


def _start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the pool
    if _tagger is not None:  # one torch thread before any torch call in this process: see the module's docstring
        import torch

        torch.set_num_threads(1)


def _work(pairs: list[tuple[str, str]]):
    found = _groups(_nlp, _lexicon, _tagger, pairs)  # titles and texts only: a Paper carries more than needed
    return _then(found) if _then else found


def groups_in_parallel(nlp, lexicon, batches: Iterable[list[Paper]], workers: int, tagger: Tagger | None = None,
                       then: Callable[[list[PaperGroups]], Any] | None = None) -> Iterator[tuple[list[Paper], Any]]:
    """Each batch with its papers' candidate groups, in order, parsed by ``workers`` processes.

    ``then``, when given, runs in the worker on each batch's groups, and what it returns comes
    back instead: the decision, so that a paper's mentions cross between processes and not
    its groups' feature rows (about 90 groups of 70 features a paper, 94 KiB pickled).
    At most a few batches per worker are in flight: papers are read from ``batches`` only as
    fast as the workers parse them, so a corpus streamed from disk stays there.
    """
    global _nlp, _lexicon, _tagger, _then
    _nlp, _lexicon, _tagger, _then = nlp, lexicon.prepare(), tagger, then  # inherited by the forked workers
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
    in_flight: deque = deque()
    try:
        for batch in batches:
            in_flight.append((batch, pool.apply_async(_work, ([(p.title, p.text) for p in batch],))))
            if len(in_flight) >= IN_FLIGHT_PER_WORKER * workers:
                batch, found = in_flight.popleft()
                yield batch, found.get()
        while in_flight:
            batch, found = in_flight.popleft()
            yield batch, found.get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def worker_count(papers: Iterable[Paper], requested: int | None, cores: int | None) -> int:
    """``requested``, or as many as the cores when the corpus is big enough to repay starting them."""
    if requested is not None:
        return max(1, requested)
    size = len(papers) if isinstance(papers, Sized) else 0
    return max(1, min(cores or 1, size // MIN_PAPERS_PER_WORKER))
