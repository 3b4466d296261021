"""The learned decision's weights file: scoring by feature name, calibration, and round trips. No models loaded."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kg.extract.model import EntityModel, LinearModel

TYPE_MODEL = LinearModel(("Loss", "Method", "None"), np.array([0.0, 0.0, 1.0]),
                         {"head=loss": np.array([3.0, -1.0, 0.0]), "shape=X": np.array([0.0, 2.0, 0.0])})
PROPOSED_MODEL = LinearModel(("False", "True"), np.array([-1.0]), {"proposal_cue": np.array([3.0])})


def test_probabilities_are_a_softmax_over_named_weights_and_unknown_features_weigh_nothing():
    rows = [{"head=loss": 1.0}, {"shape=X": 1.0, "never-seen": 1.0}, {}]
    p = TYPE_MODEL.probabilities(rows)
    assert p.shape == (3, 3) and np.allclose(p.sum(axis=1), 1.0)
    assert p[0, 0] == pytest.approx(math.exp(3) / (math.exp(3) + math.exp(-1) + math.exp(1)))
    assert p[1, 1] == pytest.approx(math.exp(2) / (1 + math.exp(2) + math.exp(1)))
    assert p[2, 2] == pytest.approx(math.e / (2 + math.e))


def test_a_binary_model_has_one_column_of_log_odds():
    p = PROPOSED_MODEL.probabilities([{"proposal_cue": 1.0}, {}])
    assert p[0, 1] == pytest.approx(1 / (1 + math.exp(-2))) and p[1, 1] == pytest.approx(1 / (1 + math.e))


def test_confidence_is_read_off_the_calibration_knots():
    model = EntityModel(TYPE_MODEL, PROPOSED_MODEL, 0.5, "", ((0.1, 0.5, 0.9), (0.0, 0.4, 0.95)))
    assert model.confidence(0.5) == pytest.approx(0.4)
    assert model.confidence(0.7) == pytest.approx(0.675)
    assert model.confidence(0.01) == 0.0 and model.confidence(0.99) == 0.95


def test_model_file_round_trips_to_the_same_scores(tmp_path):
    import json

    model = EntityModel(TYPE_MODEL, PROPOSED_MODEL, 0.45, "train.jsonl", ((0.0, 1.0), (0.1, 0.9)))
    model.to_file(tmp_path / "m.json")
    again = EntityModel.from_json(json.loads((tmp_path / "m.json").read_text()))
    rows = [{"head=loss": 1.0}, {"shape=X": 1.0}]
    assert np.allclose(again.entity.probabilities(rows), model.entity.probabilities(rows))
    assert (again.min_confidence, again.trained_on, again.confidence(0.5)) == (0.45, "train.jsonl", 0.5)


def test_the_tagger_a_model_reads_is_named_in_its_file_and_absent_when_it_reads_none(tmp_path):
    import json

    with_tagger = EntityModel(TYPE_MODEL, PROPOSED_MODEL, 0.5, "t", ((0.0, 1.0), (0.0, 1.0)), "tagger.safetensors")
    with_tagger.to_file(tmp_path / "a.json")
    EntityModel(TYPE_MODEL, PROPOSED_MODEL).to_file(tmp_path / "b.json")
    assert EntityModel.from_json(json.loads((tmp_path / "a.json").read_text())).tagger == "tagger.safetensors"
    assert "tagger" not in json.loads((tmp_path / "b.json").read_text())
    assert EntityModel.from_json(json.loads((tmp_path / "b.json").read_text())).tagger == ""
