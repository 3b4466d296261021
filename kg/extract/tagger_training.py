"""Train the contextual tagger on annotated abstracts, and give the decision honest features to learn from.

The decision (:mod:`kg.extract.model`) learns how far to trust the tagger from training
papers. If those papers were scored by a tagger that had seen their own labels, the
tagger would look almost always right and the decision would trust it too much. So
every training paper is scored by a tagger trained on the other folds only
(:func:`out_of_fold`), the same folds cross-validation uses, and the tagger that
ships is trained on every paper (:func:`train_on_all`).

The encoder is frozen, so its vectors are computed once per abstract (:func:`prepare`)
and every tagger, in every fold, trains only its small head on them: seconds an epoch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from .tagger import (TAGGER_PREFIX, TaggerSettings, Window, _per_text, _torch, bio_labels, build_encoder,
                     encoder_outputs, gold_spans, groups_tagger_features, head_probabilities, one_thread, train_head,
                     windows_of)
from .training import Example, training_share


@dataclass
class TaggerData:
    """Every annotated paper as word-piece windows with BIO labels, and the frozen encoder's vectors of each."""

    windows: list[Window]
    labels: list[list[int]]
    owner: list[int]  # the paper each window belongs to
    vectors: list


def prepare(data: list[Example], gold: list[dict], settings: TaggerSettings) -> TaggerData:
    texts = [ex.paper.text for ex in data]
    windows, owner = windows_of(texts)
    labels = [bio_labels(w, gold_spans(texts[i], gold[i]["entities"])) for w, i in zip(windows, owner)]
    with one_thread(_torch()):  # as when kg runs: the head learns from the vectors it will see
        vectors = encoder_outputs(build_encoder(settings.layers), windows)
    return TaggerData(windows, labels, owner, vectors)


def train_on(prepared: TaggerData, papers: set[int], settings: TaggerSettings, device: str = "cpu") -> dict:
    """A tagger head trained on the windows of ``papers`` only."""
    keep = [w for w, i in enumerate(prepared.owner) if i in papers]
    return train_head([prepared.windows[w] for w in keep], [prepared.labels[w] for w in keep],
                      [prepared.vectors[w] for w in keep], settings, device=device)


def probabilities_of(prepared: TaggerData, head: dict, papers: list[int]) -> list:
    """(probabilities, offsets) of each of ``papers``, in that order, from a trained head."""
    position = {p: k for k, p in enumerate(papers)}
    keep = [w for w, i in enumerate(prepared.owner) if i in position]
    windows = [prepared.windows[w] for w in keep]
    probs = head_probabilities(head, windows, [prepared.vectors[w] for w in keep])
    return _per_text(windows, [position[prepared.owner[w]] for w in keep], probs, len(papers))


def out_of_fold(data: list[Example], prepared: TaggerData, indices: list[list[int]], settings: TaggerSettings,
                device: str = "cpu", log=print, fraction: float = 1.0) -> list:
    """Each paper's word-piece probabilities from the tagger trained with its fold held out.

    ``fraction`` < 1 trains each fold's tagger on the same share of papers that
    :func:`~kg.extract.training.run_folds` gives the decision (a learning curve).
    """
    probabilities = [None] * len(data)
    for k, held_out in enumerate(indices):
        started = time.monotonic()
        head = train_on(prepared, set(training_share(len(data), held_out, fraction)), settings, device)
        for j, p in zip(held_out, probabilities_of(prepared, head, held_out)):
            probabilities[j] = p
        if log:
            log(f"tagger fold {k + 1}/{len(indices)}: {time.monotonic() - started:.0f} s")
    return probabilities


def train_on_all(data: list[Example], prepared: TaggerData, settings: TaggerSettings, device: str = "cpu") -> dict:
    return train_on(prepared, set(range(len(data))), settings, device)


def with_tagger_features(data: list[Example], probabilities: list) -> list[Example]:
    """The examples with each group's row extended by the tagger's view of it (:func:`groups_tagger_features`),
    replacing any such view already there."""
    return [replace(ex, rows=[{**{k: v for k, v in row.items() if not k.startswith(TAGGER_PREFIX)}, **view}
                              for row, view in zip(ex.rows, groups_tagger_features([g.spans() for g in ex.groups],
                                                                                   *probabilities[i]))])
            for i, ex in enumerate(data)]
