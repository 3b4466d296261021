"""Turn papers into entity mentions: parse, find candidates, merge them, score them.

Data flows one way: papers in, one :class:`~kg.models.PaperMentions` per paper out,
in the same order, a batch at a time so a corpus of any size streams through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..models import Mention, Paper, PaperMentions
from ..nlp import load_spacy
from .candidates import DEFINED, HEAD, LEXICON, NAME, PROPOSAL, TITLE, Candidate, find_candidates
from .lexicon import Lexicon
from .normalise import surface_key
from .relations import relation_for
from .salience import SalienceScorer

# How often a candidate found by each cue alone is right; the starting point of confidence.
CUE_PRIOR = {TITLE: 0.9, DEFINED: 0.85, LEXICON: 0.8, PROPOSAL: 0.75, HEAD: 0.6, NAME: 0.55}
CUE_RANK = {cue: rank for rank, cue in enumerate([LEXICON, DEFINED, TITLE, HEAD, PROPOSAL, NAME])}


@dataclass
class _Group:
    """Candidates of one paper that name the same concept."""

    candidates: list[Candidate] = field(default_factory=list)
    long_form: str | None = None
    aliases: set[str] = field(default_factory=set)

    def best(self) -> Candidate:
        return min(self.candidates, key=lambda c: (CUE_RANK[c.cue], c.start))


def group_candidates(candidates: list[Candidate]) -> list[_Group]:
    """Merge a paper's candidates: same surface key, or an acronym and its long form, are one."""
    groups: list[_Group] = []
    by_key: dict[str, _Group] = {}
    for c in sorted(candidates, key=lambda c: (c.cue != DEFINED, c.start)):
        keys = {surface_key(c.text)} | ({surface_key(c.alias)} if c.alias else set())
        group = next((by_key[k] for k in keys if k in by_key), None)
        if group is None:
            group = _Group()
            groups.append(group)
        group.candidates.append(c)
        if c.cue == DEFINED and group.long_form is None:
            group.long_form = c.text
        if c.alias:
            group.aliases.add(c.alias)
        for k in keys:
            by_key.setdefault(k, group)
    return groups


def _mention(group: _Group, salience: float) -> Mention:
    best = group.best()
    name = group.long_form or best.text
    forms = {c.text for c in group.candidates} | group.aliases
    aliases = tuple(sorted(f for f in forms if f != name))
    proposed = any(c.proposed for c in group.candidates)
    cues = {c.cue for c in group.candidates}
    prior = max(CUE_PRIOR[c] for c in cues)
    confidence = prior + 0.04 * (len(cues) - 1) + 0.03 * min(len(group.candidates) - 1, 3) + 0.3 * (salience - 0.3)
    confidence = min(0.99, max(0.05, confidence))
    evidence_from = next((c for c in group.candidates if c.proposed or c.cue == DEFINED), best)
    return Mention(
        name=name,
        type=best.type,
        aliases=aliases,
        proposed=proposed,
        confidence=confidence,
        evidence=evidence_from.sentence,
        relation=relation_for(best.type, evidence_from.sentence, proposed),
    )


class Extractor:
    """Finds methods, datasets, losses and tasks in abstracts.

    >>> from kg.extract import Extractor
    >>> [m.name for pm in Extractor().run(papers) for m in pm.mentions]  # doctest: +SKIP
    """

    def __init__(self, batch_size: int = 64, use_salience: bool = True):
        self.nlp = load_spacy()
        self.lexicon = Lexicon(self.nlp)
        self.batch_size = batch_size
        self.salience = SalienceScorer() if use_salience else None

    def run(self, papers: Iterable[Paper], progress: Callable[[int], None] | None = None) -> Iterator[PaperMentions]:
        batch: list[Paper] = []
        for paper in papers:
            batch.append(paper)
            if len(batch) == self.batch_size:
                yield from self._run_batch(batch)
                if progress:
                    progress(len(batch))
                batch = []
        if batch:
            yield from self._run_batch(batch)
            if progress:
                progress(len(batch))

    def _run_batch(self, papers: list[Paper]) -> list[PaperMentions]:
        docs = list(self.nlp.pipe((p.text for p in papers), batch_size=self.batch_size))
        grouped = [group_candidates(find_candidates(doc, p.title, self.lexicon)) for doc, p in zip(docs, papers)]
        if self.salience:
            names = [[(g.long_form or g.best().text) for g in groups] for groups in grouped]
            scores = self.salience.score([p.title for p in papers], names)
        else:
            scores = [[0.3] * len(groups) for groups in grouped]
        return [
            PaperMentions(paper, tuple(_mention(g, s) for g, s in zip(groups, doc_scores)))
            for paper, groups, doc_scores in zip(papers, grouped, scores)
        ]
