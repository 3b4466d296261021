"""Errors from the Python API name no command-line flag; the command line words the same errors with its own."""

from __future__ import annotations

import pytest

from kg.cli.messages import cli_message
from kg.errors import MissingParameter, MissingStore, StoreBusy, WriteRefused

CASES = [
    (MissingParameter("rising_concepts", "since", "the first year of the recent period"),
     "query rising_concepts needs --param since=... (the first year of the recent period)"),
    (StoreBusy("/data/kg", by_writer=True),
     "store /data/kg is busy: another kg command is using it for writing (a build, or kg cypher --write); "
     "wait for it to finish, or use --wait SECONDS"),
    (StoreBusy("/data/kg", by_writer=False),
     "store /data/kg is busy: another kg command is using it; wait for it to finish, or use --wait SECONDS"),
    (WriteRefused("the statement would change the store, which is open read-only"),
     "the statement would change the store, which is open read-only (kg cypher --write, or write=True, allows "
     "changes)"),
    (WriteRefused("the statement calls a procedure, which a read-only query may not", "it"),
     "the statement calls a procedure, which a read-only query may not (kg cypher --write, or write=True, "
     "allows it)"),
    (WriteRefused("the statement is not known to be a read (x)", "run"),
     "the statement is not known to be a read (x); pass --write (write=True) to run it as a write"),
    (MissingStore("/data/kg"), "no kg store at /data/kg; build one first: kg build CORPUS --store-dir /data/kg"),
]


@pytest.mark.parametrize("error, on_the_command_line", CASES)
def test_the_command_line_words_an_api_error_with_its_own_flags(error, on_the_command_line):
    assert cli_message(error) == on_the_command_line
    assert " --" not in str(error)  # the library's own message names no flag
    assert str(error).split(" ")[:3] == on_the_command_line.split(" ")[:3]  # the same error, said the same way


def test_the_api_messages_say_what_to_pass_in_python():
    assert "wait=SECONDS" in str(StoreBusy("/data/kg", by_writer=True))
    assert "write=True" in str(WriteRefused("the statement would change the store, which is open read-only"))
    assert "kg.open('/data/kg').build([CORPUS])" in str(MissingStore("/data/kg"))


def test_a_stores_advice_names_the_option_on_the_command_line_only():
    from kg.errors import StoreError

    error = StoreError("store /d: x is missing. Restore the store folder from a backup, or rebuild into a new store "
                       "directory")
    assert cli_message(error) == ("store /d: x is missing. Restore the store folder from a backup, or rebuild into "
                                  "a new --store-dir")
    assert cli_message(StoreError("Neo4j at bolt://h has no database 'x'; create it or pass another database")) \
        == "Neo4j at bolt://h has no database 'x'; create it or pass another --database"
