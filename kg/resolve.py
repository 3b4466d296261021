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
    papers: set[str] = field(default_factory=set)
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


def _alias_index(results: list[PaperMentions]) -> dict[tuple[str, str], str]:
    """(type, key of an alias) -> key of the long form, from every definition in the corpus."""
    index: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for result in results:
        for m in result.mentions:
            long_key = concept_key(m.name, m.type)
            for alias in m.aliases:
                alias_key = concept_key(alias, m.type)
                if alias_key != long_key:
                    index[(m.type, alias_key)][long_key] += 1
    return {k: counts.most_common(1)[0][0] for k, counts in index.items()}


def stored_alias_index(rows: Iterable[dict]) -> dict[tuple[str, str], str]:
    """(type, key of an alias) -> key, from concepts already in a store (``cypher/read/concept_aliases``)."""
    index = {}
    for row in rows:
        for alias in row.get("aliases") or []:
            alias_key = concept_key(alias, row["type"])
            if alias_key != row["key"]:
                index.setdefault((row["type"], alias_key), row["key"])
    return index


def resolve(results: Iterable[PaperMentions], known: dict[tuple[str, str], str] | None = None) -> ResolvedCorpus:
    """Group every mention of the corpus under its canonical :class:`Concept`.

    ``known`` maps aliases to keys of concepts stored earlier, so a later build
    resolves a bare acronym to the long form an earlier build defined.
    """
    results = list(results)
    aliases = {**canonical_keys(), **(known or {}), **_alias_index(results)}
    out = ResolvedCorpus(papers=[r.paper for r in results])
    for result in results:
        seen: set[str] = set()
        for m in result.mentions:
            key = concept_key(m.name, m.type)
            if not m.proposed:  # a paper's own new name is not another paper's acronym (LISA, LISA)
                key = aliases.get((m.type, key), key)
            cid = concept_id(m.type, key)
            concept = out.concepts.get(cid) or out.concepts.setdefault(cid, Concept(cid, m.type, key))
            concept.names[m.name] += 1
            concept.aliases.update(m.aliases)
            concept.papers.add(result.paper.id)
            if m.proposed:
                concept.proposed_by.add(result.paper.id)
            if cid not in seen:  # two mentions resolving to one concept: keep the first
                seen.add(cid)
                out.links.append((result.paper.id, cid, m))
    for concept in out.concepts.values():
        concept.aliases.discard(concept.name)
        concept.aliases.update(n for n in concept.names if n != concept.name)
    return out
