"""The stages flow one way: no module imports a later stage, and no imports go round in a cycle.

Read from the source with ``ast``, so imports inside functions (kept lazy for start-up
time) count as much as those at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

KG = Path(__file__).resolve().parent.parent / "kg"

# Stage of each top-level part of kg, in the order data flows; a module may import its own stage or earlier.
STAGES = [
    {"errors", "models", "schema", "library", "version", "data", "cypher", "viz", "progress", "spool"},  # shared vocabulary, files
    {"readers"},
    {"nlp", "extract"},
    {"resolve"},
    {"links", "graph"},
    {"store"},
    {"load", "pipeline", "distributed", "neighbourhood", "overview", "export", "neo4j_import"},
    {"layout", "render"},
    {"api"},
    {"cli"},
]
RANK = {part: rank for rank, parts in enumerate(STAGES) for part in parts}


def module_name(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in KG.rglob("*.py")}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kg modules ``name`` imports, anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "kg"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base.split(".")[0] != "kg":
                continue
            for alias in node.names:  # "from . import library" imports the module kg.library
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return found - {name}


def stage(module: str) -> int:
    parts = module.split(".")
    return RANK[parts[1]] if len(parts) > 1 else -1  # the kg package itself re-exports the API


def import_graph() -> nx.DiGraph:
    known = modules()
    graph = nx.DiGraph()
    for name, path in known.items():
        graph.add_node(name)
        graph.add_edges_from((name, other) for other in imports(name, path, set(known)))
    return graph


def test_every_part_of_kg_has_a_stage():
    assert {m.split(".")[1] for m in modules() if "." in m} <= set(RANK)


def test_no_module_imports_a_later_stage():
    graph = import_graph()
    later = sorted((a, b) for a, b in graph.edges if a != "kg" and stage(b) > stage(a))
    assert later == []


def test_no_import_cycles():
    graph = import_graph()
    graph.remove_node("kg")  # the package re-exports kg.api, which every "from kg import" would close into a loop
    packages = [n for n in graph if (KG.parent / n.replace(".", "/") / "__init__.py").exists()]
    graph.remove_nodes_from(packages)  # a package's __init__ re-exports its own modules, by design
    assert list(nx.simple_cycles(graph)) == []
