"""The learned decision: which candidate concepts are entities, of which type, and which are proposed.

Two logistic regressions over named features (:mod:`kg.extract.features`), trained
on the annotated abstracts by ``scripts/train_extractor.py`` and shipped as one JSON
file of weights (``kg/data/entity_model.json``). Scoring needs only numpy and that
file: no network, no pickled classes, and the file reads the same on any platform.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np

from ..errors import KgError
from ..schema import CONCEPT_TYPES

MODEL_FILE = "entity_model.json"
NONE = "None"  # the class of a candidate that is not an entity


@dataclass(frozen=True)
class LinearModel:
    """Multinomial logistic regression by feature name: ``softmax(bias + sum(value * weights[feature]))``."""

    classes: tuple[str, ...]
    bias: np.ndarray
    weights: dict[str, np.ndarray]
    # made from the weights in __post_init__, not given: a row index per feature, and the weights as one matrix
    _row: dict[str, int] = field(init=False, repr=False, compare=False)
    _matrix: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):  # the weights as one matrix, a row per feature: one lookup per row scored
        object.__setattr__(self, "_row", {name: i for i, name in enumerate(self.weights)})
        matrix = np.array(list(self.weights.values()), dtype=np.float64).reshape(len(self.weights), len(self.bias))
        object.__setattr__(self, "_matrix", matrix)

    def probabilities(self, rows: list[dict[str, float]]) -> np.ndarray:
        """One row of class probabilities per feature dict, columns in ``classes`` order.

        Each row's terms are added one at a time in sorted feature order (``np.cumsum`` adds
        sequentially), so a row scores the same, bit for bit, in any process and batch.
        """
        logits = np.tile(self.bias, (len(rows), 1))
        for i, row in enumerate(rows):
            known = [(self._row[name], value) for name, value in sorted(row.items()) if name in self._row]
            if known:
                index, values = zip(*known)
                terms = self._matrix[list(index)] * np.asarray(values)[:, None]
                logits[i] = np.cumsum(np.vstack([self.bias, terms]), axis=0)[-1]
        if len(self.classes) == 2 and logits.shape[1] == 1:  # binary: one column of log-odds
            logits = np.hstack([np.zeros_like(logits), logits])
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def as_json(self) -> dict:
        return {"classes": list(self.classes), "bias": [round(float(b), 5) for b in self.bias],
                "weights": {name: [round(float(x), 5) for x in w] for name, w in sorted(self.weights.items())
                            if np.any(np.abs(w) >= 1e-4)}}

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        return cls(tuple(data["classes"]), np.asarray(data["bias"], dtype=np.float64),
                   {name: np.asarray(w, dtype=np.float64) for name, w in data["weights"].items()})


@dataclass(frozen=True)
class EntityModel:
    """What kg ships: the entity/type decision, the proposed decision, and the threshold chosen for them.

    ``calibration`` maps the regression's probability of the chosen type to how often
    such an entity was right on papers the model had not seen (cross-validation
    folds), as (probability, share right) knots; confidence is read off it, so
    "0.9" means right about nine times in ten.
    """

    entity: LinearModel
    proposed: LinearModel
    min_confidence: float = 0.5
    trained_on: str = ""
    calibration: tuple[tuple[float, ...], tuple[float, ...]] = ((0.0, 1.0), (0.0, 1.0))
    tagger: str = ""  # the package data file of the tagger whose probabilities are features; "": none

    def confidence(self, probability: float) -> float:
        return float(np.interp(probability, *self.calibration))

    @property
    def uses_salience(self) -> bool:
        """Whether the decision was trained with KeyBERT salience: if not, kg never computes it."""
        return any(name.startswith("salience") for name in self.entity.weights)

    def to_file(self, path) -> None:
        data = {"trained_on": self.trained_on, "min_confidence": self.min_confidence,
                "calibration": [[round(x, 4) for x in knots] for knots in self.calibration],
                "entity": self.entity.as_json(), "proposed": self.proposed.as_json()}
        if self.tagger:
            data["tagger"] = self.tagger
        with open(path, "w", encoding="utf-8") as out:
            json.dump(data, out, separators=(",", ":"), sort_keys=True)
            out.write("\n")

    @classmethod
    def from_json(cls, data: dict) -> EntityModel:
        xs, ys = data["calibration"]
        return cls(LinearModel.from_json(data["entity"]), LinearModel.from_json(data["proposed"]),
                   float(data["min_confidence"]), data.get("trained_on", ""), (tuple(xs), tuple(ys)),
                   data.get("tagger", ""))


@lru_cache(maxsize=1)
def shipped_model() -> EntityModel:
    """The model inside the package, read from package data (never downloaded)."""
    text = resources.files("kg.data").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    model = EntityModel.from_json(json.loads(text))
    trained = [c for c in model.entity.classes if c != NONE]
    if sorted(trained) != sorted(CONCEPT_TYPES):  # a type it never learned would never be chosen, silently
        raise KgError(f"kg/data/{MODEL_FILE}: the entity model was trained on the types {', '.join(sorted(trained))}, "
                      f"but kg's concept types are now {', '.join(CONCEPT_TYPES)} (kg/data/concept_types.json); "
                      "retrain it (scripts/train_extractor.py) before extracting")
    return model
