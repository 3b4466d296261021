"""Normal forms of concept names: the key that makes variants one concept.

"cross-entropy loss", "Cross entropy" and "cross-entropy losses" share a key, as do
"CIFAR10" and "CIFAR-10"; "SPLADE v2" and "SPLADE" do not, nor "CIFAR-100" and "CIFAR-10".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..schema import CONCEPT_TYPE_DESCRIPTIONS

# Head words that only say what kind of thing a name is ("ImageNet dataset" is ImageNet): each type's kind_words.
TYPE_HEADS = {t.name: t.kind_words for t in CONCEPT_TYPE_DESCRIPTIONS}
_KEEP_S = ("ss", "us", "is", "ics", "ous")
LETTER_DIGIT = re.compile(r"(?<=[a-z]{2})(?=\d)|(?<=\d)(?=[a-z])")  # not "v2": versions stay one word
ACRONYM_PLURAL = re.compile(r"\b([A-Z][A-Za-z0-9]*[A-Z0-9])s\b")  # LLMs, ViTs, MoEs: the plural of an acronym


def singular(word: str) -> str:
    """Crude singular of an English head word, good enough for concept keys."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_KEEP_S):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


@lru_cache(maxsize=1 << 16)  # the same phrases recur in every abstract; cached, keys cost little
def surface_key(name: str) -> str:
    """Case-, hyphen- and plural-insensitive form of one surface string."""
    text = ACRONYM_PLURAL.sub(r"\1", unicodedata.normalize("NFKC", name)).lower()
    text = re.sub(r"[\u2010-\u2015_/]+|-+", " ", text)
    text = LETTER_DIGIT.sub(" ", text)  # CIFAR10 and CIFAR-10 are one name; CIFAR-100 stays another
    text = re.sub(r"[^\w\s.+]", " ", text)
    words = text.split()
    if words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    if words:
        words[-1] = singular(words[-1])
    return " ".join(words)


@lru_cache(maxsize=1 << 16)
def concept_key(name: str, type_: str) -> str:
    """Key of a concept of a given type: the surface key without a trailing type head."""
    words = surface_key(name).split()
    heads = _SINGULAR_HEADS.get(type_, frozenset())
    while len(words) > 1 and words[-1] in heads:
        words = words[:-1]
        words[-1] = singular(words[-1])
    return " ".join(words)


_SINGULAR_HEADS = {t: frozenset(singular(h) for h in heads) for t, heads in TYPE_HEADS.items()}


def identity_key(key: str) -> str:
    """What two concept keys must share to be one concept: the key without its spaces.

    ``concept_key`` has already folded case, hyphens, plurals and marks such as ``^``;
    dropping the spaces too makes "TinyImageNet" and "Tiny ImageNet", or "M^2-Encoder"
    and "M2-Encoder", one concept, while "CIFAR-100" and "CIFAR-10" stay two. Extraction
    never uses this key, so grouping a paper's candidates is unchanged by it.
    """
    return key.replace(" ", "")
