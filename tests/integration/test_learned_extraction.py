"""The learned entity decision on real sentences, and the shipped model: small, offline, reproducible."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.records import Paper, paper_id
from kg.graph.resolve import resolve

from conftest import ROOT, SHARED

pytestmark = pytest.mark.slow
GOLD = SHARED / "gold"
needs_gold = pytest.mark.skipif(not (GOLD / "train.jsonl").exists(), reason="needs ../shared/gold beside the checkout")


def paper(title: str, abstract: str) -> Paper:
    return Paper(paper_id(title), title, abstract, "test", 1)


PRUNING = paper("Pruning residual networks", "We prune ResNet56 and ResNet-18 on CIFAR10 and CIFAR-100 with "
                "approx100K images and 100K samples using an 8B model.")
CLASSIFIERS = paper("Robust image classifiers", "We train with a cross-entropy loss and evaluate on CIFAR-10 and "
                    "ImageNet.")


def found(extractor, p) -> dict[str, tuple[str, bool]]:
    (result,) = extractor.run([p])
    return {m.name: (m.type, m.proposed) for m in result.mentions}


def test_a_name_is_typed_by_what_it_is_and_numbers_are_never_entities(extractor):
    """"residual networks" in the title is a Method too (the gold set annotates it so), read in context."""
    assert found(extractor, PRUNING) == {"ResNet56": ("Method", False), "ResNet-18": ("Method", False),
                                         "CIFAR10": ("Dataset", False), "CIFAR-100": ("Dataset", False),
                                         "residual networks": ("Method", False)}


def test_spellings_of_one_dataset_are_one_concept_and_cifar_100_is_another(extractor):
    resolved = resolve(extractor.run([PRUNING, CLASSIFIERS]))
    concepts = resolved.concepts
    assert {p for p, c, _ in resolved.links if c == "dataset:cifar 10"} == {PRUNING.id, CLASSIFIERS.id}
    assert concepts["dataset:cifar 10"].aliases >= {"CIFAR10", "CIFAR-10"} - {concepts["dataset:cifar 10"].name}
    assert {p for p, c, _ in resolved.links if c == "dataset:cifar 100"} == {PRUNING.id}


def every_reading(extractor, p) -> dict[str, tuple[str, float, bool]]:
    """Every typed candidate of ``p`` with its confidence, kept or not (the same scorer, loaded once)."""
    from kg.extract import Extractor

    keep_all = Extractor(min_confidence=0.0, workers=1)
    keep_all.salience = extractor.salience
    (result,) = keep_all.run([p])
    return {m.name: (m.type, m.confidence, m.proposed) for m in result.mentions}


def test_a_descriptive_technique_the_paper_proposes_is_read_whole_and_as_proposed(extractor):
    """"instance-wise logit masking" is a proposed Method, far surer than its tail; the title's task is a Task."""
    masking = paper("Masking for long-tailed recognition", "We propose instance-wise logit masking, a simple "
                    "technique that improves knowledge distillation.")
    kept = found(extractor, masking)
    assert kept["knowledge distillation"] == ("Method", False) and kept["long-tailed recognition"][0] == "Task"
    readings = every_reading(extractor, masking)
    type_, confidence, proposed = readings["instance-wise logit masking"]
    assert (type_, proposed) == ("Method", True) and confidence > 0.4
    assert confidence > 10 * readings["wise logit masking"][1]


def test_a_name_built_on_another_is_found_beside_it(extractor):
    """JEPA, defined in the abstract, does not swallow G-JEPA, the name written around it."""
    jepa = paper("Predictive pretraining for graphs", "We introduce G-JEPA, a Joint Embedding Predictive "
                 "Architecture (JEPA) for graphs, and compare G-JEPA with JEPA baselines.")
    names = found(extractor, jepa)
    assert names["G-JEPA"] == ("Method", True)
    assert names["Joint Embedding Predictive Architecture"][0] == "Method"


def test_confidence_cut_off_drops_what_is_more_likely_wrong(extractor):
    from kg.extract import Extractor

    keep_all = Extractor(min_confidence=0.0, workers=1)
    keep_all.salience = extractor.salience  # same scorer, loaded once
    (everything,) = keep_all.run([PRUNING])
    (kept,) = extractor.run([PRUNING])
    assert extractor.min_confidence == 0.5
    assert {m.name for m in kept.mentions} == {m.name for m in everything.mentions if m.confidence >= 0.5}
    assert len(everything.mentions) > len(kept.mentions)


def test_shipped_model_is_small_calibrated_and_trained_on_all_713_training_papers():
    from kg.extract.model import shipped_model

    path = ROOT / "kg" / "data" / "entity_model.json"
    model = shipped_model()
    assert path.stat().st_size < 20_000_000
    assert model.trained_on == "train.jsonl+train-more.jsonl" and model.min_confidence == 0.5
    assert model.tagger == "tagger.safetensors" and not model.uses_salience  # the tagger in, KeyBERT salience out
    xs, ys = model.calibration
    assert list(xs) == sorted(xs) and list(ys) == sorted(ys) and 0.0 <= ys[0] and ys[-1] <= 1.0


def test_shipped_model_and_tagger_load_and_score_with_no_network(tmp_path):
    """Package data and the installed MiniLM only: every proxy points at a closed port, the hub is offline."""
    code = ("from kg.extract import Extractor; from kg.records import Paper, paper_id; "
            "e = Extractor(workers=1); t = 'Robust image classifiers'; "
            "(r,) = e.run([Paper(paper_id(t), t, 'We train with a cross-entropy loss on CIFAR-10.', 'x', 1)]); "
            "print(e.model.tagger, e.tagger is not None, sorted(m.name for m in r.mentions))")
    dead = "http://127.0.0.1:9"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HTTP_PROXY": dead, "HTTPS_PROXY": dead,
           "http_proxy": dead, "https_proxy": dead, "NO_PROXY": "", "no_proxy": "", "HF_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "CIFAR-10" in out.stdout and "cross-entropy loss" in out.stdout


def dev_scores(tmp_path: Path, model=None) -> dict[str, float]:
    """F1 per type on dev, by the gold set's scorer: the shipped model through ``kg extract``, or ``model``."""
    predictions = tmp_path / "dev.jsonl"
    if model is None:
        subprocess.run([sys.executable, "-m", "kg.cli", "extract", str(GOLD / "dev-input.txt"), "-o",
                        str(predictions)], check=True, capture_output=True)
    else:
        from kg.extract import Extractor
        from kg.extract.training import write_predictions
        from kg.readers import read_corpus

        from kg.extract.tagger import Tagger

        tagger = Tagger.from_file(tmp_path / model.tagger) if model.tagger else None
        write_predictions(predictions, list(Extractor(model=model, tagger=tagger).run(
            read_corpus([GOLD / "dev-input.txt"]).papers)))
    scores = json.loads(subprocess.run([sys.executable, str(GOLD / "score.py"), str(GOLD / "dev.jsonl"),
                                        str(predictions), "--json"], check=True, capture_output=True, text=True).stdout)
    return {t: scores[t]["f1"] for t in ("Method", "Dataset", "Loss", "ALL")}


SHIPPED_DEV_F1 = {"Method": 0.798, "Dataset": 1.0, "Loss": 0.774, "ALL": 0.802}  # the README's figures


TRAINING_PAIRS = [str(GOLD / "train.jsonl"), str(GOLD / "train-input.txt"), str(GOLD / "train-more.jsonl"),
                  str(GOLD / "train-more-input.txt")]


def slice_of_training_data(tmp_path: Path, n: int) -> list[str]:
    """The first ``n`` papers of train.jsonl and of train-more.jsonl, as GOLD INPUT pairs."""
    pairs = []
    for gold, text in zip(TRAINING_PAIRS[::2], TRAINING_PAIRS[1::2]):
        records = Path(gold).read_text(encoding="utf-8").splitlines()[:n]
        blocks = Path(text).read_text(encoding="utf-8").strip().split("\n\n")[:n]
        (tmp_path / Path(gold).name).write_text("\n".join(records) + "\n", encoding="utf-8")
        (tmp_path / Path(text).name).write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        pairs += [str(tmp_path / Path(gold).name), str(tmp_path / Path(text).name)]
    return pairs


@needs_gold
def test_training_on_a_slice_twice_writes_the_same_model_file(tmp_path):
    """The decision's training path (parse, features, folds, calibration) is deterministic: same data, same bytes.

    On gold data, without the tagger; tests/integration/test_tagger_training.py runs the shipped
    command, tagger included, on a slice CI has.
    """
    pairs = slice_of_training_data(tmp_path, 12)
    files = []
    for run in ("a", "b"):
        out = tmp_path / run / "entity_model.json"
        out.parent.mkdir()
        subprocess.run([sys.executable, str(ROOT / "scripts" / "train_extractor.py"), *pairs, "--folds", "3",
                        "--out", str(out)], check=True, capture_output=True)
        files.append(out.read_bytes())
    assert files[0] == files[1]
    model = json.loads(files[0])
    assert model["trained_on"] == "train.jsonl+train-more.jsonl" and "tagger" not in model


@needs_gold
@pytest.mark.skipif(not os.environ.get("KG_TEST_FULL_RETRAIN"), reason="minutes of training; set KG_TEST_FULL_RETRAIN=1")
def test_retraining_reproduces_the_shipped_model_and_its_dev_scores(tmp_path):
    """The same weights up to the optimiser's last digits, and the same dev scores, from the retrained model.

    lbfgs stops a hair's breadth apart under another numpy, scipy or BLAS build (weights
    moved by up to 0.004 between the install that trained the shipped model and a fresh
    one, 2026-11-29), and two full runs of the tagger's training on this machine moved the
    cross-validated F1 in its third decimal (2026-12-05), so the file's bytes are not the test. The first full run
    of the shipped command against the shipped files (2026-12-06) moved 3 of 29,665 entity weights by more than 0.01
    (at most 0.022, all on one abstract's words) and left the dev scores equal: what is checked is that few weights
    move, none far, and the dev scores do not.
    """
    from kg.extract.model import EntityModel

    retrained = tmp_path / "entity_model.json"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "train_extractor.py"), *TRAINING_PAIRS, "--tagger",
                    "--out", str(retrained)], check=True, capture_output=True)
    new = json.loads(retrained.read_text(encoding="utf-8"))
    shipped = json.loads((ROOT / "kg" / "data" / "entity_model.json").read_text(encoding="utf-8"))
    for part in ("entity", "proposed"):
        assert new[part]["classes"] == shipped[part]["classes"]
        names = set(new[part]["weights"]) | set(shipped[part]["weights"])
        zero = [0.0] * len(new[part]["classes"])
        gaps = [max(abs(x - y) for x, y in zip(new[part]["weights"].get(name, zero),
                                               shipped[part]["weights"].get(name, zero))) for name in names]
        assert max(gaps) < 0.05 and sum(g > 0.01 for g in gaps) <= len(gaps) / 1000, (part, sorted(gaps)[-5:])
    assert dev_scores(tmp_path, EntityModel.from_json(new)) == pytest.approx(SHIPPED_DEV_F1, abs=0.01)
    assert dev_scores(tmp_path) == SHIPPED_DEV_F1
