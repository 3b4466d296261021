"""The contextual tagger: training it on its frozen encoder is reproducible."""

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
