"""Numerals: the reading view of a text, the value of a Korean numeral, and
an exact amount as a decimal string.

- digits are read as NFKC reads them: full-width ``１２３억원`` and
  mathematical digits are ordinary digits (offsets still index the original
  text, one character for one); digits of other scripts are refused;
- an amount needs at most 60 significant digits; longer ones are refused,
  never rounded.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Context, Decimal, Inexact, localcontext

from konews.errors import MoneyParseError

# --- reading view ------------------------------------------------------------

# Characters NFKC turns into one ASCII character that a money expression uses
# (full-width and mathematical digits, full-width letters, signs and the
# ideographic space). Matching runs on text.translate(_READING): one character
# for one, so every offset found there is an offset into the original text.
# (unicodedata.normalize would do the reading but can change the length.)
_READING: dict[int, str] = {
    cp: folded
    for cp in (*range(0xFF01, 0xFF5F), *range(0x1D7CE, 0x1D800), 0x3000)
    if len(folded := unicodedata.normalize("NFKC", chr(cp))) == 1 and folded.isascii()
}


_FULL_WIDTH = {ord(ascii_): cp for cp, ascii_ in _READING.items() if 0xFF01 <= cp <= 0xFF5E}


def _reading_view(text: str) -> str:
    return text.translate(_READING)


# --- numbers ---------------------------------------------------------------

_SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
_BIG_UNITS = {"만": 10**4, "억": 10**8, "조": 10**12, "경": 10**16}
_HANGUL_DIGITS = {c: i for i, c in enumerate("일이삼사오육칠팔구", start=1)}
# 60 digits hold any amount up to 10^44 with decimals; Inexact is trapped so a
# rounding can never go unnoticed.
_EXACT = Context(prec=60, traps=[Inexact])

_NUMBER_TOKEN = re.compile(
    r"(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<hangul>[일이삼사오육칠팔구])|(?P<small>[십백천])|(?P<big>[만억조경])|(?P<yeo>여)"
    r"|(?P<space>\s+)"
)


def parse_number(s: str) -> Decimal:
    """Value of a Korean numeral expression.

    >>> [parse_number(x) for x in ("19조6천억", "1조 3,000억", "삼백만", "12.5억", "１２３억")]
    [Decimal('19600000000000'), Decimal('1300000000000'), Decimal('3000000'), Decimal('1250000000.0'), Decimal('12300000000')]

    Raises ``MoneyParseError`` for anything that is not one well-formed number
    (units out of order such as ``3만2억``, a group too large for the unit
    after it such as ``1억 12000만``, mixed Arabic and Hangul digits).
    """
    value, _ = _read_number(_reading_view(s))
    return value


def _read_number(s: str) -> tuple[Decimal, bool]:
    """(value, approximate): 여 inside a number (``9000여만``) marks it approximate."""
    try:
        with localcontext(_EXACT):
            return _read_number_exactly(s)
    except Inexact:
        raise MoneyParseError(
            f"not a Korean number: {s[:40]!r}... has more than {_EXACT.prec} significant digits"
        ) from None


def _read_number_exactly(s: str) -> tuple[Decimal, bool]:
    pos, total, section, current = 0, Decimal(0), Decimal(0), None
    last_big = last_small = None  # the unit last seen, to enforce descending order
    seen_digit = seen_hangul = approx = False
    if not s.strip():
        raise MoneyParseError("empty number")

    def fail(why: str) -> MoneyParseError:
        return MoneyParseError(f"not a Korean number: {s!r} ({why})")

    while pos < len(s):
        m = _NUMBER_TOKEN.match(s, pos)
        if m is None:
            raise fail(f"unexpected {s[pos]!r} at {pos}")
        pos, kind, tok = m.end(), m.lastgroup, m.group()
        if kind == "space":
            if current is not None or section or last_big is None:
                raise fail("a space may only follow 만, 억, 조 or 경")
        elif kind in ("digits", "hangul"):
            if current is not None:
                raise fail(f"two numbers in a row before {tok!r}")
            seen_digit |= kind == "digits"
            seen_hangul |= kind == "hangul"
            current = Decimal(tok.replace(",", "")) if kind == "digits" else _HANGUL_DIGITS[tok]
            if last_small is not None and current >= last_small:
                raise fail(f"{tok!r} is too large to follow {last_small}")
        elif kind == "small":
            unit = _SMALL_UNITS[tok]
            if last_small is not None and unit >= last_small:
                raise fail(f"{tok!r} out of order")
            section += (current or 1) * unit
            current, last_small = None, unit
        elif kind == "big":
            unit = _BIG_UNITS[tok]
            group = section + (current or 0) if (section or current is not None) else Decimal(1)
            if last_big is not None and (unit >= last_big or group * unit >= last_big):
                raise fail(f"{tok!r} out of order or its group is too large")
            total += group * unit
            section, current, last_big, last_small = Decimal(0), None, unit, None
        else:  # 여: "more than", only right before a big unit or at the end
            if approx or (current is None and not section and last_big is None):
                raise fail("misplaced 여")
            approx = True
    if seen_digit and seen_hangul:
        raise fail("Arabic and Hangul digits mixed")
    rest = section + (current or 0)
    if last_big is not None and rest >= last_big:
        raise fail("the last group is too large for the unit before it")
    return total + rest, approx


def format_amount(d: Decimal) -> str:
    """Canonical decimal string: no exponent, no trailing zeros after the point.

    >>> format_amount(Decimal("1.43E+10")), format_amount(Decimal("1.250"))
    ('14300000000', '1.25')
    """
    text = format(d, "f")  # expands the exponent; no context, so nothing is rounded
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
