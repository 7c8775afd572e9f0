"""The whole-or-nothing guards: why a match would only be a piece of a
longer numeral, or a negative amount, judged from the text around it; each
answer says what is wrong and how to fix it.

- a numeral is read whole or not at all: a match may not start or end inside
  a longer run of digits, separators, Hangul numerals or letters
  (``3만2억원``, ``삼백5십억 달러``, ``1,2345원``, ``1e309억 달러``, ``1조  3000억원``
  with two spaces); no shorter piece of it is offered instead;
- invisible format characters (Unicode Cf: U+200B, U+200D, U+2060, U+00AD,
  ...) inside a numeral make it unreadable (``5``U+2060``000억원``);
- amounts are never negative: ``-5억원``, ``−5억원`` and ``마이너스 3조원`` are
  refused (GUIDELINES §3: a loss or a fall is its positive amount with a word
  saying so, ``3조원 적자``); a hyphen between two amounts is a range or a
  list, not a sign.
"""

from __future__ import annotations

import re
import unicodedata

from .numerals import _BIG_UNITS

_HANGUL_NUMERAL = frozenset("일이삼사오육칠팔구십백천만억조경여")
# Hangul digits that, alone after Arabic digits, are counters rather than numerals.
_COUNTERS_AFTER_DIGITS = frozenset({"일", "사", "구"})
_UNIT_CHARS = frozenset("십백천만억조경")
_BIG_UNIT_CHARS = frozenset(_BIG_UNITS)
_MINUS_SIGNS = frozenset("-−－﹣–")
# Where a hyphen right before a number is a minus sign: at the start or after
# a space or an opening bracket. After a number or a currency it is a range
# dash (7천억-8천억원) or joins a list (3억원-1억원).
_SIGN_CONTEXT = frozenset("([{<:=,;/")
_HSPACE = frozenset(" \t\u00a0\u2009\u202f\u3000")
_LEADING_ZERO = re.compile(r"0[0-9,]")
# Characters that join two numbers into one expression: a range dash, an
# arithmetic operator, a minus sign, or a separator.
_OPERATOR_CHARS = frozenset("~∼〜～-–−－﹣+/*×÷")
_JOINERS = _OPERATOR_CHARS | frozenset(".,")


def _is_format(c: str) -> bool:
    return unicodedata.category(c) == "Cf"


def _left_problem(view: str, start: int) -> str | None:
    """Why an amount starting at ``start`` would only be a piece of a longer
    numeral or a negative number, judged from what precedes it; None when
    ``start`` begins a token of its own."""
    i = start
    while i > 0 and _is_format(view[i - 1]):
        i -= 1
    if i == 0:
        return None
    # An invisible character between two parts of a numeral (5\u2060000억원).
    cf = ""
    if i < start:
        name = unicodedata.name(view[i], "format character")
        cf = f"an invisible {name} (U+{ord(view[i]):04X})"
    c = view[i - 1]
    before = view[i - 2] if i >= 2 else ""
    if c.isdecimal() or (c in ".," and before.isdecimal()):
        if cf:
            return f"the number is split by {cf}; delete it"
        if not c.isascii():
            return f"digits of another script ({unicodedata.name(c, '?')}); write them with 0-9"
        return "it continues a longer number that is not well formed; correct the number"
    if c in ".," and not _closes_word(view, i - 2):
        return (
            f"a {'comma' if c == ',' else 'point'} right before the number joins it to what "
            "precedes (1조,500억 or .5억); correct the numeral or put a space after the "
            f"{'comma' if c == ',' else 'point'}"
        )
    if c in "+-" and before in "eE" and i >= 3 and view[i - 3].isdecimal():
        return "exponent notation (1e9) is not read; write the amount out (10억)"
    if c.isascii() and c.isalpha():
        return (
            f"the number is glued to the letter {c!r} before it "
            "(exponent notation such as 1e9 is not read); put a space before the amount "
            "or write it out"
        )
    if c in _UNIT_CHARS or (c in _HANGUL_NUMERAL and not _word_ends_with_numeral(view, i - 1)):
        if cf:
            return f"the numeral is split by {cf}; delete it"
        return (
            "it continues a numeral that mixes Hangul and Arabic digits or has its units "
            "out of order; write it in one style (350억, 삼백오십억)"
        )
    if c in _MINUS_SIGNS and (i == 1 or before.isspace() or before in _SIGN_CONTEXT):
        return _NEGATIVE
    if c in _HSPACE:
        j = i - 1
        while j > 0 and (view[j - 1] in _HSPACE or _is_format(view[j - 1])):
            j -= 1
        if view.endswith("마이너스", 0, j):
            return _NEGATIVE
        if (
            j >= 2
            and view[j - 1].isascii()
            and view[j - 1].isalpha()
            and (view[j - 2].isdecimal() or view[j - 2] in _HANGUL_NUMERAL or view[j - 2] in ".,")
        ):
            return (
                f"the number before the space ends in the letter {view[j - 1]!r} (1e 5?); "
                "exponent notation is not read, write the amount out"
            )
        if j >= 1 and (
            view[j - 1].isdecimal()
            or (
                j >= 2
                and view[j - 1] in ".,"
                and (
                    view[j - 2].isdecimal()
                    # 10만. 1 달러, but not 많지만, 642억원 (만 ends a word)
                    or (view[j - 2] in _UNIT_CHARS and not _word_ends_with_numeral(view, j - 2))
                )
            )
        ):
            return (
                "a number right before it, separated by a space, makes the digits ambiguous "
                "(5 000원 with a space for a thousands separator?); write the number without spaces"
            )
        if j >= 1 and view[j - 1] in _HANGUL_NUMERAL:
            q = j - 1  # the Hangul numeral characters before the space start at q
            while q > 0 and view[q - 1] in _HANGUL_NUMERAL:
                q -= 1
            lead = view[q - 1] if q else ""
            # After Arabic digits a lone 일, 사 or 구 is a counter ending its own word: the day
            # in 13일, companies in 3사, a district in 3구. 13일 3억원 is a date, then money.
            counter = lead.isdecimal() and view[q:j] in _COUNTERS_AFTER_DIGITS
            if (
                not counter
                and not ("가" <= lead <= "힣")
                and (
                    lead.isdecimal()
                    or (lead != "" and lead in ".,")
                    or any(u in _UNIT_CHARS for u in view[q:j])
                )
            ):
                # 1조  3000억원, 1여 0원, 삼백만 3억원; but 이 3억원 is "this 3억원"
                return (
                    "it continues the numeral before the space, which cannot be read whole "
                    "(units out of order, more than one space, or Hangul and Arabic digits "
                    "mixed); correct the numeral"
                )
    elif view.endswith("마이너스", 0, i):
        return _NEGATIVE
    return None


def _closes_word(view: str, k: int) -> bool:
    """True when a comma or point after ``view[k]`` ends a word or a clause
    (1억원,2억원; 올랐다.5억원) rather than sitting inside or in front of a
    number (1조,500억; 1일,100원 where 일 may be a digit)."""
    if k < 0:
        return False
    c = view[k]
    if c in _HANGUL_NUMERAL and not _word_ends_with_numeral(view, k):
        return False
    return ("가" <= c <= "힣" and c not in _UNIT_CHARS) or c in ")]}»\"'%"


_NEGATIVE = (
    "negative amounts are not read (GUIDELINES §3: write the loss or fall as its positive "
    "amount with a word saying so, e.g. 3조원 적자)"
)


def _word_ends_with_numeral(view: str, last: int) -> bool:
    """True when the Hangul numeral characters ending at ``last`` are the tail
    of a longer word (매출이5억원: 이 is a particle), not a numeral."""
    j = last
    while j > 0 and view[j - 1] in _HANGUL_NUMERAL:
        j -= 1
    return j > 0 and "가" <= view[j - 1] <= "힣"


def _right_problem(view: str, end: int) -> str | None:
    """Why an amount ending at ``end`` (after a currency symbol or code, where
    nothing after the number closes it) would be a piece of a longer token:
    the token glued to it goes on with a digit ($1e9, $1,,000, $1~2, $1일0).
    A particle or a word after it ($5이면, $5이상), punctuation ($5, 10개)
    or another amount ($1~$2) leave it whole."""
    j = end
    while j < len(view) and _in_numeral_token(view[j]):
        j += 1
    token = view[end:j]
    visible = token.lstrip("".join(ch for ch in token if _is_format(ch)))
    if visible[:1].isascii() and visible[:1].isalpha():
        return (
            f"the number is glued to {visible[:1]!r} after it (exponent notation such as 1e9 "
            "is not read; scale words read: thousand, million, billion, trillion, k, m, bn, tn)"
        )
    if any(ch.isdecimal() or ch in _UNIT_CHARS for ch in token):
        shown = "".join(ch for ch in token if not _is_format(ch))
        return (
            f"the number goes on with {shown!r} ($1e9, $1~2, $1,,000) and cannot be read whole; "
            "write the currency with each amount ($1~$2) or correct the number"
        )
    if token == ",":  # $5, 10개 is a list; $1, 000 is a number with a stray space
        k = j
        while k < len(view) and view[k] in _HSPACE:
            k += 1
        if k > j and re.match(r"[0-9]{3}(?![0-9])|0(?!\.)", view[k : k + 4]):
            return "a comma and a space split the number ($1, 000); write it without the space"
    i = j
    if token == "":
        while i < len(view) and (view[i] in _HSPACE or _is_format(view[i])):
            i += 1
    k = i
    while k < len(view) and view[k] in _HANGUL_NUMERAL:
        k += 1
    rest = view[i : i + 2]
    if i > end and (
        rest[:1].isdecimal()
        or (rest[:1] in (".", ",") and rest[1:].isdecimal())
        or (k > i and k < len(view) and view[k].isdecimal())  # $10 일0
    ):
        return (
            "a number right after it, separated by a space, makes the digits ambiguous "
            "($5 000 with a space for a thousands separator?); write the number without spaces"
        )
    return None


def _in_numeral_token(c: str) -> bool:
    return (
        c.isdecimal()
        or (c.isascii() and c.isalpha())
        or c in _HANGUL_NUMERAL
        or c in _JOINERS
        or _is_format(c)
    )


def _dangling_before(view: str, start: int, floor: int) -> bool:
    """True when an operator or range dash joins ``start`` to numeral
    characters before it that no range head could read (1,000,~100원; 1−0원;
    1\u2060~0원): what starts at ``start`` is then a piece."""
    j, operator = start, False
    while j > floor and (
        view[j - 1] in _JOINERS or view[j - 1] in _HSPACE or _is_format(view[j - 1])
    ):
        operator |= view[j - 1] in _OPERATOR_CHARS
        j -= 1
    if not operator or j == floor:
        return False
    c = view[j - 1]
    if c in _HANGUL_NUMERAL:
        return not _word_ends_with_numeral(view, j - 1)
    return c.isdecimal() or c in ".," or (c.isascii() and c.isalpha())


def _run_start(view: str, start: int, floor: int) -> int:
    """Start of the run of numeral-like characters that ends at ``start``, for
    the diagnostic; never before ``floor``."""
    i = start
    while i > floor:
        c = view[i - 1]
        if c.isalnum() and (c.isascii() or c.isdecimal() or c in _HANGUL_NUMERAL):
            i -= 1
        elif c in _MINUS_SIGNS and (i - 1 == floor or not view[i - 2].isalnum()):
            i -= 1  # a sign starts the run: -5억원
            break
        elif c in ".,+" or c in _MINUS_SIGNS or _is_format(c):
            i -= 1
        elif c in _HSPACE:
            j = i - 1
            while j > floor and view[j - 1] in _HSPACE:
                j -= 1
            if j > floor and (
                view[j - 1] in _BIG_UNIT_CHARS
                or view[j - 1].isdecimal()
                or (view[j - 1] in ".," and j - 1 > floor and view[j - 2].isdecimal())
            ):
                i = j  # 1조  3000억, 5 000: the run goes on across the spaces
            elif view.endswith("마이너스", floor, j):
                i = j - len("마이너스")
                break
            else:
                break
        elif view.endswith("마이너스", floor, i):
            i -= len("마이너스")
            break
        else:
            break
    while i < start and (view[i] in _HSPACE or _is_format(view[i])):
        i += 1  # the diagnostic starts at something visible
    return i
