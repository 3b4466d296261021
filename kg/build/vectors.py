"""Paper vectors: one MiniLM sentence vector per paper, stored for the store's vector index (``kg build --vectors``).

Off by default: the extraction issue's speed budget is spent on the contextual tagger, and a
vector costs a MiniLM pass over each abstract. Only papers without a vector are embedded, a
page at a time, so a build run again, or one that adds papers, embeds just the new ones. A paper's
vector is of its title and abstract ("Title. Abstract"). Queries never load the vectors into
Python: the store's vector index answers (:func:`kg.explore.similar.nearest`).
"""

from __future__ import annotations

from ..cypher import library
from ..errors import StoreError
from ..progress import Progress
from ..store.base import Store
from .search_indexes import ensure_index

DIMENSIONS = 384  # all-MiniLM-L6-v2
PAGE = 256  # papers read, embedded and written at a time


def embed(texts: list[str]) -> list[list[float]]:
    """MiniLM vectors of ``texts``, normalised to length 1, from the packaged sentence model."""
    from ..extract.nlp import load_sentence_model

    vectors = load_sentence_model().encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    return [[float(x) for x in v] for v in vectors]


def paper_text(title: str | None, abstract: str | None) -> str:
    return ". ".join(t.strip() for t in (title, abstract) if t and t.strip())


def ensure_vector_index(store: Store) -> None:
    """Make the vector index of paper vectors; StoreError if the store cannot have one (ArcadeDB's Bolt server)."""
    if not ensure_index(store, "vector_index"):
        raise StoreError(f"{store.location} cannot make a vector index (FalkorDB and Neo4j 5 can); "
                         "build without paper vectors")


def store_vectors(store: Store, stream=None) -> int:
    """Embed every paper of ``store`` that has no vector yet, store the vectors, and make the vector index.

    Returns how many papers were embedded; progress goes to ``stream`` (default stderr).
    """
    ensure_vector_index(store)
    write = library.statement("write", "paper_vectors", store.dialect).text
    (todo,) = library.run(store, "read", "vector_todo")
    step = Progress("vectors", todo["papers"], stream=stream)
    done, after = 0, ""
    while True:
        page = library.run(store, "read", "papers_without_vectors", after=after, limit=PAGE)
        if not page:
            break
        texts = [paper_text(r["title"], r["abstract"]) or r["id"] for r in page]
        rows = [{"id": r["id"], "vector": v} for r, v in zip(page, embed(texts))]
        store.run_batched(write, rows, len(rows))
        done += len(rows)
        after = page[-1]["id"]
        step(len(rows))
    step.finish()
    return done
