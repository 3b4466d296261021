"""How central a phrase is to its abstract, scored the KeyBERT way.

KeyBERT ranks a candidate by the cosine similarity of its embedding to the
document's. Embedding whole abstracts costs more than parsing them (MiniLM also
truncates at 256 word pieces, and most abstracts are longer), so kg represents a
document by the centroid of its candidate phrases, with the phrases its title
contains counted again: the title is the author's own summary, and the centroid
says what the abstract keeps talking about. Titles themselves are not embedded:
every paper has its own, so that would cost one encoding per paper (about 116
titles a second on one core here: 14 minutes for 100,000 papers), while each distinct
phrase is embedded once per run and reused across abstracts, so the cost grows
with the vocabulary, not with the corpus.
"""

from __future__ import annotations

from itertools import islice

import numpy as np

from .nlp import load_keybert

DIMENSIONS = 384
MAX_CACHED = 100_000  # phrase vectors kept (about 160 MB); past it the least used half goes: memory stays flat


class SalienceScorer:
    """Scores a paper's phrases against the paper; phrase embeddings are cached by text.

    ``threads`` caps torch's threads while encoding (None: torch's default). When
    parse workers already fill the cores, torch's own pool only fights them for time.
    """

    def __init__(self, batch_size: int = 64, title_weight: float = 1.0):
        self.model = load_keybert().model.embedding_model  # KeyBERT's SentenceTransformer backend
        self.batch_size = batch_size
        self.title_weight = title_weight
        self.threads: int | None = None
        self.cache: dict[str, np.ndarray] = {}

    def _encode(self, texts: list[str]) -> np.ndarray:
        import torch  # already loaded with the model

        previous = torch.get_num_threads()
        torch.set_num_threads(self.threads or previous)
        try:
            encoded = self.model.encode(texts, batch_size=self.batch_size, show_progress_bar=False,
                                        normalize_embeddings=True)
        finally:
            torch.set_num_threads(previous)
        return np.asarray(encoded, dtype=np.float32)

    def _forget_least_used(self) -> None:
        if len(self.cache) > MAX_CACHED:
            for text in list(islice(self.cache, len(self.cache) - MAX_CACHED // 2)):
                del self.cache[text]

    def _vectors(self, texts: list[str]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in self.cache})
        if missing:
            self.cache.update(zip(missing, self._encode(missing)))
        for text in dict.fromkeys(texts):  # the cache's order is last use: common phrases stay
            self.cache[text] = self.cache.pop(text)
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, DIMENSIONS), np.float32)

    def score(self, titles: list[str], phrases: list[list[str]]) -> list[list[float]]:
        """For each paper (its title and its phrases), the similarity of each phrase to the paper."""
        self._forget_least_used()
        self._vectors([p for ps in phrases for p in ps])  # one batched call for every new phrase
        scores: list[list[float]] = []
        for title, doc_phrases in zip(titles, phrases):
            if not doc_phrases:
                scores.append([])
                continue
            vectors = self._vectors(doc_phrases)
            lowered = title.lower()
            in_title = [i for i, phrase in enumerate(doc_phrases) if phrase.lower() in lowered]
            doc = vectors.mean(axis=0)
            if in_title:
                doc = doc + self.title_weight * vectors[in_title].mean(axis=0)
            doc /= np.linalg.norm(doc) or 1.0
            scores.append([float(s) for s in vectors @ doc])
        return scores
