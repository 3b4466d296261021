"""Extraction spread over a Dask cluster: the corpus in partitions, each extracted on a worker.

Dask distributed does the scheduling, data movement and retries; kg only says what one
partition's work is (:func:`extract_partition`, a module-level function, so worker
processes can import it). The same code runs on a laptop (``"local"``: a LocalCluster
of worker processes), on an existing scheduler (``"tcp://host:8786"``), or on SLURM/PBS
through a dask-jobqueue cluster passed in as a ``Client``.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from ..records import Paper, PaperMentions
from .spool import chunks

PARTITION = 200  # papers per task: a few seconds of work, so progress moves and a lost worker costs little
IN_FLIGHT_PER_WORKER = 4  # partitions submitted ahead per worker


@lru_cache(maxsize=1)
def _worker_extractor(min_confidence: float | None):
    """The extractor of this worker process, its models loaded once and kept for every partition."""
    from ..extract import Extractor

    # the cluster's workers are the parallelism; no process pool inside one
    return Extractor(workers=1, min_confidence=min_confidence)


def extract_partition(papers: list[Paper], min_confidence: float | None = None) -> list[PaperMentions]:
    """Every paper's mentions in one partition, computed on a worker."""
    return list(_worker_extractor(min_confidence).run(papers))


def connect(cluster, workers: int | None = None):
    """A Dask ``Client`` for ``cluster``: "local" starts a LocalCluster of ``workers`` processes
    (default: one per core), an address joins a running scheduler, and a Client is used as it is."""
    from dask.distributed import Client, LocalCluster

    if not isinstance(cluster, str):
        return cluster
    if cluster != "local":
        return Client(cluster)
    saved = dict(os.environ)
    try:
        return Client(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None))
    finally:  # Dask sets OMP_NUM_THREADS=1, PYTHONHASHSEED and more in the caller's own environment
        os.environ.clear()
        os.environ.update(saved)


def extract_on_dask(papers: Iterable[Paper], client, progress: Callable[[int], None] | None = None,
                    partition: int = PARTITION, min_confidence: float | None = None) -> Iterator[PaperMentions]:
    """Each paper's mentions, in corpus order, extracted on the cluster behind ``client``.

    Partitions are submitted as results come back, a few per worker ahead, so the corpus is
    read only as fast as the cluster extracts it.
    """
    in_flight: deque[tuple[int, Any]] = deque()  # (papers, the future of their mentions)
    ahead = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})))
    try:
        for part in chunks(papers, partition):
            in_flight.append((len(part), client.submit(extract_partition, part, min_confidence, pure=False)))
            if len(in_flight) >= ahead:
                yield from _collect(*in_flight.popleft(), progress)
        while in_flight:
            yield from _collect(*in_flight.popleft(), progress)
    finally:
        client.cancel([future for _, future in in_flight])


def _collect(size: int, future, progress: Callable[[int], None] | None) -> list[PaperMentions]:
    found = future.result()
    if progress:
        progress(size)
    return found
