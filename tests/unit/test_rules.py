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


# --- the other rules, on a tokenised paper with sentence starts set by hand ----------------------

@pytest.fixture(scope="module")
def blank_lexicon():
    from kg.extract.lexicon import Lexicon

    return Lexicon(spacy.blank("en"))  # the packaged lexicon over a tokenizer only: no trained model


def context(title: str, abstract: str, lexicon):
    """The paper's context as find_candidates builds it, from a tokenised doc with sentences marked."""
    import re

    from kg.extract.candidates import paper_context

    doc = spacy.blank("en").make_doc(f"{title}. {abstract}")
    starts = {0} | {m.end() for m in re.finditer(r"[.!?]\s+", doc.text)}
    for token in doc:
        token.is_sent_start = token.idx in starts
    return paper_context(doc, title, lexicon)


def proposals(rule, ctx) -> list[tuple]:
    return [(p.text, p.type, p.cue, p.proposed) for p in rule(ctx)]


def test_a_definition_types_its_short_form_and_no_other_rule_names_inside_it(blank_lexicon):
    from kg.extract.candidates import DEFINED, NAME, acronym_definitions, name_shaped

    ctx = context("Cheap tuning", "We use Low-Rank Adaptation (LoRA) on GPT-2. LoRA is cheap.", blank_lexicon)
    assert proposals(acronym_definitions, ctx) == [("Low-Rank Adaptation", "Method", DEFINED, False)]
    assert ctx.defined_types["LoRA"] == "Method"
    lora = [p for p in name_shaped(ctx) if p.text == "LoRA"]
    assert [p.start for p in lora] == [ctx.text.rindex("LoRA")]  # only the bare one, after the definition
    assert proposals(name_shaped, ctx)[-1] == ("LoRA", "Method", NAME, False)


def test_the_titles_name_is_proposed_and_typed_by_what_the_title_says(blank_lexicon):
    from kg.extract.candidates import TITLE, title_contribution

    assert proposals(title_contribution, context("ConX: fast sparse retrieval", "Text.", blank_lexicon)) == [
        ("ConX", "Method", TITLE, True)]
    assert proposals(title_contribution, context("BigBench: a benchmark for reasoning", "Text.", blank_lexicon)) \
        == [("BigBench", "Dataset", TITLE, True)]
    assert proposals(title_contribution, context("Learning to rank with few labels", "Text.", blank_lexicon)) == []


def test_capitalised_runs_inside_a_sentence_are_names_and_called_x_is_proposed(blank_lexicon):
    from kg.extract.candidates import NAME, capitalised_names, named_after_naming_words

    ctx = context("Sparse encoders", "We train a Dual Sparse Encoder. Dense Models fail. We add a module called "
                  "SpecNet.", blank_lexicon)
    assert proposals(capitalised_names, ctx) == [("Dual Sparse Encoder", "Method", NAME, False)]  # not at a start
    assert proposals(named_after_naming_words, ctx) == [("SpecNet", "Method", NAME, True)]


def test_a_generic_long_form_blocks_its_short_form_everywhere(blank_lexicon):
    from kg.extract.candidates import GENERIC, Proposal, screen

    ctx = context("Scaling", "We study computer vision (CV) on images. The CV field is big.", blank_lexicon)
    assert screen(ctx, Proposal("computer vision", "Method", "x", ctx.text.index("computer")), ctx.blocked) is GENERIC
    assert ctx.blocked == frozenset({"cv"})
    assert screen(ctx, Proposal("CV", "Method", "x", ctx.text.rindex("CV")), ctx.blocked) is None


def test_a_phrase_cut_across_brackets_is_never_a_candidate(blank_lexicon):
    from kg.extract.candidates import Proposal, screen

    ctx = context("Brain signals", "We record electroencephalography (EEG) data from ten people.", blank_lexicon)
    assert screen(ctx, Proposal("EEG) data", "Dataset", "x", ctx.text.index("EEG)")), ctx.blocked) is None
    assert screen(ctx, Proposal("EEG", "Dataset", "x", ctx.text.index("EEG")), ctx.blocked).text == "EEG"
