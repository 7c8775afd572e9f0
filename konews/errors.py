"""Errors raised on bad input. Each message says what is wrong, where, and how to fix it."""

from __future__ import annotations


class KoNewsError(ValueError):
    """Bad input data or arguments. The CLI prints the message and exits with status 2."""


class SchemaError(KoNewsError):
    """A label, role or attribute that the schema does not define."""


class CorpusError(KoNewsError):
    """A raw page that the cleaner cannot parse."""


class LabelStudioFormatError(KoNewsError):
    """A Label Studio export or task list that cannot be read."""


class ValidationFailed(KoNewsError):
    """Validation found problems; ``problems`` holds them all."""

    def __init__(self, problems: list) -> None:
        self.problems = problems
        head = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} validation problem(s):\n{head}{more}")


class PredictionError(KoNewsError):
    """A prediction file that cannot be scored."""


class MoneyParseError(KoNewsError):
    """A money expression that the normalizer cannot read."""
