"""What the learned decision sees of a candidate: its words, shape, parse and context.

Features are plain strings ("head=loss", "prev=on", "lex=Dataset"), so the model is a
table of weights by name (:mod:`kg.extract.model`) and a feature the training data
never saw simply weighs nothing. They describe how a phrase is built and where it
stands, not which paper it is in, so that what is learned from 150 abstracts carries
over to abstracts never seen: "<anything> loss" after "minimise", a name-shaped token
after "on ... benchmarks", a hyphenated "-based" opening that describes rather than names.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .lexicon import Lexicon
from .normalise import surface_key

# How a name is written, in a few letters: "CIFAR-10" -> "X-d", "ResNet56" -> "XxXd", "fine-tuning" -> "x-x".
_SHAPE_RUNS = [(re.compile(r"[A-Z]+"), "X"), (re.compile(r"[a-z]+"), "x"), (re.compile(r"[0-9]+"), "d")]
STEM = re.compile(r"^[A-Za-z]+")


def shape(text: str) -> str:
    for pattern, letter in _SHAPE_RUNS:
        text = pattern.sub(letter, text)
    return re.sub(r"\s+", "_", text)[:12]


# Sentence words that say the paper speaks of its own work: "we propose", "our method".
OWN_WORK = {"we", "our", "ours", "this", "propose", "introduce", "present", "develop", "design", "devise",
            "release", "build", "construct", "curate", "create", "call", "name", "dub", "term", "novel", "new"}


def sentence_features(sentence) -> frozenset[str]:
    """What a sentence says about whose work it describes; computed once per sentence."""
    lemmas = {t.lemma_.lower() for t in sentence}
    first = sentence.start == 0
    return frozenset({f"sent_{w}" for w in lemmas & OWN_WORK} | ({"sent_title"} if first else set()))


def occurrence_features(doc: Doc, start: int, end: int, text: str, in_title: bool, lexicon: Lexicon,
                        sentence: frozenset[str] = frozenset()) -> frozenset[str]:
    """Features of ``text``, the phrase at characters ``start:end`` of ``doc``; ``sentence``: its sentence's.

    The caller passes the text: ``Doc.text`` joins every token on each access.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return frozenset({"unaligned"})
    tokens = list(span)
    words = [t.lower_ for t in tokens]
    head = tokens[-1]
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    features = {
        f"head={words[-1]}", f"first={words[0]}", f"n={min(len(tokens), 5)}", f"shape={shape(text)}",
        f"suffix={words[-1][-3:]}", f"pos={'_'.join(t.pos_ for t in tokens[-3:])}", f"tag={head.tag_}",
        f"dep={head.dep_}", f"prev={before.lower_ if before is not None else '<s>'}",
        f"next={after.lower_ if after is not None else '</s>'}",
        f"prevpos={before.pos_ if before is not None else '<s>'}",
        f"governor={head.head.lemma_.lower() if head.head.i not in range(span.start, span.end) else 'self'}",
        f"lex={lexicon.type_of(text)}", f"lexany={lexicon.type_of_any_case(text)}",
        f"lexhead={lexicon.type_of(words[-1]) if len(tokens) > 1 else 'same'}",
    }
    features.add(f"key={surface_key(text)}")  # the phrase itself: what annotators decided for it before
    features.update(f"w={w}" for w in words)
    if len(tokens) > 1:
        features.add(f"bigram={words[-2]}_{words[-1]}")
    stem = STEM.match(text)
    if stem and stem.group(0) != text:
        features.add(f"stemlex={lexicon.type_of_any_case(stem.group(0))}")  # as written first, then any case
    if text in lexicon.curated:
        features.add("curated")
    if in_title:
        features.add("in_title")
    if text[:1].isupper():
        features.add("capitalised_first" if tokens[0].is_sent_start else "capitalised")
    if any(ch.isdigit() for ch in text):
        features.add("digit")
    if re.fullmatch(r"[\d.,]+\s*[%KkMmBb]?|approx\w*|~?\d.*", text):
        features.add("number")
    if before is not None and before.text == "(":
        features.add("in_parens")
    if after is not None and after.text == "(":
        features.add("before_parens")
    return frozenset(features | sentence)


def group_features(cues: set[str], rule_types: set[str], occurrences: list[frozenset[str]], count: int,
                   proposed: bool, nested: bool) -> dict[str, float]:
    """Features of one concept in one paper, from all of its occurrences."""
    features: dict[str, float] = {f: 1.0 for occurrence in occurrences for f in occurrence}
    features.update({f"cue={c}": 1.0 for c in cues})
    features.update({f"rule={t}": 1.0 for t in rule_types})
    features.update({f"cue={c}&rule={t}": 1.0 for c in cues for t in rule_types})
    features[f"count={min(count, 4)}"] = 1.0
    features[f"cues={min(len(cues), 3)}"] = 1.0
    if proposed:
        features["proposal_cue"] = 1.0
    if nested:
        features["nested"] = 1.0
    return features


def add_salience(row: dict[str, float], salience: float | None) -> dict[str, float]:
    """A group's row with KeyBERT's salience of its name (None: not scored, as for bare noun phrases)."""
    if salience is None:
        return row
    return {**row, "salience": salience, f"salience>{int(salience * 10)}": 1.0}
