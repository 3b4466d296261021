"""Acronym definitions in running text: "Mixture of experts (MoE)".

A variant of Schwartz & Hearst (2003): the short form sits in parentheses, and the
long form is the shortest run of words before it whose initials (or inner capitals)
spell the short form in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SHORT_FORM = re.compile(r"\(([A-Za-z][A-Za-z0-9\-+&]{0,11}s?)\)")
WORD = re.compile(r"[A-Za-z0-9][\w\-+']*")


@dataclass(frozen=True)
class AcronymDefinition:
    short: str
    long: str
    start: int  # character offset of the long form in the text
    end: int  # character offset just after the closing parenthesis


def _letters(short: str) -> str:
    core = short[:-1] if short.endswith("s") and len(short) > 2 and short[-2].isupper() else short
    return "".join(ch.lower() for ch in core if ch.isalnum())


def _matches(letters: str, words: list[str]) -> bool:
    """True when ``letters`` can be read off ``words`` in order, first letter of the first word first."""
    text = " ".join(w.lower() for w in words)
    if not letters or not text or text[0] != letters[0]:
        return False
    pos = 0
    for ch in letters:
        found = text.find(ch, pos)
        if found < 0:
            return False
        pos = found + 1
    return True


STOP = {"of", "and", "for", "with", "to", "in", "on", "from", "the", "a", "an", "by", "via"}


def _initials(words: list[str]) -> str:
    parts = [p for w in words for p in re.split(r"[-/]", w) if p and p.lower() not in STOP]
    return "".join(p[0].lower() for p in parts)


def find_acronyms(text: str) -> list[AcronymDefinition]:
    """Every "long form (SHORT)" definition in ``text``, leftmost first."""
    found = []
    for m in SHORT_FORM.finditer(text):
        short = m.group(1)
        if not any(ch.isupper() for ch in short) or short.lower() in {"i", "ii", "iii", "iv", "e.g", "i.e"}:
            continue
        letters = _letters(short)
        before = text[: m.start()].rstrip()
        words = list(WORD.finditer(before))
        max_words = min(len(letters) + 5, 2 * len(letters) + 1)
        best = None
        for n in range(1, min(max_words, len(words)) + 1):  # initials spell it exactly: best
            span = words[-n:]
            if _initials([w.group(0) for w in span]) == letters and span[0].group(0).lower() not in STOP:
                best = span
                break
        for n in ([] if best else range(1, min(max_words, len(words)) + 1)):
            span = words[-n:]
            ws = [w.group(0) for w in span]
            if ws[0].lower() in {"the", "a", "an", "of", "and", "for", "with", "to", "in", "on", "our"}:
                continue
            # first word must start with the short form's first letter
            if ws[0][0].lower() != letters[0]:
                continue
            if _matches(letters, ws) and len(ws) >= max(1, len(letters) // 3):
                best = span
                break
        if best is None:
            continue
        start = best[0].start()
        long = before[start:]
        if long.lower() == short.lower():
            continue
        found.append(AcronymDefinition(short=short, long=long, start=start, end=m.end()))
    return found
