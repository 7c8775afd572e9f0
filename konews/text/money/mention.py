"""What the money scan returns (``MoneyMention``, ``SkippedMoney``,
``MoneyScan``), and what its steps pass on (``_Core``, ``_Skip``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class MoneyMention:
    """One money mention; ``start``/``end`` are half-open offsets into the text."""

    text: str
    start: int
    end: int
    amount: str | None
    amount_max: str | None
    currency: str | None
    approximate: bool
    qualifier: str | None
    vague: bool
    equivalent_of: int | None

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "amount": self.amount,
            "amount_max": self.amount_max,
            "currency": self.currency,
            "approximate": self.approximate,
            "qualifier": self.qualifier,
            "vague": self.vague,
            "equivalent_of": self.equivalent_of,
        }


@dataclass(frozen=True, slots=True)
class SkippedMoney:
    """Text that looks like money but is not read; ``reason`` says why and how to fix it."""

    text: str
    start: int
    end: int
    reason: str

    def to_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class MoneyScan:
    """What ``scan_money`` found: the mentions, and what it skipped and why."""

    mentions: tuple[MoneyMention, ...]
    skipped: tuple[SkippedMoney, ...]


@dataclass(frozen=True, slots=True)
class _Core:
    """A parsed match of ``_MONEY`` before ranges and restatements are resolved."""

    start: int
    end: int
    value: Decimal | None  # None when vague
    number: str  # the numeral as written, for range-head unit inference
    currency: str
    approximate: bool
    qualifier: str | None
    has_prefix: bool


@dataclass(frozen=True, slots=True)
class _Skip:
    start: int
    end: int
    reason: str
    # False when the text is simply not money (10파운드 of body weight): a
    # neighbouring amount is then read as usual. True when it is money that
    # cannot be read whole: an amount joined to it by a range dash
    # (3만2억원~5억원) is a piece of the same expression and is skipped too.
    unreadable: bool = True
