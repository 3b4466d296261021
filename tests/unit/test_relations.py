"""Typed links from a paper to a concept, and the evidence they carry, on hand-written sentences."""

from __future__ import annotations

import pytest

from kg.extract.relations import relation_for
from kg.graph.in_memory import build_graph
from kg.records import Mention, Paper, PaperMentions
from kg.graph.resolve import resolve


@pytest.mark.parametrize("type_, sentence, proposed, relation", [
    ("Dataset", "We evaluate our retriever on MS MARCO and BEIR.", False, "EVALUATED_ON"),
    ("Dataset", "Experiments on CIFAR-10 show a 2% gain.", False, "EVALUATED_ON"),
    ("Dataset", "ImageNet was collected from the web.", False, "MENTIONS"),
    ("Loss", "We minimise the triplet loss with hard negatives.", False, "OPTIMISES"),
    ("Loss", "Cross-entropy is a classic choice.", False, "MENTIONS"),
    ("Method", "We use LoRA to adapt the model.", False, "USES"),
    ("Method", "BERT reads text in both directions.", False, "MENTIONS"),
    ("Method", "We use our own method, ConX, everywhere.", True, "MENTIONS"),  # PROPOSES is its own edge
])
def test_the_sentence_decides_the_typed_link(type_, sentence, proposed, relation):
    assert relation_for(type_, sentence, proposed) == relation


def test_every_link_carries_the_whole_evidence_sentence():
    paper = Paper("p1", "Dense retrieval with ConX", "We propose ConX. We evaluate ConX on MS MARCO.", "t", 1)
    found = PaperMentions(paper, (
        Mention("ConX", "Method", proposed=True, confidence=0.95, evidence="We propose ConX.", relation="MENTIONS"),
        Mention("MS MARCO", "Dataset", confidence=0.9, evidence="We evaluate ConX on MS MARCO.",
                relation="EVALUATED_ON"),
    ))
    graph = build_graph(resolve([found]))
    edges = {(key, graph.nodes[target]["name"]): data["evidence"]
             for source, target, key, data in graph.edges(keys=True, data=True) if source.endswith("p1")}
    assert edges == {("MENTIONS", "ConX"): "We propose ConX.", ("PROPOSES", "ConX"): "We propose ConX.",
                     ("MENTIONS", "MS MARCO"): "We evaluate ConX on MS MARCO.",
                     ("EVALUATED_ON", "MS MARCO"): "We evaluate ConX on MS MARCO."}
    assert all(evidence in paper.abstract for evidence in edges.values())


def test_a_papers_own_new_name_stays_apart_from_an_older_acronym():
    older = PaperMentions(Paper("p1", "Segmentation assistants", "t", "t", 1), (
        Mention("Language Instructed Segmentation Assistant", "Method", aliases=("LISA",), confidence=0.9,
                evidence="We study the Language Instructed Segmentation Assistant (LISA)."),))
    newer = PaperMentions(Paper("p2", "LISA: layerwise sampling", "t", "t", 2), (
        Mention("LISA", "Method", proposed=True, confidence=0.9, evidence="We propose LISA."),))
    citing = PaperMentions(Paper("p3", "A survey", "t", "t", 3), (
        Mention("LISA", "Method", confidence=0.9, evidence="LISA segments what it is told."),))
    resolved = resolve([older, newer, citing])
    linked = {(paper, concept) for paper, concept, _ in resolved.links}
    assert linked == {("p1", "method:language instructed segmentation assistant"), ("p2", "method:lisa"),
                      ("p3", "method:language instructed segmentation assistant")}
    assert resolved.concepts["method:language instructed segmentation assistant"].papers == 2
    assert resolved.concepts["method:lisa"].proposed_by == {"p2"}
