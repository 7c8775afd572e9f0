"""Korean money expressions: find them in running text and normalize them.

``find_money`` returns every money mention in a text with an exact amount
(a decimal string, never a float), its ISO 4217 currency and its hedges:

>>> [m.to_json()["amount"] for m in find_money("143억 달러(약 19조6천억원)")]
['14300000000', '19600000000000']

Spans follow the annotation guidelines (``annotation/GUIDELINES.md``): a span
covers the number, its units, the currency and the hedges that are words of
the money phrase (약, 최대, 최소, 무려 before; 이상, 이하, 미만, 초과, 가량,
정도, 안팎, 여, 대 after) but never a particle or a verb. A verb right after
the span (``290억 달러를 넘는``) still sets the qualifier.

Numbers are read by ``parse_number``: digits with separators and decimals,
the units 십/백/천 and 만/억/조/경 in any mix (``19조6천억``, ``1조 3,000억``,
``2천500억``), and Hangul numerals (``삼백만``). Text is expected in NFC.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Context, Decimal, Inexact, localcontext

from konews.errors import MoneyParseError
from konews.schema import CURRENCIES, Qualifier

__all__ = [
    "HEDGE_PREFIXES",
    "HEDGE_SUFFIXES",
    "MoneyMention",
    "find_money",
    "format_amount",
    "parse_money",
    "parse_number",
]

# --- numbers ---------------------------------------------------------------

_SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
_BIG_UNITS = {"만": 10**4, "억": 10**8, "조": 10**12, "경": 10**16}
_HANGUL_DIGITS = {c: i for i, c in enumerate("일이삼사오육칠팔구", start=1)}
# 60 digits hold any amount up to 10^44 with decimals; Inexact is trapped so a
# rounding can never go unnoticed.
_EXACT = Context(prec=60, traps=[Inexact])

_NUMBER_TOKEN = re.compile(
    r"(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<hangul>[일이삼사오육칠팔구])|(?P<small>[십백천])|(?P<big>[만억조경])|(?P<yeo>여)|(?P<space>\s+)"
)


def parse_number(s: str) -> Decimal:
    """Value of a Korean numeral expression.

    >>> [parse_number(x) for x in ("19조6천억", "1조 3,000억", "삼백만", "12.5억")]
    [Decimal('19600000000000'), Decimal('1300000000000'), Decimal('3000000'), Decimal('1250000000.0')]

    Raises ``MoneyParseError`` for anything that is not one well-formed number
    (units out of order such as ``3만2억``, a group too large for the unit
    after it such as ``1억 12000만``, mixed Arabic and Hangul digits).
    """
    value, _ = _read_number(s)
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


# --- the mention grammar ---------------------------------------------------

_SP = r"[ \u00a0]?"
_AD = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_ASMALL = rf"(?:{_AD}[천백십]){{0,3}}{_AD}|(?:{_AD}[천백십]){{1,3}}"
_ANUM = rf"(?:{_ASMALL})여?[만억조경](?:{_SP}(?:{_ASMALL})여?[만억조경]){{0,3}}(?:{_SP}(?:{_ASMALL}))?|{_ASMALL}"
_HD = "[일이삼사오육칠팔구]"
_HSMALL = rf"(?:{_HD}?[천백십]){{1,3}}{_HD}?|{_HD}"
_HNUM = rf"(?:{_HSMALL})?[만억조경](?:{_SP}(?:{_HSMALL})?[만억조경]){{0,3}}(?:{_SP}(?:{_HSMALL}))?|{_HSMALL}"
_VAGUE = r"(?:수|몇|십수) ?(?:[십백천][만억조경]*|[만억조경]+)"
# 제 before digits makes an ordinal: 제1원전 (nuclear plant no. 1), 제3원칙.
_NUMBER = rf"(?<![0-9.,제])(?P<a>{_ANUM})|(?<![가-힣])(?P<v>{_VAGUE})|(?<![가-힣])(?P<h>{_HNUM})"

# Korean currency words after a number. Longest first; each lookahead rules out
# a common word that starts with the currency word (3원칙, 엔진, 유로파리그,
# 파운드리, 10위안에 들다 = "within the top 10").
_CURRENCY_WORDS: tuple[tuple[str, str], ...] = (
    (r"홍콩 ?달러", "HKD"),
    (r"싱가(?:포르|폴) ?달러", "SGD"),
    (r"대만 ?달러", "TWD"),
    (r"캐나다 ?달러", "CAD"),
    (r"호주 ?달러", "AUD"),
    (r"미국 ?달러", "USD"),
    (r"스위스 ?프랑", "CHF"),
    (r"달러", "USD"),
    (r"센트", "USD"),
    (r"유로(?![파존])", "EUR"),
    (r"엔(?![진터지트])", "JPY"),
    (
        r"위안(?!에 ?(?:들|진입|포함|안착|올라|올랐|랭크|머물|이름|오른))",
        "CNY",
    ),  # 올해 is not 올랐다
    (r"파운드(?!리)", "GBP"),
    (r"원(?![칙소자룸형숭전])", "KRW"),
)
_SYMBOLS = {
    "US$": "USD", "HK$": "HKD", "S$": "SGD", "C$": "CAD", "A$": "AUD", "NT$": "TWD",
    "$": "USD", "＄": "USD", "₩": "KRW", "￦": "KRW", "€": "EUR", "£": "GBP", "¥": "JPY", "￥": "JPY",
}  # fmt: skip
_SCALES = {"million": 10**6, "billion": 10**9, "trillion": 10**12, "bn": 10**9}

_CODES = "|".join(CURRENCIES)
_WORDS = "|".join(f"(?P<w{i}>{pattern})" for i, (pattern, _) in enumerate(_CURRENCY_WORDS))
_SYMS = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
# Hedge words inside a MONEY span, per the guidelines (대 and 여 attach to the
# number or currency and are handled in the grammar).
HEDGE_PREFIXES: tuple[str, ...] = ("약", "최대", "최소", "무려")
HEDGE_SUFFIXES: tuple[str, ...] = ("이상", "이하", "미만", "초과", "가량", "정도", "안팎")
_PREFIX = rf"(?<![가-힣A-Za-z0-9])(?:{'|'.join(HEDGE_PREFIXES)})"
_SUFFIX = "|".join(HEDGE_SUFFIXES).replace("초과", "초과(?![하한했할해])")  # 초과하는 is a verb

# Every mention contains one of these; most sentences contain none, and one
# cheap search skips them (3x faster on KLUE-NER).
# (Each of _CURRENCY_WORDS contains one of the words here.)
_HINT = re.compile(
    f"원|달러|엔|위안|유로|파운드|프랑|센트|{_CODES}|" + "|".join(map(re.escape, _SYMBOLS))
)

_MONEY = re.compile(
    rf"(?P<pre>(?:{_PREFIX}{_SP}){{0,2}})"
    r"(?:"
    rf"(?P<sym>{_SYMS}){_SP}(?P<snum>{_ANUM})(?:{_SP}(?P<scale>{'|'.join(_SCALES)})(?![A-Za-z]))?"
    rf"|(?<![A-Za-z])(?P<code1>{_CODES}){_SP}(?P<cnum>{_ANUM})"
    rf"|(?:{_NUMBER})(?P<yeo>여)?{_SP}(?:{_WORDS}|(?P<code2>{_CODES})(?![A-Za-z]))"
    r")"
    r"(?P<dae>대(?![비신]))?"
    rf"(?P<suf>{_SP}(?:{_SUFFIX}))?"
)

# A bare number (no currency) before a range separator: the 7천억 of 7천억~8천억원.
_RANGE_HEAD = re.compile(
    rf"(?P<pre>(?:{_PREFIX}{_SP}){{0,2}})(?:{_NUMBER})(?P<yeo>여)?"
    rf"(?:{_SP}(?P<sep>[~∼〜～\-–]){_SP}|{_SP}(?P<from>부터) ?)\Z"
)
_RANGE_GAP = re.compile(rf"{_SP}(?:[~∼〜～\-–]{_SP}|부터 ?)")
# Verbs after the span (and its particle) that make the amount a bound.
_PARTICLE_ADVERB = r"(?:을|를|이|가|은|는|도|에)? ?(?:(?:훌쩍|훨씬|크게|족히|가뿐히|이미) )?"
_AT_LEAST_AFTER = re.compile(
    rf"{_PARTICLE_ADVERB}(?:넘[는어었겨겼은을게기긴길]|웃[도돈돌]|상회|초과[하한했할해])"
)
_AT_MOST_AFTER = re.compile(rf"{_PARTICLE_ADVERB}(?:밑[도돈돌]|하회|못 ?미치|미달)")
# 143억 달러(약 19조6천억원), 49달러(한화 약 5만 8200원), 2만 파운드, 우리 돈 3400만원:
# after a comma the marker word is required, or a list would become restatements.
_MARKER = r"(?:한화|원화|미화|우리 ?돈|환산 ?시)(?:으?로)?"
_RESTATEMENT_GAP = re.compile(rf" ?[(（] ?(?:{_MARKER} ?)?| ?, ?{_MARKER} ?")

_PREFIX_QUALIFIER = {"최대": Qualifier.AT_MOST.value, "최소": Qualifier.AT_LEAST.value}
_SUFFIX_QUALIFIER = {
    "이상": Qualifier.AT_LEAST.value,
    "초과": Qualifier.AT_LEAST.value,
    "이하": Qualifier.AT_MOST.value,
    "미만": Qualifier.AT_MOST.value,
}
_APPROX_SUFFIXES = ("가량", "정도", "안팎")


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


def _numeral_value(m: re.Match) -> tuple[Decimal | None, str, bool] | None:
    """(value, numeral text, approximate) of the number groups in a match of
    ``_MONEY`` or ``_RANGE_HEAD``; None when the numeral is not well formed."""
    if m["v"] is not None:
        return None, m["v"], False
    numeral = m["a"] or m["h"] or m["snum"] or m["cnum"]
    if m["h"] is not None and not _plausible_hangul_numeral(numeral):
        return None
    try:
        value, approx = _read_number(numeral)
    except MoneyParseError:
        return None
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


def _read_core(m: re.Match) -> _Core | None:
    read = _numeral_value(m)
    if read is None:
        return None
    value, numeral, approx = read
    if m["sym"]:
        currency = _SYMBOLS[m["sym"]]
        if m["scale"] and value is not None:
            value = _EXACT.multiply(value, _SCALES[m["scale"]])
    elif m["code1"] or m["code2"]:
        currency = m["code1"] or m["code2"]
    else:
        index = next(int(k[1:]) for k, v in m.groupdict().items() if k[0] == "w" and v)
        currency = _CURRENCY_WORDS[index][1]
        if m[f"w{index}"] == "센트" and value is not None:
            value = _EXACT.divide(value, 100)
    prefixes = m["pre"].split()
    suffix = (m["suf"] or "").strip()
    qualifier = _SUFFIX_QUALIFIER.get(suffix)
    for p in prefixes:
        qualifier = qualifier or _PREFIX_QUALIFIER.get(p)
    approx = approx or bool(m["yeo"] or m["dae"]) or "약" in prefixes or suffix in _APPROX_SUFFIXES
    return _Core(m.start(), m.end(), value, numeral, currency, approx, qualifier, bool(prefixes))


def _scan_cores(text: str) -> list[_Core]:
    cores: list[_Core] = []
    pos = 0
    while (m := _MONEY.search(text, pos)) is not None:
        core = _read_core(m)
        if core is None:  # a numeral that only looked like one: try from the next character
            pos = m.start() + 1
            continue
        cores.append(core)
        pos = m.end()
    return cores


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


def _merge_range(text: str, lower: _Core | None, upper: _Core, head: re.Match | None):
    """A range mention from two cores (7천억원~8천억원) or a bare head and a core
    (7천억~8천억원); None when the bounds do not make a range."""
    if lower is not None:
        start, low, approx = lower.start, lower.value, lower.approximate
        if lower.currency != upper.currency:
            return None
    else:
        read = _numeral_value(head)
        if read is None:
            return None
        low, numeral, approx = read
        if low is not None and upper.value is not None:
            low = _range_lower(low, numeral, upper.number)
        start = head.start()
        approx = approx or "약" in head["pre"].split() or bool(head["yeo"])
    if low is not None and upper.value is not None and low >= upper.value:
        return None
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


def find_money(text: str) -> list[MoneyMention]:
    """All money mentions in ``text``, in order (see the module docstring)."""
    if _HINT.search(text) is None:
        return []
    cores = _scan_cores(text)
    mentions: list[MoneyMention] = []
    i = 0
    while i < len(cores):
        core = cores[i]
        merged = None
        if i + 1 < len(cores) and _RANGE_GAP.fullmatch(text, core.end, cores[i + 1].start):
            merged = _merge_range(text, core, cores[i + 1], None)
            if merged is not None:
                i += 1
        if merged is None and not core.has_prefix:
            floor = mentions[-1].end if mentions else 0
            head = _RANGE_HEAD.search(text, max(floor, core.start - 40), core.start)
            if head is not None:
                merged = _merge_range(text, None, core, head)
        mentions.append(merged or _mention(text, core))
        i += 1
    return [_with_context(text, mentions, k) for k in range(len(mentions))]


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
    found = find_money(span_text)
    whole = [m for m in found if m.start == 0 and m.end == len(span_text)]
    if whole:
        return replace(whole[0], equivalent_of=None)
    if found:
        parts = ", ".join(repr(m.text) for m in found)
        raise MoneyParseError(
            f"{span_text!r} is not one money expression: it contains {parts}; "
            "a MONEY span is one amount with its currency and hedges, without particles"
        )
    raise MoneyParseError(
        f"{span_text!r} is not a money expression: expected a number with a currency "
        "word, symbol or code (e.g. '143억 달러', '$1.25', 'USD 100', '수십억 원')"
    )
