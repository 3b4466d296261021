"""One concept per idea: the key and merge rules of resolution, on names the sample corpus writes.

Mentions are written by hand (the names, types and aliases extraction gives for real
sample abstracts), so each rule is checked in milliseconds without a model.
"""

from __future__ import annotations

from itertools import permutations

import pytest

from kg.extract.normalise import concept_key, identity_key
from kg.records import Mention, Paper, PaperMentions
from kg.graph.resolve import contraction, is_shorter_name_within, resolve


def found(pid: str, *mentions: Mention, title: str = "A study", abstract: str = "") -> PaperMentions:
    return PaperMentions(Paper(pid, title, abstract, "test", 1), mentions)


def method(name: str, *aliases: str, confidence: float = 0.9, **kw) -> Mention:
    return Mention(name, "Method", aliases=aliases, confidence=confidence, evidence=f"We use {name}.", **kw)


def concepts_of(resolved) -> dict[str, set[str]]:
    """Concept id -> the papers linked to it."""
    out: dict[str, set[str]] = {}
    for paper, cid, _ in resolved.links:
        out.setdefault(cid, set()).add(paper)
    return out


@pytest.mark.parametrize("a, b", [
    ("TinyImageNet", "Tiny ImageNet"), ("Tiny-ImageNet", "Tiny ImageNet"),
    ("M^2-Encoder", "M2-Encoder"), ("M²-Encoder", "M2-Encoders"), ("CIFAR10", "CIFAR-10"),
])
def test_spaces_hyphens_case_and_superscript_marks_do_not_make_two_concepts(a, b):
    assert identity_key(concept_key(a, "Dataset")) == identity_key(concept_key(b, "Dataset"))


@pytest.mark.parametrize("a, b", [("CIFAR-10", "CIFAR-100"), ("SPLADE", "SPLADE v2"), ("ColBERT", "ColBERTer")])
def test_a_different_name_keeps_a_different_key(a, b):
    assert identity_key(concept_key(a, "Method")) != identity_key(concept_key(b, "Method"))


def test_an_acronym_defined_in_one_paper_joins_its_plural_long_form_and_a_bare_use_elsewhere():
    resolved = resolve([
        found("decor", method("low-rank adaptations", "LoRA")),
        found("sara", method("LoRA")),
        found("learns", method("Low-Rank Adaptation", "LoRA")),
    ])
    assert concepts_of(resolved) == {"method:low rank adaptation": {"decor", "sara", "learns"}}
    lora = resolved.concepts["method:low rank adaptation"]
    assert lora.papers == 3 and {lora.name, *lora.aliases} == {"low-rank adaptations", "LoRA", "Low-Rank Adaptation"}


def test_a_name_proposed_only_inside_a_longer_one_is_still_the_known_acronym():
    dropout = found("dropout", method("LoRA", proposed=True), title="LoRA Dropout as a Sparsity Regularizer",
                    abstract="We propose a LoRA Dropout mechanism for sparsity.")
    lisa = found("lisa", method("LISA", proposed=True), title="LISA: layerwise importance sampling",
                 abstract="We propose LISA.")
    resolved = resolve([dropout, lisa, found("defines", method("Low-Rank Adaptation", "LoRA")),
                        found("older", method("Language Instructed Segmentation Assistant", "LISA"))])
    assert concepts_of(resolved)["method:low rank adaptation"] == {"dropout", "defines"}
    assert concepts_of(resolved)["method:lisa"] == {"lisa"}  # introduced by its title: a new LISA


def test_a_compound_name_ending_in_an_acronym_meets_its_contraction():
    assert contraction("Sentence-BERT") == "SBERT" and contraction("BERT") is None
    resolved = resolve([
        found("csdr", method("Sentence-BERT")),
        found("leveraging", method("Sentence Bidirectional Encoder Representations from Transformers", "SBERT")),
        found("bare", method("SBERT")),
    ])
    assert len(resolved.concepts) == 1
    (sbert,) = resolved.concepts.values()
    assert {"Sentence-BERT", "SBERT"} <= sbert.aliases and sbert.papers == 3


def test_a_contraction_nobody_defines_resolves_to_the_compound_name():
    resolved = resolve([found("a", method("Sentence-BERT")), found("b", method("SBERT"))])
    assert concepts_of(resolved) == {"method:sentence bert": {"a", "b"}}


def test_a_name_is_never_merged_into_a_longer_distinct_name_that_contains_it():
    assert is_shorter_name_within("ColBERT", "ColBERTer") and not is_shorter_name_within("LoRA", "Low-Rank Adaptation")
    resolved = resolve([
        found("introducing", method("ColBERTer"),
              method("ColBERTer, a neural retrieval model using contextualized late interaction", "ColBERT")),
        found("slim", method("ColBERT")),
        found("muvera", method("ColBERT")),
    ])
    assert concepts_of(resolved)["method:colbert"] == {"slim", "muvera"}
    assert concepts_of(resolved)["method:colberter"] == {"introducing"}
    assert all("ColBERT" not in c.aliases for c in resolved.concepts.values())


def test_one_type_per_concept_the_one_its_mentions_weigh_most():
    deepimpact = found("deepimpact", Mention("ANCE", "Dataset", confidence=0.524, relation="EVALUATED_ON",
                                             evidence="We evaluate ANCE on MS MARCO."))
    ance = found("ance", method("Approximate nearest neighbor Negative Contrastive Estimation", "ANCE",
                                confidence=0.971))
    resolved = resolve([deepimpact, ance])
    assert list(resolved.concepts) == ["method:approximate nearest neighbor negative contrastive estimation"]
    (link,) = [m for paper, _, m in resolved.links if paper == "deepimpact"]
    assert (link.type, link.relation) == ("Method", "MENTIONS")  # a Method is used, not evaluated on

    resolved = resolve([found("multi", Mention("ImageNet classification", "Dataset", confidence=0.891)),
                        found("fractal", Mention("ImageNet classification tasks", "Task", confidence=0.576))])
    assert list(resolved.concepts) == ["dataset:imagenet classification"]
    assert resolved.concepts["dataset:imagenet classification"].name == "ImageNet classification"


def test_a_loss_named_after_a_method_stays_a_loss():
    resolved = resolve([found("a", method("diffusion models")),
                        found("b", Mention("diffusion loss", "Loss", confidence=0.68)),
                        found("c", Mention("cross-entropy loss", "Loss", confidence=0.9)),
                        found("d", Mention("cross-entropy", "Loss", confidence=0.8), method("cross entropy", confidence=0.7))])
    assert concepts_of(resolved) == {"method:diffusion": {"a"}, "loss:diffusion": {"b"}, "loss:cross entropy": {"c", "d"}}
    assert resolved.concepts["loss:cross entropy"].papers == 2


def test_the_same_papers_give_the_same_concepts_in_any_order():
    papers = [
        found("decor", method("low-rank adaptations", "LoRA")),
        found("sara", method("LoRA"), Mention("CIFAR10", "Dataset", confidence=0.8)),
        found("learns", method("Low-Rank Adaptation", "LoRA"), Mention("CIFAR-10", "Dataset", confidence=0.9)),
        found("deepimpact", Mention("ANCE", "Dataset", confidence=0.524)),
        found("ance", method("Approximate nearest neighbor Negative Contrastive Estimation", "ANCE")),
    ]

    def snapshot(order):
        resolved = resolve(order)
        return ({cid: (c.type, c.name, sorted(c.aliases), c.papers) for cid, c in resolved.concepts.items()},
                sorted((p, cid, m.name) for p, cid, m in resolved.links))

    first = snapshot(papers)
    assert first[0]["dataset:cifar 10"][1:3] == ("CIFAR-10", ["CIFAR10"])  # a tie: the first in sorted order
    assert all(snapshot(list(order)) == first for order in permutations(papers))
