"""``kg curate``: the user's corrections to the concepts (a thesaurus file), applied to a store and kept in it."""

from __future__ import annotations

import sys
from pathlib import Path

from ..store.base import BATCH_SIZE
from .options import Commands, example, open_graph, positive_int, store_options
from .queries import totals

FORMAT = """Merge, rename, retype and drop concepts with a thesaurus file, as VOSviewer's, and keep it in the store
so every later build applies it too. Applying the same file twice is applying it once; a file
without rows removes the stored thesaurus. kg stats lists the stored rows.

The file is tab-separated, one row a line (# comments and blank lines are skipped):
  low-rank adaptations<TAB>LoRA      merge: the concept FROM names becomes the one TO names
  Contriever<TAB>Contriever model    rename: the concept is then named TO as written
  ANCE<TAB>Method:ANCE               retype: TO may start with Method:, Dataset:, Loss: or Task:
  ANCE<TAB>ANCE<TAB>Method           the same, the type in a third column
  ignore<TAB>neural networks         drop the concept NAME names
FROM and NAME are any name or alias of a concept, compared as the build compares names.
A VOSviewer thesaurus (header "label<TAB>replace by"; an empty replacement drops) reads as is."""


def add_commands(commands: Commands) -> None:
    p = commands.add("curate", "Apply a thesaurus file (merge, rename, retype, drop concepts) to a store and "
                     "keep it for later builds.", cmd_curate)
    p.description = FORMAT
    p.add_argument("thesaurus", metavar="FILE", help="the thesaurus: tab-separated FROM, TO [, TYPE] rows and ignore rows")
    p.add_argument("--batch-size", type=positive_int, default=BATCH_SIZE,
                   help="rows per store write (default: %(default)s)")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    store_options(p)
    p.set_defaults(write=True)


@example("kg curate thesaurus.tsv --store-dir kg-data   # then: kg stats lists its rows")
def cmd_curate(args) -> int:
    from ..graph.thesaurus import Thesaurus

    rows = Thesaurus.read(args.thesaurus)  # a bad row fails here, naming file:line, before the store is opened
    with open_graph(args) as graph:
        written = graph.curate(args.thesaurus, batch_size=args.batch_size, quiet=args.quiet)
        what = (f"applied {len(rows.rows())} row{'s' if len(rows.rows()) != 1 else ''} of {Path(args.thesaurus).resolve()} and kept them"
                if rows else "removed the stored thesaurus")
        print(f"{what}: {len(written.concepts):,} concepts; {graph.store.location} now holds {totals(graph)}")
    for row in written.unused_rows:
        print(f"kg: note: {args.thesaurus}: this row names no concept in the store: {row!r}", file=sys.stderr)
    return 0
