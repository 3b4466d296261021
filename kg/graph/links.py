"""Paper-to-paper links: what a paper builds on, which titles it names, and whom it cites.

BUILDS_ON comes from the text: paper A mentions a concept that paper B proposes.
Guards keep a common word that is also a method's name (GeT, BOOT, REFER) from
linking every abstract that uses the word: the name must appear in A written as B
writes it, not as a sentence's first word when it is an ordinary word in lower case,
the concept must not be common across the corpus, and B must not be newer than A.
CITES_TEXT: A's text contains B's title. CITES: the source lists the reference.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..records import Mention, Paper, normalise_title, paper_id
from ..schema import TASK
from .resolve import Concept, ResolvedCorpus
from .resolve import introduces as introduces_name

MAX_PROPOSERS = 2  # a concept "proposed" by more papers than this is not one paper's contribution
NAMED = re.compile(r"[A-Z].*[A-Z]|\d|^[A-Z][a-z]+[A-Z]|[a-z][A-Z]")  # SPLADE, LoRA, ColBERTv2, GPT-3
MIN_TITLE_WORDS = 4


@dataclass(frozen=True)
class PaperLink:
    source: str
    target: str
    type: str  # BUILDS_ON, CITES_TEXT or CITES
    evidence: str = ""
    via: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stub:
    """A cited work that is not in the corpus (yet): filled in when it arrives."""

    id: str
    title: str | None
    external_id: str


class BuildsOn:
    """The BUILDS_ON rule, applied a paper at a time once the corpus's concepts are final.

    Two passes over the papers, each paper with its links (concept id, mention): the first
    finds which paper introduces each named concept (:meth:`add_proposer`), the second links
    each paper to the concepts' origins (:meth:`links_from`). ``lower_words`` counts the
    abstracts each lower-case word appears in (:func:`lower_case_words`).
    """

    def __init__(self, concepts: dict[str, Concept], papers: int, lower_words: Counter):
        common_limit = max(30, papers // 20)
        self.concepts, self.lower_words = concepts, lower_words
        self.order = {cid: i for i, cid in enumerate(concepts)}  # a link's evidence: its first concept's
        self.named = {cid for cid, c in concepts.items() if c.proposed_by and c.type != TASK
                      and c.papers <= common_limit and NAMED.search(c.name)}
        self._proposers: dict[str, list[tuple[int, str, int | None]]] = defaultdict(list)

    def add_proposer(self, paper: Paper, links: list[tuple[str, Mention]]) -> None:
        for cid, _ in links:
            concept = self.concepts[cid]
            if cid in self.named and paper.id in concept.proposed_by and introduces(paper, concept):
                self._proposers[cid].append((paper.year or 9999, paper.id, paper.year))

    def origins(self) -> dict[str, tuple[str, int | None]]:
        """Concept id -> (id, year) of the paper it comes from, where one or two papers introduce it."""
        return {cid: sorted(found)[0][1:] for cid, found in self._proposers.items() if len(found) <= MAX_PROPOSERS}

    def links_from(self, citing: Paper, links: list[tuple[str, Mention]],
                   origins: dict[str, tuple[str, int | None]]) -> list[PaperLink]:
        found: dict[str, PaperLink] = {}
        for cid, mention in sorted(links, key=lambda link: self.order[link[0]]):
            if cid not in origins:
                continue
            concept, (origin, origin_year) = self.concepts[cid], origins[cid]
            if citing.id in concept.proposed_by or mention.proposed:
                continue
            if citing.year and origin_year and citing.year < origin_year:
                continue  # a paper cannot build on later work
            name = concept.name
            forms = {mention.name, *mention.aliases}
            if self.lower_words[name.lower()] >= 2:  # "get", "boot", "refer" appear as plain words
                if name not in forms or not _named_mid_sentence(name, mention.evidence):
                    continue
            elif name.lower() not in {f.lower() for f in forms}:
                continue  # resolved to the concept only through a looser alias
            if origin in found:
                found[origin] = replace(found[origin], via=tuple(sorted({*found[origin].via, name})))
            else:
                found[origin] = PaperLink(citing.id, origin, "BUILDS_ON", mention.evidence, (name,))
        return list(found.values())


def lower_case_words(papers: Iterable[Paper]) -> Counter:
    """How many abstracts each lower-case word appears in."""
    return Counter(w for p in papers for w in set(re.findall(r"\b[a-z]+\b", p.abstract)))


def builds_on(resolved: ResolvedCorpus) -> list[PaperLink]:
    """A -> B where A mentions a name B proposes, with the concepts it goes through and A's sentence."""
    rule = BuildsOn(resolved.concepts, len(resolved.papers), lower_case_words(resolved.papers))
    by_paper = defaultdict(list)
    for paper_id_, cid, mention in resolved.links:
        by_paper[paper_id_].append((cid, mention))
    for paper in resolved.papers:
        rule.add_proposer(paper, by_paper[paper.id])
    origins = rule.origins()
    return [link for paper in resolved.papers for link in rule.links_from(paper, by_paper[paper.id], origins)]


def introduces(paper: Paper, concept) -> bool:
    """The paper introduces the concept by one of its names (:func:`kg.graph.resolve.introduces`)."""
    return introduces_name(paper, {concept.name, *concept.aliases})


def _named_mid_sentence(name: str, sentence: str) -> bool:
    match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence)
    return match is not None and match.start() > 0


class TitleIndex:
    """Every title of four words or more, by its first three words: what CITES_TEXT looks for in abstracts."""

    def __init__(self, papers: Iterable[Paper] = ()):
        self._by_opening: dict[tuple[str, ...], list[tuple[tuple[str, ...], str, str]]] = defaultdict(list)
        for paper in papers:
            self.add(paper)

    def add(self, paper: Paper) -> None:
        words = tuple(normalise_title(paper.title).split())
        if len(words) >= MIN_TITLE_WORDS:
            self._by_opening[words[:3]].append((words, paper.id, paper.title))

    def links_from(self, paper: Paper) -> list[PaperLink]:
        """paper -> each other paper whose whole title its abstract contains."""
        words = normalise_title(paper.abstract).split()
        links, seen = [], set()
        for i in range(len(words) - 2):
            for title_words, other, title in self._by_opening.get(tuple(words[i:i + 3]), ()):
                if other != paper.id and other not in seen and tuple(words[i:i + len(title_words)]) == title_words:
                    seen.add(other)
                    links.append(PaperLink(paper.id, other, "CITES_TEXT", _sentence_naming(paper.abstract, title)))
        return links


def title_mentions(papers: list[Paper]) -> list[PaperLink]:
    """A -> B where A's title or abstract contains B's whole title (of four words or more)."""
    index = TitleIndex(papers)
    return [link for p in papers for link in index.links_from(p)]


def _sentence_naming(abstract: str, title: str) -> str:
    head = title.split()[0].lower()
    for sentence in re.split(r"(?<=[.!?])\s+", abstract):
        if head in sentence.lower():
            return sentence
    return abstract[:300]


def citations(papers: list[Paper], identities: dict[str, str]) -> tuple[list[PaperLink], list[Stub]]:
    """CITES links from the references sources list; a cited work not in the corpus becomes a stub."""
    known = {p.id for p in papers}
    links: dict[tuple[str, str], PaperLink] = {}
    stubs: dict[str, Stub] = {}
    for p in papers:
        found, new_stubs = paper_citations(p, known, identities)
        links.update({(link.source, link.target): link for link in found})
        for stub in new_stubs:
            stubs.setdefault(stub.id, stub)
    return list(links.values()), list(stubs.values())


def paper_citations(paper: Paper, known: set[str], identities: dict[str, str]) -> tuple[list[PaperLink], list[Stub]]:
    """The CITES links of one paper's references, and a stub for each cited work not in the corpus.

    A stub named by title gets the id that title would have, so the paper fills it in
    when it arrives; one known only by its source id is keyed by that id.
    """
    links, stubs = {}, []
    for ref in paper.references:
        target = identities.get(ref.target) or (paper_id(ref.title) if ref.title else None)
        if target not in known:
            target = target or ref.target
            stubs.append(Stub(target, ref.title, ref.target))
        source, dest = (target, paper.id) if ref.cited_by else (paper.id, target)
        if source != dest:
            links[(source, dest)] = PaperLink(source, dest, "CITES", "listed by the source")
    return list(links.values()), stubs
