"""One canonical concept per idea across the corpus.

Mentions are keyed by type and normalised name; an acronym defined anywhere in
the corpus ("Reinforcement Learning from Human Feedback (RLHF)") makes a bare
"RLHF" elsewhere resolve to the long form's concept.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .extract.lexicon import canonical_keys
from .extract.normalise import concept_key
from .models import Mention, PaperMentions


def concept_id(type_: str, key: str) -> str:
    """Stable id of a concept node: its type and normalised key."""
    return f"{type_.lower()}:{key}"


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
        """The most used full name; a long form beats its acronym on ties.

        Title Case copies ("Contrastive Learning", from titles) count half, so the
        way abstracts write a name wins.
        """
        def weight(item):
            name, count = item
            words = name.split()
            title_case = len(words) > 1 and all(w[:1].isupper() and w[1:].islower() for w in words if w.isalpha())
            return (count / 2 if title_case else count, len(name))

        return max(self.names.items(), key=weight)[0]


@dataclass
class ResolvedCorpus:
    """Canonical concepts, and for each paper the concepts it mentions with the mention itself."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    links: list[tuple[str, str, Mention]] = field(default_factory=list)  # (paper id, concept id, mention)
    papers: list = field(default_factory=list)


class AliasDefinitions:
    """Every acronym definition of a corpus, gathered a paper at a time: (type, alias key) -> long form's key."""

    def __init__(self):
        self._counts: dict[tuple[str, str], Counter] = defaultdict(Counter)

    def add(self, result: PaperMentions) -> None:
        for m in result.mentions:
            long_key = concept_key(m.name, m.type)
            for alias in m.aliases:
                alias_key = concept_key(alias, m.type)
                if alias_key != long_key:
                    self._counts[(m.type, alias_key)][long_key] += 1

    def index(self) -> dict[tuple[str, str], str]:
        """Each alias to the long form the corpus defines it as most often."""
        return {k: counts.most_common(1)[0][0] for k, counts in self._counts.items()}


def stored_alias_index(rows: Iterable[dict]) -> dict[tuple[str, str], str]:
    """(type, key of an alias) -> key, from concepts already in a store (``cypher/read/concept_aliases``)."""
    index = {}
    for row in rows:
        for alias in row.get("aliases") or []:
            alias_key = concept_key(alias, row["type"])
            if alias_key != row["key"]:
                index.setdefault((row["type"], alias_key), row["key"])
    return index


def _first_per_concept(resolved) -> list[tuple[str, Mention]]:
    """(concept id, mention) from (concept key, mention) pairs: the first mention of each concept."""
    links: dict[str, Mention] = {}
    for key, m in resolved:
        links.setdefault(concept_id(m.type, key), m)
    return list(links.items())


class Resolver:
    """Canonical concepts, grown a paper at a time, given every alias of the corpus.

    ``aliases`` must already hold the whole corpus's definitions (:class:`AliasDefinitions`),
    so a bare "RLHF" read before the paper that defines it still resolves to the long form.
    Passing each paper to :meth:`add` once, in corpus order, gives the concepts; after
    :meth:`finish`, :meth:`links` gives any paper's links again, as often as needed.
    """

    def __init__(self, aliases: dict[tuple[str, str], str]):
        self.aliases = aliases
        self.concepts: dict[str, Concept] = {}

    def links(self, result: PaperMentions) -> list[tuple[str, Mention]]:
        """(concept id, mention) for each concept the paper mentions; of two mentions resolving
        to one concept, the first."""
        return _first_per_concept(self._resolved(result))

    def add(self, result: PaperMentions) -> list[tuple[str, Mention]]:
        """Count the paper's mentions into the concepts; returns its links, as :meth:`links` gives them."""
        resolved = list(self._resolved(result))  # resolved once, for the counts and the links
        for key, m in resolved:
            cid = concept_id(m.type, key)
            concept = self.concepts.get(cid) or self.concepts.setdefault(cid, Concept(cid, m.type, key))
            concept.names[m.name] += 1
            concept.aliases.update(m.aliases)
            if m.proposed:
                concept.proposed_by.add(result.paper.id)
        links = _first_per_concept(resolved)
        for cid, _ in links:
            self.concepts[cid].papers += 1
        return links

    def finish(self) -> dict[str, Concept]:
        """The concepts, each with its other names among its aliases."""
        for concept in self.concepts.values():
            concept.aliases.discard(concept.name)
            concept.aliases.update(n for n in concept.names if n != concept.name)
        return self.concepts

    def _resolved(self, result: PaperMentions):
        """(concept key, mention) for each mention, its key resolved through the aliases."""
        for m in result.mentions:
            key = concept_key(m.name, m.type)
            if not m.proposed:  # a paper's own new name is not another paper's acronym (LISA, LISA)
                key = self.aliases.get((m.type, key), key)
            yield key, m


def corpus_aliases(definitions: AliasDefinitions, known: dict[tuple[str, str], str] | None = None) -> dict:
    """Every alias a build resolves with: kg's lexicon, then a store's ``known`` aliases, then the corpus's own."""
    return {**canonical_keys(), **(known or {}), **definitions.index()}


def resolve(results: Iterable[PaperMentions], known: dict[tuple[str, str], str] | None = None) -> ResolvedCorpus:
    """Group every mention of the corpus under its canonical :class:`Concept`.

    ``known`` maps aliases to keys of concepts stored earlier, so a later build
    resolves a bare acronym to the long form an earlier build defined.
    """
    results = list(results)
    definitions = AliasDefinitions()
    for result in results:
        definitions.add(result)
    resolver = Resolver(corpus_aliases(definitions, known))
    out = ResolvedCorpus(papers=[r.paper for r in results])
    for result in results:
        out.links += [(result.paper.id, cid, m) for cid, m in resolver.add(result)]
    out.concepts = resolver.finish()
    return out
