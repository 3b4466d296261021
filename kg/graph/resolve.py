"""One canonical concept per idea across the corpus, whatever order its papers arrive in.

A mention's concept is found in three steps, all decided from the whole corpus:

1. its key: the normal form of its name (``concept_key``), through kg's lexicon
   (SGD is stochastic gradient descent), compared without spaces (``identity_key``), so
   "TinyImageNet" and "Tiny ImageNet" are one concept;
2. acronyms: a short form defined anywhere in the corpus ("Low-Rank Adaptation (LoRA)")
   makes a bare "LoRA" elsewhere resolve to the long form, and "Sentence-BERT" meets
   "SBERT"; a name is never taken for a shorter form of a longer, distinct name that
   contains it (ColBERT is not ColBERTer);
3. its type: one per concept, the one its mentions across the corpus give most weight
   (confidence), so "ANCE" is a Method even where one paper took it for a Dataset.

Every choice (a concept's name, key, type, an acronym's long form) is a count over the
corpus with a fixed tie-break, so the same papers give the same concepts in any order,
and a store built a file at a time holds what one build of all the files holds.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

from ..extract.candidates import title_name
from ..extract.lexicon import canonical_keys
from ..extract.normalise import concept_key, identity_key, surface_key
from ..extract.relations import relation_for
from ..records import Mention, Paper, PaperMentions
from ..schema import CONCEPT_TYPES
from .thesaurus import Curation, Thesaurus

COMPOUND_ACRONYM = re.compile(r"^((?:[A-Za-z][\w]*[\s-]+)+)([A-Z][A-Z0-9]+)$")  # Sentence-BERT: S + BERT


def concept_id(type_: str, key: str) -> str:
    """Stable id of a concept node: its type and normalised key."""
    return f"{type_.lower()}:{key}"


def mention_key(m: Mention) -> str:
    """The key a mention's own name gives, through kg's lexicon of known aliases (SGD)."""
    return known_key(m.name, m.type)


def known_key(name: str, type_: str) -> str:
    """The key of a name of a type, through kg's lexicon of known aliases (SGD is stochastic gradient descent)."""
    key = concept_key(name, type_)
    return canonical_keys().get((type_, key), key)


def is_shorter_name_within(alias: str, name: str) -> bool:
    """True when ``alias`` is a distinct, shorter name written inside ``name`` (ColBERT in ColBERTer).

    Such a pair is two concepts, not an acronym and its long form.
    """
    a, n = identity_key(alias), identity_key(name)
    return a != n and a in n


def contraction(name: str) -> str | None:
    """The acronym a compound name ending in one contracts to: "Sentence-BERT" -> "SBERT"."""
    match = COMPOUND_ACRONYM.match(name.strip())
    if not match:
        return None
    return "".join(w[0] for w in re.split(r"[\s-]+", match.group(1)) if w) + match.group(2)


CALLED = re.compile(r"\b(?:called|named|dubbed|termed)\s+")
CALLED_END = re.compile(r"[\s,.;:()]|$")
WE_PROPOSE = re.compile(r"\b[Ww]e\s+(?:propose|introduce|present|release|develop)\s+((?:a|an|the)\s+)?((?:new|novel)\s+)?")
PROPOSED_END = re.compile(r"\s*[,.;:(]|\s+(?:which|that|to|for|as)\b")


@lru_cache(maxsize=4096)
def _introduction_points(abstract: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where a name may start that the text introduces: after "called X", and after "we propose (a) (new) X".

    Found once per abstract, so checking many names costs a string comparison each, not a
    regular expression compiled per name (that compile was half of a rebuild's time).
    """
    called = tuple(m.end() for m in CALLED.finditer(abstract))
    proposed: set[int] = set()
    for m in WE_PROPOSE.finditer(abstract):
        article, new = len(m.group(1) or ""), len(m.group(2) or "")
        start = m.end() - article - new
        proposed.update((start, start + article, m.end()))
    return called, tuple(sorted(proposed))


def introduces(paper: Paper, names: Iterable[str]) -> bool:
    """The paper's title names one of ``names`` before its colon, or its text introduces it by name.

    Extraction marks everything inside "we propose ..." as proposed; introducing needs
    the name itself to be the thing introduced ("we propose SPLADE, ...", "a method
    called X"), not a word inside a longer name ("we propose a LoRA Dropout mechanism").
    """
    names = set(names)
    head = title_name(paper.title)
    if head and head.lower() in {n.lower() for n in names}:
        return True
    text = paper.abstract
    called, proposed = _introduction_points(text)
    for name in names:
        if not name:
            continue
        if any(text.startswith(name, at) and CALLED_END.match(text, at + len(name)) for at in called) or any(
                text.startswith(name, at) and PROPOSED_END.match(text, at + len(name)) for at in proposed):
            return True
    return False


@dataclass
class Concept:
    id: str
    type: str
    key: str
    names: Counter = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    papers: int = 0  # how many papers mention it
    proposed_by: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        """The most used full name; a long form beats its acronym on ties, then the first in sorted order.

        Title Case copies ("Contrastive Learning", from titles) count half, so the
        way abstracts write a name wins.
        """
        def weight(item):
            name, count = item
            words = name.split()
            title_case = len(words) > 1 and all(w[:1].isupper() and w[1:].islower() for w in words if w.isalpha())
            return (count / 2 if title_case else count, len(name), _reversed(name))

        return max(self.names.items(), key=weight)[0]


def _reversed(text: str) -> tuple[int, ...]:
    """A key under which ``max`` picks the first of equal candidates in sorted order ("ab" before "abc")."""
    return (*(-ord(ch) for ch in text), 1)


class ConceptMention(NamedTuple):
    """A paper's mention resolved to a concept: what the graph turns into MENTIONS (and typed) edges."""

    paper_id: str
    concept_id: str
    mention: Mention


@dataclass
class ResolvedCorpus:
    """Canonical concepts, and for each paper the concepts it mentions with the mention itself."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    links: list[ConceptMention] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)
    mentions: dict[str, tuple[Mention, ...]] = field(default_factory=dict)  # paper id -> what extraction found


class AliasDefinitions:
    """Every acronym definition of a corpus, gathered a paper at a time.

    A definition is a mention with aliases ("Low-Rank Adaptation", aliases LoRA). Types do
    not matter, since a concept has one type, decided once all its mentions are known. A
    compound name ending in an acronym ("Sentence-BERT") defines its contraction ("SBERT")
    too, where no paper defines the contraction otherwise.
    """

    def __init__(self):
        self._counts: dict[str, Counter] = defaultdict(Counter)  # alias identity -> long form keys
        self._compounds: dict[str, str] = {}  # contraction identity -> smallest compound key

    def add(self, result: PaperMentions) -> None:
        for m in result.mentions:
            long_key = mention_key(m)
            for alias in m.aliases:
                alias_id = identity_key(known_key(alias, m.type))
                if alias_id and alias_id != identity_key(long_key) and not is_shorter_name_within(alias, m.name):
                    self._counts[alias_id][long_key] += 1
            short = contraction(m.name)
            if short:
                short_id = identity_key(known_key(short, m.type))
                if short_id not in self._compounds or long_key < self._compounds[short_id]:
                    self._compounds[short_id] = long_key  # the same choice in any order

    def index(self) -> dict[str, str]:
        """Each alias's identity key -> the key of the long form the corpus defines it as most often."""
        index = {alias: max(counts.items(), key=lambda kv: (kv[1], _reversed(kv[0])))[0]
                 for alias, counts in self._counts.items()}
        return {**self._compounds, **index}


def _first_per_concept(resolved) -> list[tuple[str, Mention]]:
    """(concept id, mention) from (concept id, mention) pairs: the first mention of each concept."""
    links: dict[str, Mention] = {}
    for cid, m in resolved:
        links.setdefault(cid, m)
    return list(links.items())


@dataclass
class _Group:
    """What the corpus says of one concept before its type and key are decided."""

    keys: Counter = field(default_factory=Counter)
    types: dict[str, list[float]] = field(default_factory=lambda: defaultdict(lambda: [0.0, 0]))
    names: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # by the mentions' type
    aliases: set[str] = field(default_factory=set)
    papers: int = 0
    proposed_by: set[str] = field(default_factory=set)
    named: tuple[str, str | None] | None = None  # a thesaurus's name and type for it

    def type(self) -> str:
        """The type a thesaurus gives it, else the type its mentions weigh most: confidence, then count, then
        kg's order of types."""
        if self.named and self.named[1]:
            return self.named[1]
        return max(self.types, key=lambda t: (*self.types[t], -CONCEPT_TYPES.index(t)))

    def absorb(self, other: "_Group", shared_papers: int) -> None:
        self.keys.update(other.keys)
        for t, (confidence, count) in other.types.items():
            self.types[t][0] += confidence
            self.types[t][1] += count
        for t, names in other.names.items():
            self.names[t].update(names)
        self.aliases |= other.aliases
        self.papers += other.papers - shared_papers
        self.proposed_by |= other.proposed_by

    def concept(self) -> Concept:
        """The concept: its type, its most written key, and a name as its own type's mentions write it."""
        type_ = self.type()
        key = max(self.keys.items(), key=lambda kv: (kv[1], _reversed(kv[0])))[0]
        names = Counter({self.named[0]: 1}) if self.named else Counter(self.names[type_])
        concept = Concept(concept_id(type_, key), type_, key, names, set(self.aliases),
                          self.papers, set(self.proposed_by))
        concept.aliases.update(n for names in self.names.values() for n in names)
        concept.aliases.discard(concept.name)
        return concept


LOSS_GROUP = "Loss:"  # prefix of the group of names a loss head made ("diffusion loss"): only ever a Loss


class Resolver:
    """Canonical concepts, grown a paper at a time, given every alias of the corpus.

    ``aliases`` must already hold the whole corpus's definitions (:meth:`AliasDefinitions.index`),
    so a bare "RLHF" read before the paper that defines it still resolves to the long form.
    Pass each paper to :meth:`add` once, in any order; after :meth:`finish`, :meth:`links`
    gives any paper's links, as often as needed.

    Mentions meet across types by their key ("ImageNet classification" as a Dataset and
    "ImageNet classification tasks" as a Task), except a name a loss head made: "diffusion
    loss" is a Loss, not the method "diffusion models", and joins only a concept that is a Loss.
    """

    def __init__(self, aliases: dict[str, str], thesaurus: Thesaurus | None = None):
        self.aliases = aliases
        self.curation = Curation(thesaurus, self._key, identity_key) if thesaurus else None
        self._groups: dict[str, _Group] = defaultdict(_Group)
        self._shared: Counter = Counter()  # group -> papers that mention it both with and without a loss head
        self.concepts: dict[str, Concept] = {}
        self._by_group: dict[str, Concept] = {}

    def add(self, result: PaperMentions) -> None:
        """Count the paper's mentions into their concepts."""
        seen = set()
        for group_id, key, m in self._resolved(result):
            group = self._groups[group_id]
            if group_id not in seen:
                seen.add(group_id)
                group.papers += 1
            group.keys[key] += 1
            weight = group.types[m.type]
            weight[0] += m.confidence
            weight[1] += 1
            group.names[m.type][m.name] += 1
            group.aliases.update(a for a in m.aliases if not is_shorter_name_within(a, m.name))
            if m.proposed:
                group.proposed_by.add(result.paper.id)
        self._shared.update(g for g in seen if LOSS_GROUP + g in seen)

    def finish(self) -> dict[str, Concept]:
        """The concepts, by id in sorted order, each with its other names among its aliases."""
        merged: dict[str, str] = {}  # a loss head's group -> the group it joins
        for gid, named in (self.curation.forced.items() if self.curation else ()):
            if gid in self._groups:
                self._groups[gid].named = named
        for gid in sorted(self._groups):
            bare = gid.removeprefix(LOSS_GROUP)
            if gid.startswith(LOSS_GROUP) and bare in self._groups and self._groups[bare].type() == "Loss":
                self._groups[bare].absorb(self._groups[gid], self._shared[bare])
                merged[gid] = bare
        concepts = {gid: group.concept() for gid, group in self._groups.items() if gid not in merged}
        self._by_group = concepts | {gid: concepts[bare] for gid, bare in merged.items()}
        self.concepts = {c.id: c for c in sorted(concepts.values(), key=lambda c: c.id)}
        return self.concepts

    def links(self, result: PaperMentions) -> list[tuple[str, Mention]]:
        """(concept id, mention) for each concept the paper mentions; of two mentions of one concept, the first.

        A mention of another type than its concept's is given the concept's type, and the
        typed link its sentence supports for that type.
        """
        resolved = []
        for group_id, _, m in self._resolved(result):
            concept = self._by_group[group_id]
            if m.type != concept.type:
                m = replace(m, type=concept.type, relation=relation_for(concept.type, m.evidence, m.proposed))
            resolved.append((concept.id, m))
        return _first_per_concept(resolved)

    def _resolved(self, result: PaperMentions):
        """(group, key, mention) for each mention: its key, resolved through the corpus's acronyms.

        A paper's own new name is not another paper's acronym (LISA, LISA), when the paper
        introduces it by that name; "we propose a LoRA Dropout mechanism" does not make a new LoRA.
        """
        for m in result.mentions:
            key = self._key(m.name, m.type, own=m.proposed and introduces(result.paper, [m.name]))
            if self.curation:  # the user's thesaurus: drop, or send to the concept it names
                if self.curation.ignores(m.type, identity_key(key)):
                    continue
                moved = self.curation.move(m.type, identity_key(key))
                if moved:
                    if not self.curation.ignores(m.type, moved[1]):
                        yield moved[1], moved[0], m
                    continue
            loss_head = m.type == "Loss" and surface_key(m.name) != concept_key(m.name, m.type)
            yield (LOSS_GROUP if loss_head else "") + identity_key(key), key, m

    def _key(self, name: str, type_: str, own: bool = False) -> str:
        """The key of a name written as a mention of ``type_``: through the corpus's acronyms unless ``own``."""
        key = known_key(name, type_)
        if not own:
            target = self.aliases.get(identity_key(key))
            short = None if target else contraction(name)
            if short:
                target = self.aliases.get(identity_key(known_key(short, type_)))
            key = target or key
        return key


def resolve(results: Iterable[PaperMentions], thesaurus: Thesaurus | None = None) -> ResolvedCorpus:
    """Group every mention of the corpus under its canonical :class:`Concept`, as a user's ``thesaurus`` says."""
    results = list(results)
    definitions = AliasDefinitions()
    for result in results:
        definitions.add(result)
    resolver = Resolver(definitions.index(), thesaurus)
    for result in results:
        resolver.add(result)
    out = ResolvedCorpus(papers=[r.paper for r in results], concepts=resolver.finish(),
                         mentions={r.paper.id: r.mentions for r in results})
    for result in results:
        out.links += [ConceptMention(result.paper.id, cid, m) for cid, m in resolver.links(result)]
    return out
