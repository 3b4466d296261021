"""Which words of a Cypher statement are clauses: a small tokenizer for both stores' read-only checks.

A keyword list over the raw text refuses reads (``MATCH (start:Paper)``, ``RETURN {set: 1}``,
``WITH 1 AS load``) and misses calls (``CALL `db.labels`()``). So the statement is split into
tokens first (strings, comments, quoted names and parameters are single tokens that hold no
keyword), and a word counts as a clause only where a clause can start: not after ``(``, ``[``,
``,``, ``.``, ``:``, ``AS``, an operator or a keyword that takes an expression, and not when a
``.`` or ``:`` follows it (a variable, a property, a label, a map key).

:func:`refusal` (the Neo4j store) and :func:`called_procedures` (both stores) are the entry
points; they err towards refusing: a word they cannot place is taken as a clause.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

# Clauses and commands that change a graph or the server (Neo4j 5, Cypher 25 and GQL's INSERT).
UPDATING = frozenset({"CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "FOREACH", "INSERT",
                      "LOAD", "DROP", "ALTER", "RENAME", "GRANT", "DENY", "REVOKE", "START", "STOP", "TERMINATE",
                      "ENABLE", "DEALLOCATE", "REALLOCATE"})
# After one of these (itself in a keyword's place) comes an expression or a name, never a clause.
TAKES_EXPRESSION = frozenset({"AS", "AND", "OR", "XOR", "NOT", "IN", "IS", "CONTAINS", "STARTS", "ENDS", "WHERE",
                              "RETURN", "WITH", "UNWIND", "BY", "SKIP", "LIMIT", "OFFSET", "DISTINCT", "CASE",
                              "WHEN", "YIELD"})
# After one of these marks comes an expression or a name, never a clause. Not ``{`` (a subquery's
# body starts there), ``|`` (FOREACH's body), ``*`` (``WITH *``; handled apart), ``)``, ``]``, ``}``.
BEFORE_A_NAME = frozenset({"(", "[", ",", ".", ":", "::", "=", "<>", "!=", "<", ">", "<=", ">=", "=~", "+", "-",
                           "/", "%", "^", "+=", "||", "..", "->", "<-"})
STAR_ENDS_A_CLAUSE_AFTER = frozenset({"WITH", "RETURN", "YIELD", "DISTINCT"})

TOKEN = re.compile(r"""
      (?P<space>\s+ | //[^\n\r]* | /\*.*?(?:\*/|\Z))
    | (?P<string>'(?:[^'\\]|\\.?)*'? | "(?:[^"\\]|\\.?)*"?)
    | (?P<quoted>`(?:[^`]|``)*`?)
    | (?P<param>\$(?:\w+|`(?:[^`]|``)*`?)?)
    | (?P<number>\d\w*(?:\.\d\w*)?)
    | (?P<word>[^\W\d]\w*)
    | (?P<mark><>|!=|<=|>=|=~|\+=|->|<-|\.\.|::|\|\||.)""", re.X | re.S)


class Token(NamedTuple):
    kind: str  # word, quoted (a `name`), string, param, number or mark
    text: str

    @property
    def name(self) -> str:
        """A word or a quoted name as the server reads it (``CALL `db.labels`()`` calls db.labels)."""
        return self.text[1:-1].replace("``", "`") if self.kind == "quoted" else self.text


def tokens(statement: str) -> list[Token]:
    """The statement's tokens without spaces and comments; an unclosed string or comment runs to the end."""
    return [Token(kind, m.group()) for m in TOKEN.finditer(statement)
            if (kind := m.lastgroup) is not None and kind != "space"]  # every alternative is a named group


def clause_places(words: list[Token]) -> list[bool]:
    """For each token: could a clause start here, judging by the tokens around it?"""
    places = []
    for i, token in enumerate(words):
        before = words[i - 1] if i else None
        if token.kind != "word":
            places.append(False)
        elif before is None:
            places.append(True)
        elif before.kind == "mark" and before.text in BEFORE_A_NAME:
            places.append(False)
        elif before.kind == "mark" and before.text == "*":  # WITH * CREATE: a clause; 2 * set: a name
            star_after = words[i - 2] if i > 1 else None
            places.append(bool(star_after and star_after.kind == "word" and places[i - 2]
                               and star_after.text.upper() in STAR_ENDS_A_CLAUSE_AFTER))
        elif before.kind == "word" and places[i - 1] and before.text.upper() in TAKES_EXPRESSION:
            places.append(False)
        else:
            places.append(True)
    return places


def refusal(statement: str, procedures_only: bool = False,
            reads: Callable[[str], bool] = lambda procedure: False) -> str | None:
    """Why ``statement`` may change the store or reach outside it, from its words; None if nothing does.

    Always: a procedure call that ``reads`` does not vouch for (``CALL`` where a clause starts,
    followed by anything but the ``{`` or ``(`` of a subquery; the name may be quoted) and
    ``LOAD CSV`` (however written). Unless ``procedures_only``: also any updating clause
    (CREATE, SET, FOREACH, ...), subqueries included; a word spelt like one is not a clause
    where a clause cannot start.
    """
    words = tokens(statement)
    places = clause_places(words)
    for i, token in enumerate(words):
        upper = token.name.upper() if token.kind in {"word", "quoted"} else ""
        after = words[i + 1] if i + 1 < len(words) else None
        if upper == "LOAD" and (places[i] or (after and after.kind in {"word", "quoted"}
                                              and after.name.upper() == "CSV")):
            return "LOAD CSV makes the server read files or URLs"
        if not places[i]:
            continue
        if _is_call(upper, after):
            name = _procedure(words[i + 1:])
            if not (name and reads(name)):
                return f"it calls the procedure {name or 'with no name'}, which may write or reach outside the store"
        if upper in UPDATING and not procedures_only and not (after and after.kind == "mark"
                                                              and after.text in {".", ":", "::"}):
            return f"it has a {upper} clause"
    return None


def called_procedures(statement: str) -> list[str]:
    """The dotted names of the procedures ``statement`` calls, in order; "" where a name cannot be read."""
    words = tokens(statement)
    places = clause_places(words)
    return [_procedure(words[i + 1:]) for i, token in enumerate(words)
            if places[i] and token.kind in {"word", "quoted"}
            and _is_call(token.name.upper(), words[i + 1] if i + 1 < len(words) else None)]


def _is_call(upper: str, after: Token | None) -> bool:
    """A procedure call: CALL followed by anything but the ``{`` or ``(`` of a subquery."""
    return upper == "CALL" and not (after and after.kind == "mark" and after.text in {"{", "("})


def _procedure(rest: list[Token]) -> str:
    """The dotted name at the start of ``rest``: db.labels from db . labels or `db`.`labels` or `db.labels`."""
    parts: list[str] = []
    for token in rest:
        if token.kind in {"word", "quoted"} and (not parts or parts[-1] == "."):
            parts.append(token.name)
        elif token.kind == "mark" and token.text == "." and parts and parts[-1] != ".":
            parts.append(".")
        else:
            break
    return "".join(parts).rstrip(".")
