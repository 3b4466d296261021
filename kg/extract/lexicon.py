"""Curated names of well-known methods, datasets, losses and tasks, kept as data files.

``kg/data/lexicon.tsv`` holds one name per line with its type and where the name
comes from; ``kg/data/not_entities.txt`` lists phrases that are never entities.
Names written in lower case match in any case; names with capitals (CLIP, Adam,
MovieLens) match only as written, so "clip" and "adam" in prose stay words.
"""

from __future__ import annotations

from importlib import resources

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .normalise import concept_key, surface_key


def _data_lines(name: str) -> list[str]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


class Lexicon:
    """Known names by type, and phrases that must never become entities."""

    def __init__(self, nlp, entries: list[tuple[str, str]] | None = None, stopwords: list[str] | None = None):
        if entries is None:
            entries = [tuple(line.split("\t")[:2]) for line in _data_lines("lexicon.tsv")]
        if stopwords is None:
            stopwords = _data_lines("not_entities.txt")
        self.stop_keys = {surface_key(s) for s in stopwords}
        self.types: dict[str, str] = {}
        self.exact_types: dict[str, str] = {}
        self.any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.as_written = PhraseMatcher(nlp.vocab, attr="ORTH")
        any_case, as_written = {}, {}
        for name, type_ in entries:
            if name == name.lower():
                self.types.setdefault(surface_key(name), type_)
                for form in _variants(name):
                    any_case.setdefault(type_, []).append(form)
            else:
                self.exact_types.setdefault(name, type_)
                self.types.setdefault(surface_key(name), type_)
                as_written.setdefault(type_, []).append(name)
        for type_, names in any_case.items():
            self.any_case.add(type_, list(nlp.tokenizer.pipe(names)))
        for type_, names in as_written.items():
            self.as_written.add(type_, list(nlp.tokenizer.pipe(names)))

    def type_of(self, text: str) -> str | None:
        """The type the lexicon gives this name, if it knows it."""
        return self.exact_types.get(text) or self.types.get(surface_key(text))

    def is_stopword(self, text: str, type_: str) -> bool:
        return surface_key(text) in self.stop_keys or concept_key(text, type_) in self.stop_keys

    def matches(self, doc: Doc) -> list[tuple[Span, str]]:
        """Longest non-overlapping lexicon matches in ``doc`` with their types."""
        vocab = doc.vocab.strings
        spans = [(doc[s:e], vocab[m]) for m, s, e in self.any_case(doc) + self.as_written(doc)]
        spans.sort(key=lambda se: (-(se[0].end - se[0].start), se[0].start))
        taken: set[int] = set()
        kept = []
        for span, type_ in spans:
            if taken.isdisjoint(range(span.start, span.end)):
                taken.update(range(span.start, span.end))
                kept.append((span, type_))
        return sorted(kept, key=lambda se: se[0].start)


def _variants(name: str) -> set[str]:
    """Spelling variants of a lower-case name: hyphen or space, singular or plural."""
    forms = {name, name.replace("-", " "), name.replace(" ", "-")}
    plural = {f + ("es" if f.endswith(("s", "x", "ch")) else "s") for f in forms if not f.endswith("ss")}
    return forms | plural
