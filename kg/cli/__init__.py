"""The ``kg`` command line: a thin layer over the Python API, one sub-command per operation.

The commands live in modules by group (``build``, ``views``, ``queries``), each with an
``add_commands`` that declares its sub-commands and their handlers. A new group of commands
is a new module and one line in ``COMMAND_MODULES``; ``options`` holds what commands share and
``tables`` how rows are printed.
"""

from __future__ import annotations

import argparse
import os
import sys

from ..errors import BadRecords, KgError
from ..version import __version__, model_id
from . import build, curate, explore, queries, serve, views
from .messages import cli_message
from .options import Commands

COMMAND_MODULES = (build, curate, views, explore, queries, serve)  # in the order ``kg --help`` lists their commands


class VersionAction(argparse.Action):
    """``kg --version``: kg's version and the extraction model's hash, the pair a mentions file is stamped with.

    The model is hashed only when asked, not on every command.
    """

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show kg's version and its extraction model, then exit")

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"kg {__version__} (extraction model {model_id()})")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Turn paper abstracts into a citation and concept knowledge graph.",
        epilog="example: " + build.cmd_build.example, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action=VersionAction)
    commands = Commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    for module in COMMAND_MODULES:
        module.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except KgError as err:
        if isinstance(err, BadRecords):
            for problem in err.problems:
                print(f"kg: bad record {problem}", file=sys.stderr)
        print(f"kg: error: {cli_message(err)}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # "kg extract ... | head": the reader has all it wants
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 141


if __name__ == "__main__":
    sys.exit(main())
