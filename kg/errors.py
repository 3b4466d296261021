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


class Interrupted(KgError):
    """Ctrl-C: the message says how far the work got and what state it left."""

    exit_code = 130


def shown(text: str, width: int = 40) -> str:
    """``text`` cut to ``width`` characters with "..." for an error message: a bad value is named, not pasted whole."""
    return text if len(text) <= width else text[:width - 3] + "..."
