"""Extraction with the real spaCy pipeline and the packaged MiniLM model, on real abstracts."""

from __future__ import annotations

import pytest

from kg.extract.acronyms import find_acronyms

pytestmark = pytest.mark.slow


def mentions_of(extractor, paper):
    (result,) = list(extractor.run([paper]))
    return {m.name: m for m in result.mentions}


def test_json_record_has_exactly_the_public_fields(extractor, paper_by_title):
    (result,) = list(extractor.run([paper_by_title("REFER: An End-to-end Rationale Extraction")]))
    record = result.as_json()
    assert set(record) == {"id", "title", "entities"}
    assert record["entities"]
    for entity in record["entities"]:
        assert set(entity) == {"name", "type", "aliases", "proposed", "confidence", "evidence"}
        assert entity["type"] in {"Method", "Dataset", "Loss", "Task"}
        assert 0.0 <= entity["confidence"] <= 1.0
        assert entity["evidence"] and entity["evidence"] in result.paper.text


def test_acronym_and_long_form_are_one_entity(extractor, paper_by_title):
    found = mentions_of(extractor, paper_by_title("A Common Pitfall of Margin-based Language Model Alignment"))
    rlhf = found["Reinforcement Learning from Human Feedback"]
    assert rlhf.type == "Method" and "RLHF" in rlhf.aliases
    assert "RLHF" not in found


def test_name_before_the_title_colon_is_proposed(extractor, paper_by_title):
    found = mentions_of(extractor, paper_by_title("GeT: Generative Target Structure Debiasing"))
    assert found["GeT"].proposed and found["GeT"].type == "Method"


def test_acronym_definitions_in_running_text():
    text = "Learning from Label Proportions (LLP) is a problem. We use the Kullback-Leibler (KL) divergence."
    assert [(d.long, d.short) for d in find_acronyms(text)] == [
        ("Learning from Label Proportions", "LLP"), ("Kullback-Leibler", "KL")]
