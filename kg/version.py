"""What made a mentions file: kg's version, the mentions format, and the extraction model.

``kg extract`` stamps every record with these, and ``kg build`` loads a mentions file
only when the stamp matches this kg: mentions from another model would mix two
extractors' decisions in one graph.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources

__version__ = "0.1.0"
MENTIONS_FORMAT = 1  # raised when a record's fields change meaning


@lru_cache(maxsize=1)
def model_id() -> str:
    """A short hash of the shipped extraction model (the decision, and the tagger it names), which names it in
    mentions files."""
    data = resources.files("kg.data")
    decision = data.joinpath("entity_model.json").read_bytes()
    digest = hashlib.sha256(decision)
    tagger = json.loads(decision).get("tagger")
    if tagger:
        digest.update(data.joinpath(tagger).read_bytes())
    return digest.hexdigest()[:12]


def stamp() -> dict:
    return {"version": __version__, "mentions_format": MENTIONS_FORMAT, "model": model_id()}
