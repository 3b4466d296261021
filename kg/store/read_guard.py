"""Would a statement change the store or reach outside it? Decided from FalkorDB's plan, not the text.

``GRAPH.RO_QUERY`` refuses changes to the graph, and write procedures, but lets
``LOAD CSV`` fetch files and URLs. So a read-only statement is first planned with
``GRAPH.EXPLAIN`` (which runs nothing) and refused if its plan holds an operation that
writes or reads a file or URL. A comment, odd spacing or case cannot hide a clause
from the plan.

The plan says that a procedure is called but not which one, so the procedure's name is
read from the statement (past comments, strings and backticks) and must be one of the
listed read procedures; a call whose name cannot be read is refused.
"""

from __future__ import annotations

import re

# FalkorDB plan operations that change the graph or fetch data from outside it
OUTSIDE = {"Load CSV": "reads a file or URL (LOAD CSV)"}
CALLS = {"ProcedureCall", "Call Procedure"}
WRITES = ("Create", "Merge", "Delete", "Update", "Drop", "Set", "Remove", "Foreach")
# procedures that only read the graph (algo.* are FalkorDB's graph algorithms); lower case
READ_PROCEDURES = {"db.labels", "db.relationshiptypes", "db.propertykeys", "db.indexes",
                   "db.idx.fulltext.querynodes", "db.idx.vector.querynodes"}
READ_PROCEDURE_FAMILIES = ("algo.",)

_TOKEN = re.compile(r"""
    (?P<skip>\s+|//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
  | (?P<quoted>`(?:[^`]|``)*(?:`|\Z))
  | (?P<word>[^\W\d]\w*)
  | (?P<other>.)
""", re.S | re.X)


def plan_refusal(plan, query: str = "") -> str | None:
    """Why a statement with this ``GRAPH.EXPLAIN`` plan must not run read-only, or None if it may."""
    operations = [plan] if isinstance(plan, (str, bytes)) else list(plan)
    calls = 0
    for raw in operations:
        name = (raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)).split("|")[0].strip()
        if name in OUTSIDE:
            return OUTSIDE[name]
        if name in CALLS:
            calls += 1
        elif name.startswith(WRITES):
            return "would change the store"
    if not calls:
        return None
    named = called_procedures(query)
    if len(named) < calls:
        return "calls a procedure"
    for procedure in named:
        if procedure.lower() not in READ_PROCEDURES and not procedure.lower().startswith(READ_PROCEDURE_FAMILIES):
            return f"calls the procedure {procedure}"
    return None


def called_procedures(query: str) -> list[str]:
    """The procedures a statement's ``CALL`` clauses name (``CALL { ... }`` subqueries aside), dotted."""
    tokens = []  # (kind, text): words and `quoted` names as names, all else as itself
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        text = match.group()
        if kind == "skip":
            continue
        if kind == "quoted":
            tokens.append(("name", text[1:-1].replace("``", "`") if text.endswith("`") and len(text) > 1 else text))
        elif kind == "word":
            tokens.append(("word", text))
        else:
            tokens.append((kind, text))
    found = []
    for i, (kind, text) in enumerate(tokens):
        if kind != "word" or text.upper() != "CALL" or (i and tokens[i - 1][1] == "."):
            continue
        parts, j = [], i + 1
        while j < len(tokens) and tokens[j][0] in ("word", "name"):
            parts.append(tokens[j][1])
            if j + 1 < len(tokens) and tokens[j + 1] == ("other", "."):
                j += 2
            else:
                j += 1
                break
        if parts:
            found.append(".".join(parts))
    return found
