"""Ranges: two amounts joined by a dash or 부터 (7천억원~8천억원), a bare
number before an amount that borrows its units (7~8천억원), and the amounts
that are bounds of a range that cannot be read."""

from __future__ import annotations

import bisect
import re
from decimal import Decimal

from konews.errors import MoneyParseError
from konews.schema import Qualifier

from .grammar import _RANGE_GAP, _RANGE_HEAD
from .guards import _dangling_before, _left_problem, _run_start
from .matches import _numeral_value
from .mention import MoneyMention, _Core, _Skip
from .numerals import _BIG_UNITS, format_amount, parse_number


def _drop_range_pieces(
    view: str, cores: list[_Core], skips: list[_Skip]
) -> tuple[list[_Core], list[_Skip]]:
    """An amount joined by a range dash to money that could not be read
    (3만2억원~5억원) is a bound of an unreadable range, not an amount."""
    unreadable = [s for s in skips if s.unreadable]
    if not unreadable:
        return cores, skips
    ends = [s.end for s in unreadable]  # in text order, as the scan found them
    kept: list[_Core] = []
    for core in cores:
        k = bisect.bisect_right(ends, core.start)
        near = [unreadable[k - 1]] if k else []
        near += [unreadable[k]] if k < len(unreadable) else []
        bad = next(
            (
                s
                for s in near
                if _RANGE_GAP.fullmatch(view, s.end, core.start)
                or _RANGE_GAP.fullmatch(view, core.end, s.start)
            ),
            None,
        )
        if bad is None:
            kept.append(core)
        else:
            reason = f"a bound of a range whose other bound is skipped: {bad.reason}"
            skips.append(_Skip(core.start, core.end, reason))
    return kept, sorted(skips, key=lambda s: s.start)


_SIMPLE_UPPER = re.compile(r"[0-9.,]+(?P<units>[십백천만억조경]+)")


def _range_lower(head_value: Decimal, head_numeral: str, upper_numeral: str) -> Decimal:
    """Lower bound of ``7~8천억`` style ranges, where the head borrows the units
    of a one-number upper bound: 7 -> 7천억, 7천 -> 7천억. A head with a big
    unit of its own keeps its value (1억 in 1억~1억5천만원 is not 1억천만), and
    so does a head before a compound upper bound (1~1조2천억원)."""
    upper = _SIMPLE_UPPER.fullmatch(upper_numeral)
    if upper is None or any(c in _BIG_UNITS for c in head_numeral):
        return head_value
    tail = upper["units"]
    for i in range(len(tail)):
        try:
            return parse_number(head_numeral + tail[i:])
        except MoneyParseError:
            continue
    return head_value


def _merge_range(
    text: str, lower: _Core | None, upper: _Core, head: re.Match | None
) -> MoneyMention | str | None:
    """A range mention from two cores (7천억원~8천억원) or a bare head and a core
    (7천억~8천억원); None when the bounds do not make a range, and the reason
    when they would but are out of order."""
    if lower is not None:
        start, low, approx = lower.start, lower.value, lower.approximate
        if lower.currency != upper.currency:
            return None
    else:
        read = _numeral_value(head)
        if not isinstance(read, tuple):  # scan_money skips unreadable heads first
            return None
        low, numeral, approx = read
        if low is not None and upper.value is not None:
            low = _range_lower(low, numeral, upper.number)
        start = head.start()
        approx = approx or "약" in head["pre"].split() or bool(head["yeo"])
    if low is not None and upper.value is not None and low >= upper.value:
        return (
            f"the range's lower bound {format_amount(low)} is not below its upper bound "
            f"{format_amount(upper.value)}; correct one of them"
        )
    end = upper.end
    if (head is not None and head["from"]) or (
        lower is not None and "부터" in text[lower.end : upper.start]
    ):
        if not text.startswith("까지", end):
            return None
        end += len("까지")
    vague = low is None or upper.value is None
    return MoneyMention(
        text=text[start:end],
        start=start,
        end=end,
        amount=None if vague else format_amount(low),
        amount_max=None if vague else format_amount(upper.value),
        currency=upper.currency,
        approximate=approx or upper.approximate,
        qualifier=Qualifier.RANGE.value,
        vague=vague,
        equivalent_of=None,
    )


def _range_from_head(text: str, view: str, core: _Core, floor: int) -> MoneyMention | _Skip | None:
    """The range a bare number before ``core`` opens (7천억~8천억원); a skip
    when such a head is there but cannot be read whole or is not below the
    upper bound (3만2억~5억원, 5억-3억원, 1,000,~100원); None when there is no head."""
    head = _RANGE_HEAD.search(view, max(floor, core.start - 40), core.start)
    read = _numeral_value(head) if head is not None else None
    if read is None:  # no head, or a word that looks like one (이~십일 원)
        if not _dangling_before(view, core.start, floor):
            return None
        reason = "the lower bound of the range before it cannot be read; correct it"
        return _Skip(_run_start(view, core.start - 1, floor), core.end, reason)
    start = _run_start(view, head.start(), floor)
    problem = _left_problem(view, head.start())
    if problem is None and _dangling_before(view, head.start(), floor):
        problem = "a range dash or an operator joins it to numerals before it; correct them"
    if problem is None and isinstance(read, str):
        problem = read
    if problem is not None:
        return _Skip(start, core.end, f"the lower bound of the range: {problem}")
    merged = _merge_range(text, None, core, head)
    if isinstance(merged, str):  # 5억-3억원: 3억원 is a piece, not an amount
        return _Skip(start, core.end, merged)
    return merged
