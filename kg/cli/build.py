"""``kg build`` and ``kg extract``: the commands that read abstracts and run the extraction."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from ..api import MAP_FILE
from ..build.spool import CHUNK
from ..errors import KgError
from ..graph.thesaurus import Thesaurus
from ..readers import corpus_files
from ..schema import CONCEPT_TYPE_DESCRIPTIONS
from ..store.base import BATCH_SIZE
from .options import (Commands, OutputFile, check_output, example, input_options, open_graph, positive_int,
                      store_options)
from .queries import totals


def add_commands(commands: Commands) -> None:
    p = commands.add("build", "Read abstracts, extract entities, and write the graph to a store.", cmd_build)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="corpus files or directories")
    store_options(p)
    p.add_argument("--html", default=MAP_FILE, help="where to write the concept map (default: %(default)s)")
    p.add_argument("--batch-size", type=positive_int, default=BATCH_SIZE, help="rows per store write (default: %(default)s)")
    p.add_argument("--chunk-size", type=positive_int, default=CHUNK, metavar="PAPERS",
                   help="papers resolved and written at a time; memory follows this, not the corpus "
                   "(default: %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--vectors", action=argparse.BooleanOptionalAction, default=False,
                   help="also store one MiniLM vector per paper in the store's vector index, for kg similar and "
                   "kg place (default: off; each abstract then costs a MiniLM pass more)")
    p.add_argument("--thesaurus", metavar="FILE", help="merge, rename, retype or drop concepts as this tab-separated "
                   "file says, and keep it for later builds (kg curate --help gives its rows)")
    input_options(p)

    p = commands.add("extract", "Extract entities from abstracts as JSON lines, one object per paper.", cmd_extract)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="corpus files or directories")
    p.add_argument("--output", "-o", help="file to write (default: standard output)")
    p.add_argument("--dask", metavar="CLUSTER", help="extract on a Dask cluster: 'local' (a LocalCluster of --workers "
                   "processes on this machine) or a scheduler address, tcp://HOST:8786")
    input_options(p)


@example("kg build samples/hf-daily-papers --store-dir kg-data --html kg-map.html")
def cmd_build(args) -> int:
    """Extract first, then open the store: it is locked only while written, so queries run meanwhile."""
    corpus_files(args.inputs)  # a wrong path fails here, before any store is opened or created
    check_output(args.html, "--html", make_parents=True)  # and a map kg could not write, before extraction
    thesaurus = Thesaurus.read(args.thesaurus) if args.thesaurus else None  # and a bad thesaurus row
    from ..build.pipeline import extract_corpus, write_extracted  # loads the language models: seconds
    from ..build.spool import Spool
    from ..store import EmbeddedStore

    if args.store:  # Neo4j holds no kg lock: a wrong address or password fails now, not after extraction
        open_graph(args).close()
    else:
        EmbeddedStore.check(args.store_dir)  # a directory that is not a store fails now, not after extraction
    started = time.monotonic()
    with Spool() as spool:  # the corpus and its mentions wait on disk, not in memory
        corpus, results = extract_corpus(args.inputs, quiet=args.quiet, strict=args.strict,
                                         input_format=args.input_format, workers=args.workers, spool=spool,
                                         min_confidence=args.min_confidence)
        with open_graph(args, create=True) as graph:
            report = write_extracted(corpus, results, graph.store, args.batch_size, args.quiet, started,
                                     args.chunk_size, thesaurus, vectors=args.vectors)
            _print_build(report, graph, args.html)
    if thesaurus is not None:
        rows = len(thesaurus.rows())
        print(f"thesaurus: {rows} row{'s' if rows != 1 else ''} of {Path(args.thesaurus).resolve()} applied and kept "
              "in the store for later builds (kg stats lists them)" if rows else "thesaurus: none kept any more")
    _report_problems(report.problems)
    return 0


def _print_build(report, graph, html: str) -> None:
    e = report.entities
    print(f"read {report.entries} entries from {report.files} files: {report.papers} distinct papers")
    print("entities: " + ", ".join(f"{e[t.name]} {t.plural}" for t in CONCEPT_TYPE_DESCRIPTIONS))
    print(f"{graph.store.location} now holds {totals(graph)} (kg stats lists them by label and type)")
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
        from ..build.pipeline import extract_corpus  # loads the language models: seconds
        from ..build.spool import Spool
        from ..version import stamp

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
