"""Extraction spread over a Dask cluster: the corpus in partitions, each extracted on a worker.

Dask distributed does the scheduling, data movement and retries; kg only says what one
partition's work is (:func:`extract_partition`, a module-level function, so worker
processes can import it). The same code runs on a laptop (``"local"``: a LocalCluster
of worker processes), on an existing scheduler (``"tcp://host:8786"``), or on SLURM/PBS
through a dask-jobqueue cluster passed in as a ``Client``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from .models import Paper, PaperMentions

PARTITION = 200  # papers per task: a few seconds of work, so progress moves and a lost worker costs little


@lru_cache(maxsize=1)
def _worker_extractor():
    """The extractor of this worker process, its models loaded once and kept for every partition."""
    from .extract import Extractor

    return Extractor(workers=1)  # the cluster's workers are the parallelism; no process pool inside one


def extract_partition(papers: list[Paper]) -> list[PaperMentions]:
    """Every paper's mentions in one partition, computed on a worker."""
    return list(_worker_extractor().run(papers))


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


def extract_on_dask(papers: Sequence[Paper], client, progress: Callable[[int], None] | None = None,
                    partition: int = PARTITION) -> Iterator[PaperMentions]:
    """Each paper's mentions, in corpus order, extracted on the cluster behind ``client``."""
    parts = [list(papers[i:i + partition]) for i in range(0, len(papers), partition)]
    futures = client.map(extract_partition, parts, pure=False)
    try:
        for part, future in zip(parts, futures):
            yield from future.result()
            if progress:
                progress(len(part))
    finally:
        client.cancel(futures)
