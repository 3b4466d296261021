"""Would a statement change the store or reach outside it? Decided from FalkorDB's plan, not the text.

``GRAPH.RO_QUERY`` refuses changes to the graph, but lets ``LOAD CSV`` fetch files and
URLs and lets procedures run. So a read-only statement is first planned with
``GRAPH.EXPLAIN`` (which runs nothing) and refused if its plan holds an operation that
writes, reads a file or URL, or calls a procedure (the plan does not say which one,
so any call counts). A comment, odd spacing or case cannot hide a clause from the plan.
"""

from __future__ import annotations

# FalkorDB plan operations that change the graph, fetch data from outside it, or run a procedure
OUTSIDE = {"Load CSV": "reads a file or URL (LOAD CSV)", "ProcedureCall": "calls a procedure",
           "Call Procedure": "calls a procedure"}
WRITES = ("Create", "Merge", "Delete", "Update", "Drop", "Set", "Remove", "Foreach")


def plan_refusal(plan) -> str | None:
    """Why a statement with this ``GRAPH.EXPLAIN`` plan must not run read-only, or None if it may."""
    operations = [plan] if isinstance(plan, (str, bytes)) else list(plan)
    for raw in operations:
        name = (raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)).split("|")[0].strip()
        if name in OUTSIDE:
            return OUTSIDE[name]
        if name.startswith(WRITES):
            return "would change the store"
    return None
