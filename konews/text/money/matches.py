"""Reading one match of the mention grammar: its numeral, scale word,
currency and hedges make a ``_Core``; a ``_Skip`` says why it is not read."""

from __future__ import annotations

import re
from decimal import Decimal

from konews.errors import MoneyParseError

from .currencies import _CURRENCY_WORDS, _SCALES, _SYMBOLS, _weight_cue
from .grammar import _APPROX_SUFFIXES, _PREFIX_QUALIFIER, _SUFFIX_QUALIFIER
from .guards import _LEADING_ZERO, _left_problem, _right_problem
from .mention import _Core, _Skip
from .numerals import _BIG_UNITS, _EXACT, _HANGUL_DIGITS, _SMALL_UNITS, _read_number


def _numeral_value(m: re.Match) -> tuple[Decimal | None, str, bool] | str | None:
    """(value, numeral text, approximate) of the number groups in a match of
    ``_MONEY`` or ``_RANGE_HEAD``; a reason when the numeral is not well
    formed; None when it is a word that only looks like a numeral."""
    if m["v"] is not None:
        return None, m["v"], False
    numeral = m["a"] or m["h"] or m["snum"] or m["cnum"]
    if m["h"] is not None and not _plausible_hangul_numeral(numeral):
        return None
    try:
        value, approx = _read_number(numeral)
    except MoneyParseError as e:
        return f"{e}; write the amount as one well-formed numeral (19조6천억, 350억)"
    return value, numeral, approx


def _plausible_hangul_numeral(numeral: str) -> bool:
    """Hangul numerals that are more likely words than amounts are refused:
    one syllable (만원 "packed", 구원 "salvation", 이원화) and a final digit
    that does not follow 십 (조사원 "investigator" is not 1조4 won, 천사 is
    "angel"); 이십오 원, 삼백만 원, 만오천 원 stay numbers."""
    compact = numeral.replace(" ", "")
    if len(compact) < 2:
        return False
    return compact[-1] not in _HANGUL_DIGITS or compact[-2] == "십"


def _read_core(view: str, m: re.Match) -> _Core | _Skip | None:
    """The mention a match of ``_MONEY`` stands for; a ``_Skip`` when it is
    money that cannot be read whole, or not money after all; None when it is
    a word that only looks like a number (조사원)."""
    problem = _left_problem(view, m.start())
    if problem is not None:
        return _Skip(m.start(), m.end(), problem)
    read = _numeral_value(m)
    if read is None:
        return None
    if isinstance(read, str):
        return _Skip(m.start(), m.end(), read)
    value, numeral, approx = read
    if _LEADING_ZERO.match(numeral):
        return _Skip(
            m.start(), m.end(), f"the number {numeral!r} starts with a zero (a piece of a longer "
            "number?); write it without leading zeros",
        )  # fmt: skip
    scale = m["scale"] or m["cscale"] or m["nscale"]
    if m["sym"] or m["code1"]:
        # nothing after the number closes these amounts, so it must not go on
        last = (
            "scale" if m["scale"] else "snum" if m["sym"] else "cscale" if m["cscale"] else "cnum"
        )
        if (problem := _right_problem(view, m.end(last))) is not None:
            return _Skip(m.start(), m.end(), problem)
    if scale is not None:
        if any(c in _SMALL_UNITS or c in _BIG_UNITS for c in numeral) or value is None:
            return _Skip(
                m.start(), m.end(), f"a Korean unit and the scale word {scale!r} in one amount; "
                "use one of them (10억 달러 or 1 billion dollars)"
            )  # fmt: skip
        unit = scale.lower()
        value = _EXACT.multiply(value, _SCALES[unit if unit in _SCALES else unit[:-1]])
    if m["sym"]:
        currency = _SYMBOLS[m["sym"]]
    elif m["code1"] or m["code2"]:
        currency = m["code1"] or m["code2"]
    else:
        index = next(int(k[1:]) for k, v in m.groupdict().items() if k[0] == "w" and v)
        word = m[f"w{index}"]
        currency = _CURRENCY_WORDS[index][1]
        if word == "센트" and value is not None:
            value = _EXACT.divide(value, 100)
        if word == "파운드" and (cue := _weight_cue(view, m.start(), m.end())) is not None:
            return _Skip(
                m.start(), m.end(), f"파운드 is a unit of weight here (near {cue!r}), not money",
                unreadable=False,
            )  # fmt: skip
    prefixes = m["pre"].split()
    suffix = (m["suf"] or "").strip()
    qualifier = _SUFFIX_QUALIFIER.get(suffix)
    for p in prefixes:
        qualifier = qualifier or _PREFIX_QUALIFIER.get(p)
    approx = approx or bool(m["yeo"] or m["dae"]) or "약" in prefixes or suffix in _APPROX_SUFFIXES
    return _Core(m.start(), m.end(), value, numeral, currency, approx, qualifier, bool(prefixes))
