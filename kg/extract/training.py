"""Learn the entity decision from annotated abstracts, and measure it without fooling ourselves.

Gold files follow ``GUIDELINES.md`` of the gold set: one JSON object per paper with
``title`` and ``entities`` (``name``, ``type``, ``aliases``, ``proposed``). The text
comes from a corpus file kg reads (title line, abstract line). Every candidate group
kg finds is labelled with the type of the gold entity it names, or ``None``; the
model learns from those labels. Cross-validation folds split by paper, so no paper
is ever scored by a model that saw it.

scikit-learn fits the regressions (it is only needed here, at training time); the
result is a :class:`~kg.extract.model.EntityModel`, weights by feature name.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..records import Paper, PaperMentions, normalise_title
from .extractor import Extractor, decide, paper_mentions
from .groups import TYPES, ConceptGroup
from .model import NONE, EntityModel, LinearModel
from .normalise import concept_key

SEED = 13
MIN_FEATURE_COUNT = 2  # a feature seen once is a fact about one abstract, not a pattern


@dataclass
class Example:
    """One annotated paper: its candidate groups, their features, and what the gold says of each."""

    paper: Paper
    groups: list[ConceptGroup]
    rows: list[dict[str, float]]
    labels: list[str]  # a type, or NONE
    proposed: list[bool]


def read_gold(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _gold_index(entities: list[dict]) -> dict[tuple[str, str], dict]:
    """(type, concept key of every written form) -> the gold entity."""
    index: dict[tuple[str, str], dict] = {}
    for e in entities:
        type_ = e["type"].capitalize()
        for form in [e["name"], *(e.get("aliases") or [])]:
            index.setdefault((type_, concept_key(form, type_)), e)
    return index


def label(group: ConceptGroup, index: dict[tuple[str, str], dict]) -> tuple[str, bool]:
    """The gold type a group names, and whether the gold says the paper proposes it."""
    for form in group.forms():
        for type_ in TYPES:
            entity = index.get((type_, concept_key(form, type_)))
            if entity is not None:
                return type_, bool(entity.get("proposed"))
    return NONE, False


def examples(extractor: Extractor, corpus_papers: list[Paper], gold: list[dict]) -> list[Example]:
    """Label every candidate group of every annotated paper (one parse of the corpus)."""
    by_title = {normalise_title(p.title): p for p in corpus_papers}
    papers = [by_title[normalise_title(g["title"])] for g in gold]
    out: list[Example] = []
    for batch, found in extractor.groups(papers):
        for paper, scored in zip(batch, extractor.scored(batch, found)):
            groups, rows = scored.groups, scored.rows
            entry = gold[len(out)]
            index = _gold_index(entry["entities"])
            labelled = [label(g, index) for g in groups]
            out.append(Example(paper, groups, rows, [t for t, _ in labelled], [p for _, p in labelled]))
    return out


def _fit(rows: list[dict[str, float]], labels: list, c: float, none_weight: float = 1.0) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for row in rows for name in row)
    rows = [{k: v for k, v in row.items() if counts[k] >= MIN_FEATURE_COUNT} for row in rows]
    vectoriser = DictVectorizer(sparse=True, sort=True)
    matrix = vectoriser.fit_transform(rows)
    regression = LogisticRegression(C=c, max_iter=5000, tol=1e-6)
    labels = [str(y) for y in labels]
    regression.fit(matrix, labels, sample_weight=[none_weight if y == NONE else 1.0 for y in labels])
    names = vectoriser.get_feature_names_out()
    coef = regression.coef_
    return LinearModel(tuple(str(c) for c in regression.classes_), regression.intercept_.copy(),
                       {name: coef[:, j].copy() for j, name in enumerate(names)})


def train(data: list[Example], c_entity: float = 1.0, c_proposed: float = 0.5, min_confidence: float = 0.5,
          none_weight: float = 1.0, trained_on: str = "") -> EntityModel:
    """Fit the entity/type model on every group, and the proposed model on the groups that are entities.

    The result is uncalibrated (confidence = the regression's probability); see :func:`fit`.
    """
    rows = [row for ex in data for row in ex.rows]
    labels = [y for ex in data for y in ex.labels]
    entity = _fit(rows, labels, c_entity, none_weight)
    positives = [({**row, f"type={y}": 1.0}, p) for ex in data for row, y, p in zip(ex.rows, ex.labels, ex.proposed)
                 if y != NONE]
    if len({p for _, p in positives}) == 2:
        proposed = _fit([r for r, _ in positives], [p for _, p in positives], c_proposed)
    else:  # gold that never marks what a paper proposes (SciERC): nothing is proposed
        proposed = LinearModel(("False", "True"), np.array([-20.0]), {})
    return EntityModel(entity, proposed, min_confidence, trained_on)


def predict(model: EntityModel, data: list[Example], min_confidence: float | None = None) -> list[PaperMentions]:
    threshold = model.min_confidence if min_confidence is None else min_confidence
    return [PaperMentions(ex.paper, paper_mentions(ex.groups, ex.rows, model, threshold)) for ex in data]


def folds(n: int, k: int = 5, seed: int = SEED) -> list[list[int]]:
    """``k`` disjoint sets of paper indices, fixed by ``seed``."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [sorted(order[i::k]) for i in range(k)]


CALIBRATION_FLOOR = 0.05  # finds less likely than this are too many, and too plainly wrong, to fit the curve to


def _outcomes(model: EntityModel, data: list[Example]) -> list[tuple[float, bool]]:
    """(probability, right) for what an uncalibrated model keeps: right when the group is the gold type."""
    out = []
    for ex in data:
        labels = {id(g): y for g, y in zip(ex.groups, ex.labels)}
        for group, type_, probability, _ in decide(ex.groups, ex.rows, model, CALIBRATION_FLOOR):
            out.append((probability, labels[id(group)] == type_))
    return out


CALIBRATION_KNOTS = 201


def _calibration(outcomes: list[tuple[float, bool]]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """How often a kept find at each probability was right: a logistic curve over the log-odds (Platt scaling).

    Two parameters, so the curve is smooth and a retrained model calibrates alike; isotonic
    regression's steps moved whole blocks of finds across the 0.5 cut when one feature was
    added (cross-validated F1 0.639 -> 0.614, against 0.633 -> 0.632 with this curve).
    Stored as knots for :meth:`EntityModel.confidence` to interpolate.
    """
    from sklearn.linear_model import LogisticRegression

    def log_odds(p):
        p = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
        return np.log(p / (1 - p)).reshape(-1, 1)

    probabilities, right = zip(*outcomes)
    curve = LogisticRegression(C=1e6).fit(log_odds(probabilities), np.array(right, dtype=int))
    knots = np.linspace(0.0, 1.0, CALIBRATION_KNOTS)
    return tuple(float(x) for x in knots), tuple(float(y) for y in curve.predict_proba(log_odds(knots))[:, 1])


@dataclass
class FoldRun:
    """Models trained with each fold held out, and how their finds on the held-out fold turned out."""

    indices: list[list[int]]
    models: list[EntityModel]
    outcomes: list[list[tuple[float, bool]]]


def training_share(n: int, held_out: list[int], fraction: float, seed: int = SEED) -> list[int]:
    """The papers a fold trains on when it uses only ``fraction`` of the others (a learning curve).

    Papers are taken in one fixed shuffled order, so a larger share holds every paper of a smaller one.
    """
    excluded = set(held_out)
    order = list(range(n))
    random.Random(seed + 1).shuffle(order)
    others = [i for i in order if i not in excluded]
    return sorted(others[:max(1, round(fraction * len(others)))])


def run_folds(data: list[Example], k: int = 5, fraction: float = 1.0, **params) -> FoldRun:
    indices, models, outcomes = folds(len(data), k), [], []
    for held_out in indices:
        model = train([data[i] for i in training_share(len(data), held_out, fraction)], **params)
        models.append(model)
        outcomes.append(_outcomes(model, [data[i] for i in held_out]))
    return FoldRun(indices, models, outcomes)


def calibrated_models(run: FoldRun) -> list[EntityModel]:
    """Each fold's model, calibrated on the other folds' outcomes only."""
    return [replace(model, calibration=_calibration([o for j, fold in enumerate(run.outcomes) if j != i for o in fold]))
            for i, model in enumerate(run.models)]


def cross_validate(data: list[Example], run: FoldRun, min_confidence: float | None = None,
                   models: list[EntityModel] | None = None) -> list[list[PaperMentions]]:
    """Each fold predicted by the model that never saw it (``models``: :func:`calibrated_models`, computed
    when not given); ``min_confidence`` replaces the models' cut-off."""
    models = models or calibrated_models(run)
    return [predict(model, [data[j] for j in held_out], min_confidence) for held_out, model in zip(run.indices, models)]


def fit(data: list[Example], run: FoldRun, **params) -> EntityModel:
    """The model to ship: trained on every paper, calibrated on every fold's held-out outcomes."""
    model = train(data, **params)
    return replace(model, calibration=_calibration([o for fold in run.outcomes for o in fold]))


def write_predictions(path: str | Path, results: list[PaperMentions]) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for r in results:
            out.write(json.dumps(r.as_json(), ensure_ascii=False) + "\n")


def candidate_recall(data: list[Example], gold: list[dict]) -> tuple[int, int]:
    """How many gold entities some candidate group names, of how many: the ceiling of recall."""
    found = total = 0
    for ex, entry in zip(data, gold):
        named = set()
        for group in ex.groups:
            named |= {(t, concept_key(f, t)) for f in group.forms() for t in TYPES}
        for e in entry["entities"]:
            type_ = e["type"].capitalize()
            total += 1
            found += any((type_, concept_key(f, type_)) in named for f in [e["name"], *(e.get("aliases") or [])])
    return found, total
