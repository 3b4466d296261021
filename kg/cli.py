"""The ``kg`` command line: a thin layer over the Python API, one sub-command per operation."""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import shutil
import sys
import time
from pathlib import Path

from . import library
from .errors import BadRecords, KgError, QueryError, shown
from .models import CONTROL_CHARACTERS
from .schema import CONCEPT_TYPES
from .spool import CHUNK
from .readers import FORMATS, corpus_files
from .store import DEFAULT_STORE_DIR
from .version import __version__, model_id

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


class VersionAction(argparse.Action):
    """``kg --version``: kg's version and the extraction model's hash, the pair a mentions file is stamped with.

    The model is hashed only when asked, not on every command.
    """

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show kg's version and its extraction model, then exit")

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"kg {__version__} (extraction model {model_id()})")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Turn paper abstracts into a citation and concept knowledge graph.",
        epilog="example: " + cmd_build.example, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=VersionAction)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_: str, handler) -> argparse.ArgumentParser:
        p = commands.add_parser(name, help=help_, description=help_, epilog="example:\n  " + handler.example,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
        p.set_defaults(func=handler)
        return p

    def store_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--store-dir", default=DEFAULT_STORE_DIR, help="embedded store directory (default: %(default)s)")
        p.add_argument("--store", metavar="URI", help="Neo4j instead: bolt://host:7687, neo4j:// or neo4j+s://")
        p.add_argument("--user", help="Neo4j user (default: $NEO4J_USERNAME or neo4j)")
        p.add_argument("--password", help="Neo4j password (default: $NEO4J_PASSWORD)")
        p.add_argument("--database", help="Neo4j database (default: the server's default)")
        p.add_argument("--wait", type=float, default=30.0, metavar="SECONDS",
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

    p = command("build", "Read abstracts, extract entities, and write the graph to a store.", cmd_build)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="corpus files or directories")
    store_options(p)
    p.add_argument("--html", default="kg-map.html", help="where to write the concept map (default: %(default)s)")
    p.add_argument("--batch-size", type=positive_int, default=2000, help="rows per store write (default: %(default)s)")
    p.add_argument("--chunk-size", type=positive_int, default=CHUNK, metavar="PAPERS",
                   help="papers resolved and written at a time; memory follows this, not the corpus "
                   "(default: %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    input_options(p)

    p = command("extract", "Extract entities from abstracts as JSON lines, one object per paper.", cmd_extract)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="corpus files or directories")
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.add_argument("--dask", metavar="CLUSTER", help="extract on a Dask cluster: 'local' (a LocalCluster of --workers "
                   "processes on this machine) or a scheduler address, tcp://HOST:8786")
    input_options(p)

    p = command("show", "Write the neighbourhood of a concept or paper as a self-contained HTML map.", cmd_show)
    p.add_argument("concept", help="a concept name or alias, or a paper title or id")
    p.add_argument("--hops", type=int, default=2, choices=[1, 2, 3],
                   help="1: its papers; 2: also the concepts those papers name; 3: also the papers of those "
                   "concepts (large around a hub; --max-nodes keeps the nearest)")
    p.add_argument("--max-nodes", type=positive_int, default=60, help="keep the strongest neighbours up to this many")
    p.add_argument("--html", help="output file (default: show-<concept>.html, so the build's map stays)")
    store_options(p)

    p = command("map", "Write an overview map of the corpus: top concepts, linked and coloured by community.",
                cmd_map)
    p.add_argument("--top", type=positive_int, help="how many concepts, by paper count (default: a third of the "
                   "papers, between 30 and 150)")
    p.add_argument("--types", help="comma-separated concept types to show (default: all)")
    p.add_argument("--min-shared", type=positive_int, default=2, help="papers two concepts must share to be linked")
    p.add_argument("--html", default="kg-map.html", help="output file (default: %(default)s)")
    store_options(p)

    p = command("export", "Export the stored graph for other tools: GraphML, GEXF (Gephi) or node-link JSON.",
                cmd_export)
    p.add_argument("output", nargs="?", help="file to write; its extension picks the format unless --format is given")
    p.add_argument("--format", choices=["graphml", "gexf", "json"], help="output format")
    p.add_argument("--neo4j-import", metavar="DIR", help="instead, write node and relationship CSV files for "
                   "neo4j-admin database import full into DIR, and print the command that loads them")
    store_options(p)

    p = command("trend", "Papers per year for a concept, or the concepts rising fastest since a year.", cmd_trend)
    p.add_argument("concept", nargs="?", help="a concept name or alias (default: list the rising concepts)")
    p.add_argument("--since", type=int, help="first year of the recent period (default: the latest year stored)")
    p.add_argument("--limit", type=positive_int, default=20, help="how many rising concepts (default: %(default)s)")
    format_option(p)
    p.add_argument("--chart", metavar="HTML", help="also write the rows as a bar chart to this self-contained page")
    store_options(p)

    p = command("stats", "Count the nodes and relationships in a store.", cmd_stats)
    format_option(p)
    store_options(p)

    p = command("query", "Run a named query from the Cypher library.", cmd_query)
    p.add_argument("name", help="query name (see: kg queries)")
    params_option(p)
    store_options(p)

    command("queries", "List the named queries with their purpose and parameters.", cmd_queries)

    p = command("cypher", "Run a Cypher statement, read-only unless --write; pass values with --param, "
                "refer to them as $key.", cmd_cypher)
    p.add_argument("text", help="the Cypher statement")
    p.add_argument("--write", action="store_true", help="allow the statement to change the store (and LOAD CSV)")
    p.add_argument("--param-string", action="append", default=[], metavar="KEY=VALUE",
                   help="a parameter kept as text even when it looks like a number (--param n=3 is the number 3)")
    params_option(p)
    store_options(p)
    return parser


def _open(args, create: bool = False):
    """The store the arguments name; only ``kg build`` creates one, reading commands refuse a missing one at once."""
    from .api import KnowledgeGraph
    from .store import open_store

    options = {k: getattr(args, k) for k in ("user", "password", "database") if getattr(args, k, None)}
    write = create or getattr(args, "write", False)  # a writer has the store alone; readers share it
    return KnowledgeGraph(open_store(args.store, args.store_dir, wait=args.wait, create=create, write=write,
                                     **options))


def _params(pairs: list[str], typed: bool = False, strings: list[str] = ()) -> dict:
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


def _query_params(name: str, pairs: list[str]) -> dict:
    """A named query's ``--param`` values, bound and checked here, before the store is opened."""
    params = _params(pairs)
    library.load("queries", name).bind(params)  # raises QueryError on a bad name or value
    return params


def _check_output(path: str | Path, option: str, make_parents: bool = False) -> Path:
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
        target = _check_output(path, option)
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


ROW_FORMATS = ("table", "json", "jsonl", "csv")
CELL_WIDTH = 60  # a table cell longer than this is cut and ends in CUT
CUT = "…"
WHOLE_COLUMNS = re.compile(r"(^|_)ids?$")  # ids are copied into --param id=...: a cut one would match nothing


def format_rows(rows: list[dict], fmt: str) -> str:
    """Rows in one of ROW_FORMATS, as sqlite-utils writes them.

    ``json`` is one JSON array (``json.load`` reads it), an object a line inside it; ``jsonl``
    one object a line, nothing around them; ``csv`` a header and a row a line. These three are
    for programs and never cut anything. ``table`` is for people: a value longer than
    CELL_WIDTH characters is cut and ends in "…", and a note under the table says so, except
    in id columns, which are shown whole because they are what ``--param id=`` takes.
    """
    if fmt in ("json", "jsonl"):
        lines = [json.dumps(r, ensure_ascii=False, default=str) for r in rows]
        if fmt == "jsonl":
            return "".join(line + "\n" for line in lines)
        return "[" + ",\n ".join(lines) + "]\n"
    columns = list(rows[0]) if rows else []

    def cell(value) -> str:
        text = "; ".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)
        return CONTROL_CHARACTERS.sub("", text)  # a title's terminal escapes must not reach the terminal

    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([[cell(r[c]) for c in columns] for r in rows])
        return out.getvalue()
    if not rows:
        return "(no rows)\n"
    table = [[cell(r[c]).replace("\n", " ") for c in columns] for r in rows]
    limits = [None if WHOLE_COLUMNS.search(c) else CELL_WIDTH for c in columns]
    widths = [min(limit or math.inf, max(len(c), *(len(row[i]) for row in table)))
              for i, (c, limit) in enumerate(zip(columns, limits))]
    cut = any(len(v) > w for row in table for v, w in zip(row, widths))
    clip = lambda s, w: s if len(s) <= w else s[: w - 1] + CUT  # noqa: E731
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(clip(v, w).ljust(w) for v, w in zip(row, widths)).rstrip() for row in table]
    if cut:
        lines.append(f"({CUT} ends a value cut to {CELL_WIDTH} characters; --format csv, json or jsonl gives it whole)")
    return "\n".join(lines) + "\n"


@example("kg build samples/hf-daily-papers --store-dir kg-data --html kg-map.html")
def cmd_build(args) -> int:
    """Extract first, then open the store: it is locked only while written, so queries run meanwhile."""
    corpus_files(args.inputs)  # a wrong path fails here, before any store is opened or created
    _check_output(args.html, "--html", make_parents=True)  # and a map kg could not write, before extraction
    from .pipeline import extract_corpus, write_extracted  # loads the language models: seconds
    from .spool import Spool
    from .store import EmbeddedStore

    if args.store:  # Neo4j holds no kg lock: a wrong address or password fails now, not after extraction
        _open(args).close()
    else:
        EmbeddedStore.check(args.store_dir)  # a directory that is not a store fails now, not after extraction
    started = time.monotonic()
    with Spool() as spool:  # the corpus and its mentions wait on disk, not in memory
        corpus, results = extract_corpus(args.inputs, quiet=args.quiet, strict=args.strict,
                                         input_format=args.input_format, workers=args.workers, spool=spool,
                                         min_confidence=args.min_confidence)
        with _open(args, create=True) as graph:
            report = write_extracted(corpus, results, graph.store, args.batch_size, args.quiet, started,
                                     args.chunk_size)
            _print_build(report, graph, args.html)
    _report_problems(report.problems)
    return 0


def _print_build(report, graph, html: str) -> None:
    e = report.entities
    print(f"read {report.entries} entries from {report.files} files: {report.papers} distinct papers")
    print(f"entities: {e['Method']} methods, {e['Dataset']} datasets, {e['Loss']} losses, {e['Task']} tasks")
    print(f"{graph.store.location} now holds {_totals(graph)} (kg stats lists them by label and type)")
    if report.undated:
        print(f"{report.undated} of {report.papers} papers have no year: kg trend counts only the "
              f"{report.papers - report.undated} that have one")
    if report.entities.total():
        print(f"concept map: {Path(graph.map(html=html)).resolve()}")


def _report_problems(problems) -> None:
    for problem in problems:
        print(f"kg: skipped {problem}", file=sys.stderr)
    if problems:
        print(f"kg: {len(problems)} record{'s' if len(problems) != 1 else ''} skipped; "
              "--strict makes that an error", file=sys.stderr)


@example("kg extract samples/hf-daily-papers --output mentions.jsonl   # add --dask local or --dask tcp://HOST:8786")
def cmd_extract(args) -> int:
    corpus_files(args.inputs)  # a wrong input, then an output kg could not write, fail before any extraction
    out = OutputFile(args.output) if args.output else None
    try:
        from .pipeline import extract_corpus  # loads the language models: seconds
        from .spool import Spool
        from .version import stamp

        made_by = stamp()
        with Spool() as spool:  # the corpus and its mentions wait on disk, not in memory
            corpus, results = extract_corpus(args.inputs, quiet=args.output is None, strict=args.strict,
                                             input_format=args.input_format, workers=args.workers, dask=args.dask,
                                             spool=spool, min_confidence=args.min_confidence)
            lines = (json.dumps(result.as_json(made_by), ensure_ascii=False) + "\n" for result in results)
            if out:
                out.write_lines(lines)
            else:
                _write_stdout(lines)
    finally:
        if out:
            out.discard()
    _report_problems(corpus.problems)
    return 0


def _write_stdout(lines) -> None:
    """Lines to standard output; a full disk behind a redirection is a one-line error, not a traceback at exit."""
    try:
        for line in lines:
            sys.stdout.write(line)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as err:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python exits
        raise KgError(f"cannot write to standard output: {err.strerror}") from None


@example("kg show CLIP --hops 2 --html clip.html")
def cmd_show(args) -> int:
    from .api import show_file

    html = args.html or show_file(args.concept)
    _check_output(html, "--html", make_parents=True)
    with _open(args) as graph:
        page = graph.show(args.concept, html=html, hops=args.hops, max_nodes=args.max_nodes)
    if page.note:
        print(f"kg: note: {page.note}", file=sys.stderr)
    print(page.summary())
    return 0


@example("kg map --top 150 --types Method,Dataset,Loss --html overview.html")
def cmd_map(args) -> int:
    types = [t.strip().capitalize() for t in args.types.split(",")] if args.types else None
    unknown = sorted(set(types or ()) - set(CONCEPT_TYPES))
    if unknown:
        raise QueryError(f"--types: unknown type {unknown[0]!r}; choose from Method, Dataset, Loss, Task")
    _check_output(args.html, "--html", make_parents=True)
    with _open(args) as graph:
        page = graph.map(html=args.html, top=args.top, types=types, min_shared=args.min_shared)
    print(page.summary())
    return 0


@example("kg export graph.gexf   # or graph.graphml, graph.json; or: kg export --neo4j-import import/")
def cmd_export(args) -> int:
    if bool(args.output) == bool(args.neo4j_import):
        raise QueryError("kg export needs a file to write or --neo4j-import DIR (one of them)")
    if args.output:
        _check_output(args.output, "kg export")
    with _open(args) as graph:
        if args.neo4j_import:
            from .neo4j_import import import_command

            directory = graph.export_neo4j_import(args.neo4j_import).resolve()
            print(f"wrote {directory}; load it into a stopped, empty Neo4j with:\n  {import_command(directory)}")
            return 0
        path = graph.export(args.output, args.format)
    print(Path(path).resolve())
    return 0


@example("kg trend \"contrastive learning\" --chart trend.html   # or: kg trend --since 2024")
def cmd_trend(args) -> int:
    if args.chart:
        _check_output(args.chart, "--chart")
    with _open(args) as graph:
        rows = graph.trend(args.concept, since=args.since, limit=args.limit)
    if args.chart and rows:
        from .render import write_chart

        label, value = ("year", "papers") if args.concept else ("concept", "recent")
        title = f"Papers per year: {args.concept}" if args.concept else "Concepts rising: papers in the recent period"
        print(f"chart: {write_chart(rows, label, value, args.chart, title).resolve()}", file=sys.stderr)
    if args.concept and args.format == "table" and rows:
        widest = max(r["papers"] for r in rows)
        rows = [{**r, "": "█" * max(1, round(20 * r["papers"] / widest))} for r in rows]
    if not rows and args.format == "table":
        print("no papers with a year" + (f" mention {args.concept!r}" if args.concept else ""))
        return 0
    print(format_rows(rows, args.format), end="")
    return 0


def _totals(graph) -> str:
    """"N nodes and M relationships": what ``kg build`` reports and ``kg stats`` totals, from one count.

    The build used to report the rows it sent (239 nodes, 343 relationships) while the store,
    which counts CO_OCCURS itself, held 1,137 relationships; both now say what the store holds.
    """
    (row,) = library.run(graph.store, "read", "totals")
    return f"{row['nodes']:,} nodes and {row['relationships']:,} relationships"


@example("kg stats --store-dir kg-data --format json")
def cmd_stats(args) -> int:
    with _open(args) as graph:
        print(format_rows(graph.query("stats"), args.format), end="")
        if args.format == "table":
            print(f"total: {_totals(graph)} (a concept counts under Concept and under its type)")
    return 0


@example("kg query top_concepts --param type=Dataset --param limit=5 --format csv")
def cmd_query(args) -> int:
    params = _query_params(args.name, args.param)  # a bad name or value fails before the store is opened
    with _open(args) as graph:
        rows = graph.query(args.name, **params)
    print(format_rows(rows, args.format), end="")
    return 0


@example("kg queries")
def cmd_queries(args) -> int:
    import textwrap

    width = max(60, min(100, shutil.get_terminal_size().columns) - 25)  # the purpose whole, wrapped, never cut
    for statement in library.library():
        params = ", ".join(p.name + (f"={p.default}" if p.default else "") for p in statement.params)
        lines = textwrap.wrap(statement.purpose, width) or [""]
        print(f"{statement.name:24} {lines[0]}")
        for line in lines[1:] + ([f"params: {params}"] if params else []):
            print(f"{'':24} {line}")
    return 0


@example("kg cypher \"MATCH (c:Method) WHERE c.papers > \\$n RETURN c.name AS name\" --param n=3")
def cmd_cypher(args) -> int:
    params = _params(args.param, typed=True, strings=args.param_string)
    with _open(args) as graph:
        rows = graph.cypher(args.text, write=args.write, **params)
    print(format_rows(rows, args.format), end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except KgError as err:
        if isinstance(err, BadRecords):
            for problem in err.problems:
                print(f"kg: bad record {problem}", file=sys.stderr)
        print(f"kg: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # "kg extract ... | head": the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 141


if __name__ == "__main__":
    sys.exit(main())
