"""``kg show``, ``kg map``, ``kg export`` and ``kg trend``: the commands that turn the stored graph into pages,
files for other tools, and counts over time."""

from __future__ import annotations

import sys
from pathlib import Path

from ..api import MAP_FILE
from ..errors import QueryError
from ..schema import CONCEPT_TYPES, concept_type_named
from .options import Commands, check_output, example, format_option, open_graph, positive_int, store_options
from .tables import format_rows


def add_commands(commands: Commands) -> None:
    p = commands.add("show", "Write the neighbourhood of a concept or paper as a self-contained HTML map.", cmd_show)
    p.add_argument("concept", help="a concept name or alias, or a paper title or id")
    p.add_argument("--hops", type=int, default=2, choices=[1, 2, 3],
                   help="1: its papers; 2: also the concepts those papers name; 3: also the papers of those "
                   "concepts (large around a hub; --max-nodes keeps the nearest)")
    p.add_argument("--max-nodes", type=positive_int, default=60, help="keep the strongest neighbours up to this many")
    p.add_argument("--html", help="output file (default: show-<concept>.html, so the build's map stays)")
    store_options(p)

    p = commands.add("map", "Write an overview map of the corpus: top concepts, linked and coloured by community.",
                     cmd_map)
    p.add_argument("--top", type=positive_int, help="how many concepts, by paper count (default: a third of the "
                   "papers, between 30 and 150)")
    p.add_argument("--types", help="comma-separated concept types to show (default: all)")
    p.add_argument("--min-shared", type=positive_int, default=2, help="papers two concepts must share to be linked")
    p.add_argument("--html", default=MAP_FILE, help="output file (default: %(default)s)")
    store_options(p)

    p = commands.add("export", "Export the stored graph for other tools: GraphML, GEXF (Gephi) or node-link JSON.",
                     cmd_export)
    p.add_argument("output", nargs="?", help="file to write; its extension picks the format unless --format is given")
    p.add_argument("--format", choices=["graphml", "gexf", "json"], help="output format")
    p.add_argument("--neo4j-import", metavar="DIR", help="instead, write node and relationship CSV files for "
                   "neo4j-admin database import full into DIR, and print the command that loads them")
    store_options(p)

    p = commands.add("trend", "Papers per year for a concept, or the concepts rising fastest since a year.", cmd_trend)
    p.add_argument("concept", nargs="?", help="a concept name or alias (default: list the rising concepts)")
    p.add_argument("--since", type=int, help="first year of the recent period (default: the latest year stored)")
    p.add_argument("--limit", type=positive_int, default=20, help="how many rising concepts (default: %(default)s)")
    format_option(p)
    p.add_argument("--chart", metavar="HTML", help="also write the rows as a bar chart to this self-contained page")
    store_options(p)


@example("kg show CLIP --hops 2 --html clip.html")
def cmd_show(args) -> int:
    from ..api import show_file

    html = args.html or show_file(args.concept)
    check_output(html, "--html", make_parents=True)
    with open_graph(args) as graph:
        page = graph.show(args.concept, html=html, hops=args.hops, max_nodes=args.max_nodes)
    if page.note:
        print(f"kg: note: {page.note}", file=sys.stderr)
    print(page.summary())
    return 0


@example("kg map --top 150 --types Method,Dataset,Loss --html overview.html")
def cmd_map(args) -> int:
    written = [t.strip() for t in args.types.split(",")] if args.types else []
    unknown = sorted(t.capitalize() for t in written if concept_type_named(t) is None)
    if unknown:
        raise QueryError(f"--types: unknown type {unknown[0]!r}; choose from {', '.join(CONCEPT_TYPES)}")
    types = [concept_type_named(t) for t in written] if args.types else None
    check_output(args.html, "--html", make_parents=True)
    with open_graph(args) as graph:
        page = graph.map(html=args.html, top=args.top, types=types, min_shared=args.min_shared)
    print(page.summary())
    return 0


@example("kg export graph.gexf   # or graph.graphml, graph.json; or: kg export --neo4j-import import/")
def cmd_export(args) -> int:
    if bool(args.output) == bool(args.neo4j_import):
        raise QueryError("kg export needs a file to write or --neo4j-import DIR (one of them)")
    if args.output:
        check_output(args.output, "kg export")
    with open_graph(args) as graph:
        if args.neo4j_import:
            from ..readwrite.neo4j_import import import_command

            directory = graph.export_neo4j_import(args.neo4j_import).resolve()
            print(f"wrote {directory}; load it into a stopped, empty Neo4j with:\n  {import_command(directory)}")
            return 0
        path = graph.export(args.output, args.format)
    print(Path(path).resolve())
    return 0


@example("kg trend \"contrastive learning\" --chart trend.html   # or: kg trend --since 2024")
def cmd_trend(args) -> int:
    if args.chart:
        check_output(args.chart, "--chart")
    with open_graph(args) as graph:
        rows = graph.trend(args.concept, since=args.since, limit=args.limit)
    if args.chart and rows:
        from ..views.render import write_chart

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
