"""Every statement kg sends to a store lints clean with Neo4j's own Cypher analyser.

The analyser (@neo4j-cypher/language-support, lintCypherQuery) runs under Node from
tests/cypher_lint; `npm ci --prefix tests/cypher_lint` installs it (the README's test
command does). It is checked against a schema of kg's labels, relationship types,
property keys and parameters, so a misspelt label or an undefined parameter fails too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from kg.cypher import library
from kg.schema import CONCEPT_TYPES, NODE_LABELS, PAPER_CONCEPT_TYPES, PAPER_PAPER_TYPES, PROPERTY_KEYS, \
    RELATIONSHIP_TYPES
from kg.store.writer import fill, schema_statements

LINT_DIR = Path(__file__).parents[1] / "cypher_lint"
LABELS = list(NODE_LABELS)
REL_TYPES = list(RELATIONSHIP_TYPES)
ROW_KEYS = ["paper", "concept", "props", "target", "stub"]  # keys of the writer's $rows maps (row.paper)
SAMPLE = {"string": "x", "int": 1, "float": 0.5, "bool": True, "list": ["x"], "concepts": ["x"]}
# FalkorDB's own syntax that Neo4j's analyser refuses, and what it says of it: nothing else may be said there
FALKORDB_ONLY = {"falkordb/vector_index.cypher": "Failed to create vector node index: Invalid option provided"}


def every_statement() -> list[tuple[str, str]]:
    """(where, text) for every statement kg can send, in both dialects."""
    out = []
    root = resources.files("kg.cypher")
    for kind in ("queries", "read"):
        for name in library.names(kind):
            out.append((f"{kind}/{name}", library.statement(kind, name).text))
    for dialect in ("neo4j", "falkordb"):
        for path in root.joinpath(dialect).iterdir():
            if path.name.endswith(".cypher") and path.name != "schema.cypher":
                out.append((f"{dialect}/{path.name}", path.read_text()))
        for i, statement in enumerate(schema_statements(dialect)):
            out.append((f"{dialect}/schema.cypher#{i + 1}", statement))
    for name in library.names("write"):
        text = library.statement("write", name).text
        if "__LABEL__" in text:
            out += [(f"write/{name}[{t}]", fill(text, LABEL=t)) for t in CONCEPT_TYPES]
        elif "__TYPE__" in text:
            types = PAPER_PAPER_TYPES if name == "paper_paper_links" else PAPER_CONCEPT_TYPES
            out += [(f"write/{name}[{t}]", fill(text, TYPE=t)) for t in types]
        else:
            out.append((f"write/{name}", text))
    return out


def lint(statements: list[tuple[str, str]]) -> dict[str, list[dict]]:
    params = {}
    for _, text in statements:
        for p in re.findall(r"\$(\w+)", text):
            params.setdefault(p, [{"id": "x"}] if p == "rows" else SAMPLE["list"] if p == "ids" else "x")
    for statement in library.library():
        for p in statement.params:
            params[p.name] = SAMPLE.get(p.type, "x")
    schema = {"labels": LABELS, "relationshipTypes": REL_TYPES, "propertyKeys": [*PROPERTY_KEYS, *ROW_KEYS],
              "parameters": params}
    payload = json.dumps({"schema": schema, "statements": [{"name": n, "text": t} for n, t in statements]})
    result = subprocess.run(["node", str(LINT_DIR / "lint.cjs")], input=payload, capture_output=True, text=True,
                            check=True, timeout=300)
    return {r["name"]: r["diagnostics"] for r in json.loads(result.stdout)}


needs_analyser = pytest.mark.skipif(
    shutil.which("node") is None or not (LINT_DIR / "node_modules" / "@neo4j-cypher").exists(),
    reason="Neo4j's analyser is not installed: npm ci --prefix tests/cypher_lint")


@needs_analyser
def test_every_statement_lints_clean_against_kgs_schema():
    statements = every_statement()
    cypher = LINT_DIR.parent.parent / "cypher"
    files = {p.relative_to(cypher).with_suffix("").as_posix() for p in cypher.rglob("*.cypher")}
    assert {re.sub(r"(\.cypher)?(#\d+|\[\w+\])?$", "", where) for where, _ in statements} == files  # every file
    diagnostics = lint(statements)
    problems = {name: d for name, d in diagnostics.items()
                if d and not (name in FALKORDB_ONLY and all(FALKORDB_ONLY[name] in x["message"] for x in d))}
    assert problems == {}


@needs_analyser
def test_the_analyser_would_catch_a_mistake():
    found = lint([("bad", "MATCH (p:Papr) WHERE id(p) = $nope RETURN q")])["bad"]
    messages = " ".join(d["message"] for d in found)
    assert "Papr" in messages and "deprecated" in messages and "`q` not defined" in messages
