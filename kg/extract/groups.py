"""A paper's candidates grouped by the concept they name, with the features the model decides on.

This runs where the parse is (in the worker processes, beside the tagger), so only groups
and their feature rows travel back; KeyBERT salience, for a model trained with it, is
added in the main process, which holds the sentence model.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..schema import CONCEPT_TYPES
from .candidates import DEFINED, PHRASE, Candidate
from .features import group_features
from .normalise import surface_key

TYPES = CONCEPT_TYPES  # the order of kg/data/concept_types.json


@dataclass
class ConceptGroup:
    """Candidates of one paper that name the same phrase (or an acronym and its long form)."""

    candidates: list[Candidate] = field(default_factory=list)
    long_form: str | None = None
    aliases: set[str] = field(default_factory=set)

    def best(self) -> Candidate:
        """The occurrence whose text names the group: a definition, then a rule's find, then the first."""
        return min(self.candidates, key=lambda c: (c.cue != DEFINED, c.cue == PHRASE, c.start))

    @property
    def name(self) -> str:
        return self.long_form or self.best().text

    @property
    def cues(self) -> set[str]:
        return {c.cue for c in self.candidates}

    @property
    def has_rule_cue(self) -> bool:
        return any(c.cue != PHRASE for c in self.candidates)

    def forms(self) -> list[str]:
        """Every way the paper writes it: the name first, then aliases and occurrences, each sorted."""
        return [self.name, *sorted(self.aliases), *sorted({c.text for c in self.candidates})]

    def spans(self) -> list[tuple[int, int]]:
        return [(c.start, c.end) for c in self.candidates]

    def word_pieces(self) -> set[tuple[int, int]]:
        """The spans that are part of a longer written word ("JEPA" in "T-JEPA")."""
        return {(c.start, c.end) for c in self.candidates if c.word_piece}


def group_candidates(candidates: list[Candidate]) -> list[ConceptGroup]:
    """Merge a paper's candidates: the same surface key, or an acronym and its long form, are one group."""
    groups: list[ConceptGroup] = []
    by_key: dict[str, ConceptGroup] = {}
    for c in sorted(candidates, key=lambda c: (c.cue != DEFINED, c.start)):
        forms = [c.text, *([c.alias] if c.alias else []), *c.extra_aliases]
        keys = list(dict.fromkeys(surface_key(f) for f in forms))  # in text order: the same group every run
        group = next((by_key[k] for k in keys if k in by_key), None)
        if group is None:
            group = ConceptGroup()
            groups.append(group)
        group.candidates.append(c)
        if c.cue == DEFINED and group.long_form is None:
            group.long_form = c.text
        group.aliases.update(forms[1:])
        for k in keys:
            by_key.setdefault(k, group)
    return groups


def _nested_spans(spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that lie inside another, in one sorted pass."""
    nested, reach = set(), -1
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if end <= reach:
            nested.add((start, end))
        reach = max(reach, end)
    return nested


@dataclass
class PaperGroups:
    """One paper's candidate groups and a feature row for each (salience not yet added)."""

    groups: list[ConceptGroup]
    rows: list[dict[str, float]]


def paper_groups(candidates: list[Candidate]) -> PaperGroups:
    """Group a paper's candidates and describe each group; candidates keep no features once used."""
    groups = group_candidates(candidates)
    nested = _nested_spans({span for g in groups for span in g.spans()})
    rows = [group_features(
        cues=group.cues, rule_types={c.type for c in group.candidates if c.type},
        occurrences=[c.features for c in group.candidates], count=len({c.start for c in group.candidates}),
        proposed=any(c.proposed for c in group.candidates), nested=all(s in nested for s in group.spans()))
        for group in groups]
    for group in groups:  # what travels back from a worker: the rows say everything features said
        group.candidates = [replace(c, features=frozenset()) for c in group.candidates]
    return PaperGroups(groups, rows)
