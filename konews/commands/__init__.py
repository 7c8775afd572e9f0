"""Subcommands of ``konews``: one module each, with ``register(subparsers)``.

Each ``register`` adds a parser and sets ``func`` to a function taking the
parsed arguments and returning the exit status. Keep the heavy imports inside
that function so ``konews --help`` stays fast.
"""
