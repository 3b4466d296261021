"""Candidate entity spans in one parsed abstract, each with its type and the cue that found it.

Each rule is a function of an immutable :class:`PaperContext` (the parsed text, its
sentences, and the acronym definitions found first) that returns :class:`Proposal`s;
``RULES`` lists them in order and :func:`screen` applies the checks they share, so no
rule depends on what another found. Rules read spaCy's tokens, tags, noun chunks and
sentences; the lexicon supplies known names. Every candidate keeps its evidence
sentence. Which candidates become entities, and how confident kg is in each, is decided
later (:mod:`kg.extract.extractor`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from spacy.tokens import Doc, Span

from ..schema import CONCEPT_TYPE_DESCRIPTIONS, CONCEPT_TYPES, DATASET, LOSS, METHOD, TASK, node_type
from .acronyms import find_acronyms
from .features import occurrence_features, sentence_features
from .lexicon import METRIC, Lexicon, word_list
from .normalise import surface_key

# Cues; the extractor turns them into confidence priors.
TITLE = "title-name"  # "GeT: Generative Target ..."
DEFINED = "acronym-definition"  # "Long Form (LF)"
LEXICON = "lexicon"  # a known name
HEAD = "head-word"  # "margin-based loss", "the MovieLens dataset"
NAME = "name-shape"  # LLMRec, GPT-3, CIFAR-10
TECHNIQUE = "technique-phrase"  # "leverage score sampling", "boundary tilting"
MODEL_PHRASE = "model-phrase"  # "dual encoder models": weak alone, strong around a known name
PHRASE = "noun-phrase"  # any noun phrase and the phrases it ends with; typed by the learned model
MAX_PHRASE_TOKENS = 6

NAME_TOKEN = re.compile(r"(?<![\w\-+])[A-Za-z][\w+]*(?:[-.][\w+]+)*(?![\w\-+])")
NAME_SHAPE = re.compile(
    r"^(?=.*[A-Za-z])(?:"
    r"[A-Z][a-z0-9]*[A-Z][\w\-+.]*"  # inner capital: LLMRec, PixelCNN++, ViTs, DR-Tune
    r"|[A-Z]{2,}[\w\-+.]*"  # capitals: REPLUG, SGD, BM25, CIFAR-10
    r"|[A-Za-z]+-?\d[\w\-+.]*"  # letters then digits: GPT-3, T5, ResNet50
    r"|[A-Z][a-z]+-(?=[\w.]*\d|[A-Z0-9]+\b)[\w\-+.]*"  # capitalised word, then digits or capitals: Llama-2
    r")$"
)
VERSION = re.compile(r"\s?(?:v\d+(?:\.\d+)*|\d+(?:\.\d+)+|\+\+)(?![\w.])")
APPOSITION = re.compile(r"\s*,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?(dataset|benchmark|corpus|loss|objective)\b", re.I)
NOT_NAMES = re.compile(r"^(?:v\d+|[IVX]+|\d+[DdKkMmBb]|[A-Z]\d?|\d.*|[A-Z][a-z]?s|[A-Z]{1,2}-\w)$")
NUMBER_OR_UNIT = re.compile(r"(?:approx\w*|about|~)?\s*[\d.,]+\s*[A-Za-z%]{0,2}", re.I)  # 100K, approx100K, 8B
URL = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:com|org|io|git)\S*")
AFFIX = re.compile(r"-(?:based|like|style|driven|guided|specific|aware|free|level|wise|only|enhanced|powered)$", re.I)
# Word lists (kg/data/candidate_words.json) and each type's head words (kg/data/concept_types.json).
HEAD_TYPES = {word: t.name for t in CONCEPT_TYPE_DESCRIPTIONS for word in t.head_words}  # one type a word
LOSS_HEADS = node_type(LOSS).head_words
DATASET_HEADS = node_type(DATASET).head_words
TASK_HEADS = node_type(TASK).head_words
MODEL_HEADS = node_type(METHOD).head_words  # "<something> models" is as often a description as a name
TECHNIQUE_HEADS = word_list("technique_heads")
LOSS_GENERIC = word_list("loss_generic")
GENERIC_HEADS = word_list("generic_heads")
EXTENDING_HEADS = LOSS_HEADS | DATASET_HEADS | word_list("extending_heads")
GENERIC_MODIFIERS = word_list("generic_modifiers")
DESCRIPTIVE_TAIL = GENERIC_HEADS | word_list("descriptive_tail")
PROPOSAL_VERBS = word_list("proposal_verbs")
NAMING_WORDS = word_list("naming_words")
EVALUATION = re.compile(r"\b(on|across)\s+(?:[\w-]+\s+){0,2}$", re.I)
EVALUATED = re.compile(r"\b(evaluat|experiment|result|benchmark|test|outperform|achiev|accuracy)", re.I)


@dataclass(frozen=True)
class Candidate:
    """A phrase that may name an entity; ``type`` is what the rule that found it guessed (None: no guess)."""

    text: str
    type: str | None
    cue: str
    sentence: str
    start: int  # character offset in the paper text
    end: int
    alias: str | None = None  # another form given with it (an acronym)
    proposed: bool = False
    extra_aliases: tuple[str, ...] = ()
    features: frozenset[str] = frozenset()
    word_piece: bool = False  # part of a longer written word: JEPA in T-JEPA, NeRF in ED-NeRF


def title_name(title: str) -> str | None:
    """The name a title gives its own contribution: "GeT: Generative Target ..." gives GeT."""
    head, sep, _ = title.partition(":")
    head = head.strip()
    if not sep or not head or len(head.split()) > 3 or len(head) > 32:
        return None
    if not (NAME_SHAPE.match(head.split()[0]) or (len(head.split()) == 1 and head[0].isupper())):
        return None
    return head


def _content(token) -> bool:
    """A modifier that says which one: a noun, a name, a hyphenated compound; not praise or size."""
    if token.lower_ in GENERIC_MODIFIERS or token.is_stop or token.is_punct or token.like_num:
        return False
    return token.pos_ in {"NOUN", "PROPN"} or "-" in token.text or bool(NAME_SHAPE.match(token.text)) \
        or token.tag_ in {"VBN", "VBG"} and token.lower_.endswith(("ed", "ing")) and token.pos_ == "ADJ" \
        or token.pos_ == "ADJ" and token.lower_.endswith(("al", "ic", "ive", "ian", "ary", "ar"))


def _strip(span: Span) -> Span | None:
    """A noun chunk without its determiners, numbers and evaluative adjectives in front."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in GENERIC_MODIFIERS or doc[start].pos_ in {"DET", "NUM", "PRON", "PUNCT"}
                           or doc[start].is_stop or doc[start].like_num or doc[start].tag_ == "LS"
                           or doc[start].text in {"(", ")", "[", "]"}):
        start += 1
    return doc[start:end] if start < end else None


@dataclass(frozen=True)
class Proposal:
    """A phrase a rule puts forward, before the common screen (numbers, URLs, generic words)."""

    text: str
    type: str | None
    cue: str
    start: int
    alias: str | None = None
    proposed: bool = False
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class PaperContext:
    """What every rule may read about one paper, built once before any rule runs.

    Acronym definitions come first because other rules read them: where they stand (no
    other rule names a phrase inside one), the type each short form was given, and the
    short forms of generic long forms ("language model (LM)"), which never become entities.
    """

    doc: Doc
    title: str
    lexicon: Lexicon
    text: str
    title_end: int
    sentence_starts: tuple[int, ...]
    sentence_texts: tuple[str, ...]
    sentence_first_tokens: frozenset[int]
    urls: tuple[tuple[int, int], ...]
    definitions: tuple[Proposal, ...] = ()
    defined_spans: tuple[tuple[int, int], ...] = ()
    defined_types: Mapping[str, str] = field(default_factory=dict)  # short form -> its definition's type
    blocked: frozenset[str] = frozenset()

    def sentence(self, at: int) -> str:
        """The sentence holding character ``at``."""
        index = bisect.bisect_right(self.sentence_starts, at) - 1
        return self.sentence_texts[max(index, 0)] if self.sentence_texts else self.text.strip()

    def known_type(self, text: str) -> str | None:
        return self.lexicon.type_of(text)

    def inside_definition(self, at: int) -> bool:
        return any(s <= at < e for s, e in self.defined_spans)

    def dataset_context(self, span: Span) -> bool:
        nxt = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
        before = span.doc.text[max(0, span.start_char - 40):span.start_char]
        return nxt in DATASET_HEADS or bool(EVALUATION.search(before) and EVALUATED.search(self.sentence(span.start_char)))


def paper_context(doc: Doc, title: str, lexicon: Lexicon) -> PaperContext:
    text = doc.text  # Doc.text joins every token on each access: read it once
    sentences = list(doc.sents)  # doc.sents walks the whole doc: once per paper, not per question
    ctx = PaperContext(doc, title, lexicon, text, len(title), tuple(s.start_char for s in sentences),
                       tuple(s.text.strip() for s in sentences), frozenset(s.start for s in sentences),
                       tuple((m.start(), m.end()) for m in URL.finditer(text)))
    definitions, spans, types = _acronym_definitions(ctx)
    blocked: set[str] = set()
    for proposal in definitions:  # a generic long form blocks its short form wherever it is written
        if proposal.alias and screen(ctx, proposal, frozenset(blocked)) is GENERIC:
            blocked.add(surface_key(proposal.alias))
    return replace(ctx, definitions=tuple(definitions), defined_spans=tuple(spans),
                   defined_types=MappingProxyType(types), blocked=frozenset(blocked))


GENERIC = "generic"  # screen()'s answer for a phrase the lexicon rules out as a generic word


def screen(ctx: PaperContext, p: Proposal, blocked: frozenset[str]) -> Candidate | str | None:
    """The candidate a proposal makes; None for numbers, units, URLs and blocked short forms; GENERIC
    for a phrase the lexicon rules out ("model", "language model")."""
    stripped = p.text.strip(" ,;:.()[]\"'")
    start = p.start + (p.text.find(stripped) if stripped else 0)
    if len(stripped) < 2 or (p.type is not None and p.type not in CONCEPT_TYPES) or NUMBER_OR_UNIT.fullmatch(stripped):
        return None  # numbers and units are never entities
    if stripped.count("(") != stripped.count(")") or stripped.count("[") != stripped.count("]"):
        return None  # a phrase cut across brackets: "(EEG) data" read as "EEG) data"
    if surface_key(stripped) in blocked or any(s <= start < e for s, e in ctx.urls):
        return None
    if ctx.lexicon.is_stopword(stripped, p.type):
        return GENERIC
    end = start + len(stripped)
    return Candidate(stripped, p.type, p.cue, ctx.sentence(start), start, end, p.alias, p.proposed, p.extra,
                     word_piece=_joined(ctx.text, start - 1) or _joined(ctx.text, end))


def _joined(text: str, i: int) -> bool:
    """Whether the character at ``i`` (beside a span) joins the span to a longer word: a letter, digit or hyphen."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "-")


# --- rules: each reads the context and proposes phrases; none sees what another proposed -------------

def title_contribution(ctx: PaperContext) -> list[Proposal]:
    name = title_name(ctx.title)
    if not name:
        return []
    rest = ctx.title.partition(":")[2].lower()
    type_ = ctx.known_type(name) or (DATASET if re.search(r"\b(dataset|benchmark|corpus)\b", rest) else METHOD)
    return [Proposal(name, type_, TITLE, 0, proposed=True)]


def acronym_definitions(ctx: PaperContext) -> list[Proposal]:
    return list(ctx.definitions)


def _acronym_definitions(ctx: PaperContext):
    """Every "long form (SHORT)" as proposals, with where definitions stand and each short form's type."""
    text = ctx.text
    found: list[Proposal] = []
    spans: list[tuple[int, int]] = []
    types: dict[str, str] = {}
    for d in find_acronyms(text):
        long, short = d.long, d.short
        extra: tuple[str, ...] = ()
        following = re.match(r"\s*([A-Za-z][A-Za-z\-]*)", text[d.end:])
        head = following.group(1) if following else ""
        if head.lower() in EXTENDING_HEADS:
            bare_elsewhere = re.search(rf"(?<![\w(-]){re.escape(short)}(?![\w)-])(?!\s+{re.escape(head)})",
                                       text[d.end:])
            if bare_elsewhere and _type_for(ctx.lexicon, long, short) == METHOD:
                found.append(Proposal(long, METHOD, DEFINED, d.start, alias=short))
            extra = (f"{long} ({short}) {head}",)
            long, short = f"{long} {head}", f"{short} {head}"
            extra += (d.short,) if not bare_elsewhere else ()
        spans.append((d.start, d.end + (len(following.group(0)) if extra and following else 0)))
        type_ = _type_for(ctx.lexicon, long, short)
        types.setdefault(d.short, type_)
        found.append(Proposal(long, type_, DEFINED, d.start, alias=short, extra=extra))
    return found, spans, types


def _type_for(lexicon: Lexicon, long: str, short: str) -> str:
    words = long.lower().split()
    if words and words[-1] in LOSS_HEADS:
        return LOSS
    if words and words[-1] in DATASET_HEADS:
        return DATASET
    known = lexicon.type_of_any_case(long)
    if known in CONCEPT_TYPES:
        return known
    known = lexicon.type_of(short)  # short forms collide with dataset names (MVP, SMC): weaker
    if known in CONCEPT_TYPES and known != DATASET:
        return known
    return TASK if words and words[-1] in TASK_HEADS else METHOD


def lexicon_names(ctx: PaperContext) -> list[Proposal]:
    found = []
    for span, type_ in ctx.lexicon.matches(ctx.doc):
        type_ = ctx.defined_types.get(span.text, type_)
        if type_ == DATASET and re.fullmatch(r"[A-Z]{2,4}", span.text) and span.text not in ctx.lexicon.curated \
                and not ctx.dataset_context(span):
            continue  # RGB, SSL, CAR: short capitals are a dataset only where the text says so
        if span.end_char < len(ctx.text) - 1 and re.match(r"-\w", ctx.text[span.end_char:]):
            continue  # "SECOND" in "SECOND-IoU" is part of another name
        if type_ == DATASET and span.start_char < ctx.title_end and all(t.text.istitle() for t in span):
            continue  # "Time Series" in a title is title case, not a name
        first = span[0]
        single_word = len(span) == 1 and span.text.istitle() and "-" not in span.text
        if single_word and (first.i in ctx.sentence_first_tokens or span.start_char < ctx.title_end):
            continue  # "Focus", "Pruning" at a sentence start or in a title are words
        found.append(Proposal(span.text, type_, LEXICON, span.start_char))
    return found


def head_phrases(ctx: PaperContext) -> list[Proposal]:
    found = []
    for chunk in ctx.doc.noun_chunks:
        for piece in _conjuncts(chunk):
            core = head_core(piece)
            if core is not None:
                found += [Proposal(*c) for c in head_candidates(core, ctx.title_end, ctx.known_type)]
    return found


def noun_phrases(ctx: PaperContext) -> list[Proposal]:
    """Every noun phrase and each phrase it ends with; the learned decision picks among them.

    "the proposed instance-wise logit masking" offers "proposed instance-wise logit
    masking", "instance-wise logit masking", "logit masking" and "masking". A phrase
    also ends before words that only say what kind of thing it is: "contrastive
    learning paradigm" offers "contrastive learning" too.
    """
    found, seen = [], set()
    for chunk in ctx.doc.noun_chunks:
        for piece in _conjuncts(chunk):
            core = _strip_determiners(piece)
            if core is None:
                continue
            if core.start >= 2 and ctx.doc[core.start - 1].text == "-":
                core = ctx.doc[core.start - 2:core.end]  # "full-batch gradient descent": keep "full-"
            n = len(core)
            ends = [n] + [j for j in range(1, n) if all(t.lower_ in DESCRIPTIVE_TAIL for t in core[j:])]
            for i, j in {(i, end) for end in ends for i in range(end)}:
                sub = core[i:j]
                if (sub.start, sub.end) in seen or len(sub) > MAX_PHRASE_TOKENS or sub[0].is_punct \
                        or sub[-1].is_punct or sub[-1].pos_ not in {"NOUN", "PROPN", "VERB", "ADJ", "X"}:
                    continue
                seen.add((sub.start, sub.end))
                found.append(Proposal(sub.text, None, PHRASE, sub.start_char))
    return found


def name_shaped(ctx: PaperContext) -> list[Proposal]:
    text, found = ctx.text, []
    for m in NAME_TOKEN.finditer(text):
        word = AFFIX.sub("", m.group(0).rstrip("."))
        if not NAME_SHAPE.match(word) or NOT_NAMES.match(word):
            continue
        if version := VERSION.match(text, m.start() + len(word)):
            word += version.group(0)  # "SPLADE v2" is its own system, not SPLADE
        if ctx.inside_definition(m.start()):
            continue
        known = ctx.known_type(word) or ctx.lexicon.type_of_any_case(word)
        if known == METRIC and METRIC not in CONCEPT_TYPES:
            continue
        if known == DATASET and re.fullmatch(r"[A-Z]{2,4}", word) and word not in ctx.lexicon.curated:
            span = ctx.doc.char_span(m.start(), m.start() + len(word), alignment_mode="expand")
            if span is None or not ctx.dataset_context(span):  # expanded within the text: never None
                known = None
        after = text[m.start() + len(word):m.start() + len(word) + 30].lower().split()
        nxt = after[0].strip(",.;:()") if after and text[m.start() + len(word)] == " " else ""
        if nxt in LOSS_HEADS and known not in {DATASET, TASK}:
            loss = f"{word} {text[m.start() + len(word) + 1:].split()[0].strip(',.;:()')}"
            found.append(Proposal(loss, LOSS, NAME, m.start()))
            continue
        if apposition := APPOSITION.match(text, m.start() + len(word)):
            head = apposition.group(1).lower()
            found.append(Proposal(word, DATASET if head in DATASET_HEADS else LOSS, NAME, m.start()))
            continue  # "ClimbLab, a new dataset of ..."
        if word in ctx.defined_types:
            found.append(Proposal(word, ctx.defined_types[word], NAME, m.start()))
            continue
        before = text[max(0, m.start() - 40):m.start()]
        type_ = known if known in CONCEPT_TYPES else (
            DATASET if nxt in DATASET_HEADS else LOSS if nxt in LOSS_HEADS else
            DATASET if EVALUATION.search(before) and EVALUATED.search(ctx.sentence(m.start()))
            and len(word) >= 4 and not re.search(r"\b(model|method|baseline)s?\b", nxt) else METHOD)
        if re.search(r"-(loss|divergence|objective)$", word, re.I):
            type_ = LOSS
        found.append(Proposal(word, type_, NAME, m.start()))
    return found


def capitalised_names(ctx: PaperContext) -> list[Proposal]:
    """Runs of capitalised words inside a sentence are names: "due to Double Backpropagation"."""
    found, run = [], []
    for token in list(ctx.doc) + [None]:
        if token is not None and token.idx >= ctx.title_end and token.i not in ctx.sentence_first_tokens \
                and token.text[:1].isupper() and token.is_alpha and not token.is_stop:
            run.append(token)
            continue
        if len(run) >= 2 and not ctx.inside_definition(run[0].idx):
            text = ctx.text[run[0].idx:run[-1].idx + len(run[-1])]
            known = ctx.known_type(text)
            nxt = token.lower_ if token is not None else ""
            type_ = known if known in CONCEPT_TYPES else (
                DATASET if nxt in DATASET_HEADS else LOSS if run[-1].lower_ in LOSS_HEADS else METHOD)
            found.append(Proposal(text, type_, NAME, run[0].idx))
        run = []
    return found


def named_after_naming_words(ctx: PaperContext) -> list[Proposal]:
    """The name after "called", "named", "dubbed": the paper's own, so proposed."""
    found = []
    for token in ctx.doc:
        if token.lower_ in NAMING_WORDS and token.i + 1 < len(ctx.doc):
            nxt = ctx.doc[token.i + 1]
            if NAME_SHAPE.match(nxt.text) or nxt.text[:1].isupper():
                found.append(Proposal(nxt.text, ctx.known_type(nxt.text) or METHOD, NAME, nxt.idx, proposed=True))
    return found


# The rules in the order their candidates are listed (groups and evidence take the first occurrence).
RULES = (title_contribution, acronym_definitions, lexicon_names, head_phrases, name_shaped, capitalised_names,
         noun_phrases, named_after_naming_words)


def proposal_spans(ctx: PaperContext) -> list[tuple[int, int]]:
    """Character ranges of what the paper says it proposes: "we propose <object>", "our proposed X",
    "a method called X"; every candidate inside one is marked proposed."""
    spans = []
    doc = ctx.doc
    for token in doc:
        if token.lemma_ in PROPOSAL_VERBS | {"name", "call"} and any(c.lower_ == "we" for c in token.children):
            for obj in token.children:
                if obj.dep_ in {"dobj", "attr", "oprd", "xcomp"}:
                    for head in [obj, *obj.conjuncts]:
                        end = head
                        for child in head.rights:  # "X, a new dataset": keep the apposition
                            if child.dep_ in {"appos", "oprd"}:
                                end = child
                        spans.append((head.left_edge.idx, end.idx + len(end)))
        if token.lower_ == "proposed" and token.i > 0 and doc[token.i - 1].lower_ in {"our", "the"}:
            spans.append((token.idx, token.head.idx + len(token.head) if token.head.i > token.i else token.idx))
        if token.lower_ in NAMING_WORDS and token.i + 1 < len(doc):
            nxt = doc[token.i + 1]
            spans.append((nxt.idx, nxt.idx + len(nxt)))
    return spans


def head_core(chunk: Span) -> Span | None:
    """The words of a noun chunk a head rule reads, or None when fewer than two are left.

    Determiners, numbers and praise go from the front and everything up to the last
    punctuation mark; a hyphenated prefix stays ("full-batch gradient descent"), and
    trailing words that only say what kind of thing it is go ("masked language modeling
    paradigm" names "masked language modeling").
    """
    core = _strip(chunk)
    if core is not None:
        marks = [t.i for t in core if t.is_punct and t.text.strip("-\u2013\u2014")]
        core = _strip(core.doc[marks[-1] + 1:core.end]) if marks and marks[-1] + 1 < core.end else (
            None if marks else core)
    if core is not None and core.start >= 2 and core.doc[core.start - 1].text == "-":
        core = core.doc[core.start - 2:core.end]
    while core is not None and len(core) > 2 and core[-1].lower_ in GENERIC_HEADS:
        core = core[:-1]
    return core if core is not None and len(core) >= 2 else None


HeadCandidate = tuple[str, str, str, int]  # text, type, cue, start character


def head_candidates(core: Span, title_end: int, known_type) -> list[HeadCandidate]:
    """What a phrase's head word says it names: a loss, a dataset, a task, a technique, or another type.

    ``title_end`` is where the title ends in the text; ``known_type`` the lexicon's type
    of a name (or None). Each head word belongs to at most one type (``kg.schema`` checks
    it), so one rule decides: the type's own rule, or :func:`_typed_head` for a type
    that has none.
    """
    head = core[-1].lower_
    if head in {"function", "functions"} and core[-2].lower_ in {"loss", "objective"}:
        return [(core.text, LOSS, HEAD, core.start_char)] if any(_content(t) for t in core[:-2]) else []
    type_ = HEAD_TYPES.get(head) or (METHOD if head in TECHNIQUE_HEADS else None)
    if type_ is None:
        return []
    return HEAD_RULES.get(type_, _typed_head)(core, title_end, known_type, type_)


def _loss_head(core: Span, title_end: int, known_type, type_: str) -> list[HeadCandidate]:
    """"triplet margin loss", not "the total loss"; "negative log-likelihood" needs two real words or a name."""
    modifiers = core[:-1]
    if not any(_content(t) and t.lower_ not in LOSS_GENERIC for t in modifiers):
        return []
    names = any(t.pos_ == "PROPN" or NAME_SHAPE.match(t.text) for t in modifiers)
    if core[-1].lower_ in {"likelihood", "penalty"} and sum(_content(t) for t in modifiers) < 2 and not names:
        return []
    return [(core.text, type_, HEAD, core.start_char)]


def _dataset_head(core: Span, title_end: int, known_type, type_: str) -> list[HeadCandidate]:
    """The name before "dataset" or "benchmark": "the COCO dataset" names COCO."""
    names = [t for t in core[:-1] if NAME_SHAPE.match(t.text) or t.pos_ == "PROPN"]
    if not names:
        return []
    if core.start_char < title_end and not NAME_SHAPE.match(names[0].text):
        return []  # "Massive Datasets" in a title
    named = core.doc[names[0].i:core.end - 1]
    if core[-1].lower_ in {"datasets", "benchmarks", "corpora"} and known_type(named.text) != type_:
        return []  # "three VIS benchmarks", "UHD datasets": a kind of data, not one named set
    return [(named.text, type_, HEAD, named.start_char)]


def _task_head(core: Span, title_end: int, known_type, type_: str) -> list[HeadCandidate]:
    """"image captioning task": a short phrase of content words, outside the title, not a known name."""
    if core.start_char >= title_end and known_type(core.text) is None and all(_content(t) for t in core[:-1]) \
            and len(core) <= 4:
        return [(core.text, type_, TECHNIQUE, core.start_char)]
    return []


def _technique_head(core: Span, title_end: int, known_type, type_: str) -> list[HeadCandidate]:
    """"instance-wise logit masking", "graph neural network": a technique or model described by its head."""
    modifiers = core[:-1]
    described = _after_affix(core)
    if described is None or len(described) < 2 or described.start_char < title_end \
            or not any(_content(t) for t in modifiers) or any(t.pos_ == "VERB" for t in described):
        return []
    cue = TECHNIQUE if core[-1].lower_ in TECHNIQUE_HEADS else MODEL_PHRASE
    return [(described.text, type_, cue, described.start_char)]


def _typed_head(core: Span, title_end: int, known_type, type_: str) -> list[HeadCandidate]:
    """A type described only by its head words ("BLEU score"): a short phrase of content words outside the
    title that the lexicon knows as nothing else."""
    if core.start_char >= title_end and known_type(core.text) in {None, type_} \
            and all(_content(t) for t in core[:-1]) and len(core) <= 4:
        return [(core.text, type_, HEAD, core.start_char)]
    return []


# The types with a head rule of their own; any other type's head words go to _typed_head.
HEAD_RULES = {LOSS: _loss_head, DATASET: _dataset_head, TASK: _task_head, METHOD: _technique_head}


def _strip_determiners(span: Span) -> Span | None:
    """A noun chunk without what only points at it: determiners, pronouns, numbers, brackets."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].pos_ in {"DET", "NUM", "PRON", "PUNCT", "CCONJ"} or doc[start].like_num
                           or doc[start].tag_ == "LS" or doc[start].lower_ in {"our", "their", "its", "this", "these"}):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end] if start < end else None


def _after_affix(core: Span) -> Span | None:
    """A technique phrase without its "X-based" opening: "LLM-based graph augmentation"."""
    cut = max((t.i + 1 for t in core[:-1] if AFFIX.search("-" + t.lower_) and t.i > core.start
               and core.doc[t.i - 1].text == "-"), default=core.start)
    return core.doc[cut:core.end] if cut < core.end else None


def _conjuncts(chunk: Span) -> list[Span]:
    """A noun chunk split at "and", "or" and commas: "k-means clustering and sensitivity sampling"."""
    pieces, start = [], chunk.start
    for token in chunk:
        if token.dep_ == "cc" or token.text == ",":
            if token.i > start:
                pieces.append(chunk.doc[start:token.i])
            start = token.i + 1
    if start < chunk.end:
        pieces.append(chunk.doc[start:chunk.end])
    return pieces


def find_candidates(doc: Doc, title: str, lexicon: Lexicon) -> list[Candidate]:
    """All candidates in one paper's parsed text (the title is its first sentence)."""
    ctx = paper_context(doc, title, lexicon)
    found = [c for rule in RULES for p in rule(ctx) if isinstance(c := screen(ctx, p, ctx.blocked), Candidate)]
    proposed = proposal_spans(ctx)
    sentences = list(doc.sents)
    by_sentence = [sentence_features(s) for s in sentences]
    starts = [s.start_char for s in sentences]
    return [replace(c, proposed=c.proposed or any(s <= c.start < e for s, e in proposed),
                    features=occurrence_features(doc, c.start, c.end, c.text, c.start < ctx.title_end, lexicon,
                                                 by_sentence[max(bisect.bisect_right(starts, c.start) - 1, 0)]))
            for c in found]


__all__ = ["Candidate", "find_candidates", "title_name", "PHRASE"]
