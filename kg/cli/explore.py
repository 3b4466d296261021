"""``kg search``, ``kg similar`` and ``kg place``: find text in the store, papers like a paper, and where an
abstract fits. Thin layers over :meth:`kg.api.KnowledgeGraph.search`, ``similar`` and ``place``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..errors import InputError
from .options import Commands, check_output, example, format_option, open_graph, positive_int, \
    store_options
from .tables import format_rows


def add_commands(commands: Commands) -> None:
    p = commands.add("search", "Search concept names and aliases, paper titles, abstracts and evidence sentences, "
                     "ranked, by the store's full-text index.", cmd_search)
    p.add_argument("text", help="words to find; every word must match (any word, when nothing matches all)")
    p.add_argument("--limit", type=positive_int, default=20, help="how many hits (default: %(default)s)")
    format_option(p)
    store_options(p)

    p = commands.add("similar", "Rank the papers most like a paper: shared concepts, rare ones counting more, and "
                     "the cosine of paper vectors when the store has them (kg build --vectors).", cmd_similar)
    p.add_argument("paper", help="the paper's id or exact title (kg search finds it)")
    p.add_argument("--limit", type=positive_int, default=10, help="how many papers (default: %(default)s)")
    format_option(p)
    store_options(p)

    p = commands.add("place", "Where an abstract fits: the concepts it shares with the corpus, those the corpus "
                     "has never seen, and its nearest papers. Extracts it with the shipped model; writes nothing.",
                     cmd_place)
    p.add_argument("file", help="a text file holding the abstract, or - for standard input")
    p.add_argument("--title", default="", help="the paper's title, if the file holds only the abstract")
    p.add_argument("--limit", type=positive_int, default=10, help="how many nearest papers (default: %(default)s)")
    p.add_argument("--html", metavar="FILE", help="also draw the abstract among its nearest papers and its concepts "
                   "as a self-contained page, as kg show draws a neighbourhood")
    format_option(p)
    store_options(p)


@example('kg search "contrastive loss" --limit 10 --format json')
def cmd_search(args) -> int:
    with open_graph(args) as graph:
        hits = graph.search(args.text, limit=args.limit)
    if hits.note:
        print(f"kg: note: {hits.note}", file=sys.stderr)
    print(format_rows(list(hits), args.format), end="")
    return 0


@example("kg similar gear-generation-augmented-retrieval-7f566e083e --limit 5")
def cmd_similar(args) -> int:
    with open_graph(args) as graph:
        rows = graph.similar(args.paper, limit=args.limit)
    print(format_rows(rows, args.format), end="")
    return 0


@example("kg place my-abstract.txt --format json")
def cmd_place(args) -> int:
    text = _read_text(args.file)  # a missing file fails before the store is opened
    if args.html:
        check_output(args.html, "--html", make_parents=True)
    with open_graph(args) as graph:
        placed = graph.place(text, limit=args.limit, title=args.title)
    if args.html:
        from ..explore.place import write_place_html

        print(f"{write_place_html(placed, args.html, text, args.title).resolve()}: the abstract among its "
              "nearest papers", file=sys.stderr)
    if args.format == "json":
        print(json.dumps(placed, ensure_ascii=False, indent=1))
    elif args.format == "table":
        for heading, key in (("concepts it shares with the corpus (rarest first)", "concepts"),
                             ("concepts the corpus has never seen", "new_concepts"), ("nearest papers", "nearest")):
            print(f"== {heading}")
            print(format_rows(placed[key], "table"))
    else:
        print(format_rows(place_rows(placed), args.format), end="")
    return 0


def place_rows(placed: dict) -> list[dict]:
    """``place``'s three lists as one list of rows with the same columns, for CSV and JSON lines."""
    empty: dict[str, Any] = {"kind": "", "id": None, "name": "", "type": "", "papers": None, "score": None, "shared": [],
             "cosine": None}
    rows = [{**empty, "kind": "concept", **{k: c[k] for k in ("id", "name", "type", "papers")}}
            for c in placed["concepts"]]
    rows += [{**empty, "kind": "new_concept", "name": c["name"], "type": c["type"]} for c in placed["new_concepts"]]
    rows += [{**empty, "kind": "paper", "id": p["id"], "name": p["title"], "type": "Paper", "score": p["score"],
              "shared": p["shared"], "cosine": p["cosine"]} for p in placed["nearest"]]
    return rows


def _read_text(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read {name}: {getattr(err, 'strerror', None) or err}") from None
