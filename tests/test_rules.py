"""The head-word rules on parses built by hand: no model loaded, so each runs in milliseconds.

Each case writes the words and their part-of-speech tags as the English pipeline would,
and checks what the rule alone makes of them.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.extract.candidates import HEAD, MODEL_PHRASE, TECHNIQUE, head_candidates, head_core

VOCAB = spacy.blank("en").vocab  # English stop words and lexical attributes, no trained pipeline


def span(words: str, pos: str):
    """The whole of a hand-built doc; ``pos`` gives each word's tag, space-separated."""
    doc = Doc(VOCAB, words=words.split(), pos=pos.split())
    return doc[:]


def never_known(_text: str) -> None:
    return None


def known_datasets(text: str) -> str | None:
    return "Dataset" if text in {"COCO"} else None


@pytest.mark.parametrize("words, pos, core", [
    ("the masked language modeling paradigm", "DET ADJ NOUN NOUN NOUN", "masked language modeling"),
    ("three novel contrastive losses", "NUM ADJ ADJ NOUN", "contrastive losses"),
    ("data , the COCO dataset", "NOUN PUNCT DET PROPN NOUN", "COCO dataset"),
    ("the model", "DET NOUN", None),
])
def test_head_core_keeps_the_words_a_head_rule_reads(words, pos, core):
    found = head_core(span(words, pos))
    assert (found.text if found is not None else None) == core


@pytest.mark.parametrize("words, pos, expected", [
    ("triplet margin loss", "NOUN NOUN NOUN", [("triplet margin loss", "Loss", HEAD)]),
    ("total loss", "ADJ NOUN", []),  # says nothing about which loss
    ("contrastive loss function", "ADJ NOUN NOUN", [("contrastive loss function", "Loss", HEAD)]),
    ("negative likelihood", "ADJ NOUN", []),  # one word before "likelihood" and no name: too vague
    ("COCO dataset", "PROPN NOUN", [("COCO", "Dataset", HEAD)]),
    ("UHD datasets", "PROPN NOUN", []),  # a kind of data, not one named set
    ("COCO datasets", "PROPN NOUN", [("COCO", "Dataset", HEAD)]),  # the lexicon knows COCO is one
    ("image captioning", "NOUN NOUN", [("image captioning", "Task", TECHNIQUE)]),
    ("logit masking", "NOUN NOUN", [("logit masking", "Method", TECHNIQUE)]),
    ("graph neural network", "NOUN ADJ NOUN", [("graph neural network", "Method", MODEL_PHRASE)]),
    ("large model", "ADJ NOUN", []),
])
def test_the_head_word_says_what_a_phrase_names(words, pos, expected):
    found = head_candidates(span(words, pos), title_end=0, known_type=known_datasets)
    assert [(text, type_, cue) for text, type_, cue, _ in found] == expected


def test_nothing_in_the_title_is_a_task_or_technique_by_its_head_alone():
    phrase = span("image captioning", "NOUN NOUN")
    assert head_candidates(phrase, title_end=100, known_type=never_known) == []
    assert head_candidates(phrase, title_end=0, known_type=never_known) == [("image captioning", "Task", TECHNIQUE, 0)]
