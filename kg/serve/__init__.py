"""``kg serve``: a local web app to explore a store, read-only.

The static maps (``kg show``, ``kg map``) are for sharing; this is where one explores:
search, concept and paper pages, a graph that grows on click, and "where does my
abstract fit". Every page has its own URL, so back, forward and bookmarks work.

It never writes: the store is opened for reading only (the embedded store's own read-only
server, or Neo4j with read transactions), the app answers GET and one POST that extracts
a pasted abstract in memory, and every other method is refused.

>>> import kg, kg.serve
>>> kg.serve.run(kg.open("kg-data", write=False), port=8765)   # doctest: +SKIP

Starlette and uvicorn are an optional extra (``pip install 'kg[serve]'``): small,
well-kept, and Starlette routes to plain functions, so the app is a list of pages.
"""

from __future__ import annotations

import os
import signal

from ..errors import KgError

DEFAULT_HOST = "127.0.0.1"  # this machine only; another host is the user's explicit choice
DEFAULT_PORT = 8765
INSTALL_HINT = "kg serve needs Starlette and uvicorn: pip install 'kg[serve]'"


def require() -> None:
    """Raise a one-line KgError naming the extra to install when Starlette, uvicorn or Jinja2 is missing."""
    try:
        import jinja2  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError as err:
        raise KgError(f"{INSTALL_HINT} ({err.name} is not installed)") from None


def create_app(graph, hosts: list[str] | None = None):
    """The ASGI app over ``graph`` (a :class:`kg.KnowledgeGraph`), for uvicorn or any ASGI server.

    ``hosts``: the host names requests may use (default: 127.0.0.1, localhost, ::1; ``["*"]`` any).
    """
    require()
    from .app import create_app as create

    return create(graph, hosts)


def run(graph, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, quiet: bool = False, listening=None) -> None:
    """Serve ``graph`` at http://host:port/ until interrupted (Ctrl-C).

    ``graph`` should be opened read-only (``kg.open(..., write=False)``); the app only reads
    either way. ``host`` defaults to 127.0.0.1, so nothing outside this machine can reach it.
    The first line printed is the address (``port=0`` picks a free port); ``quiet`` drops the
    line per request. ``listening``: a socket from :func:`listen`, bound before the store was opened.
    """
    require()
    import uvicorn

    listening = listening or listen(host, port)
    wildcard = host in ("0.0.0.0", "::", "")
    app = create_app(graph, ["*"] if wildcard else sorted({host, "127.0.0.1", "localhost", "::1", "[::1]"}))
    host, bound = listening.getsockname()[:2]  # the port 0 picked, too: the line a script reads the address from
    print(f"kg serve: http://{host if ':' not in host else f'[{host}]'}:{bound}/ (read-only; Ctrl-C stops it)",
          flush=True)
    config = uvicorn.Config(app, log_level="warning" if quiet else "info", access_log=not quiet,
                            server_header=False, date_header=False)
    # uvicorn shuts down cleanly on SIGTERM, then raises the signal again under the handler it found:
    # as Python's Ctrl-C handler, that ends here like Ctrl-C, and the caller closes the store.
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        uvicorn.Server(config).run(sockets=[listening])
    except KeyboardInterrupt:  # uvicorn has shut down cleanly and passes Ctrl-C on: stopping is how a server ends
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)


def listen(host: str, port: int):
    """The listening socket, bound here so a port in use is one KgError, not uvicorn's exit; port 0 picks one."""
    import socket

    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family)
    except OSError as err:
        why = os.strerror(err.errno) if err.errno and err.errno > 0 else (err.strerror or str(err))
        raise KgError(f"kg serve cannot listen on {host}:{port}: {why}; choose another port or host") from None


__all__ = ["run", "create_app", "DEFAULT_HOST", "DEFAULT_PORT"]
