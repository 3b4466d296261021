"""Which typed link a sentence supports between a paper and a concept it mentions.

A dataset the paper reports results on is EVALUATED_ON; a loss it trains with is
OPTIMISES; a method it applies is USES. Each type's relation and the words that cue it
are in its description (``kg/data/concept_types.json``). Without such a cue the link
stays MENTIONS.
"""

from __future__ import annotations

import re

from ..schema import CONCEPT_TYPE_DESCRIPTIONS

_CUED: dict[str, tuple[str, re.Pattern]] = {t.name: (t.relation, t.relation_cue) for t in CONCEPT_TYPE_DESCRIPTIONS
                                             if t.relation and t.relation_cue}


def relation_for(type_: str, sentence: str, proposed: bool) -> str:
    """The relationship type from a paper to a concept of ``type_`` seen in ``sentence``."""
    if proposed:
        return "MENTIONS"  # PROPOSES is its own edge
    cued = _CUED.get(type_)
    if cued and cued[1].search(sentence):
        return cued[0]
    return "MENTIONS"
