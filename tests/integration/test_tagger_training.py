"""The contextual tagger: training it is reproducible, and the parse workers that run it agree with one process."""

from __future__ import annotations

import pytest

from kg.extract.tagger import encode, gold_spans


@pytest.mark.slow
def test_training_the_tagger_twice_gives_the_same_weights():
    """Seeded: a small slice trained twice on the package's frozen encoder ends bit for bit alike."""
    import torch

    from kg.extract.tagger import TaggerSettings, bio_labels, build_encoder, encoder_outputs, train_head

    texts = ["We fine-tune BERT with a cross-entropy loss on CIFAR-10 for image classification.",
             "SimCLR uses a contrastive loss; we evaluate on ImageNet."]
    entities = [[{"name": "BERT", "type": "Method"}, {"name": "cross-entropy loss", "type": "Loss"},
                 {"name": "CIFAR-10", "type": "Dataset"}, {"name": "image classification", "type": "Task"}],
                [{"name": "SimCLR", "type": "Method"}, {"name": "contrastive loss", "type": "Loss"},
                 {"name": "ImageNet", "type": "Dataset"}]]
    windows = [encode(t)[0] for t in texts]
    labels = [bio_labels(w, gold_spans(t, e)) for w, t, e in zip(windows, texts, entities)]
    settings = TaggerSettings(epochs=3, batch_size=1)
    vectors = encoder_outputs(build_encoder(settings.layers), windows)
    states = [train_head(windows, labels, vectors, settings) for _ in range(2)]
    assert states[0].keys() == states[1].keys() and "shape.weight" in states[0]
    assert all(torch.equal(states[0][k], states[1][k]) for k in states[0])


def silver_training_pair(tmp_path, extractor, sample_corpus, n: int = 16) -> list[str]:
    """A GOLD INPUT pair in the gold sets' format, from the shipped model's own finds on ``n`` sample papers.

    Silver, not gold (the gold sets stay in ../shared, which CI does not have), but it takes
    the whole training path: parse, candidates, the tagger's out-of-fold heads, the decision.
    """
    import json

    papers = sample_corpus.papers[:n]
    records = [{"title": r.paper.title, "entities": [{"name": m.name, "type": m.type, "aliases": list(m.aliases),
                                                       "proposed": m.proposed} for m in r.mentions]}
               for r in extractor.run(papers)]
    gold = tmp_path / "silver.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    text = tmp_path / "silver-input.txt"
    text.write_text("".join(f"{p.title}\n{p.text}\n\n" for p in papers), encoding="utf-8")
    return [str(gold), str(text)]


@pytest.mark.slow
def test_retraining_with_the_tagger_on_a_slice_twice_gives_the_same_model_and_head(tmp_path, extractor, sample_corpus):
    """What ships is trained by one command (README); run twice on a slice, it writes the same model and head."""
    import subprocess
    import sys

    import torch

    from conftest import ROOT

    from kg.extract.tagger import TAGGER_FILE

    pair = silver_training_pair(tmp_path, extractor, sample_corpus)
    written = []
    for run in ("a", "b"):
        out = tmp_path / run / "entity_model.json"
        out.parent.mkdir()
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_extractor.py"), *pair, "--folds", "3",
                               "--tagger", "--tagger-epochs", "2", "--out", str(out)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-2000:]
        written.append((out.read_bytes(), *tagger_file(out.parent / TAGGER_FILE)))
    (model_a, weights_a, about_a), (model_b, weights_b, about_b) = written
    assert model_a == model_b and about_a == about_b  # the decision byte for byte; the head's metadata
    assert weights_a.keys() == weights_b.keys() and all(torch.equal(weights_a[k], weights_b[k]) for k in weights_a)
    assert b'"tagger":"tagger.safetensors"' in model_a and b"salience" not in model_a


def tagger_file(path) -> tuple[dict, dict]:
    """A head file's tensors and metadata. Not its bytes: safetensors writes the metadata's keys
    in a different order from one process to the next (a Rust hash map)."""
    from safetensors import safe_open
    from safetensors.torch import load_file

    with safe_open(str(path), framework="pt") as f:
        return load_file(str(path)), f.metadata()


@pytest.mark.slow
def test_parse_workers_give_the_same_entities_as_one_process_after_torch_ran_here(extractor, sample_corpus):
    """The tagger runs in forked parse workers. After torch has run in this process (in-process
    extraction first), workers must neither hang nor score differently: one torch thread each."""
    papers = sample_corpus.papers[:24]

    def found(workers: int):
        from kg.extract import Extractor

        runner = Extractor(workers=workers, model=extractor.model, tagger=extractor.tagger)
        return [[(m.name, m.type, m.confidence, m.proposed) for m in r.mentions] for r in runner.run(papers)]

    assert extractor.tagger is not None  # the shipped model reads the tagger
    one = found(1)
    assert found(2) == one and sum(map(len, one)) > 50
