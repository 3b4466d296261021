"""Candidate entity spans in one parsed abstract, each with its type and the cue that found it.

Rules work on spaCy's tokens, tags, noun chunks and sentences. Every candidate
keeps its evidence sentence; deciding which candidates become entities, and how
confident kg is in each, happens later (:mod:`kg.extract.extractor`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .acronyms import find_acronyms
from .lexicon import Lexicon
from .normalise import TYPE_HEADS, concept_key

# Cues, from strongest to weakest; the extractor turns them into confidence priors.
DEFINED = "acronym-definition"  # "Long Form (LF)"
LEXICON = "lexicon"  # a curated name
HEAD = "head-word"  # "... loss", "ImageNet dataset"
NAME = "name-shape"  # LLMRec, GPT-3, CIFAR-10
TITLE = "title-name"  # "GeT: Generative Target ..."
PROPOSAL = "proposal"  # "we propose X"

NAME_SHAPE = re.compile(
    r"^(?=.*[A-Za-z])(?:"
    r"[A-Z][a-z]*[A-Z][A-Za-z]*[\w\-+.]*"  # inner capital: LLMRec, PixelCNN, ViTs, MovieLens
    r"|[A-Z]{2,}[\w\-+.]*"  # capitals: REPLUG, SGD, BM25, CIFAR-10
    r"|[A-Za-z]+-?\d[\w\-+.]*"  # letters then digits: GPT-3, T5, ResNet50
    r")$"
)
LOSS_HEADS = {"loss", "losses", "objective", "objectives", "divergence", "penalty", "likelihood"}
DATASET_HEADS = {"dataset", "datasets", "benchmark", "benchmarks", "corpus", "corpora"}
GENERIC_MODIFIERS = {
    "a", "an", "the", "our", "their", "its", "this", "these", "those", "such", "new", "novel",
    "proposed", "additional", "auxiliary", "overall", "total", "final", "standard", "simple",
    "two", "three", "several", "various", "different", "multiple", "existing", "same", "other",
    "training", "original", "large", "small", "public", "popular", "common", "generic", "typical",
    "specific", "unified", "general", "efficient", "effective", "robust", "real", "world", "real-world",
    "synthetic", "diverse", "challenging", "extensive", "comprehensive", "benchmark", "each", "both",
    "all", "any", "many", "some", "most", "well", "known", "widely", "used", "first", "second",
}
PROPOSAL_VERBS = {"propose", "introduce", "present", "develop", "design", "devise", "release", "build"}
NAMING_WORDS = {"called", "named", "dubbed", "termed", "coined"}


@dataclass(frozen=True)
class Candidate:
    text: str
    type: str
    cue: str
    sentence: str
    start: int  # character offset in the paper text
    alias: str | None = None  # the other form given with it (an acronym)
    proposed: bool = False


def _sentence_of(doc: Doc, char: int) -> str:
    for sent in doc.sents:
        if sent.start_char <= char < sent.end_char:
            return sent.text.strip()
    return doc.text.strip()


def _strip_modifiers(span: Span) -> Span | None:
    """Drop determiners, numbers and evaluative adjectives from the front of a noun chunk."""
    start = span.start
    while start < span.end and (
        span.doc[start].lower_ in GENERIC_MODIFIERS or span.doc[start].pos_ in {"DET", "NUM", "PRON", "PUNCT"}
    ):
        start += 1
    return span.doc[start:span.end] if start < span.end else None


def _type_from_head(words: list[str]) -> str | None:
    head = words[-1].lower() if words else ""
    if head in LOSS_HEADS:
        return "Loss"
    if head in DATASET_HEADS:
        return "Dataset"
    return None


def title_name(title: str) -> str | None:
    """The name a title gives its own contribution: "GeT: Generative Target ..." gives GeT."""
    head, sep, _ = title.partition(":")
    head = head.strip()
    if not sep or not head or len(head.split()) > 3 or len(head) > 30:
        return None
    if not (NAME_SHAPE.match(head.split()[0]) or head[0].isupper()):
        return None
    return head


def find_candidates(doc: Doc, title: str, lexicon: Lexicon) -> list[Candidate]:
    """All candidates in one paper's parsed text (title sentence first, then abstract)."""
    text = doc.text
    found: list[Candidate] = []

    def add(text_: str, type_: str, cue: str, at: int, alias: str | None = None, proposed: bool = False):
        text_ = text_.strip(" ,;:.()[]\"'")
        if len(text_) < 2 or lexicon.is_stopword(text_, type_):
            return
        found.append(Candidate(text_, type_, cue, _sentence_of(doc, at), at, alias, proposed))

    # 1. The title's own name, proposed by definition.
    if name := title_name(title):
        add(name, lexicon.type_of(name) or "Method", TITLE, 0, proposed=True)

    # 2. Acronym definitions, extended by a trailing head: "Kullback-Leibler (KL) divergence".
    for definition in find_acronyms(text):
        long, short = definition.long, definition.short
        after = text[definition.end:].lstrip()
        next_word = re.match(r"[A-Za-z\-]+", after)
        if next_word and next_word.group(0).lower() in LOSS_HEADS | DATASET_HEADS | {"alignment"}:
            long, short = f"{long} {next_word.group(0)}", f"{short} {next_word.group(0)}"
        type_ = lexicon.type_of(long) or lexicon.type_of(short) or _type_from_head(long.split()) or "Method"
        add(long, type_, DEFINED, definition.start, alias=short)

    # 3. Curated names, wherever they stand.
    for span, type_ in lexicon.matches(doc):
        add(span.text, type_, LEXICON, span.start_char)

    # 4. Noun chunks whose head says what they are: "margin-based loss", "the MovieLens dataset".
    for chunk in doc.noun_chunks:
        core = _strip_modifiers(chunk)
        if core is None:
            continue
        words = [t.text for t in core]
        type_ = _type_from_head(words)
        if type_ == "Loss" and len(words) >= 2:
            add(core.text, "Loss", HEAD, core.start_char)
        elif type_ == "Dataset":
            names = [t for t in core[:-1] if NAME_SHAPE.match(t.text) or t.pos_ == "PROPN"]
            if names:
                named = doc[names[0].i:core.end - 1]
                add(named.text, "Dataset", HEAD, named.start_char)

    # 5. Tokens shaped like names: LLMRec, GPT-3, CIFAR-10; typed by the word that follows.
    for token in doc:
        if not NAME_SHAPE.match(token.text) or (token.is_sent_start and token.text.istitle()):
            continue
        nxt = token.nbor(1).lower_ if token.i + 1 < len(doc) else ""
        type_ = lexicon.type_of(token.text) or (
            "Dataset" if nxt in DATASET_HEADS else "Loss" if nxt in LOSS_HEADS else "Method")
        add(token.text, type_, NAME, token.idx)

    # 6. What the paper says it proposes: "we propose X", "a framework called X".
    for token in doc:
        if token.lemma_ in PROPOSAL_VERBS and any(c.lower_ == "we" for c in token.children):
            for obj in token.children:
                if obj.dep_ in {"dobj", "attr", "oprd"}:
                    for t in obj.subtree:
                        if NAME_SHAPE.match(t.text):
                            add(t.text, lexicon.type_of(t.text) or "Method", PROPOSAL, t.idx, proposed=True)
        if token.lower_ in NAMING_WORDS and token.i + 1 < len(doc):
            nxt = doc[token.i + 1]
            if NAME_SHAPE.match(nxt.text) or nxt.text[:1].isupper():
                add(nxt.text, lexicon.type_of(nxt.text) or "Method", PROPOSAL, nxt.idx, proposed=True)
    return found


def key_of(candidate: Candidate) -> str:
    return concept_key(candidate.text, candidate.type)


__all__ = ["Candidate", "find_candidates", "title_name", "key_of", "TYPE_HEADS"]
