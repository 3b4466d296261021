"""spaCy's attribute ruler, answered from tables: the same token attributes at a fifth of the cost.

The English pipelines' ``attribute_ruler`` maps each fine tag to its part of speech and
morphology and fixes a few words ("'ll" is "will"): 179 rules, nearly all of one token
with plain equalities (``{"TAG": "NN"}``, ``{"LOWER": "its", "TAG": "PRP$"}``). spaCy runs
them through its general ``Matcher``, which tries every rule on every token, and that took
as long as the dependency parse (4.6 ms an abstract here). Such a rule is a dictionary
lookup; only the rest (several tokens, dependency labels, regular expressions, sets of
values) still go through a ``Matcher``. Rules apply in the ruler's order, a later one
overriding an earlier, exactly as the ruler does, so every token ends with the same part
of speech, morphology and lemma (a test compares the two on real abstracts).
"""

from __future__ import annotations

from collections import defaultdict

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

LOOKUP_KEYS = ("ORTH", "LOWER", "TAG")  # equality on these is a table lookup; anything else stays a pattern


def _lookup_key(pattern: list[dict]) -> tuple[tuple[str, str], ...] | None:
    """The (attribute, value) pairs of a one-token pattern of plain equalities, sorted; None for any other."""
    if len(pattern) != 1:
        return None
    (token,) = pattern
    if not token or any(k not in LOOKUP_KEYS or not isinstance(v, str) for k, v in token.items()):
        return None
    return tuple(sorted(token.items()))


class AttributeTable:
    """Applies an ``AttributeRuler``'s rules (taken from ``ruler``) to a ``Doc``, the same way, faster."""

    def __init__(self, ruler):
        self.attrs = list(ruler.attrs)  # already normalised by the ruler, as set_token_attrs wants them
        self.indices = list(ruler.indices)
        self.matcher = Matcher(ruler.vocab)
        # rules by the attributes they test: ("LOWER", "TAG") -> {("its", "PRP$"): [rule, ...]}
        self.tables: dict[tuple[str, ...], dict[tuple[str, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
        for rule in range(len(self.attrs)):
            patterns = ruler.matcher.get(str(rule))[1]
            keys = [_lookup_key(p) for p in patterns]
            for pattern, key in zip(patterns, keys):
                if key is None:
                    self.matcher.add(str(rule), [pattern])
                else:
                    self.tables[tuple(k for k, _ in key)][tuple(v for _, v in key)].append(rule)
        self.tables = {attrs: dict(table) for attrs, table in self.tables.items()}

    def __call__(self, doc: Doc) -> Doc:
        hits = []  # (rule, token): applied in rule order, then text order, as the ruler sorts its matches
        for token in doc:
            values = {"ORTH": token.orth_, "LOWER": token.lower_, "TAG": token.tag_}
            for attrs, table in self.tables.items():
                for rule in table.get(tuple(values[a] for a in attrs), ()):
                    hits.append((rule, token.i))
        if len(self.matcher):
            strings = doc.vocab.strings
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                rule = int(strings[match_id])
                hits.append((rule, doc[start:end][self.indices[rule]].i))
        hits.sort()
        for rule, i in hits:
            set_token_attrs(doc[i], self.attrs[rule])
        return doc

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)
