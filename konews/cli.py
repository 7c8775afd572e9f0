"""The ``konews`` command. Each subcommand lives in ``konews/commands/<name>.py``
and exposes ``register(subparsers)``; this module only discovers and dispatches,
so adding a command never touches this file."""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

import konews
import konews.commands
from konews.errors import KoNewsError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="konews", description="KoNews: Korean news NER, money and event benchmark."
    )
    parser.add_argument("--version", action="version", version=f"konews {konews.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(konews.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"konews.commands.{info.name}")
        module.register(sub)
    return parser


# A closed pipe (`konews validate broken.json | head -n 1`) ends the command with
# 141, the status of a program killed by SIGPIPE (128 + 13), as `yes | head` or
# `git log | head` do: the output was cut, so the run cannot report success,
# and under `set -o pipefail` a failure can never turn into status 0. A status
# the command had already computed (a failure found before the pipe closed)
# is kept.
CLOSED_PIPE = 141


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    status: int | None = None
    try:
        status = int(args.func(args) or 0)
        sys.stdout.flush()
        return status
    except KoNewsError as e:
        print(f"konews {args.command}: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # Point stdout at devnull so the interpreter's final flush does not
        # raise again (the recipe of Python's signal docs).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return status if status else CLOSED_PIPE
    except OSError as e:
        # The environment, not the input: a full disk, a file removed or made
        # unreadable while we ran. One line naming the file, not a traceback.
        where = f"{e.filename}: " if e.filename else ""
        print(
            f"konews {args.command}: error: {where}{e.strerror or e}; "
            "check the path, its permissions and the free disk space",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
