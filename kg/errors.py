"""kg's own small exception hierarchy.

Every failure a user can act on is a :class:`KgError`; the command line turns it
into one line on stderr and a non-zero exit. Anything else escaping is a bug.
"""

from __future__ import annotations


class KgError(Exception):
    """Base of every error kg reports to a user."""

    exit_code = 1


class InputError(KgError):
    """The input cannot be read as a corpus: names the file and, when known, the line."""

    exit_code = 2

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path, self.line, self.reason = path, line, message
        where = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
        super().__init__(where + message)


class StoreError(KgError):
    """The graph store cannot be reached, opened or written."""

    exit_code = 3


class QueryError(KgError):
    """A named query is unknown or its parameters are wrong."""

    exit_code = 4


class BadRecords(InputError):
    """Some records could not be read and the run was asked to be strict; ``problems`` lists them."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__(f"{len(problems)} bad record{'s' if len(problems) != 1 else ''} (listed above); "
                         "nothing was written because of --strict")


class StoreBusy(StoreError):
    """Another kg command holds the store past the wait: a writer (``by_writer``), or readers a writer waits for.

    The message names no command-line option; the command line words its own hint (:mod:`kg.cli.messages`).
    """

    def __init__(self, store_dir, by_writer: bool):
        self.store_dir, self.by_writer = store_dir, by_writer
        super().__init__(f"store {store_dir} is busy: another kg command is using it"
                         + (" for writing (a build, or a statement run with write=True)" if by_writer else "")
                         + "; wait for it to finish, or wait longer (wait=SECONDS)")


class MissingStore(StoreError):
    """No kg store where one was to be read: only a build creates one."""

    def __init__(self, store_dir, check_path: bool = False):
        self.store_dir, self.check_path = store_dir, check_path
        super().__init__(f"no kg store at {store_dir}; " + ("check the path, or build one: " if check_path
                                                            else "build one first: ")
                         + f"kg.open({str(store_dir)!r}).build([CORPUS])")


class WriteRefused(QueryError):
    """A statement a store opened to read will not run: it writes, reads files or calls a procedure.

    ``refusal`` says what the statement would do; ``remedy`` is how the message goes on:
    "changes" (write=True allows changes), "it" (write=True allows it) or "run" (run it with write=True).
    """

    REMEDIES = {"changes": " (write=True allows changes)", "it": " (write=True allows it)",
                "run": "; pass write=True to run it as a write"}

    def __init__(self, refusal: str, remedy: str = "changes"):
        self.refusal, self.remedy = refusal, remedy
        super().__init__(refusal + self.REMEDIES[remedy])


class MissingParameter(QueryError):
    """A named query run without a value its parameter ``name`` needs (no default in the query's header)."""

    def __init__(self, query: str, name: str, help_: str):
        self.query, self.name, self.help = query, name, help_
        super().__init__(f"query {query} needs a value for its parameter {name} ({help_})")


class Interrupted(KgError):
    """Ctrl-C: the message says how far the work got and what state it left."""

    exit_code = 130


def shown(text: str, width: int = 40) -> str:
    """``text`` cut to ``width`` characters with "..." for an error message: a bad value is named, not pasted whole."""
    return text if len(text) <= width else text[:width - 3] + "..."
