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
``2천500억``), and Hangul numerals (``삼백만``). After a currency symbol or
code, English scale words are read too (``USD 5 million``, ``$1.2bn``,
``US$ 30 bn``, ``5 million dollars``). Text is expected in NFC.

Right or silent: a mention is the whole money expression with its exact
amount, or nothing. What looks like money but cannot be read whole is
skipped, and ``scan_money`` says why (``konews money`` prints it as a
warning). The rules, each for a class of input:

- a numeral is read whole or not at all: a match may not start or end inside
  a longer run of digits, separators, Hangul numerals or letters
  (``3만2억원``, ``삼백5십억 달러``, ``1,2345원``, ``1e309억 달러``, ``1조  3000억원``
  with two spaces); no shorter piece of it is offered instead;
- invisible format characters (Unicode Cf: U+200B, U+200D, U+2060, U+00AD,
  ...) inside a numeral make it unreadable (``5``U+2060``000억원``);
- digits are read as NFKC reads them: full-width ``１２３억원`` and
  mathematical digits are ordinary digits (offsets still index the original
  text, one character for one); digits of other scripts are refused;
- an amount needs at most 60 significant digits; longer ones are refused,
  never rounded;
- amounts are never negative: ``-5억원``, ``−5억원`` and ``마이너스 3조원`` are
  refused (GUIDELINES §3: a loss or a fall is its positive amount with a word
  saying so, ``3조원 적자``); a hyphen between two amounts is a range or a
  list, not a sign;
- a currency word in a longer word or used as another unit is not a
  currency: see ``NON_CURRENCY`` (``3원색``, ``V8엔진``, ``위안부``,
  ``체중을 10파운드 줄였다``).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Context, Decimal, Inexact, localcontext

from konews.errors import MoneyParseError
from konews.schema import CURRENCIES, Qualifier

__all__ = [
    "HEDGE_PREFIXES",
    "HEDGE_SUFFIXES",
    "NON_CURRENCY",
    "MoneyMention",
    "MoneyScan",
    "SkippedMoney",
    "find_money",
    "format_amount",
    "parse_money",
    "parse_number",
    "scan_money",
]

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


# --- the mention grammar ---------------------------------------------------

# One space between the parts of a number or before its currency: an ordinary,
# no-break, thin or narrow no-break space (the ideographic space reads as one).
_SP = r"[ \u00a0\u2009\u202f]?"
_AD = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_ASMALL = rf"(?:{_AD}[천백십]){{0,3}}{_AD}|(?:{_AD}[천백십]){{1,3}}"
_ANUM = rf"(?:{_ASMALL})여?[만억조경](?:{_SP}(?:{_ASMALL})여?[만억조경]){{0,3}}(?:{_SP}(?:{_ASMALL}))?|{_ASMALL}"
_HD = "[일이삼사오육칠팔구]"
_HSMALL = rf"(?:{_HD}?[천백십]){{1,3}}{_HD}?|{_HD}"
_HNUM = rf"(?:{_HSMALL})?[만억조경](?:{_SP}(?:{_HSMALL})?[만억조경]){{0,3}}(?:{_SP}(?:{_HSMALL}))?|{_HSMALL}"
_VAGUE = r"(?:수|몇|십수) ?(?:[십백천][만억조경]*|[만억조경]+)"
# 제 before digits makes an ordinal: 제1원전 (nuclear plant no. 1), 제3원칙.
# What else may come before a number is judged by _left_problem, which can
# say why it refuses.
_NUMBER = rf"(?<![0-9제])(?P<a>{_ANUM})|(?<![가-힣])(?P<v>{_VAGUE})|(?<![가-힣])(?P<h>{_HNUM})"

# Non-currency readings of the currency words, with what keeps each out:
# currency word -> (regex of what may not follow it, examples that are not money).
# Words that can follow a money amount stay allowed even when they also start
# another word: 원인 (3억원인 주택: copula), 원가량, 원정도, 원미만, 원짜리, 원권, 원선.
NON_CURRENCY: dict[str, tuple[str, tuple[str, ...]]] = {
    "원": (
        # 원칙 principle, 원소 element, 원자 atom, 원룸 studio, 원형 circle,
        # 원숭이 monkey, 원전 nuclear plant, 원색 primary colour, 원뿔 cone,
        # 원년 first year, 원주민 natives, 원화 the won itself (but 원화폐 is money)
        "칙|소|자|룸|형|숭|전|색|뿔|년|주민|화(?!폐)",
        ("5원칙을 세웠다", "118원소", "1원자로", "2원룸", "3원형 구조", "1원전 사고",
         "3원색", "2원뿔", "2020원년", "3원주민", "2원화 정책"),
    ),
    "엔": (
        # 엔진 engine, 엔터 entertainment, 엔지니어, 엔트리 entry, 엔딩 ending,
        # 엔씨 NCSoft, 엔비디아 Nvidia
        "진|터|지|트|딩|씨|비",
        ("V8엔진을 얹었다", "3엔터", "2엔지니어", "3엔트리", "영화1,2 엔딩", "5엔씨", "4엔비디아"),
    ),
    "위안": (
        # 위안부 "comfort women", 위안소; 위안(을|으로) 삼다 "take comfort";
        # 10위 안에 들다 "within the top 10" (올 of 올랐다 but not 올해)
        r"부|소|(?:을|으로)? ?삼|에 ?(?:들|진입|포함|안착|올라|올랐|랭크|머물|이름|오른)",
        ("10위안부", "2위안소", "2위안으로 삼았다", "세계 10위안에 들었다", "세계 5위안에 올랐다"),
    ),
    "파운드": (
        # 파운드리 foundry, 파운드케이크 pound cake; 파운드 as a unit of weight
        # is judged from the words around it (_WEIGHT_CUE)
        "리|케이크|케익",
        ("7파운드리", "2파운드케이크", "체중을 10파운드 줄였다", "10파운드 무게",
         "220파운드(약 99kg)를 들었다", "230파운드 바벨도 거뜬히"),
    ),
    "유로": (
        # 유로파리그 Europa League, 유로존 euro zone, 유로비전 Eurovision
        "파|존|비전",
        ("16유로파리그", "19유로존", "2유로비전"),
    ),
    "센트": ("럴|리", ("2센트럴", "3센트리")),  # 센트럴 central, 센트리 sentry
    "스위스 ?프랑": ("스", ("100스위스 프랑스어",)),  # 프랑스 France
}  # fmt: skip
# Words that make 파운드 a unit of weight when they are near it (체중 body
# weight, 무게 weight, 바벨 barbell, kg ...); a price per kilogram (kg당) is not.
_WEIGHT_CUE = re.compile(
    r"체중|몸무게|무게|중량|감량|증량|바벨|덤벨|역기|살[을이] ?(?:빼|뺐|빠|쪄|쪘|찌)"
    r"|(?:kg|KG|㎏|킬로그램|(?<!프로)그램|킬로(?!미터)|온스)(?!당)"
)
_WEIGHT_WINDOW = 20  # characters on either side of the mention


def _currency_word(word: str) -> str:
    if word in NON_CURRENCY:
        return f"{word}(?!{NON_CURRENCY[word][0]})"
    return word


# Currency words after a number, longest first.
_CURRENCY_WORDS: tuple[tuple[str, str], ...] = (
    (r"홍콩 ?달러", "HKD"),
    (r"싱가(?:포르|폴) ?달러", "SGD"),
    (r"대만 ?달러", "TWD"),
    (r"캐나다 ?달러", "CAD"),
    (r"호주 ?달러", "AUD"),
    (r"미국 ?달러", "USD"),
    (_currency_word("스위스 ?프랑"), "CHF"),
    (r"달러", "USD"),
    (_currency_word("센트"), "USD"),
    (_currency_word("유로"), "EUR"),
    (_currency_word("엔"), "JPY"),
    (_currency_word("위안"), "CNY"),
    (_currency_word("파운드"), "GBP"),
    (_currency_word("원"), "KRW"),
    (r"(?i:(?:US ?)?dollars?)(?![A-Za-z])", "USD"),  # 5 million dollars
    (r"(?i:euros?)(?![A-Za-z])", "EUR"),
)
_SYMBOLS = {
    "US$": "USD", "HK$": "HKD", "S$": "SGD", "C$": "CAD", "A$": "AUD", "NT$": "TWD",
    "$": "USD", "＄": "USD", "₩": "KRW", "￦": "KRW", "€": "EUR", "£": "GBP", "¥": "JPY", "￥": "JPY",
}  # fmt: skip
# English scale words after an Arabic number: 5 million, 1.2bn. The one-letter
# forms (5k, $3m, 2B) only after a currency symbol or code, where they cannot
# be metres or bytes.
_SCALES = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "mn": 10**6, "mln": 10**6, "bn": 10**9, "bln": 10**9, "tn": 10**12, "trn": 10**12,
    "k": 10**3, "m": 10**6, "b": 10**9,
}  # fmt: skip
_SCALE_WORD = r"(?i:(?:thousand|million|billion|trillion)s?|mln|mn|bln|bn|trn|tn)(?![A-Za-z])"
_SCALE_ANY = rf"(?:{_SCALE_WORD}|(?i:[kmb])(?![A-Za-z]))"

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
_HINT_WORDS = [
    "원", "달러", "엔", "위안", "유로", "파운드", "프랑", "센트",
    *(w for word in ("dollar", "euro") for w in (word, word.title(), word.upper())),
    *CURRENCIES, *_SYMBOLS,
]  # fmt: skip
# Literal alternatives keep this search fast (a character class or (?i) makes
# it 15x slower); the codes are also listed full-width (ＵＳＤ), the only hint
# words that NFKC reading changes.
_HINT = re.compile(
    "|".join(re.escape(w) for w in _HINT_WORDS + [c.translate(_FULL_WIDTH) for c in CURRENCIES])
)

_MONEY = re.compile(
    rf"(?P<pre>(?:{_PREFIX}{_SP}){{0,2}})"
    r"(?:"
    rf"(?P<sym>{_SYMS}){_SP}(?P<snum>{_ANUM})(?:{_SP}(?P<scale>{_SCALE_ANY}))?"
    rf"|(?<![A-Za-z])(?P<code1>{_CODES}){_SP}(?P<cnum>{_ANUM})(?:{_SP}(?P<cscale>{_SCALE_ANY}))?"
    rf"|(?:{_NUMBER})(?P<yeo>여)?(?:{_SP}(?P<nscale>{_SCALE_WORD}))?"
    rf"{_SP}(?:{_WORDS}|(?P<code2>{_CODES})(?![A-Za-z]))"
    r")"
    r"(?P<dae>대(?![비신]))?"
    rf"(?P<suf>{_SP}(?:{_SUFFIX}))?"
)

# A bare number (no currency) before a range separator: the 7천억 of 7천억~8천억원.
_RANGE_HEAD = re.compile(
    rf"(?P<pre>(?:{_PREFIX}{_SP}){{0,2}})(?:{_NUMBER})(?P<yeo>여)?"
    rf"(?:{_SP}(?P<sep>[~∼〜～\-–]){_SP}|{_SP}(?P<from>부터) ?)\Z"
)
# Characters that join two numbers into one expression: a range dash, an
# arithmetic operator, a minus sign, or a separator.
_OPERATOR_CHARS = frozenset("~∼〜～-–−－﹣+/*×÷")
_JOINERS = _OPERATOR_CHARS | frozenset(".,")
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


# --- the whole-or-nothing guards --------------------------------------------

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


# --- reading matches --------------------------------------------------------


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


def _weight_cue(view: str, start: int, end: int) -> str | None:
    cue = _WEIGHT_CUE.search(view, max(0, start - _WEIGHT_WINDOW), start) or _WEIGHT_CUE.search(
        view, end, end + _WEIGHT_WINDOW
    )
    return cue.group() if cue else None


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


def find_money(text: str) -> list[MoneyMention]:
    """All money mentions in ``text``, in order (see the module docstring)."""
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
