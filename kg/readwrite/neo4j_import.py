"""The stored graph as CSV files for ``neo4j-admin database import full``: a big corpus in one load.

MERGE batches (the writer) suit incremental updates; a first load of millions of papers
is faster through Neo4j's offline importer, which reads node and relationship files
whose headers name ids, types and labels (``id:ID``, ``year:int``, ``aliases:string[]``,
``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``). Fields are quoted as RFC 4180 says
(quotes doubled; commas and newlines inside quotes), a missing value is an empty field,
and arrays and multiple labels are split by U+001F, which no exported text holds.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ..errors import KgError
from ..records import CONTROL_CHARACTERS
from ..schema import CONCEPT, CONCEPT_PROPERTIES, LINK_PROPERTIES, PAPER, PAPER_PROPERTIES

ARRAY_DELIMITER = "\x1f"
FILES = ("papers.csv", "concepts.csv", "relationships.csv")
# Neo4j types of the properties that are not strings.
TYPES = {"year": "int", "month": "int", "authors": "int", "papers": "int", "stub": "boolean",
         "confidence": "float", "aliases": "string[]", "via": "string[]"}


def import_command(directory: Path) -> str:
    """The neo4j-admin command that loads the files into a database named neo4j (stopped, empty)."""
    files = [f"--nodes={directory / FILES[0]}", f"--nodes={directory / FILES[1]}",
             f"--relationships={directory / FILES[2]}"]
    return ("neo4j-admin database import full neo4j " + " ".join(files)
            + " --array-delimiter=U+001F --multiline-fields=true")


def _header(name: str) -> str:
    return f"{name}:{TYPES[name]}" if name in TYPES else name


def _cell(value):
    if value is None:
        return None  # an empty field: no property
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ARRAY_DELIMITER.join(_text(v) for v in value)
    return _text(value) if isinstance(value, str) else value


def _text(value) -> str:
    return CONTROL_CHARACTERS.sub("", str(value))  # U+001F among them: it cannot split an array by mistake


def write_import_files(graph, directory: str | Path) -> Path:
    """Write ``papers.csv``, ``concepts.csv`` and ``relationships.csv`` of ``graph`` (from the store).

    ``directory`` is created; an existing one must be empty or hold only these files, so
    nothing else in it is overwritten.
    """
    directory = Path(directory)
    if directory.exists() and (not directory.is_dir() or set(p.name for p in directory.iterdir()) - set(FILES)):
        raise KgError(f"cannot export to {directory}: not an empty directory (nor one kg wrote these files to)")
    paper_columns = ["id", *PAPER_PROPERTIES, "stub"]
    concept_columns = ["id", *CONCEPT_PROPERTIES]
    link_columns = [*LINK_PROPERTIES, "papers"]
    tables = {
        FILES[0]: ([_header(c) if c != "id" else "id:ID" for c in paper_columns] + [":LABEL"],
                   [[_cell(d.get(c)) for c in paper_columns] + [PAPER]
                    for _, d in graph.nodes(data=True) if d["type"] == PAPER]),
        FILES[1]: ([_header(c) if c != "id" else "id:ID" for c in concept_columns] + [":LABEL"],
                   [[_cell(d.get(c)) for c in concept_columns] + [ARRAY_DELIMITER.join((CONCEPT, d["type"]))]
                    for _, d in graph.nodes(data=True) if d["type"] != PAPER]),
        FILES[2]: ([":START_ID", ":END_ID", ":TYPE", *(_header(c) for c in link_columns)],
                   [[source, target, kind, *(_cell(d.get(c)) for c in link_columns)]
                    for source, target, kind, d in graph.edges(keys=True, data=True)]),
    }
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, (header, rows) in tables.items():
            with (directory / name).open("w", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(header)
                writer.writerows(rows)
    except OSError as err:
        raise KgError(f"cannot write {directory}: {err.strerror}") from None
    return directory
