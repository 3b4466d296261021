"""Known names of methods, datasets, losses, tasks and metrics, kept as data files.

``kg/data/lexicon.tsv`` (curated by hand) and ``kg/data/lexicon_derived.tsv``
(generated from Papers with Code and other lists by ``scripts/derive_lexicon.py``)
hold one name per line: name, type, canonical name, source. Names written in lower
case match in any case, plural or hyphenated; names with capitals (CLIP, Adam,
MovieLens) match only as written, so "clip" and "adam" in prose stay words.
Metrics are known so that a metric shaped like a name (BLEU, mIoU) is never taken
for a method. ``kg/data/not_entities.txt`` lists phrases that are never entities, and
``kg/data/candidate_words.json`` the word lists the candidate rules read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..schema import CONCEPT_TYPES
from .normalise import concept_key, surface_key

LEXICON_FILES = ("lexicon.tsv", "lexicon_derived.tsv")  # earlier files win
WORDS_FILE = "candidate_words.json"
METRIC = "Metric"  # the lexicon's type that is not a concept type: a metric shaped like a name is no Method


@dataclass(frozen=True)
class Entry:
    name: str
    type: str
    canonical: str = ""
    curated: bool = False  # hand-checked, rather than derived from a long third-party list


def _data_lines(name: str) -> list[str]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def load_entries() -> tuple[Entry, ...]:
    entries = []
    for file in LEXICON_FILES:
        for line in _data_lines(file):
            name, type_, canonical, *_ = (line.split("\t") + ["", ""])[:4]
            entries.append(Entry(name.strip(), type_.strip(), canonical.strip(), file == LEXICON_FILES[0]))
    return tuple(entries)


@lru_cache(maxsize=1)
def _candidate_words() -> dict:
    return json.loads(resources.files("kg.data").joinpath(WORDS_FILE).read_text(encoding="utf-8"))


def word_list(name: str) -> frozenset[str]:
    """One of the candidate rules' word lists (``kg/data/candidate_words.json``), read once per process."""
    return frozenset(_candidate_words()[name]["words"])


@lru_cache(maxsize=1)
def stop_keys() -> frozenset[str]:
    return frozenset(surface_key(s) for s in _data_lines("not_entities.txt"))


@lru_cache(maxsize=1)
def canonical_keys() -> dict[tuple[str, str], str]:
    """(type, key of a known alias) -> key of its canonical name: SGD -> stochastic gradient descent."""
    out: dict[tuple[str, str], str] = {}
    for e in load_entries():
        if e.canonical and e.type in CONCEPT_TYPES:
            out.setdefault((e.type, concept_key(e.name, e.type)), concept_key(e.canonical, e.type))
    return out


class Lexicon:
    """Look-ups by name, and phrase matching over parsed text."""

    def __init__(self, nlp=None):
        self.by_key: dict[str, str] = {}
        self.by_name: dict[str, str] = {}
        for e in load_entries():
            if e.name == e.name.lower():
                self.by_key.setdefault(surface_key(e.name), e.type)
            else:
                self.by_name.setdefault(e.name, e.type)
                self.by_key.setdefault("=" + surface_key(e.name), e.type)  # case-folded, weaker
        self.stop = stop_keys()
        self.curated = {e.name for e in load_entries() if e.curated}
        self._nlp = nlp
        self._matchers = None

    def type_of(self, text: str) -> str | None:
        """The type the lexicon gives this name as written, if it knows it (may be Metric)."""
        return self.by_name.get(text) or self.by_key.get(surface_key(text))

    def type_of_any_case(self, text: str) -> str | None:
        return self.type_of(text) or self.by_key.get("=" + surface_key(text))

    def is_stopword(self, text: str, type_: str | None) -> bool:
        return surface_key(text) in self.stop or concept_key(text, type_ or "") in self.stop  # "": no type heads

    def _build_matchers(self):
        from spacy.matcher import PhraseMatcher

        any_case = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        as_written = PhraseMatcher(self._nlp.vocab, attr="ORTH")
        lower, written, typed = {}, {}, {}
        for e in load_entries():
            if typed.setdefault(surface_key(e.name), e.type) != e.type:
                continue  # one type per name: the curated file, then the derived one, decide
            if e.name == e.name.lower():
                for form in _variants(e.name):
                    lower.setdefault(e.type, set()).add(form)
            else:
                written.setdefault(e.type, set()).add(e.name)
        for type_, names in lower.items():
            any_case.add(type_, list(self._nlp.tokenizer.pipe(sorted(names))))
        for type_, names in written.items():
            as_written.add(type_, list(self._nlp.tokenizer.pipe(sorted(names))))
        return any_case, as_written

    def prepare(self) -> Lexicon:
        """Build the phrase matchers now (a few seconds), e.g. once before forking workers that share them."""
        if self._matchers is None:
            self._matchers = self._build_matchers()
        return self

    def matches(self, doc):
        """Longest non-overlapping lexicon matches in ``doc``, as (span, type) pairs."""
        any_case, as_written = self.prepare()._matchers
        strings = doc.vocab.strings
        spans = [(doc[s:e], strings[m]) for m, s, e in any_case(doc) + as_written(doc)]
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
    forms = {name, name.replace("-", " "), name.replace(" ", "-") if len(name.split()) == 2 else name}
    forms |= {f.replace("modelling", "modeling") for f in forms} | {f.replace("modeling", "modelling") for f in forms}
    plural = {f + ("es" if f.endswith(("s", "x", "ch", "sh")) else "s") for f in forms}
    plural |= {f[:-1] + "ies" for f in forms if f.endswith("y") and not f.endswith(("ay", "ey", "oy"))}
    return forms | plural
