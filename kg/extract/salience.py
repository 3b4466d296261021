"""How central a phrase is to its abstract, scored the KeyBERT way.

KeyBERT ranks a candidate by the cosine similarity of its embedding to the
document's. Embedding whole abstracts costs more than parsing them (MiniLM also
truncates at 256 word pieces, and most abstracts are longer), so kg represents a
document by its title plus the centroid of its candidate phrases: the title is
the author's own summary, and the centroid says what the abstract keeps talking
about. Each distinct phrase is embedded once per run and reused across abstracts,
so the cost grows with the vocabulary, not with the corpus.
"""

from __future__ import annotations

import numpy as np

from ..nlp import load_keybert

DIMENSIONS = 384


class SalienceScorer:
    """Scores a paper's phrases against the paper; phrase embeddings are cached by text."""

    def __init__(self, batch_size: int = 64, title_weight: float = 1.0):
        self.model = load_keybert().model.embedding_model  # KeyBERT's SentenceTransformer backend
        self.batch_size = batch_size
        self.title_weight = title_weight
        self.cache: dict[str, np.ndarray] = {}

    def _vectors(self, texts: list[str]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in self.cache})
        if missing:
            encoded = self.model.encode(missing, batch_size=self.batch_size, show_progress_bar=False,
                                        normalize_embeddings=True)
            self.cache.update(zip(missing, np.asarray(encoded, dtype=np.float32)))
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, DIMENSIONS), np.float32)

    def score(self, titles: list[str], phrases: list[list[str]]) -> list[list[float]]:
        """For each paper (its title and its phrases), the similarity of each phrase to the paper."""
        self._vectors(list(titles) + [p for ps in phrases for p in ps])  # one batched call for all
        scores = []
        for title, doc_phrases in zip(titles, phrases):
            if not doc_phrases:
                scores.append([])
                continue
            vectors = self._vectors(doc_phrases)
            doc = self.title_weight * self._vectors([title])[0] + vectors.mean(axis=0)
            doc /= np.linalg.norm(doc) or 1.0
            scores.append([float(s) for s in vectors @ doc])
        return scores
