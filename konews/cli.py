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


# A closed pipe (`konews validate broken.json | head -n 1`): the reader left,
# which says nothing about the data. The command runs to its end with the rest
# of its output discarded, and its own status is the exit status: a failure
# stays a failure under `set -o pipefail`, and a success (`konews corpus
# --explain | head`) stays 0 whatever the timing. (Exiting 141 at the first
# failed write, as a program killed by SIGPIPE does, would make the README's
# `... | head` lines fail at random under pipefail.)


class _TolerantStdout:
    """``sys.stdout`` that, once the reader has gone, discards what is written."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._divert()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._divert()

    def _divert(self) -> None:
        # Point the descriptor at devnull (the recipe of Python's signal docs), so
        # the pending bytes and every later write, and the interpreter's final
        # flush, go nowhere instead of raising again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())
        os.close(devnull)
        try:
            self._stream.flush()
        except BrokenPipeError:
            pass

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    real_stdout = sys.stdout
    try:
        real_stdout.fileno()
        sys.stdout = _TolerantStdout(real_stdout)
    except (AttributeError, OSError, ValueError):
        pass  # not a file (an in-process caller's capture): nothing to guard
    try:
        status = int(args.func(args) or 0)
        sys.stdout.flush()
        return status
    except KoNewsError as e:
        print(f"konews {args.command}: error: {e}", file=sys.stderr)
        return 2
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
    finally:
        sys.stdout = real_stdout


if __name__ == "__main__":
    sys.exit(main())
