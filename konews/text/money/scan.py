"""The money scan: ``scan_money`` finds the mentions in a text and says
what it skipped and why; ``find_money`` and ``parse_money`` are built on it."""

from __future__ import annotations

from dataclasses import replace

from konews.errors import MoneyParseError
from konews.schema import Qualifier

from .grammar import (
    _AT_LEAST_AFTER,
    _AT_MOST_AFTER,
    _HINT,
    _MONEY,
    _RANGE_GAP,
    _RESTATEMENT_GAP,
)
from .guards import _run_start
from .matches import _read_core
from .mention import MoneyMention, MoneyScan, SkippedMoney, _Core, _Skip
from .numerals import _reading_view, format_amount
from .ranges import _drop_range_pieces, _merge_range, _range_from_head


def _scan(view: str) -> tuple[list[_Core], list[_Skip]]:
    cores: list[_Core] = []
    skips: list[_Skip] = []
    pos = 0
    while (m := _MONEY.search(view, pos)) is not None:
        read = _read_core(view, m)
        if read is None:  # a word that only looked like a numeral: try from the next character
            pos = m.start() + 1
            continue
        if isinstance(read, _Skip):
            # Nothing inside a refused match is offered instead (no 2억원 out
            # of 3만2억원): the scan goes on after it.
            if read.unreadable:
                read = replace(read, start=_run_start(view, read.start, pos))
            skips.append(read)
        else:
            cores.append(read)
        pos = m.end()
    return _drop_range_pieces(view, cores, skips)


def _mention(text: str, core: _Core) -> MoneyMention:
    return MoneyMention(
        text=text[core.start : core.end],
        start=core.start,
        end=core.end,
        amount=format_amount(core.value) if core.value is not None else None,
        amount_max=None,
        currency=core.currency,
        approximate=core.approximate,
        qualifier=core.qualifier,
        vague=core.value is None,
        equivalent_of=None,
    )


def find_money(text: str) -> list[MoneyMention]:
    """All money mentions in ``text``, in order (see the package docstring)."""
    return list(scan_money(text).mentions)


def scan_money(text: str) -> MoneyScan:
    """The money mentions in ``text``, and the money-like text skipped with the reason.

    >>> scan = scan_money("3만2억원, 5억원")
    >>> [m.text for m in scan.mentions], [(s.text, s.start, s.end) for s in scan.skipped]
    (['5억원'], [('3만2억원', 0, 5)])
    """
    if _HINT.search(text) is None:
        return MoneyScan((), ())
    view = _reading_view(text)
    cores, skips = _scan(view)
    mentions: list[MoneyMention] = []
    skipped_before, k = 0, 0  # end of the last skip before the core, for the head search
    i = 0
    while i < len(cores):
        core = cores[i]
        while k < len(skips) and skips[k].end <= core.start:
            skipped_before = max(skipped_before, skips[k].end)
            k += 1
        merged = None
        if i + 1 < len(cores) and _RANGE_GAP.fullmatch(view, core.end, cores[i + 1].start):
            merged = _merge_range(text, core, cores[i + 1], None)
            if isinstance(merged, str):  # 3억원-1억원: two amounts, each whole
                merged = None
            if merged is not None:
                i += 1
        if merged is None and not core.has_prefix:
            floor = max(mentions[-1].end if mentions else 0, skipped_before)
            merged = _range_from_head(text, view, core, floor)
            if isinstance(merged, _Skip):
                skips.append(merged)
                skipped_before = core.end
                i += 1
                continue
        mentions.append(merged or _mention(text, core))
        i += 1
    skipped = tuple(
        SkippedMoney(text[s.start : s.end], s.start, s.end, s.reason)
        for s in sorted(skips, key=lambda s: s.start)
    )
    return MoneyScan(tuple(_with_context(text, mentions, k) for k in range(len(mentions))), skipped)


def _with_context(text: str, mentions: list[MoneyMention], k: int) -> MoneyMention:
    """Set what only the surrounding text tells: the verb qualifier and the
    restatement link."""
    m = mentions[k]
    changes: dict = {}
    if m.qualifier is None:
        if _AT_LEAST_AFTER.match(text, m.end):
            changes["qualifier"] = Qualifier.AT_LEAST.value
        elif _AT_MOST_AFTER.match(text, m.end):
            changes["qualifier"] = Qualifier.AT_MOST.value
    if k > 0 and _RESTATEMENT_GAP.fullmatch(text, mentions[k - 1].end, m.start):
        changes["equivalent_of"] = k - 1
    return replace(m, **changes) if changes else m


def parse_money(span_text: str) -> MoneyMention:
    """Normalize one annotated MONEY span (start 0, end ``len(span_text)``).

    The span alone cannot show a qualifier carried by the verb after it
    (``290억 달러`` in ``290억 달러를 넘는``) or a restatement link; run
    ``find_money`` on the sentence for those.
    """
    if span_text != span_text.strip():
        raise MoneyParseError(
            f"money span {span_text!r} has leading or trailing whitespace; trim the span"
        )
    scan = scan_money(span_text)
    whole = [m for m in scan.mentions if m.start == 0 and m.end == len(span_text)]
    if whole:
        return replace(whole[0], equivalent_of=None)
    if scan.mentions:
        parts = ", ".join(repr(m.text) for m in scan.mentions)
        raise MoneyParseError(
            f"{span_text!r} is not one money expression: it contains {parts}; "
            "a MONEY span is one amount with its currency and hedges, without particles"
        )
    if scan.skipped:
        reasons = "; ".join(f"{s.text!r}: {s.reason}" for s in scan.skipped)
        raise MoneyParseError(f"{span_text!r} is not read as money: {reasons}")
    raise MoneyParseError(
        f"{span_text!r} is not a money expression: expected a number with a currency "
        "word, symbol or code (e.g. '143억 달러', '$1.25', 'USD 100', '수십억 원')"
    )
