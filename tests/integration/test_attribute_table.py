"""kg's table-driven attribute ruler gives every token what spaCy's own ruler gives it (kg.extract.attribute_table)."""

from __future__ import annotations

from pathlib import Path

import spacy

from kg.extract.nlp import SPACY_MODELS, SPACY_UNUSED, load_spacy
from kg.readers import read_corpus

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "hf-daily-papers"
# The ruler's rarer rules: contractions, several-token rules, dependency-conditioned pronouns, whitespace tokens.
ODD = ("I'll go, y'all gonna ain't doin' it. Let's c'mon. There is gotta be\n\n  spaces  \t here. It said I saw you. "
       "Do you know what it does? You have it; 'em ol' somethin' nothin' 'nuff.")


def stock_pipeline():
    for name in SPACY_MODELS:
        try:
            return spacy.load(name, exclude=list(SPACY_UNUSED))
        except OSError:
            continue
    raise AssertionError("no English spaCy pipeline installed")


def annotations(doc):
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_every_token_gets_the_attributes_the_stock_ruler_gives():
    ours = load_spacy()
    assert "kg_attribute_table" in ours.pipe_names and "attribute_ruler" not in ours.pipe_names
    texts = [p.text for p in read_corpus([SAMPLE]).papers][:80] + [ODD]
    stock = list(stock_pipeline().pipe(texts))
    mine = list(ours.pipe(texts))
    assert [annotations(d) for d in mine] == [annotations(d) for d in stock]
    odd = {t.text: t for t in mine[-1]}
    assert odd["'ll"].lemma_ == "will" and odd["na"].lemma_ == "to" and odd["\n\n  "].pos_ == "SPACE"
