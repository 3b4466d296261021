"""The Cypher library: named statements kept as files in ``cypher/``, loaded as package data.

Layout::

    cypher/queries/<name>.cypher   named queries users call (kg query NAME)
    cypher/write/<name>.cypher     statements the writer sends
    cypher/<dialect>/<name>.cypher a dialect's own version of either, used instead

Each file opens with a header of ``//`` comments::

    // <one-line purpose>
    // param <name>: <type> [= <default>] — <meaning>
    // example: kg query <name> --param key=value
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..errors import MissingParameter, QueryError, shown
from .. import schema

PARAM_LINE = re.compile(r"^//\s*param\s+(\w+)\s*:\s*(\w+)(?:\s*=\s*(\S+))?\s*(?:—|--|-)?\s*(.*)$")


def concept_type(text: str) -> str:
    """A concept type in any case (``method``, ``DATASET``), as the store spells it (``Method``).

    An unknown one is an error listing the valid ones: it used to match nothing and exit 0.
    """
    by_lower = {t.lower(): t for t in schema.CONCEPT_TYPES}  # read when called: kg imports this module first
    if text.strip().lower() in by_lower:
        return by_lower[text.strip().lower()]
    close = difflib.get_close_matches(text.strip().lower(), list(by_lower), n=1, cutoff=0.7)
    hint = f"did you mean {by_lower[close[0]]}? " if close else ""
    raise ValueError(f"unknown concept type {text!r}; {hint}choose from {', '.join(schema.CONCEPT_TYPES)} (any case)")


def text_list(text: str) -> list[str]:
    """A list from the command line: a JSON list (``["dataset:ance"]``) or comma-separated values.

    Ids hold no commas, so ``a,b`` is two; a value that opens with ``[`` is read as JSON.
    """
    if text.lstrip().startswith("["):
        try:
            parsed = json.loads(text)
        except ValueError:
            raise ValueError(f"not a JSON list: {text!r}") from None
        if not isinstance(parsed, list) or not all(isinstance(v, str) for v in parsed):
            raise ValueError(f"a JSON list of strings, not {text!r}")
        return parsed
    return [v.strip() for v in text.split(",") if v.strip()]


TYPES = {
    "string": str,
    "concept": str,  # a concept's id, name or alias: resolved to the id in run()
    "concepts": text_list,  # a list of those
    "type": concept_type,
    "int": int,
    "float": float,
    "bool": lambda s: s.lower() in {"1", "true", "yes"},
    "list": text_list,
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    help: str

    def convert(self, value):
        """``value`` as the declared type; a string is parsed, as the CLI passes every value as text.

        Every int parameter of the library is a count, a year or a hop count: a negative one
        made the store fail ("Limit operates only on non-negative integers"), and one past
        64 bits was clamped, so both are refused here, for the CLI and the Python API alike.
        """
        if isinstance(value, str) and self.type in TYPES:
            try:
                value = TYPES[self.type](value.strip() if self.type == "int" else value)
            except ValueError as err:
                if self.type in ("type", "list"):
                    raise QueryError(f"parameter {self.name}: {err}") from None
                raise QueryError(f"parameter {self.name} must be {self.type}, not {shown(value)!r}") from None
        if self.type == "int" and not isinstance(value, bool) and isinstance(value, int) \
                and value not in range(0, 2**63):
            raise QueryError(f"parameter {self.name} must be a whole number from 0 to {2**63 - 1}, not {shown(str(value))}")
        return value


@dataclass(frozen=True)
class Statement:
    name: str
    text: str
    purpose: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)
    example: str = ""

    def bind(self, given: dict) -> dict:
        """Parameters for a run: given values converted to their declared types, defaults filled in."""
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise QueryError(f"query {self.name} has no parameter {unknown[0]!r}; "
                             f"it takes: {', '.join(declared) or 'none'}")
        bound = {}
        for p in self.params:
            if p.name in given:
                bound[p.name] = p.convert(given[p.name])
            elif p.default is not None:
                bound[p.name] = p.convert(p.default)
            else:
                raise MissingParameter(self.name, p.name, p.help)
        return bound


def parse_statement(name: str, text: str) -> Statement:
    """A statement and its header. The purpose is the header's first sentence, which may run over
    several ``//`` lines (``kg queries`` cut it at the first line's end); later lines are notes."""
    purpose, example, params, whole = "", "", [], False
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        if m := PARAM_LINE.match(line):
            params.append(Param(m.group(1), m.group(2), m.group(3), m.group(4).strip()))
        elif line.lower().startswith("// example:"):
            example = line.split(":", 1)[1].strip()
        elif not whole:
            purpose = f"{purpose} {line.lstrip('/ ').strip()}".strip()
            whole = purpose.endswith(".")
    return Statement(name, text.strip(), purpose, tuple(params), example)


def _folder(kind: str):
    return resources.files("kg.cypher").joinpath(kind)


NAME = re.compile(r"[a-z][a-z0-9_]*")


@lru_cache(maxsize=None)
def statement(kind: str, name: str, dialect: str | None = None) -> Statement:
    """The statement ``kind/name`` (kind: queries, read or write), in the dialect's own version if it has one.

    ``name`` is a name from the library, never a path: nothing outside ``cypher/`` is read.
    """
    if not NAME.fullmatch(name):
        raise QueryError(f"{name!r} is not a query name (letters, digits and _); see: kg queries")
    if dialect:
        own = resources.files("kg.cypher").joinpath(dialect, f"{name}.cypher")
        if own.is_file():
            return parse_statement(name, own.read_text(encoding="utf-8"))
    path = _folder(kind).joinpath(f"{name}.cypher")
    if not path.is_file():
        known = names(kind)
        what = {"queries": "query", "write": "write statement", "read": "read statement"}.get(kind, kind)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        raise QueryError(f"no {what} named {name!r}; {hint}known: {', '.join(known)}")
    return parse_statement(name, path.read_text(encoding="utf-8"))


def run(store, kind: str, name: str, /, *, read_only: bool = True, **params) -> list[dict]:
    """The one way to run a named statement: load it in the store's dialect, bind ``params``, run it.

    Read-only unless asked, so a query file that writes by mistake is refused by the database.
    """
    found = statement(kind, name, store.dialect)
    bound = found.bind(params)
    for p in found.params:
        if p.type == "concept" and isinstance(bound.get(p.name), str):
            bound[p.name] = concept_id(store, bound[p.name])
        elif p.type == "concepts" and isinstance(bound.get(p.name), list):
            bound[p.name] = concept_ids(store, bound[p.name])
    return store.run(found.text, bound, read_only=read_only)


def concept_ids(store, given: list) -> list:
    """:func:`concept_id` for each value of a list; ids (what the maps pass) cost one indexed look-up in all."""
    known = _known_ids(store, [v for v in given if isinstance(v, str)])
    return [v if v in known or not isinstance(v, str) else _concept_by_name(store, v) for v in given]


def _known_ids(store, values: list[str]) -> set[str]:
    return {r["id"] for r in store.run(statement("read", "known_concept_ids", store.dialect).text, {"ids": values},
                                       read_only=True)}


def concept_id(store, given: str) -> str:
    """The id of the concept ``given`` names: an id as it is, else a name or alias in any case.

    ``--param id=CLIP`` and ``id=method:clip`` then find CLIP, whose id is
    ``method:contrastive language image pre training``. Among concepts sharing a name the one
    with most papers wins. A value naming nothing is passed on unchanged (the query finds no rows).
    An id, what kg's own pages pass, is found by the index alone; only a name reads every concept.
    """
    return given if _known_ids(store, [given]) else _concept_by_name(store, given)


def paper_rows(store, name: str, paper: str, **params) -> list[dict]:
    """The rows of the read statement ``name`` for the paper ``paper`` names: its id (found by the index), else its
    exact title (one scan of the papers, only when no id matched)."""
    rows = run(store, "read", name, paper=paper, **params)
    if rows:
        return rows
    titled = run(store, "read", "paper_by_title", title=paper)
    return run(store, "read", name, paper=titled[0]["id"], **params) if titled else []


def _concept_by_name(store, given: str) -> str:
    kind, _, name = given.partition(":")
    kind = schema.concept_type_named(kind) or ""
    values = {"given": given, "lower": given.strip().lower(), "type": kind, "name": name.strip().lower()}
    rows = store.run(statement("read", "concept_id", store.dialect).text, values, read_only=True)
    return rows[0]["id"] if rows else given


def names(kind: str) -> list[str]:
    return sorted(p.name[:-7] for p in _folder(kind).iterdir() if p.name.endswith(".cypher"))


def library() -> list[Statement]:
    """Every named query, in name order."""
    return [statement("queries", n) for n in names("queries")]
