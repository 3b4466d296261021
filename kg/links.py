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
from dataclasses import dataclass

from .extract.candidates import title_name
from .models import Paper, normalise_title, paper_id
from .resolve import ResolvedCorpus

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


def builds_on(resolved: ResolvedCorpus) -> list[PaperLink]:
    """A -> B where A mentions a name B proposes, with the concepts it goes through and A's sentence."""
    papers = {p.id: p for p in resolved.papers}
    lower_words = Counter(w for p in resolved.papers for w in set(re.findall(r"\b[a-z]+\b", p.abstract)))
    common_limit = max(30, len(papers) // 20)
    mentions_by_concept = defaultdict(list)
    for paper_id_, concept_id, mention in resolved.links:
        mentions_by_concept[concept_id].append((paper_id_, mention))
    found: dict[tuple[str, str], PaperLink] = {}
    for concept in resolved.concepts.values():
        if concept.type == "Task" or len(concept.papers) > common_limit or not NAMED.search(concept.name):
            continue  # tasks and descriptive phrases ("weight decay") are the field's, not one paper's
        proposers = sorted((pid for pid in concept.proposed_by if introduces(papers[pid], concept)),
                           key=lambda pid: (papers[pid].year or 9999, pid))
        if not proposers or len(proposers) > MAX_PROPOSERS:
            continue
        origin = papers[proposers[0]]
        name = concept.name
        ordinary_word = lower_words[name.lower()] >= 2  # "get", "boot", "refer" appear as plain words
        for citing_id, mention in mentions_by_concept[concept.id]:
            citing = papers[citing_id]
            if citing_id in concept.proposed_by or mention.proposed:
                continue
            if citing.year and origin.year and citing.year < origin.year:
                continue  # a paper cannot build on later work
            forms = {mention.name, *mention.aliases}
            if ordinary_word and (name not in forms or not _named_mid_sentence(name, mention.evidence)):
                continue
            if not ordinary_word and name.lower() not in {f.lower() for f in forms}:
                continue  # resolved to the concept only through a looser alias
            key = (citing_id, origin.id)
            if key in found:
                found[key] = PaperLink(*key, "BUILDS_ON", found[key].evidence, tuple(sorted({*found[key].via, name})))
            else:
                found[key] = PaperLink(*key, "BUILDS_ON", mention.evidence, (name,))
    return list(found.values())


def introduces(paper: Paper, concept) -> bool:
    """The paper's title names the concept before its colon, or its text introduces it by name.

    Extraction marks everything inside "we propose ..." as proposed; a link needs the
    name itself to be the thing introduced ("we propose SPLADE, ...", "a method called X"),
    not a word inside a longer name ("we propose a LoRA Dropout mechanism").
    """
    names = {concept.name, *concept.aliases}
    head = title_name(paper.title)
    if head and head.lower() in {n.lower() for n in names}:
        return True
    for name in names:
        n = re.escape(name)
        if re.search(rf"\b(?:called|named|dubbed|termed)\s+{n}(?=[\s,.;:()]|$)", paper.abstract) or re.search(
                rf"\b[Ww]e\s+(?:propose|introduce|present|release|develop)\s+(?:(?:a|an|the)\s+)?(?:(?:new|novel)\s+)?"
                rf"{n}(?=\s*[,.;:(]|\s+(?:which|that|to|for|as)\b)", paper.abstract):
            return True
    return False


def _named_mid_sentence(name: str, sentence: str) -> bool:
    match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence)
    return bool(match) and match.start() > 0


def title_mentions(papers: list[Paper]) -> list[PaperLink]:
    """A -> B where A's title or abstract contains B's whole title (of four words or more)."""
    by_opening: dict[tuple[str, ...], list[tuple[tuple[str, ...], Paper]]] = defaultdict(list)
    for p in papers:
        words = tuple(normalise_title(p.title).split())
        if len(words) >= MIN_TITLE_WORDS:
            by_opening[words[:3]].append((words, p))
    links = []
    for p in papers:
        words = normalise_title(p.abstract).split()
        seen = set()
        for i in range(len(words) - 2):
            for title_words, other in by_opening.get(tuple(words[i:i + 3]), ()):
                if other.id != p.id and other.id not in seen and tuple(words[i:i + len(title_words)]) == title_words:
                    seen.add(other.id)
                    links.append(PaperLink(p.id, other.id, "CITES_TEXT", _sentence_naming(p.abstract, other.title)))
    return links


def _sentence_naming(abstract: str, title: str) -> str:
    head = title.split()[0].lower()
    for sentence in re.split(r"(?<=[.!?])\s+", abstract):
        if head in sentence.lower():
            return sentence
    return abstract[:300]


def citations(papers: list[Paper], identities: dict[str, str]) -> tuple[list[PaperLink], list[Stub]]:
    """CITES links from the references sources list; a cited work not in the corpus becomes a stub.

    A stub named by title gets the id that title would have, so the paper fills it in
    when it arrives; one known only by its source id is keyed by that id.
    """
    known = {p.id for p in papers}
    links, stubs = {}, {}
    for p in papers:
        for ref in p.references:
            target = identities.get(ref.target) or (paper_id(ref.title) if ref.title else None)
            if target not in known:
                target = target or ref.target
                stubs.setdefault(target, Stub(target, ref.title, ref.target))
            source, dest = (target, p.id) if ref.cited_by else (p.id, target)
            if source != dest:
                links[(source, dest)] = PaperLink(source, dest, "CITES", "listed by the source")
    return list(links.values()), list(stubs.values())
