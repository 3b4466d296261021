"""Turn papers into entity mentions: parse, find candidates, group them, let the learned model decide.

Data flows one way: papers in, one :class:`~kg.records.PaperMentions` per paper out,
in the same order, a batch at a time so a corpus of any size streams through.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import cached_property
from itertools import islice
from typing import Any, NamedTuple

from ..records import Mention, Paper, PaperMentions
from .candidates import DEFINED
from .features import add_salience
from .groups import TYPES, ConceptGroup, PaperGroups
from .lexicon import Lexicon
from .model import EntityModel, shipped_model
from .nlp import load_spacy
from .normalise import concept_key
from .relations import relation_for
from .salience import SalienceScorer
from .tagger import Tagger, shipped_tagger
from .workers import groups_in, groups_in_parallel, worker_count


def _overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def _inside(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return other[0] <= span[0] and span[1] <= other[1] and span != other


def _competes(span: tuple[int, int], piece: bool, other: tuple[int, int], other_piece: bool) -> bool:
    """Whether two occurrences claim the same words. A name that is only a piece of a longer
    written word ("JEPA" in "T-JEPA") does not stop the longer word from being a name too."""
    if not _overlaps(span, other):
        return False
    return not (piece and _inside(span, other) or other_piece and _inside(other, span))


class Choice(NamedTuple):
    """A group the model takes as an entity of ``type`` with ``confidence``, before the overlap policy;
    ``row`` is what the model read of it (the proposed-or-not model reads it again)."""

    group: ConceptGroup
    type: str
    confidence: float
    row: dict[str, float]


class Decision(NamedTuple):
    """A group kept as an entity: its type, how sure the model is, and whether the paper proposes it."""

    group: ConceptGroup
    type: str
    confidence: float
    proposed: bool


def surest_without_overlap(chosen: list[Choice]) -> list[Choice]:
    """The overlap policy: overlapping phrases compete and the surer one wins.

    "BERT" against "BERT language model", "SPLADE v2" against "SPLADE". A group survives
    while one of its occurrences overlaps nothing already kept, so "SPLADE" used alone
    elsewhere stays.
    """
    kept: list[Choice] = []
    kept_spans: list[tuple[tuple[int, int], bool]] = []
    for item in sorted(chosen, key=lambda item: -item.confidence):
        group = item.group
        pieces = group.word_pieces()
        if all(any(_competes(span, span in pieces, *other) for other in kept_spans) for span in group.spans()):
            continue
        kept.append(item)
        kept_spans.extend((span, span in pieces) for span in group.spans())
    return kept


def decide(groups: list[ConceptGroup], rows: list[dict[str, float]], model: EntityModel,
           min_confidence: float) -> list[Decision]:
    """A :class:`Decision` for each group the model takes as an entity, the surest first."""
    if not groups:
        return []
    probabilities = model.entity.probabilities(rows)
    classes = model.entity.classes
    typed = [i for i, c in enumerate(classes) if c in TYPES]
    chosen: list[Choice] = []
    for group, row, p in zip(groups, rows, probabilities):
        best = max(typed, key=lambda i: p[i])
        confidence = model.confidence(p[best])
        if confidence >= min_confidence:
            chosen.append(Choice(group, classes[best], confidence, row))
    kept = surest_without_overlap(chosen)
    if not kept:
        return []
    proposed = model.proposed.probabilities([{**c.row, f"type={c.type}": 1.0} for c in kept])[:, 1]
    return [Decision(c.group, c.type, c.confidence, bool(p >= 0.5)) for c, p in zip(kept, proposed)]


def _mention(decision: Decision) -> Mention:
    group, type_, confidence, proposed = decision
    best = group.best()
    name = group.name
    aliases = tuple(sorted(set(group.forms()) - {name}))  # every surface form, as written
    evidence_from = next((c for c in group.candidates if c.proposed or c.cue == DEFINED), best) if proposed else best
    return Mention(
        name=name,
        type=type_,
        aliases=aliases,
        proposed=proposed,
        confidence=confidence,
        evidence=evidence_from.sentence,
        relation=relation_for(type_, evidence_from.sentence, proposed),
    )


def merge_same_concept(mentions: list[Mention]) -> list[Mention]:
    """"ImageNet" and "the ImageNet dataset" typed alike are one concept of the paper: keep the surer one."""
    by_key: dict[tuple[str, str], Mention] = {}
    for m in mentions:
        key = (m.type, concept_key(m.name, m.type))
        other = by_key.get(key)
        if other is None:
            by_key[key] = m
            continue
        first, second = (other, m) if other.confidence >= m.confidence else (m, other)
        aliases = tuple(sorted((set(first.aliases) | set(second.aliases) | {second.name}) - {first.name}))
        by_key[key] = replace(first, aliases=aliases, proposed=first.proposed or second.proposed)
    return list(by_key.values())


def paper_mentions(groups: list[ConceptGroup], rows: list[dict[str, float]], model: EntityModel,
                   min_confidence: float) -> tuple[Mention, ...]:
    """One paper's mentions, in the order the text first names them."""
    decided = decide(groups, rows, model, min_confidence)
    decided.sort(key=lambda d: min(start for start, _ in d.group.spans()))
    return tuple(merge_same_concept([_mention(d) for d in decided]))


class Extractor:
    """Finds methods, datasets, losses and tasks in abstracts.

    Rules and the lexicon propose candidate phrases; a model learned from annotated
    abstracts (:mod:`kg.extract.model`) decides which are entities, their type, and
    which the paper proposes. ``min_confidence`` (default: the threshold chosen when
    the model was trained) drops weaker ones; 0 keeps every typed candidate (for
    tuning). ``workers`` parse in that many processes (default: one per core once the
    corpus is big enough to repay starting them). When the model was trained with the
    contextual tagger's features (:mod:`kg.extract.tagger`), the tagger reads each
    batch too; ``use_tagger=False`` leaves its features out (training does, and adds
    out-of-fold ones itself).
    """

    def __init__(self, batch_size: int = 64, use_salience: bool | None = None, min_confidence: float | None = None,
                 workers: int | None = None, model: EntityModel | None = None, use_tagger: bool = True,
                 tagger: Tagger | None = None):
        self.batch_size = batch_size
        self.workers = workers
        self._model = model
        self._min_confidence = min_confidence
        self._tagger = tagger
        self.use_tagger = use_tagger
        self.use_salience = use_salience

    @cached_property
    def salience(self) -> SalienceScorer | None:
        """KeyBERT salience, when the model reads it (``use_salience`` None) or when asked (True/False)."""
        wanted = self.model.uses_salience if self.use_salience is None else self.use_salience
        return SalienceScorer() if wanted else None

    @cached_property
    def model(self) -> EntityModel:
        return self._model or shipped_model()

    @cached_property
    def tagger(self) -> Tagger | None:
        """The tagger whose probabilities the model reads, loaded once (None: the model reads none)."""
        if not self.use_tagger:
            return None
        return self._tagger or (shipped_tagger() if self.model.tagger else None)

    @property
    def min_confidence(self) -> float:
        return self.model.min_confidence if self._min_confidence is None else self._min_confidence

    @cached_property
    def nlp(self):
        return load_spacy()

    @cached_property
    def lexicon(self) -> Lexicon:
        return Lexicon(self.nlp)

    def groups(self, papers: Iterable[Paper], then: Callable[[list[PaperGroups]], Any] | None = None
               ) -> Iterator[tuple[list[Paper], Any]]:
        """Each batch of papers with every paper's candidate groups, parsed in worker processes where that pays.

        With ``then``, each batch comes with what ``then`` makes of its groups, computed where they were parsed.
        """
        workers = worker_count(papers, self.workers, os.cpu_count())
        papers = iter(papers)
        batches = iter(lambda: list(islice(papers, self.batch_size)), [])
        if self.salience:
            self.salience.threads = 1 if workers > 1 else None  # the workers fill the cores
        if workers > 1:
            return groups_in_parallel(self.nlp, self.lexicon, batches, workers, self.tagger, then)
        then = then or (lambda found: found)
        return ((batch, then(groups_in(self.nlp, self.lexicon, batch, self.tagger))) for batch in batches)

    def run(self, papers: Iterable[Paper], progress: Callable[[int], None] | None = None) -> Iterator[PaperMentions]:
        for batch, mentions in self._mentions(papers):
            decided = [PaperMentions(paper, found) for paper, found in zip(batch, mentions)]
            if progress:  # before the batch is handed on: a consumer may stop at its last paper
                progress(len(batch))
            yield from decided

    def _mentions(self, papers: Iterable[Paper]) -> Iterator[tuple[list[Paper], list[tuple[Mention, ...]]]]:
        """Each batch with its papers' mentions, decided in the parse workers unless the model reads KeyBERT
        salience (which the main process holds): the main process then only collects them."""
        if self.salience:
            return ((batch, self.mentions_of(self.scored(batch, found))) for batch, found in self.groups(papers))
        self.model  # loaded here, before the workers fork, not once in each
        return self.groups(papers, then=self.mentions_of)

    def scored(self, papers: list[Paper], found: list[PaperGroups]) -> list[PaperGroups]:
        """The groups with KeyBERT salience in their rows, when the model reads it: what the model sees.

        The tagger's view is already there: the parse workers add it (:mod:`kg.extract.workers`).
        """
        if not self.salience:
            return found
        salience = self._salience(papers, [f.groups for f in found])
        return [PaperGroups(f.groups, [add_salience(row, s) for row, s in zip(f.rows, scores)])
                for f, scores in zip(found, salience)]

    def mentions_of(self, found: list[PaperGroups]) -> list[tuple[Mention, ...]]:
        """Each paper's mentions, from its groups as the model sees them (:meth:`scored`)."""
        return [paper_mentions(f.groups, f.rows, self.model, self.min_confidence) for f in found]

    def _salience(self, papers: list[Paper], groups: list[list[ConceptGroup]]) -> list[list[float | None]]:
        """KeyBERT-style salience of the groups a rule found; bare noun phrases are too many to embed."""
        if not self.salience:
            return [[None] * len(gs) for gs in groups]
        named = [[g for g in gs if g.has_rule_cue] for gs in groups]
        scores = self.salience.score([p.title for p in papers], [[g.name for g in gs] for gs in named])
        by_group = [{id(g): s for g, s in zip(gs, doc_scores)} for gs, doc_scores in zip(named, scores)]
        return [[found.get(id(g)) for g in gs] for gs, found in zip(groups, by_group)]
