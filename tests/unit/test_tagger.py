"""The contextual tagger: what it reads and what the decision sees of it (training it: tests/integration)."""

from __future__ import annotations

import numpy as np
import pytest

from kg.extract.tagger import LABELS, TYPES, encode, gold_spans, groups_tagger_features


def shapes_of(text: str, word: str) -> list[int]:
    (window,) = encode(text)
    start = text.index(word)
    return [s for s, (a, b) in zip(window.shapes[1:-1], window.offsets) if start <= a < start + len(word)]


def test_case_shape_tells_apart_what_the_uncased_vocabulary_merges():
    """"CIFAR" and "cifar" are the same word pieces to MiniLM; their shapes differ."""
    (upper,) = encode("We train on CIFAR today.")
    (lower,) = encode("We train on cifar today.")
    assert upper.ids == lower.ids
    assert shapes_of("We train on CIFAR today.", "CIFAR") != shapes_of("We train on cifar today.", "cifar")
    assert shapes_of("A ResNet model.", "ResNet") != shapes_of("A Resnet model.", "Resnet")


def test_pieces_keep_their_character_offsets_and_long_texts_are_windowed():
    text = "LoRA adapts GPT-3. " * 200
    windows = encode(text)
    assert len(windows) > 1 and all(len(w.ids) <= 512 for w in windows)
    first = windows[0]
    assert first.ids[0] != first.ids[1] and len(first.ids) == len(first.offsets) + 2
    assert text[first.offsets[0][0]:first.offsets[0][1]].lower() == "lo"


def test_gold_spans_take_the_longest_form_and_its_plural_once():
    text = "Contrastive loss and the contrastive losses of SimCLR; loss alone is not one."
    entities = [{"name": "contrastive loss", "type": "Loss"}, {"name": "SimCLR", "type": "Method"},
                {"name": "loss", "type": "Loss"}]
    spans = gold_spans(text, entities)
    assert [(text[a:b], t) for a, b, t in spans] == [
        ("Contrastive loss", "Loss"), ("contrastive losses", "Loss"), ("SimCLR", "Method"), ("loss", "Loss")]


def test_tagger_features_pool_over_spans_and_see_a_name_cut_short():
    offsets = [(0, 5), (6, 10), (11, 15)]
    probs = np.zeros((3, len(LABELS)))
    probs[0, LABELS.index("B-Loss")] = 0.9
    probs[0, 0] = 0.1
    probs[1, LABELS.index("I-Loss")] = 0.8
    probs[1, 0] = 0.2
    probs[2, 0] = 1.0
    whole, cut, outside = groups_tagger_features([[(0, 10)], [(0, 5)], [(20, 30)]], probs, offsets)
    assert whole["tag_mean_Loss"] == pytest.approx(0.85) and whole["tag_begin_Loss"] == pytest.approx(0.9)
    assert whole["tag_continues"] == 0.0 and cut["tag_continues"] == pytest.approx(0.8)
    assert outside == {}


def pooled_span_by_span(spans, probs, offsets):
    """The pooling written the plain way, a span at a time: what the array version must equal."""
    inside = [LABELS.index(f"I-{t}") for t in TYPES]
    views = []
    for start, end in spans:
        hit = [i for i, (a, b) in enumerate(offsets) if a < end and b > start and b > a]
        if hit:
            p = probs[hit]
            views.append({"o": p[:, 0].mean(),
                          "continues": probs[hit[-1] + 1, inside].sum() if hit[-1] + 1 < len(probs) else 0.0,
                          "inside_start": p[0, inside].sum(),
                          **{f"mean_{t}": (p[:, LABELS.index(f"B-{t}")] + p[:, LABELS.index(f"I-{t}")]).mean()
                             for t in TYPES},
                          **{f"begin_{t}": p[0, LABELS.index(f"B-{t}")] for t in TYPES}})
    if not views:
        return {}
    out = {f"tag_{k}": np.mean([v[k] for v in views]) for k in ("o", "continues", "inside_start")}
    for t in TYPES:
        out[f"tag_mean_{t}"] = np.mean([v[f"mean_{t}"] for v in views])
        out[f"tag_min_{t}"] = np.min([v[f"mean_{t}"] for v in views])
        out[f"tag_begin_{t}"] = np.max([v[f"begin_{t}"] for v in views])
    return out


def test_a_papers_groups_pool_at_once_as_they_would_one_span_at_a_time():
    """Many groups, several spans each, spans on no piece and on the last piece: one array pass, the same numbers."""
    rng = np.random.default_rng(7)
    text = "We propose CIFAR-10 pretraining with LoRA adapters and a contrastive loss on ImageNet-1k. " * 3
    (window,) = encode(text)
    offsets = window.offsets
    probs = rng.dirichlet(np.ones(len(LABELS)), size=len(offsets)).astype(np.float32)
    groups = [[(11, 19), (100, 108)], [(len(text) + 5, len(text) + 9)], [(37, 41)], [(0, len(text))],
              [(offsets[-1][0], offsets[-1][1])], [(len(text) + 1, len(text) + 2), (55, 71)]]
    pooled = groups_tagger_features(groups, probs, offsets)
    for spans, view in zip(groups, pooled):
        expected = pooled_span_by_span(spans, probs, offsets)
        assert view.keys() == expected.keys()
        assert all(view[k] == pytest.approx(float(expected[k]), abs=1e-6) for k in view)
    only_hit = pooled_span_by_span([(55, 71)], probs, offsets)
    assert pooled[1] == {} and pooled[5]["tag_o"] == pytest.approx(only_hit["tag_o"])
