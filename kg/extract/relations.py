"""Which typed link a sentence supports between a paper and a concept it mentions.

A dataset the paper reports results on is EVALUATED_ON; a loss it trains with is
OPTIMISES; a method it applies is USES. Without such a cue the link stays MENTIONS.
"""

from __future__ import annotations

import re

EVALUATION = re.compile(
    r"\b(evaluat\w*|experiments?|benchmark\w*|results?|outperform\w*|achiev\w*|state-of-the-art|"
    r"tested|test set|accuracy|performance)\b", re.I)
OPTIMISATION = re.compile(r"\b(minimi[sz]\w*|optimi[sz]\w*|train\w*|objective|loss|penalt\w*|regulari[sz]\w*)\b", re.I)
USE = re.compile(r"\b(us(e|es|ed|ing)|leverag\w*|employ\w*|adopt\w*|appl(y|ies|ied)|based on|built on|via|with)\b", re.I)


def relation_for(type_: str, sentence: str, proposed: bool) -> str:
    """The relationship type from a paper to a concept of ``type_`` seen in ``sentence``."""
    if proposed:
        return "MENTIONS"  # PROPOSES is its own edge
    if type_ == "Dataset" and EVALUATION.search(sentence):
        return "EVALUATED_ON"
    if type_ == "Loss" and OPTIMISATION.search(sentence):
        return "OPTIMISES"
    if type_ == "Method" and USE.search(sentence):
        return "USES"
    return "MENTIONS"
