"""Would a statement change the store or reach outside it? Decided from FalkorDB's plan, not the text.

``GRAPH.RO_QUERY`` refuses changes to the graph, and write procedures, but lets
``LOAD CSV`` fetch files and URLs. So a read-only statement is first planned with
``GRAPH.EXPLAIN`` (which runs nothing) and refused if its plan holds an operation that
writes or reads a file or URL. A comment, odd spacing or case cannot hide a clause
from the plan.

The plan says that a procedure is called but not which one, so the procedure's name is
read from the statement (past comments, strings and backticks, by the tokenizer the Neo4j
store uses too) and must be one of the listed read procedures; a call whose name cannot be
read is refused.
"""

from __future__ import annotations

from .cypher_words import called_procedures

# FalkorDB plan operations that change the graph or fetch data from outside it
OUTSIDE = {"Load CSV": "reads a file or URL (LOAD CSV)"}
CALLS = {"ProcedureCall", "Call Procedure"}
WRITES = ("Create", "Merge", "Delete", "Update", "Drop", "Set", "Remove", "Foreach")
# procedures that only read the graph (algo.* are FalkorDB's graph algorithms); lower case
READ_PROCEDURES = {"db.labels", "db.relationshiptypes", "db.propertykeys", "db.indexes",
                   "db.idx.fulltext.querynodes", "db.idx.vector.querynodes"}
READ_PROCEDURE_FAMILIES = ("algo.",)


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
        if not reads_only(procedure):
            return f"calls the procedure {procedure or 'with no name'}"
    return None


def reads_only(procedure: str) -> bool:
    """One of FalkorDB's procedures that only read the graph."""
    return procedure.lower() in READ_PROCEDURES or procedure.lower().startswith(READ_PROCEDURE_FAMILIES)
