"""``kg stats``, ``kg query``, ``kg queries`` and ``kg cypher``: the commands that read the store as rows."""

from __future__ import annotations

import shutil

from ..cypher import library
from .options import Commands, example, format_option, open_graph, params_option, parse_params, query_params, \
    store_options
from .tables import format_rows


def add_commands(commands: Commands) -> None:
    p = commands.add("stats", "Count the nodes and relationships in a store.", cmd_stats)
    format_option(p)
    store_options(p)

    p = commands.add("query", "Run a named query from the Cypher library.", cmd_query)
    p.add_argument("name", help="query name (see: kg queries)")
    params_option(p)
    store_options(p)

    commands.add("queries", "List the named queries with their purpose and parameters.", cmd_queries)

    p = commands.add("cypher", "Run a Cypher statement, read-only unless --write; pass values with --param, "
                     "refer to them as $key.", cmd_cypher)
    p.add_argument("text", help="the Cypher statement")
    p.add_argument("--write", action="store_true", help="allow the statement to change the store (and LOAD CSV)")
    p.add_argument("--param-string", action="append", default=[], metavar="KEY=VALUE",
                   help="a parameter kept as text even when it looks like a number (--param n=3 is the number 3)")
    params_option(p)
    store_options(p)


def totals(graph) -> str:
    """"N nodes and M relationships": what ``kg build`` reports and ``kg stats`` totals, from one count.

    The build used to report the rows it sent (239 nodes, 343 relationships) while the store,
    which counts CO_OCCURS itself, held 1,137 relationships; both now say what the store holds.
    """
    (row,) = library.run(graph.store, "read", "totals")
    return f"{row['nodes']:,} nodes and {row['relationships']:,} relationships"


@example("kg stats --store-dir kg-data --format json")
def cmd_stats(args) -> int:
    with open_graph(args) as graph:
        print(format_rows(graph.query("stats") + thesaurus_rows(graph), args.format), end="")
        if args.format == "table":
            print(f"total: {totals(graph)} (a concept counts under Concept and under its type)")
    return 0


def thesaurus_rows(graph) -> list[dict]:
    """The stored thesaurus (kg curate), a row each: kind "thesaurus", name "FROM -> TO" or "ignore NAME"."""
    stored = library.run(graph.store, "read", "thesaurus")
    rows = list(stored[0]["rows"] or []) if stored else []
    return [{"kind": "thesaurus", "name": " -> ".join(row.split("\t")) if not row.startswith("ignore\t")
             else row.replace("\t", " ", 1), "count": 1} for row in rows]


@example("kg query top_concepts --param type=Dataset --param limit=5 --format csv")
def cmd_query(args) -> int:
    params = query_params(args.name, args.param)  # a bad name or value fails before the store is opened
    with open_graph(args) as graph:
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
    params = parse_params(args.param, typed=True, strings=args.param_string)
    with open_graph(args) as graph:
        rows = graph.cypher(args.text, write=args.write, **params)
    print(format_rows(rows, args.format), end="")
    return 0
