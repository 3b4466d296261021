"""What made a mentions file: kg's version, the mentions format, and the extraction model.

``kg extract`` stamps every record with these, and ``kg build`` loads a mentions file
only when the stamp matches this kg: mentions from another model would mix two
extractors' decisions in one graph.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

__version__ = "0.1.0"
MENTIONS_FORMAT = 1  # raised when a record's fields change meaning


MODEL_FILES = ("entity_model.json", "tagger.safetensors")  # the decision and the tagger it reads


@lru_cache(maxsize=1)
def model_id() -> str:
    """A short hash of the shipped extraction model (the decision and its tagger), which names it in mentions files."""
    digest = hashlib.sha256()
    for name in MODEL_FILES:
        digest.update(resources.files("kg.data").joinpath(name).read_bytes())
    return digest.hexdigest()[:12]


def stamp() -> dict:
    return {"version": __version__, "mentions_format": MENTIONS_FORMAT, "model": model_id()}
