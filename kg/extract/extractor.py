"""Turn papers into entity mentions: parse, find candidates, merge them, score them.

Data flows one way: papers in, one :class:`~kg.models.PaperMentions` per paper out,
in the same order, a batch at a time so a corpus of any size streams through.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import islice

from ..models import Mention, Paper, PaperMentions
from ..nlp import load_spacy
from .candidates import DEFINED, HEAD, LEXICON, MODEL_PHRASE, NAME, TECHNIQUE, TITLE, Candidate
from .lexicon import Lexicon
from .normalise import concept_key
from .relations import relation_for
from .salience import SalienceScorer
from .workers import candidates_in, candidates_in_parallel, worker_count

# How often a candidate found by each cue alone is right; the starting point of confidence.
CUE_PRIOR = {TITLE: 0.9, DEFINED: 0.8, LEXICON: 0.8, HEAD: 0.6, NAME: 0.65, TECHNIQUE: 0.5, MODEL_PHRASE: 0.2}
CUE_RANK = {cue: rank for rank, cue in enumerate([TITLE, DEFINED, LEXICON, HEAD, NAME, TECHNIQUE, MODEL_PHRASE])}
MIN_CONFIDENCE = 0.5


@dataclass
class _Group:
    """Candidates of one paper that name the same concept."""

    candidates: list[Candidate] = field(default_factory=list)
    long_form: str | None = None
    aliases: set[str] = field(default_factory=set)

    def best(self) -> Candidate:
        return min(self.candidates, key=lambda c: (CUE_RANK[c.cue], c.start))

    @property
    def name(self) -> str:
        return self.long_form or self.best().text


PHRASE_CUES = {LEXICON, HEAD, TECHNIQUE, MODEL_PHRASE}


def _inside(inner: Candidate, outer: Candidate) -> bool:
    return outer is not inner and outer.start <= inner.start and inner.end <= outer.end \
        and (outer.end - outer.start) > (inner.end - inner.start)


def _drop_nested(candidates: list[Candidate]) -> list[Candidate]:
    """Of overlapping phrases keep the longest; names inside phrases stay.

    A longer phrase that ends in a known name ("dual encoder models" around the
    lexicon's "dual encoder") counts as known itself.
    """
    outers = [c for c in candidates if c.cue in PHRASE_CUES | {DEFINED} or c.cue == NAME and " " in c.text]
    known_spans = {(c.start, c.end): c.type for c in candidates if c.cue == LEXICON}
    kept = []
    for c in candidates:
        if c.cue in PHRASE_CUES and any(_inside(c, o) for o in outers):
            continue
        if c.cue == NAME and any(_inside(c, o) and (o.cue == LEXICON or o.cue == DEFINED and o.type == c.type)
                                 for o in outers):
            continue  # "CAR" inside the known "TREC CAR"
        if c.cue in {HEAD, TECHNIQUE, MODEL_PHRASE} and known_spans.get((c.start, c.end), c.type) != c.type:
            continue  # the lexicon knows this exact phrase as another type
        if c.cue in {HEAD, TECHNIQUE, MODEL_PHRASE} and any(
                i.cue in {DEFINED, NAME} and _inside(i, c) and i.end == c.end for i in candidates):
            continue  # "the algorithm Regularized Preference Optimization" is named by its name
        if c.cue in {HEAD, TECHNIQUE, MODEL_PHRASE} and any(
                i.cue == LEXICON and i.type == c.type and _inside(i, c)
                and concept_key(c.text, c.type).endswith(concept_key(i.text, i.type)) for i in candidates):
            c = replace(c, cue=LEXICON)
        kept.append(c)
    return kept


def group_candidates(candidates: list[Candidate]) -> list[_Group]:
    """Merge a paper's candidates: same concept key, or an acronym and its long form, are one."""
    groups: list[_Group] = []
    by_key: dict[tuple[str, str], _Group] = {}
    for c in sorted(_drop_nested(candidates), key=lambda c: (c.cue != DEFINED, c.start)):
        forms = [c.text, *([c.alias] if c.alias else []), *c.extra_aliases]
        keys = {(c.type, concept_key(f, c.type)) for f in forms}
        group = next((by_key[k] for k in keys if k in by_key), None)
        if group is None:
            group = _Group()
            groups.append(group)
        group.candidates.append(c)
        if c.cue == DEFINED and group.long_form is None:
            group.long_form = c.text
        group.aliases.update(forms[1:])
        for k in keys:
            by_key.setdefault(k, group)
    return groups


def confidence(group: _Group, salience: float) -> float:
    """Prior of the strongest cue, raised by agreeing cues, repeats and KeyBERT salience."""
    cues = {c.cue for c in group.candidates}
    prior = max(CUE_PRIOR[c] for c in cues)
    value = (prior + 0.08 * (len(cues) - 1) + 0.04 * min(len(group.candidates) - 1, 3)
             + 0.5 * (salience - 0.45) + (0.1 if any(c.proposed for c in group.candidates) else 0.0))
    return min(0.99, max(0.01, value))


def _mention(group: _Group, salience: float) -> Mention:
    best = group.best()
    name = group.name
    forms = {c.text for c in group.candidates} | group.aliases
    aliases = tuple(sorted(f for f in forms if f != name))
    proposed = any(c.proposed for c in group.candidates)
    evidence_from = next((c for c in group.candidates if c.proposed or c.cue == DEFINED), best)
    return Mention(
        name=name,
        type=best.type,
        aliases=aliases,
        proposed=proposed,
        confidence=confidence(group, salience),
        evidence=evidence_from.sentence,
        relation=relation_for(best.type, evidence_from.sentence, proposed),
    )


class Extractor:
    """Finds methods, datasets, losses and tasks in abstracts.

    ``min_confidence`` drops weak candidates; 0 keeps everything found (for tuning).
    ``workers`` parse in that many processes (default: one per core once the corpus
    is big enough to repay starting them).
    """

    def __init__(self, batch_size: int = 64, use_salience: bool = True, min_confidence: float = MIN_CONFIDENCE,
                 workers: int | None = None):
        self.batch_size = batch_size
        self.min_confidence = min_confidence
        self.workers = workers
        self.salience = SalienceScorer() if use_salience else None

    @cached_property
    def nlp(self):
        return load_spacy()

    @cached_property
    def lexicon(self) -> Lexicon:
        return Lexicon(self.nlp)

    def run(self, papers: Iterable[Paper], progress: Callable[[int], None] | None = None) -> Iterator[PaperMentions]:
        workers = worker_count(papers, self.workers, os.cpu_count())
        papers = iter(papers)
        batches = iter(lambda: list(islice(papers, self.batch_size)), [])
        if self.salience:
            self.salience.threads = 1 if workers > 1 else None  # the workers fill the cores
        if workers > 1:
            found = candidates_in_parallel(self.nlp, self.lexicon, batches, workers)
        else:
            found = ((batch, candidates_in(self.nlp, self.lexicon, batch)) for batch in batches)
        for batch, candidates in found:
            yield from self._score(batch, candidates)
            if progress:
                progress(len(batch))

    def _score(self, papers: list[Paper], candidates: list[list[Candidate]]) -> list[PaperMentions]:
        grouped = [group_candidates(found) for found in candidates]
        if self.salience:
            scores = self.salience.score([p.title for p in papers], [[g.name for g in gs] for gs in grouped])
        else:
            scores = [[0.45] * len(gs) for gs in grouped]
        results = []
        for paper, groups, doc_scores in zip(papers, grouped, scores):
            mentions = [_mention(g, s) for g, s in zip(groups, doc_scores)]
            kept = tuple(m for m in mentions if m.confidence >= self.min_confidence)
            results.append(PaperMentions(paper, kept))
        return results
