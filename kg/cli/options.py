"""What the commands share: argument types, the common options, the store the options name, ``--param``
values, and checks that an output can be written before hours of work go into it."""

from __future__ import annotations

import argparse
import json
import math
import os
from collections.abc import Sequence
from pathlib import Path

from ..cypher import library
from ..errors import KgError, QueryError, shown
from ..readers import FORMATS
from ..store import DEFAULT_STORE_DIR, DEFAULT_WAIT
from .tables import ROW_FORMATS


def example(text: str):
    """Attach the command's example to its handler, so the two are read and changed together."""
    def attach(handler):
        handler.example = text
        return handler
    return attach


def positive_int(text: str) -> int:
    """An argparse type for counts and sizes, where 0 or less would silently do nothing."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def confidence(text: str) -> float:
    """An argparse type for a confidence cut-off, a probability."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, got {value}")
    return value


class Commands:
    """The sub-commands of ``kg``: each command module's ``add_commands`` adds its own here, with its handler."""

    def __init__(self, subparsers):
        self.subparsers = subparsers

    def add(self, name: str, help_: str, handler) -> argparse.ArgumentParser:
        p = self.subparsers.add_parser(name, help=help_, description=help_, epilog="example:\n  " + handler.example,
                                       formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=handler)
        return p


def store_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store-dir", default=DEFAULT_STORE_DIR, help="embedded store directory (default: %(default)s)")
    p.add_argument("--store", metavar="URI", help="Neo4j instead: bolt://host:7687, neo4j:// or neo4j+s://")
    p.add_argument("--user", help="Neo4j user (default: $NEO4J_USERNAME or neo4j)")
    p.add_argument("--password", help="Neo4j password (default: $NEO4J_PASSWORD)")
    p.add_argument("--database", help="Neo4j database (default: the server's default)")
    p.add_argument("--wait", type=float, default=DEFAULT_WAIT, metavar="SECONDS",
                   help="wait this long for another kg command using the same store (default: %(default)s)")


def input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--input-format", choices=FORMATS, help="read every input as this format "
                   "(default: chosen per file from its content)")
    p.add_argument("--strict", action="store_true",
                   help="exit non-zero, writing nothing, if any record cannot be read (default: skip it)")
    p.add_argument("--workers", type=positive_int, metavar="N", help="parse in N processes (default: one per core "
                   "when the corpus is big enough to repay starting them)")
    p.add_argument("--min-confidence", type=confidence, metavar="P",
                   help="keep entities at least this likely to be right: higher is more precise and finds "
                   "fewer, e.g. 0.7 (default: the model's own cut-off, 0.5; README: How well it does)")


def format_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=ROW_FORMATS, default="table",
                   help="table (for reading; long values cut, marked …), json (one array), jsonl (one object a "
                   "line), csv; the machine formats are never cut (default: %(default)s)")


def params_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="a query parameter; repeatable")
    format_option(p)


def open_graph(args, create: bool = False):
    """The store the arguments name; only ``kg build`` creates one, reading commands refuse a missing one at once."""
    from ..api import KnowledgeGraph
    from ..store import open_store

    options = {k: getattr(args, k) for k in ("user", "password", "database") if getattr(args, k, None)}
    write = create or getattr(args, "write", False)  # a writer has the store alone; readers share it
    return KnowledgeGraph(open_store(args.store, args.store_dir, wait=args.wait, create=create, write=write,
                                     **options))


def parse_params(pairs: list[str], typed: bool = False, strings: Sequence[str] = ()) -> dict:
    """``--param`` values; ``typed``: as JSON where they parse (3, true, [1, 2], null), else strings.

    Named queries declare their parameters' types, so they take strings; raw Cypher has no
    declarations, and ``--param n=3`` must compare with a number. ``--param-string`` keeps text.
    """
    params = {}
    for pair in [*pairs, *strings]:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryError(f"--param needs KEY=VALUE, got {pair!r}")
        params[key.strip()] = _json_or_text(key.strip(), value) if typed and pair not in strings else value
    return params


INT64 = range(-2**63, 2**63)  # what both stores hold; a bigger integer was silently clamped to the edge
MAX_NESTING = 32  # lists and maps in one --param; the stores' drivers recurse per level (900 failed there)


def _json_or_text(key: str, value: str):
    """The JSON value ``value`` spells, or the text itself; a number no store holds is refused, not bent.

    NaN and Infinity compare with nothing, 1e400 is Infinity to a float, and a 20-digit
    integer became 9223372036854775807: each is a QueryError naming the parameter.
    """
    def refuse(why: str):
        raise QueryError(f"--param {key}={shown(value, 30)}: {why}; pass --param-string {key}=... to send it as text")

    def integer(text: str) -> int:
        if len(text.lstrip("-")) > 19 or int(text) not in INT64:  # int() refuses 4,300 digits and more
            refuse("an integer beyond 64 bits, which the store cannot hold")
        return int(text)

    def real(text: str) -> float:
        number = float(text)
        return number if math.isfinite(number) else refuse("a number beyond the range of a 64-bit float")

    try:
        parsed = json.loads(value, parse_int=integer, parse_float=real,
                            parse_constant=lambda _: refuse("NaN and Infinity are not numbers a store compares"))
    except RecursionError:
        refuse(f"lists or maps nested more than {MAX_NESTING} deep")
    except ValueError:
        return value
    if _nesting(parsed) > MAX_NESTING:
        refuse(f"lists or maps nested more than {MAX_NESTING} deep")
    return parsed


def _nesting(value) -> int:
    """How deep lists and maps go in a parsed value (0 for a number or text), without recursing."""
    deepest, todo = 0, [(value, 0)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, (list, dict)):
            deepest = max(deepest, depth + 1)
            todo.extend((v, depth + 1) for v in (value.values() if isinstance(value, dict) else value))
    return deepest


def query_params(name: str, pairs: list[str]) -> dict:
    """A named query's ``--param`` values, bound and checked here, before the store is opened."""
    params = parse_params(pairs)
    library.statement("queries", name).bind(params)  # raises QueryError on a bad name or value
    return params


def check_output(path: str | Path, option: str, make_parents: bool = False) -> Path:
    """Refuse an output kg could not write, before the work that would produce it.

    A build or an extraction can take hours; a typo in ``-o`` or ``--html`` must not be
    found only when its result is ready. ``make_parents``: the writer creates missing
    folders (the HTML maps do), so only a file in the way or a folder kg may not write
    in is refused. Raises :class:`KgError` (exit 1) naming the option and the path.
    """
    target = Path(path)

    def refuse(why: str):
        raise KgError(f"cannot write {option} {path}: {why}")

    if target.is_dir():
        refuse("it is a directory; name a file")
    existing = next(p for p in (target.parent, *target.parent.parents) if p.exists() or p == Path(p.anchor))
    if not existing.is_dir():
        refuse(f"{existing} is a file, not a directory")
    if existing != target.parent and not make_parents:
        refuse(f"directory {target.parent} does not exist; create it first")
    if not os.access(existing, os.W_OK | os.X_OK) or (target.exists() and not os.access(target, os.W_OK)):
        refuse("permission denied")
    return target


class OutputFile:
    """The file ``kg extract -o`` writes: checked and opened before the work, put in place only when whole.

    Lines go to a hidden file beside the target, renamed over it at the end, so a full
    disk or Ctrl-C leaves the previous file as it was and no half file; a device or a pipe
    (``-o /dev/stdout``) is written directly. A write failure is a one-line KgError.
    """

    def __init__(self, path: str, option: str = "-o"):
        self.shown, self.option, self.temp = path, option, None
        target = check_output(path, option)
        try:
            if target.exists() and not target.is_file():  # /dev/null, a fifo: never replaced
                self.final = target
                self.handle = open(target, "w", encoding="utf-8")
                return
            self.final = Path(os.path.realpath(target))  # a symlink's file is replaced, not the link
            self.temp = self.final.with_name(f".{self.final.name}.{os.getpid()}.part")
            self.handle = open(os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "w", encoding="utf-8")
            if self.final.exists():
                os.chmod(self.temp, self.final.stat().st_mode & 0o7777)
        except OSError as err:
            raise KgError(f"cannot write {option} {path}: {err.strerror}") from None

    def write_lines(self, lines) -> None:
        try:
            for line in lines:
                self.handle.write(line)
            self.handle.close()
            if self.temp:
                os.replace(self.temp, self.final)
                self.temp = None
        except OSError as err:
            kept = f"; {self.final} was left as it was" if self.temp else ""
            raise KgError(f"cannot write {self.option} {self.shown}: {err.strerror}{kept}") from None

    def discard(self) -> None:
        """Close and remove the hidden file if the lines never made it in place; safe to call twice."""
        try:
            self.handle.close()
        except OSError:
            pass  # a full disk again: the file is removed below anyway
        if self.temp:
            Path(self.temp).unlink(missing_ok=True)
            self.temp = None
