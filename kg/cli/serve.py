"""``kg serve``: the local web app over a store, read-only (kg/serve)."""

from __future__ import annotations

import sys

from .options import Commands, example, store_options


def add_commands(commands: Commands) -> None:
    p = commands.add("serve", "Explore the store in a local web app: search, concept and paper pages, a graph that "
                     "grows on click, and where an abstract fits. Read-only.", cmd_serve)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s, this machine "
                   "only; 0.0.0.0 lets anyone on the network read the store)")
    p.add_argument("--port", type=int, default=8765, help="port to listen on; 0 picks a free one (default: "
                   "%(default)s)")
    p.add_argument("--quiet", action="store_true", help="no line per request")
    store_options(p)


@example("kg serve --store-dir kg-data --port 8765   # then open http://127.0.0.1:8765/")
def cmd_serve(args) -> int:
    from ..api import KnowledgeGraph
    from ..errors import QueryError
    from ..serve import listen, require, run
    from ..store import open_store

    if not 0 <= args.port <= 65535:
        raise QueryError(f"--port must be from 0 to 65535, got {args.port}")
    require()  # before the store starts: a missing extra, or a port in use, is one line at once
    listening = listen(args.host, args.port)
    options = {k: getattr(args, k) for k in ("user", "password", "database") if getattr(args, k, None)}
    # the read path: never creates a store, and the embedded one refuses any write
    graph = KnowledgeGraph(open_store(args.store, args.store_dir, wait=args.wait, create=False, write=False,
                                      **options))
    try:
        if args.host not in ("127.0.0.1", "localhost", "::1"):
            print(f"kg serve: note: listening on {args.host}, so other machines can read this store", file=sys.stderr)
        run(graph, host=args.host, port=args.port, quiet=args.quiet, listening=listening)
    finally:
        graph.close()
    return 0
