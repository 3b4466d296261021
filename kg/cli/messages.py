"""The command line's words for kg's errors: where the library says ``wait=SECONDS`` or ``write=True``, the
command line names its own options (``--wait SECONDS``, ``kg cypher --write``, ``--param``).

The library's messages name no command-line option, so a notebook user is not told to pass a flag;
the errors that have a remedy carry what it needs (:mod:`kg.errors`), and this module words it.
"""

from __future__ import annotations

from ..errors import KgError, MissingParameter, MissingStore, StoreBusy, StoreError, WriteRefused

# The library's words for a setting, in a store's advice, and the command line's option for it
OPTIONS = {"a new store directory": "a new --store-dir", "another store directory": "another --store-dir",
           "an empty or new store directory": "an empty or new --store-dir", "another database": "another --database",
           "build without paper vectors": "build without --vectors"}
REMEDIES = {"changes": " (kg cypher --write, or write=True, allows changes)",
            "it": " (kg cypher --write, or write=True, allows it)",
            "run": "; pass --write (write=True) to run it as a write"}


def cli_message(err: KgError) -> str:
    """The one line the command line prints for ``err`` (after ``kg: error: ``)."""
    if isinstance(err, MissingParameter):
        return f"query {err.query} needs --param {err.name}=... ({err.help})"
    if isinstance(err, StoreBusy):
        return (f"store {err.store_dir} is busy: another kg command is using it"
                + (" for writing (a build, or kg cypher --write)" if err.by_writer else "")
                + "; wait for it to finish, or use --wait SECONDS")
    if isinstance(err, WriteRefused):
        return err.refusal + REMEDIES[err.remedy]
    if isinstance(err, MissingStore):
        return (f"no kg store at {err.store_dir}; " + ("check the path, or build one: " if err.check_path
                                                       else "build one first: ")
                + f"kg build CORPUS --store-dir {err.store_dir}")
    message = str(err)
    if isinstance(err, StoreError):
        for words, option in OPTIONS.items():
            message = message.replace(words, option)
    return message
