"""The stages are packages and flow one way: no module imports a later stage, and no imports go round in a cycle.

Read from the source with ``ast``, so imports inside functions (kept lazy for start-up
time) count as much as those at the top. The modules are the packages ``pyproject.toml``
ships, found where its ``package-dir`` puts them (``kg.cypher`` is ``cypher/``).
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[2]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]

# The stages in the order data flows; a module may import its own stage or an earlier one. First the
# shared vocabulary and files every stage reads, then one package a stage (api is the one module after them).
LAYERS = [
    ["kg.errors", "kg.records", "kg.schema", "kg.version", "kg.progress", "kg.data", "kg.cypher", "kg.viz"],
    ["kg.readers"],
    ["kg.extract"],
    ["kg.graph"],
    ["kg.store"],
    ["kg.build"],
    ["kg.views"],
    ["kg.readwrite"],
    ["kg.explore"],
    ["kg.api"],
    ["kg.serve"],
    ["kg.cli"],
]
RANK = {part: rank for rank, parts in enumerate(LAYERS) for part in parts}


def package_dir(package: str) -> Path:
    """Where a package's files are: its own ``package-dir`` entry, else inside its parent's folder."""
    if package in SETUPTOOLS["package-dir"]:
        return ROOT / SETUPTOOLS["package-dir"][package]
    parent, _, last = package.rpartition(".")
    return package_dir(parent) / last if parent else ROOT / package


def modules() -> dict[str, Path]:
    found = {}
    for package in SETUPTOOLS["packages"]:
        for path in package_dir(package).glob("*.py"):
            found[package if path.stem == "__init__" else f"{package}.{path.stem}"] = path
    return found


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
            for alias in node.names:  # "from ..cypher import library" imports the module kg.cypher.library
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return found - {name}


def layer(module: str) -> int | None:
    """The rank of the layer ``module`` belongs to: its own entry or its package's; the kg package itself is -1."""
    if module == "kg":
        return -1  # the kg package re-exports the API
    parts = module.split(".")
    return next((RANK[".".join(parts[:n])] for n in range(len(parts), 1, -1) if ".".join(parts[:n]) in RANK), None)


def import_graph() -> nx.DiGraph:
    known = modules()
    graph = nx.DiGraph()
    for name, path in known.items():
        graph.add_node(name)
        graph.add_edges_from((name, other) for other in imports(name, path, set(known)))
    return graph


def test_every_module_of_kg_belongs_to_a_layer():
    assert sorted(m for m in modules() if layer(m) is None) == []


def test_every_package_on_disk_is_shipped():
    """A folder with an ``__init__.py`` missing from pyproject's ``packages`` would be left out of the wheel."""
    on_disk = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kg").rglob("__init__.py")
               if "__pycache__" not in p.parts}
    assert on_disk - set(SETUPTOOLS["packages"]) == set()


def test_no_module_imports_a_later_stage():
    graph = import_graph()
    later = sorted((a, b) for a, b in graph.edges if a != "kg" and layer(b) > layer(a))
    assert later == []


def test_no_import_cycles():
    graph = import_graph()
    graph.remove_node("kg")  # the package re-exports kg.api, which every "from kg import" would close into a loop
    packages = [name for name, path in modules().items() if path.name == "__init__.py"]
    graph.remove_nodes_from(packages)  # a package's __init__ re-exports its own modules, by design
    assert list(nx.simple_cycles(graph)) == []
