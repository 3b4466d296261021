"""What FalkorDB's client raises, and the kg error each becomes: a wrong statement, a read-only refusal, a store
that is broken or gone.

The client speaks to the server through redis-py, so a server's reply (``ResponseError``), a
lost or timed-out connection (``ConnectionError``, ``TimeoutError``) are ``RedisError``; a
socket gone under it can surface as ``OSError``; its parameter header builder refuses values
it cannot write with ``ValueError`` or ``TypeError``. Anything else escaping is a bug in kg.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from ..errors import KgError, QueryError, StoreError, WriteRefused
# FalkorDB's words for a statement that is wrong, rather than a store that is broken
QUERY_MISTAKE = re.compile(r"Invalid input|line: \d+, column: \d+|not defined|to be executed only on read-only|"
                           r"Type mismatch|Unknown function|Missing parameters|more than one statement", re.I)
READ_ONLY = "the statement would change the store, which is open read-only"


@cache
def connection_errors() -> tuple[type[Exception], ...]:
    """What talking to the server (not a statement) may raise. A function, so ``redis`` (a tenth of a second)
    loads with the client, not with ``import kg``; an ``except`` clause evaluates it only when something is raised."""
    from redis.exceptions import RedisError

    return (RedisError, OSError)


@cache
def client_errors() -> tuple[type[Exception], ...]:
    """What running a statement through the client may raise: :func:`connection_errors`, and a parameter
    value its header builder cannot write."""
    return (*connection_errors(), ValueError, TypeError)


def statement_error(err: Exception, store_dir: Path, server_pid: int, timeout: float,
                    read_only: bool) -> KgError | None:
    """The kg error for ``err``, raised by running a statement; None when it means "no rows" (a read of a
    store nothing was ever written to: FalkorDB has no graph key yet)."""
    from redis.exceptions import TimeoutError as ClientTimeout

    if isinstance(err, (TimeoutError, ClientTimeout)):
        return StoreError(f"store {store_dir} did not answer within {timeout:.0f} s; is its "
                          f"server (pid {server_pid}) stopped?")
    message = str(err).splitlines()[0]
    if read_only and "empty key" in message:
        return None
    if "read-only" in message:
        return WriteRefused(READ_ONLY)
    if QUERY_MISTAKE.search(message):  # the statement, not the store: say where it is wrong
        return QueryError(f"Cypher statement refused: {message}")
    return StoreError(f"store {store_dir}: {message}")
