"""Papers like a paper, or like an abstract: shared concepts weighted by rarity, and stored vectors when present.

The concept part is the cosine of tf-idf vectors over concepts (``cypher/read/similar_papers.cypher``):
each concept weighs its smoothed inverse document frequency, ln((1 + N) / (1 + papers)) + 1, so
sharing a concept five papers have counts more than sharing "neural networks". The store does the
work: only papers sharing a concept are read, and at most ``candidates`` are scored in full.

When papers have MiniLM vectors (``kg build --vectors``), the store's vector index adds the papers
nearest in meaning, and each result's ``cosine`` is its vector's cosine to the paper's; the score is
then the mean of the two, so a paper sharing no concept but saying the same thing still ranks.
"""

from __future__ import annotations

from ..cypher import library
from ..errors import KgError, QueryError
from ..store.base import Store

CANDIDATES = 500  # papers sharing a concept scored in full, by their shared weight


def find_paper(store: Store, paper: str) -> dict:
    """The paper ``paper`` names (its id or exact title) with its concepts' ids and vector; QueryError if none."""
    rows = library.paper_rows(store, "paper_for_similar", paper)
    if not rows:
        raise QueryError(f"no paper with id or title {paper!r}; find it with: kg search \"{paper[:40]}\"")
    return rows[0]


def similar(store: Store, paper: str, limit: int = 10) -> list[dict]:
    """Papers ranked by what they share with ``paper`` (an id or exact title), best first.

    Each is ``{"id", "title", "year", "score", "shared", "cosine"}``: ``shared`` the shared concepts'
    names, rarest first; ``cosine`` the cosine of the two papers' stored vectors, None without them.
    """
    found = find_paper(store, paper)
    return ranked(store, found["concepts"], found["vector"], exclude=found["id"], limit=limit)


def ranked(store: Store, concepts: list[str], vector: list[float] | None, exclude: str = "", unseen: int = 0,
           limit: int = 10) -> list[dict]:
    """Papers ranked by the tf-idf cosine of their concepts to ``concepts`` (ids), averaged with the cosine of
    their vectors to ``vector`` when one is given and the store has vectors; ``exclude`` is left out."""
    if limit < 1:
        raise QueryError(f"limit must be 1 or more, not {limit}")
    rows = library.run(store, "read", "similar_papers", concepts=concepts, unseen=unseen, exclude=exclude, among=[],
                       candidates=max(CANDIDATES, 10 * limit), limit=3 * limit if vector else limit) \
        if concepts else []
    results = {r["id"]: {**r, "score": float(r["score"] or 0.0), "cosine": None} for r in rows}
    if vector:
        near = nearest(store, vector, 3 * limit, exclude)
        for r in near:
            results.setdefault(r["id"], {"id": r["id"], "title": r["title"], "year": r["year"], "shared": [],
                                         "score": 0.0, "cosine": None})["cosine"] = r["cosine"]
        shared_unknown = [i for i, r in results.items() if r["cosine"] is not None and not r["shared"]]
        if shared_unknown and concepts:  # nearest by vector, maybe sharing concepts past the first cut
            for r in library.run(store, "read", "similar_papers", concepts=concepts, unseen=unseen, exclude=exclude,
                                 among=shared_unknown, candidates=len(shared_unknown), limit=len(shared_unknown)):
                results[r["id"]].update(shared=r["shared"], score=float(r["score"] or 0.0))
        missing = [i for i, r in results.items() if r["cosine"] is None]
        if missing and near:
            for r in library.run(store, "read", "paper_cosines", vector=vector, ids=missing):
                results[r["id"]]["cosine"] = r["cosine"]
        for r in results.values():
            if r["cosine"] is not None:
                r["score"] = (r["score"] + max(r["cosine"], 0.0)) / 2
    out = sorted(results.values(), key=lambda r: (-r["score"], r["id"]))[:limit]
    return [{"id": r["id"], "title": r["title"], "year": r["year"], "score": round(r["score"], 4),
             "shared": list(r["shared"]), "cosine": None if r["cosine"] is None else round(float(r["cosine"]), 4)}
            for r in out]


def nearest(store: Store, vector: list[float], k: int, exclude: str = "") -> list[dict]:
    """The ``k`` papers whose stored vectors are nearest ``vector``, by the store's vector index; [] when the
    store has no vector index (built without ``--vectors``, or a server without vector indexes)."""
    try:
        return library.run(store, "read", "nearest_papers", vector=[float(v) for v in vector], k=k + 1,
                           exclude=exclude)[:k]
    except KgError as err:
        if "index" in str(err).lower() or "procedure" in str(err).lower():
            return []
        raise
