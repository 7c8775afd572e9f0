"""Tests for the Korean money normalizer (konews.text.money) and ``konews money``."""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from konews.cli import main
from konews.errors import MoneyParseError
from konews.schema import CURRENCIES, QUALIFIERS
from konews.text.money import (
    NON_CURRENCY,
    MoneyMention,
    find_money,
    format_amount,
    parse_money,
    parse_number,
    scan_money,
)

# --- parse_number ------------------------------------------------------------


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("19조6천억", 19_600_000_000_000),
        ("1조 3,000억", 1_300_000_000_000),
        ("삼백만", 3_000_000),
        ("이십억", 2_000_000_000),
        ("십오만", 150_000),
        ("천만", 10_000_000),
        ("12.5억", 1_250_000_000),
        ("1.5조", 1_500_000_000_000),
        ("1,200만", 12_000_000),
        ("2천500억", 250_000_000_000),
        ("7억 5천만", 750_000_000),
        ("1천16억", 101_600_000_000),
        ("8천3백억", 830_000_000_000),
        ("5만1천800", 51_800),
        ("4만 9000", 49_000),
        ("3조7426억", 3_742_600_000_000),
        ("9000여만", 90_000_000),
        ("1경", 10**16),
        ("7.31", Decimal("7.31")),
        ("0", 0),
    ],
)
def test_parse_number_reads_korean_numerals(numeral, value):
    assert parse_number(numeral) == Decimal(value)


@pytest.mark.parametrize(
    ("numeral", "why"),
    [
        ("3만2억", "out of order"),
        ("1억 12000만", "out of order or its group is too large"),
        ("4만 19000", "last group is too large"),
        ("2천5000", "too large to follow"),
        ("백천", "out of order"),
        ("3삼백", "two numbers in a row"),
        ("3백오십", "Arabic and Hangul digits mixed"),
        ("1,20만", "unexpected"),
        ("명", "unexpected"),
        ("", "empty"),
        ("억여여", "misplaced 여"),
        ("5 3", "a space may only follow"),
    ],
)
def test_parse_number_rejects_malformed_numerals(numeral, why):
    with pytest.raises(MoneyParseError, match=why):
        parse_number(numeral)


@pytest.mark.parametrize("text", ["1천" * 3000 + "원", "1억 " * 3000 + "원"])
def test_long_runs_of_malformed_numerals_are_skipped_whole(text):
    # Until issue 11 the well-formed tail (1천원, 1억 원) was returned: a piece
    # of an unreadable numeral with a wrong amount. Unit groups are bounded, so
    # the scan stays linear (it took 15 s for 6,000 characters before that).
    scan = scan_money(text)
    assert scan.mentions == ()
    ((start, end),) = [(s.start, s.end) for s in scan.skipped]
    assert (start, end) == (0, len(text))


def test_parse_number_is_exact_or_refuses():
    # Decimal's default 28 digits used to round 40-digit numbers silently
    assert parse_number("1" * 60) == Decimal("1" * 60)
    assert parse_number("1" * 40 + ".5조") == Decimal("1" * 40 + "5" + "0" * 11)
    with pytest.raises(MoneyParseError, match="more than 60 significant digits"):
        parse_number("1" * 61)
    assert find_money("1" * 100 + "원") == []


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1.43E+10"), "14300000000"),
        (Decimal("1.250"), "1.25"),
        (Decimal("100.00"), "100"),
        (Decimal("0.5"), "0.5"),
        (Decimal("0E+3"), "0"),
        (Decimal("1" * 70 + "E+5"), "1" * 70 + "00000"),  # never rounded
        (Decimal("-0.0"), "0"),
    ],
)
def test_format_amount_is_canonical(value, text):
    assert format_amount(value) == text


# --- parse_money: one annotated span ----------------------------------------

_NO = None


@pytest.mark.parametrize(
    ("span", "amount", "currency", "approximate", "qualifier", "vague", "amount_max"),
    [
        # the project's corpus
        ("19조원대", "19000000000000", "KRW", True, _NO, False, _NO),
        ("143억 달러", "14300000000", "USD", False, _NO, False, _NO),
        ("약 19조6천억원", "19600000000000", "KRW", True, _NO, False, _NO),
        ("290억 달러 이상", "29000000000", "USD", False, "at_least", False, _NO),
        ("20조원", "20000000000000", "KRW", False, _NO, False, _NO),
        ("약 20조원", "20000000000000", "KRW", True, _NO, False, _NO),
        ("수십억 달러", _NO, "USD", False, _NO, True, _NO),
        ("80억 달러", "8000000000", "USD", False, _NO, False, _NO),
        ("1조 3,000억 달러", "1300000000000", "USD", False, _NO, False, _NO),
        ("1.3조 달러", "1300000000000", "USD", False, _NO, False, _NO),
        # hedges and qualifiers inside the span
        ("80억여 달러", "8000000000", "USD", True, _NO, False, _NO),
        ("최대 5억 달러", "500000000", "USD", False, "at_most", False, _NO),
        ("최소 3천억원", "300000000000", "KRW", False, "at_least", False, _NO),
        ("무려 2조원", "2000000000000", "KRW", False, _NO, False, _NO),
        ("100억원 이하", "10000000000", "KRW", False, "at_most", False, _NO),
        ("100억원 미만", "10000000000", "KRW", False, "at_most", False, _NO),
        ("100억원 초과", "10000000000", "KRW", False, "at_least", False, _NO),
        ("100억원 가량", "10000000000", "KRW", True, _NO, False, _NO),
        ("100억원가량", "10000000000", "KRW", True, _NO, False, _NO),
        ("100억원 정도", "10000000000", "KRW", True, _NO, False, _NO),
        ("100억 달러 안팎", "10000000000", "USD", True, _NO, False, _NO),
        ("9000여만원", "90000000", "KRW", True, _NO, False, _NO),
        ("90만여원", "900000", "KRW", True, _NO, False, _NO),
        ("1억6천400여만원", "164000000", "KRW", True, _NO, False, _NO),
        # ranges
        ("7천억~8천억원", "700000000000", "KRW", False, "range", False, "800000000000"),
        ("7천억-8천억 원", "700000000000", "KRW", False, "range", False, "800000000000"),
        ("7천억원부터 8천억원까지", "700000000000", "KRW", False, "range", False, "800000000000"),
        ("7~8천억원", "700000000000", "KRW", False, "range", False, "800000000000"),
        ("2~3억 달러", "200000000", "USD", False, "range", False, "300000000"),
        ("300만~600만원", "3000000", "KRW", False, "range", False, "6000000"),
        ("5,000~6,000원", "5000", "KRW", False, "range", False, "6000"),
        ("1억~1억5천만원", "100000000", "KRW", False, "range", False, "150000000"),
        ("1천억~1천500억원", "100000000000", "KRW", False, "range", False, "150000000000"),
        ("7천억부터 8천억원까지", "700000000000", "KRW", False, "range", False, "800000000000"),
        ("1.5~2.5억 달러", "150000000", "USD", False, "range", False, "250000000"),
        ("7천~8천억원", "700000000000", "KRW", False, "range", False, "800000000000"),
        ("1~1조2천억원", "1", "KRW", False, "range", False, "1200000000000"),
        ("약 1조~2조원", "1000000000000", "KRW", True, "range", False, "2000000000000"),
        ("수백억~수천억원", _NO, "KRW", False, "range", True, _NO),
        # numerals
        ("1,200만 원", "12000000", "KRW", False, _NO, False, _NO),
        ("12.5억 원", "1250000000", "KRW", False, _NO, False, _NO),
        ("2천500억엔", "250000000000", "JPY", False, _NO, False, _NO),
        ("7억 5천만 원", "750000000", "KRW", False, _NO, False, _NO),
        ("5천만원", "50000000", "KRW", False, _NO, False, _NO),
        ("삼백만 원", "3000000", "KRW", False, _NO, False, _NO),
        ("이십억 원", "2000000000", "KRW", False, _NO, False, _NO),
        ("십오만원", "150000", "KRW", False, _NO, False, _NO),
        ("5만1천800원", "51800", "KRW", False, _NO, False, _NO),
        ("1조8천3백억여원", "1830000000000", "KRW", True, _NO, False, _NO),
        ("7.31 달러", "7.31", "USD", False, _NO, False, _NO),
        # vague
        ("수천억원", _NO, "KRW", False, _NO, True, _NO),
        ("수조 원", _NO, "KRW", False, _NO, True, _NO),
        ("수백만 달러", _NO, "USD", False, _NO, True, _NO),
        ("십수억 원", _NO, "KRW", False, _NO, True, _NO),
        ("몇 천원", _NO, "KRW", False, _NO, True, _NO),
        ("수 천만원", _NO, "KRW", False, _NO, True, _NO),
        # currencies
        ("10유로", "10", "EUR", False, _NO, False, _NO),
        ("100위안", "100", "CNY", False, _NO, False, _NO),
        ("50파운드", "50", "GBP", False, _NO, False, _NO),
        ("10홍콩달러", "10", "HKD", False, _NO, False, _NO),
        ("10 홍콩 달러", "10", "HKD", False, _NO, False, _NO),
        ("3억 싱가포르달러", "300000000", "SGD", False, _NO, False, _NO),
        ("100대만달러", "100", "TWD", False, _NO, False, _NO),
        ("100캐나다달러", "100", "CAD", False, _NO, False, _NO),
        ("100호주달러", "100", "AUD", False, _NO, False, _NO),
        ("100스위스프랑", "100", "CHF", False, _NO, False, _NO),
        ("50센트", "0.5", "USD", False, _NO, False, _NO),
        ("USD 100", "100", "USD", False, _NO, False, _NO),
        ("100 USD", "100", "USD", False, _NO, False, _NO),
        ("KRW 5,000", "5000", "KRW", False, _NO, False, _NO),
        ("EUR 1.2", "1.2", "EUR", False, _NO, False, _NO),
        ("30 CNY", "30", "CNY", False, _NO, False, _NO),
        ("$1.25", "1.25", "USD", False, _NO, False, _NO),
        ("$1.5 billion", "1500000000", "USD", False, _NO, False, _NO),
        ("US$ 300", "300", "USD", False, _NO, False, _NO),
        ("HK$10", "10", "HKD", False, _NO, False, _NO),
        ("₩5,000", "5000", "KRW", False, _NO, False, _NO),
        ("￦5,000", "5000", "KRW", False, _NO, False, _NO),
        ("€20", "20", "EUR", False, _NO, False, _NO),
        ("¥1000", "1000", "JPY", False, _NO, False, _NO),
        ("£7", "7", "GBP", False, _NO, False, _NO),
        ("$10억", "1000000000", "USD", False, _NO, False, _NO),
    ],
)
def test_parse_money_normalizes_a_span(
    span, amount, currency, approximate, qualifier, vague, amount_max
):
    m = parse_money(span)
    assert (m.text, m.start, m.end) == (span, 0, len(span))
    assert (m.amount, m.amount_max, m.currency) == (amount, amount_max, currency)
    assert (m.approximate, m.qualifier, m.vague, m.equivalent_of) == (
        approximate,
        qualifier,
        vague,
        None,
    )


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("상당한 금액", "not a money expression"),
        ("49%", "not a money expression"),
        ("200명", "not a money expression"),
        ("14명", "not a money expression"),
        ("28살", "not a money expression"),
        ("30여 년", "not a money expression"),
        ("50주년", "not a money expression"),
        ("10위권", "not a money expression"),
        ("3억 명", "not a money expression"),
        ("2,000만 개", "not a money expression"),
        ("만원", "not a money expression"),
        ("290억 달러를", "not one money expression: it contains '290억 달러'"),
        ("143억 달러(약 19조6천억원)", "not one money expression"),
        (" 20조원", "whitespace"),
    ],
)
def test_parse_money_rejects_what_is_not_one_money_expression(text, match):
    with pytest.raises(MoneyParseError, match=match):
        parse_money(text)


# --- find_money: running text -----------------------------------------------


def spans(text: str) -> list[str]:
    return [m.text for m in find_money(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("작년 매출 19조원대를 기록했다.", ["19조원대"]),
        ("290억 달러를 넘는 규모", ["290억 달러"]),
        ("계약 100억원 규모", ["100억원"]),  # 약 of 계약 is not a hedge
        ("만원 버스에 탔다", []),
        ("200명이 3억 명을 2,000만 개 49% 늘렸다", []),
        ("28살 김씨가 30여 년 만에 50주년 10위권", []),
        ("제3원칙을 지켰다", []),
        ("V8엔진을 얹었다", []),
        ("세계 10위안에 들었다", []),
        ("세계 5위안에 올랐다", []),
        # regression: the rank guard's 올 also matched 올해 ("this year")
        ("24.8억 위안에 올해의 매출", ["24.8억 위안"]),
        ("6609조 위안에 올해 들어", ["6609조 위안"]),
        ("이원화 구원 조원", []),
        ("후쿠시마 제1원전 사고", []),  # ordinal 제 and 원전 (nuclear plant)
        ("현장에 조사원을 보냈다", []),  # not 1조4 won
        ("천사원 봉사", []),
        ("수원지법 한수원 금수원", []),
        ("이십오 원, 삼백만 원, 만오천 원", ["이십오 원", "삼백만 원", "만오천 원"]),
        # units out of order across a space: nothing, not the 100만원 tail (issue 11)
        ("300만 100만원", []),
        ("5천만원씩 두 번, 총 1억원을 냈다", ["5천만원", "1억원"]),
        ("가격은 $1.25에서 $2로 올랐다", ["$1.25", "$2"]),
        ("100억원에서 200억원으로 늘었다", ["100억원", "200억원"]),  # a change, not a range
        ("3억원-1억원", ["3억원", "1억원"]),  # upper below lower: not a range
    ],
)
def test_find_money_spans(text, expected):
    assert spans(text) == expected


def test_restatement_in_parentheses_links_to_the_first_amount():
    text = "인수 금액은 143억 달러(약 19조6천억원)로 알려졌다."
    first, second = find_money(text)
    assert (first.text, first.start) == ("143억 달러", text.index("143억"))
    assert (second.text, second.start) == ("약 19조6천억원", text.index("약 19조"))
    assert (second.amount, second.currency, second.approximate) == ("19600000000000", "KRW", True)
    assert (first.equivalent_of, second.equivalent_of) == (None, 0)


@pytest.mark.parametrize(
    "text",
    [
        "1천억 원(한화 약 7천500만 달러)",
        "1천억 원 (약 7천500만 달러)",
        "1천억 원(우리 돈 7천500만 달러)",
        "1천억 원, 우리 돈으로 7천500만 달러",
        "1천억 원, 미화 7천500만 달러",
    ],
)
def test_restatement_variants(text):
    first, second = find_money(text)
    assert first.text == "1천억 원" and second.equivalent_of == 0
    assert second.text.endswith("7천500만 달러")


def test_a_list_of_amounts_is_not_a_restatement():
    assert [m.equivalent_of for m in find_money("1억원, 2억원, 3억원(추정)")] == [None] * 3


def test_equivalent_of_indexes_the_returned_list():
    text = "수수료 5억원. 매각가 143억 달러(약 20조원)."
    found = find_money(text)
    assert [m.text for m in found] == ["5억원", "143억 달러", "약 20조원"]
    assert found[2].equivalent_of == 1


@pytest.mark.parametrize(
    ("text", "span", "qualifier"),
    [
        ("290억 달러를 넘는 규모", "290억 달러", "at_least"),
        ("290억 달러가 넘는 규모", "290억 달러", "at_least"),
        ("290억 달러 넘게", "290억 달러", "at_least"),
        ("290억 달러를 넘어섰다", "290억 달러", "at_least"),
        ("290억 달러를 넘겨", "290억 달러", "at_least"),
        ("290억 달러를 웃도는", "290억 달러", "at_least"),
        ("290억 달러를 초과하는", "290억 달러", "at_least"),
        ("290억 달러를 밑도는", "290억 달러", "at_most"),
        ("290억 달러를 훌쩍 넘는", "290억 달러", "at_least"),
        ("290억 달러에 못 미치는", "290억 달러", "at_most"),
        ("290억 달러에 미달하는", "290억 달러", "at_most"),
        ("290억 달러에 달하는", "290억 달러", None),
        ("1조 3,000억 달러를 넘보는", "1조 3,000억 달러", None),  # 넘보다: aspire to
        ("290억 달러를 투자했다", "290억 달러", None),
        ("최대 5억 달러를 넘는", "최대 5억 달러", "at_most"),  # the span's own word wins
    ],
)
def test_verb_after_the_span_sets_the_qualifier_but_stays_outside(text, span, qualifier):
    (m,) = find_money(text)
    assert (m.text, m.qualifier) == (span, qualifier)


def test_range_takes_the_currency_of_the_upper_bound():
    (m,) = find_money("예상 매각가는 7천억~8천억원이다")
    assert (m.text, m.amount, m.amount_max, m.currency, m.qualifier) == (
        "7천억~8천억원",
        "700000000000",
        "800000000000",
        "KRW",
        "range",
    )


def test_range_needs_kkaji_after_buteo():
    # without 까지 the 부터 phrase is not a closed range: two plain amounts
    assert spans("7천억원부터 8천억원을 거쳐") == ["7천억원", "8천억원"]


def test_to_json_has_the_documented_keys_in_order():
    (m,) = find_money("약 20조원")
    assert list(m.to_json()) == [
        "text", "start", "end", "amount", "amount_max", "currency",
        "approximate", "qualifier", "vague", "equivalent_of",
    ]  # fmt: skip
    assert isinstance(m, MoneyMention)


# --- property tests ------------------------------------------------------------

_HANGUL = dict(zip("123456789", "일이삼사오육칠팔구", strict=True))
amounts = st.integers(min_value=1, max_value=10**16)
cents = st.integers(min_value=1, max_value=10**16 * 100).map(lambda n: Decimal(n) / 100)


def _groups(n: int) -> list[tuple[int, str]]:
    """(value below 10^4, big unit) from the top: 19_6000_0000_0000 -> [(19,'조'), (6000,'억')]."""
    out = []
    for unit, size in (("경", 10**16), ("조", 10**12), ("억", 10**8), ("만", 10**4), ("", 1)):
        if n >= size:
            out.append((n // size, unit))
            n %= size
    return [(g, u) for g, u in out if g]


def _small_mixed(g: int) -> str:
    """Newswire style below 10^4: 2500 -> '2천500', 6000 -> '6천', 16 -> '16'."""
    return f"{g // 1000}천{g % 1000 or ''}" if g >= 1000 else str(g)


def _small_hangul(g: int) -> str:
    out = ""
    for size, unit in ((1000, "천"), (100, "백"), (10, "십"), (1, "")):
        d, g = divmod(g, size)
        if d:
            out += ("" if d == 1 and unit else _HANGUL[str(d)]) + unit
    return out


def render(n: int, style: str) -> str:
    if style == "digits":
        return f"{n:,}원"
    groups = _groups(n)
    if style == "mixed":  # 19조6천억원
        return "".join(_small_mixed(g) + u for g, u in groups) + "원"
    if style == "spaced":  # 1조 3,000억 달러, 7억 5천만 달러
        return " ".join(f"{g:,}" + u for g, u in groups) + " 달러"
    if style == "hangul":  # 삼백만 원
        return "".join(_small_hangul(g) + u for g, u in groups) + " 원"
    raise AssertionError(style)


def _refused_by_design(text: str) -> bool:
    """Hangul numerals that find_money refuses because they are more often words:
    one syllable ('만 원') or a last digit not after 십 ('천사 원' is 'angel won')."""
    numeral = text.removesuffix(" 원")
    return len(numeral) == 1 or (numeral[-1] in "일이삼사오육칠팔구" and numeral[-2] != "십")


@given(amounts, st.sampled_from(["digits", "mixed", "spaced", "hangul"]))
@example(19_600_000_000_000, "mixed")
@example(1_300_000_000_000, "spaced")
@example(3_000_000, "hangul")
@example(10**16, "hangul")
def test_rendered_amounts_parse_back(n, style):
    text = render(n, style)
    assume(not _refused_by_design(text))
    m = parse_money(text)
    assert m.amount == str(n), text
    assert m.currency == ("USD" if style == "spaced" else "KRW")


@given(amounts, amounts, st.sampled_from(["~", "-", " ~ ", "부터 "]), st.booleans())
def test_ranges_parse_back(a, b, sep, currency_on_lower):
    low, high = sorted((a, b))
    assume(low < high)
    lower = render(low, "mixed") if currency_on_lower or sep == "부터 " else _mixed_numeral(low)
    # a lower bound without currency and big unit borrows the upper's units (7~8천억원)
    assume(currency_on_lower or sep == "부터 " or any(c in lower for c in "만억조경"))
    text = f"{lower}{sep}{render(high, 'mixed')}" + ("까지" if sep == "부터 " else "")
    m = parse_money(text)
    assert (m.amount, m.amount_max, m.qualifier) == (str(low), str(high), "range"), text


def _mixed_numeral(n: int) -> str:
    """The numeral of render(n, 'mixed') without its currency."""
    return render(n, "mixed").removesuffix("원")


@given(amounts, st.sampled_from(["만", "억", "조"]), st.integers(min_value=1, max_value=2))
@example(1_250_000_000, "억", 1)
def test_decimal_with_unit_parses_back(n, unit, places):
    """12.5억 style: n written as a decimal number of 만/억/조 when that is exact."""
    size = {"만": 10**4, "억": 10**8, "조": 10**12}[unit]
    scaled = Decimal(n) / size
    if scaled < 1 or scaled != scaled.quantize(Decimal(1).scaleb(-places)):
        return  # not writable with this unit and this many decimals
    text = f"{format_amount(scaled)}{unit} 달러"
    assert parse_money(text).amount == str(n)


@given(cents, st.sampled_from(["{:,}달러", "${:,}", "USD {}", "{} EUR", "€{:,}"]))
def test_amounts_with_decimals_parse_back(d, template):
    text = template.format(d.quantize(Decimal("0.01")))
    assert parse_money(text).amount == format_amount(d)


@given(amounts, st.sampled_from(["mixed", "spaced", "hangul"]))
def test_parse_number_reads_every_numeral_style(n, style):
    numeral = render(n, style).removesuffix("원").removesuffix(" 달러").rstrip()
    assert parse_number(numeral) == n


_WORDS = [
    "삼성전자는",
    "지난해",
    "인수",
    "금액",
    "투자를",
    "발표했다",
    "회사",
    "이날",
    "밝혔다",
    "매출",
]
_PARTICLES = ["", "을", "를", "이", "가", "은", "는", "의", "에", "로", "과", "와", "도", "만"]
words = st.lists(st.sampled_from(_WORDS), max_size=6).map(" ".join)


@given(words, amounts, st.sampled_from(["digits", "mixed", "spaced", "hangul"]), words)
@example("", 19_600_000_000_000, "mixed", "")
def test_money_embedded_in_text_is_found(before, n, style, after):
    phrase = render(n, style)
    assume(not _refused_by_design(phrase))
    for particle in _PARTICLES:
        text = f"{before} {phrase}{particle} {after}".strip()
        (m,) = find_money(text)
        assert (m.text, m.amount) == (phrase, str(n)), text
        assert m.start == text.index(phrase)


_FUZZ = "0123456789,.~- ()$₩억만천백십조경원달러엔위안유로약최대이상여대수삼오명을는%USDKRW"


@given(st.text(alphabet=_FUZZ, max_size=60))
@example("1조 3,000억 달러(약 7~8천억원)를 넘는")
def test_find_money_offsets_and_fields_are_consistent(text):
    found = find_money(text)
    assert [m.start for m in found] == sorted(m.start for m in found)
    for k, m in enumerate(found):
        assert text[m.start : m.end] == m.text
        assert m.vague == (m.amount is None)
        assert m.currency in CURRENCIES
        assert m.qualifier is None or m.qualifier in QUALIFIERS
        assert m.equivalent_of is None or 0 <= m.equivalent_of < k
        if m.amount is not None:
            assert "E" not in m.amount and Decimal(m.amount) >= 0
        if k:
            assert found[k - 1].end <= m.start


# --- the command ---------------------------------------------------------------


def test_cli_prints_one_json_line_per_mention(capsys):
    assert main(["money", "143억 달러(약 19조6천억원)"]) == 0
    out = capsys.readouterr().out
    assert "약 19조6천억원" in out  # Korean is not \u-escaped
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["amount"] for r in rows] == ["14300000000", "19600000000000"]
    assert rows[1]["equivalent_of"] == 0


def test_cli_reads_a_file_and_stdin(tmp_path, capsys, monkeypatch):
    path = tmp_path / "article.txt"
    path.write_text("수십억 달러를 투자했다.\n", encoding="utf-8")
    assert main(["money", "--file", str(path)]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (row["text"], row["vague"], row["currency"]) == ("수십억 달러", True, "USD")

    import io

    # a real standard input: text over bytes (the command reads the bytes and decodes them)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("매출 20조원".encode())))
    assert main(["money", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["amount"] == "20000000000000"


def test_cli_rejects_a_missing_file_and_non_nfc_text(tmp_path, capsys):
    assert main(["money", "--file", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt: no such file" in capsys.readouterr().err
    import unicodedata

    assert main(["money", unicodedata.normalize("NFD", "20조원")]) == 2
    assert "not NFC" in capsys.readouterr().err


def test_docstring_examples_hold():
    import doctest
    import importlib
    import pkgutil

    import konews.text.money

    # the package and each of its modules: testmod only runs the examples of
    # what a module defines itself, not of what it imports
    modules = [konews.text.money] + [
        importlib.import_module(info.name)
        for info in pkgutil.iter_modules(konews.text.money.__path__, "konews.text.money.")
    ]
    results = [doctest.testmod(module) for module in modules]
    assert sum(r.attempted for r in results) >= 3 and sum(r.failed for r in results) == 0


# --- right or silent (issue 11) -------------------------------------------------

WJ, ZWJ, ZWSP, SHY, BOM = "\u2060", "\u200d", "\u200b", "\u00ad", "\ufeff"


def skipped(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.reason) for s in scan_money(text).skipped]


@pytest.mark.parametrize(
    ("text", "skip", "reason"),
    [
        # the examples: each used to give a piece with a wrong amount
        ("3만2억원", "3만2억원", "out of order"),
        ("1e309억 달러", "1e309억 달러", "exponent notation"),
        (f"5{WJ}000억원", f"5{WJ}000억원", "WORD JOINER"),
        (f"19조{ZWJ}6천억원", f"19조{ZWJ}6천억원", "ZERO WIDTH JOINER"),
        ("삼백5십억 달러", "삼백5십억 달러", "mixes Hangul and Arabic"),
        # the same classes in other shapes
        ("천5백억원", "천5백억원", "mixes Hangul and Arabic"),
        ("5삼백만 원", "5삼백만 원", "continues a longer number"),
        ("1,2345원", "1,2345원", "continues a longer number"),
        ("1.2.3억원", "1.2.3억원", "continues a longer number"),
        ("1조 ,500억 달러", "1조 ,500억 달러", "comma right before"),
        (".5억원", ".5억원", "point right before"),
        ("1E+10원", "1E+10원", "exponent notation"),
        ("2.5e3 달러", "2.5e3 달러", "exponent notation"),
        ("abc5억원", "abc5억원", "glued to the letter"),
        ("$1e9", "$1", "glued to 'e' after it"),
        ("USD 5x", "USD 5", "glued to 'x' after it"),
        ("$1,2345", "$1,234", "goes on with '5'"),
        (f"1{ZWSP}2억원", f"1{ZWSP}2억원", "ZERO WIDTH SPACE"),
        (f"1억{SHY}2천만원", f"1억{SHY}2천만원", "SOFT HYPHEN"),
        (f"7{BOM}000원", f"7{BOM}000원", "NO-BREAK SPACE"),
        ("1조  3000억원", "1조  3000억원", "continues the numeral before the space"),
        ("5 000원", "5 000원", "separated by a space"),
        ("1조 3, 000억 달러", "1조 3, 000억 달러", "separated by a space"),
        ("007원", "007원", "starts with a zero"),
        ("٣٠٠5억원", "٣٠٠5억원", "digits of another script"),
        ("1" * 61 + "원", "1" * 61 + "원", "more than 60 significant digits"),
        ("$10억 billion", "$10억 billion", "a Korean unit and the scale word"),
        # ranges with an unreadable or inverted bound: no bound alone
        ("3만2억원~5억원", "5억원", "a bound of a range whose other bound is skipped"),
        ("5억원~3만2억원", "5억원", "a bound of a range whose other bound is skipped"),
        ("3만2억~5억원", "3만2억~5억원", "the lower bound of the range"),
        ("19조~6천억원", "19조~6천억원", "not below its upper bound"),
        ("5억-3억원", "5억-3억원", "not below its upper bound"),
        # negative amounts are refused, not read as positive
        ("-5억원", "-5억원", "negative amounts are not read"),
        ("−5억원", "−5억원", "negative amounts are not read"),
        ("손실은 (-5억원)", "-5억원", "negative amounts are not read"),
        ("마이너스 3조원", "마이너스 3조원", "negative amounts are not read"),
        ("성장률 마이너스3조원", "마이너스3조원", "negative amounts are not read"),
        ("-$5", "-$5", "negative amounts are not read"),
        ("약 -5억원", "-5억원", "negative amounts are not read"),
        ("3억원 -5억원", "-5억원", "negative amounts are not read"),
    ],
)
def test_unreadable_money_is_skipped_whole_with_a_reason(text, skip, reason):
    scan = scan_money(text)
    assert all(skip not in m.text and m.text not in skip for m in scan.mentions), scan
    assert any(s.text == skip and reason in s.reason for s in scan.skipped), scan.skipped
    for s in scan.skipped:
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what the guards must leave alone
        ("매출이5억원", ["5억원"]),  # 이 is a particle, not the Hangul digit 2
        ("회사5억원", ["5억원"]),
        ("1억원,2억원", ["1억원", "2억원"]),
        ("올랐다.5억원", ["5억원"]),
        ("7천억-8천억원", ["7천억-8천억원"]),
        ("3억원-1억원", ["3억원", "1억원"]),
        ("3억원 - 5억원", ["3억원 - 5억원"]),
        (f"매출{ZWSP}5억원", ["5억원"]),  # an invisible character between words
        ("0.5달러", ["0.5달러"]),
        ("0원", ["0원"]),
        ("영업이익 +5억원", ["5억원"]),
        ("1" * 60 + "원", ["1" * 60 + "원"]),
        ("1조\u20093000억원", ["1조\u20093000억원"]),  # thin space
    ],
)
def test_guards_keep_what_is_whole(text, expected):
    assert spans(text) == expected
    assert skipped(text) == []


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("１２３억원", "12300000000", "KRW"),
        ("１，０００원", "1000", "KRW"),
        ("＄５", "5", "USD"),
        ("ＵＳＤ　５", "5", "USD"),  # full-width letters and the ideographic space
        ("𝟏𝟐억원", "1200000000", "KRW"),  # mathematical bold digits
        ("1２3억원", "12300000000", "KRW"),
    ],
)
def test_full_width_digits_are_read_as_nfkc_reads_them(text, amount, currency):
    (m,) = find_money(text)
    # the offsets index the text as given, one character for one
    assert (m.text, m.start, m.end, m.amount, m.currency) == (text, 0, len(text), amount, currency)
    assert parse_money(text).amount == amount


def test_parse_number_reads_full_width_digits():
    assert parse_number("１조 ３，０００억") == Decimal(1_300_000_000_000)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("USD 5 million", "5000000", "USD"),
        ("USD 5million", "5000000", "USD"),
        ("$1.2 billion", "1200000000", "USD"),
        ("$1.2bn", "1200000000", "USD"),
        ("US$ 30 bn", "30000000000", "USD"),
        ("€5 mn", "5000000", "EUR"),
        ("$3 trillion", "3000000000000", "USD"),
        ("$2 Trillion", "2000000000000", "USD"),
        ("$5 millions", "5000000", "USD"),
        ("$5M", "5000000", "USD"),
        ("$5K", "5000", "USD"),
        ("£2 thousand", "2000", "GBP"),
        ("EUR 1.5 billion", "1500000000", "EUR"),
        ("5 million dollars", "5000000", "USD"),
        ("5 million US dollars", "5000000", "USD"),
        ("1.5 billion euros", "1500000000", "EUR"),
        ("5 million USD", "5000000", "USD"),
        ("30 dollars", "30", "USD"),
        ("5 million 달러", "5000000", "USD"),
    ],
)
def test_english_scale_words_are_read(text, amount, currency):
    m = parse_money(text)
    assert (m.amount, m.currency) == (amount, currency)


def test_english_scale_in_running_text():
    assert [(m.text, m.amount) for m in find_money("총 USD 5 million 규모")] == [
        ("USD 5 million", "5000000")
    ]


@pytest.mark.parametrize(
    "example", [(word, ex) for word, (_, examples) in NON_CURRENCY.items() for ex in examples]
)
def test_non_currency_readings_in_the_rule_table_are_not_money(example):
    word, text = example
    assert find_money(text) == [], f"{word}: {text}"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("체중을 10파운드 줄였다", "체중"),
        ("10파운드 무게의 바벨", "무게"),
        ("220파운드(약 99kg)를 들었다", "kg"),
        ("6일 만에 4파운드(약 1.814kg)를 뺐다", "kg"),
        ("몸무게가 150파운드다", "몸무게"),
        ("살을 빼서 20파운드가 줄었다", "살을 빼"),
    ],
)
def test_pound_as_a_unit_of_weight_is_not_money(text, cue):
    assert find_money(text) == []
    ((_, reason),) = skipped(text)
    assert "unit of weight" in reason and repr(cue) in reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # money right next to a word that would be a non-currency reading
        ("가격이 3억원인 주택", ["3억원"]),  # 원인 "cause", but here the copula
        ("1000원짜리 동전", ["1000원"]),
        ("5만원권", ["5만원"]),
        ("리터당 1,500원선", ["1,500원"]),
        ("3천만원미만", ["3천만원미만"]),
        ("9천원투자", ["9천원"]),
        ("500원화폐", ["500원"]),
        ("차량 가격은 약 23만 파운드(약 4억 400만원)", ["약 23만 파운드", "약 4억 400만원"]),
        ("1kg당 10파운드", ["10파운드"]),  # a price per kilogram
        ("프로그램 비용 10파운드", ["10파운드"]),
        ("100위안을 받았다", ["100위안"]),
        ("10엔씩", ["10엔"]),
    ],
)
def test_money_next_to_non_currency_words_stays_money(text, expected):
    assert spans(text) == expected


def test_parse_money_says_why_a_span_is_not_read():
    with pytest.raises(MoneyParseError, match=r"not read as money: '3만2억원': .*out of order"):
        parse_money("3만2억원")
    with pytest.raises(MoneyParseError, match="negative amounts are not read"):
        parse_money("-5억원")


def test_skipped_money_serializes():
    (s,) = scan_money("3만2억원").skipped
    assert list(s.to_json()) == ["text", "start", "end", "reason"]


# A numeral run: what may neither precede the first nor follow the last
# character of a mention (Cf characters are looked through).
def _continues_numeral(c: str, beyond: str) -> bool:
    if not c:
        return False
    if c.isdecimal() or c in "십백천만억조경":
        return True
    if c.isascii() and c.isalpha():
        return True
    return (
        c != ""
        and c in ".,"
        and beyond != ""
        and (beyond.isdecimal() or beyond in "십백천만억조경")
    )


def _neighbour(text: str, i: int, step: int) -> tuple[str, str]:
    """The first visible character from ``i`` in direction ``step``, and the one beyond it."""
    while 0 <= i < len(text) and unicodedata.category(text[i]) == "Cf":
        i += step
    at = text[i] if 0 <= i < len(text) else ""
    beyond = text[i + step] if 0 <= i + step < len(text) else ""
    return at, beyond


def assert_no_partial_amount(text: str) -> None:
    """Every mention is whole: it reads back alone to the same values, and it
    neither starts right after nor ends right before more of a numeral."""
    scan = scan_money(text)
    for m in scan.mentions:
        alone = parse_money(m.text)
        assert (alone.amount, alone.amount_max, alone.currency, alone.vague) == (
            m.amount, m.amount_max, m.currency, m.vague,
        ), (text, m)  # fmt: skip
        before, beyond = _neighbour(text, m.start - 1, -1)
        assert not _continues_numeral(before, beyond), (text, m)
        if m.text[-1].isdecimal():  # after a symbol or code nothing closes the number
            after, beyond = _neighbour(text, m.end, 1)
            assert not _continues_numeral(after, beyond), (text, m)
        assert m.amount is None or not m.amount.startswith("-"), (text, m)
    covered = sorted(
        [(m.start, m.end) for m in scan.mentions] + [(s.start, s.end) for s in scan.skipped]
    )
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(covered)), (text, covered)


_GARBAGE = (
    "0123456789０１２３,.~- ()$₩€억만천백십조경원달러엔위안파운드약최대이상여대수삼오이구명을는%"
    "USDKRWmillionbneE+−마이너스체중kg" + WJ + ZWJ + ZWSP + SHY + BOM + "\u00a0\u3000٣"
)


@given(st.text(alphabet=_GARBAGE, max_size=50))
@example(f"3만2억원 1e309억 달러 5{WJ}000억원 19조{ZWJ}6천억원 삼백5십억 달러")
@example("USD 5 million, $1.2 billion, -5억원, 마이너스 3조원, １２３억원")
def test_garbage_never_yields_a_partial_amount(text):
    assert_no_partial_amount(text)


# What a perturbation inserts into a numeral: numeral characters, separators,
# signs, letters of exponents and invisible characters (no currency words,
# which would make a second, whole expression).
_INSERTS = "0123456789０５,. ~-−+eEAx일이삼오구십백천만억조경여" + WJ + ZWJ + ZWSP + SHY + BOM


@given(
    amounts,
    st.sampled_from(["digits", "mixed", "spaced", "hangul", "symbol"]),
    st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(_INSERTS), st.booleans()),
             min_size=1, max_size=3),
    words,
)  # fmt: skip
@example(3_0002_0000_0000, "mixed", [(1, "만", False)], "")
@example(19_6000_0000_0000, "mixed", [(2, ZWJ, False)], "")
@example(1_3000_0000_0000, "spaced", [(5, " ", False)], "")
def test_perturbed_money_is_read_whole_or_not_at_all(n, style, edits, before):
    """Insert or delete characters inside the numeral of a valid expression:
    whatever is found covers the whole numeral, never a piece of it."""
    phrase = f"${n:,}" if style == "symbol" else render(n, style)
    head = 1 if style == "symbol" else 0
    tail = len(phrase) if style == "symbol" else len(phrase.rstrip("원달러 "))
    numeral = list(phrase[head:tail])
    for position, char, delete in edits:
        if len(numeral) < 2:
            break
        i = 1 + position % (len(numeral) - 1)  # strictly inside the numeral
        if style == "hangul" and char == " " and not delete:
            continue  # 이 십일 원 is "this 11 won": a space makes two words of a Hangul numeral
        if delete:
            del numeral[i]
        else:
            numeral.insert(i, char)
    # a letter after a space starts a word of its own (1만 e 1 달러): what follows it
    # may be a whole amount of its own
    # and so does a space after a Hangul digit ($1일 0: 일 may be a word, $5이 3: a particle)
    assume(re.search(r"\s[A-Za-z]|[일이삼오구]\s", "".join(numeral)) is None)
    perturbed = phrase[:head] + "".join(numeral) + phrase[tail:]
    prefix = f"{before} " if before else ""
    text = prefix + perturbed + "을 냈다"
    assert_no_partial_amount(text)
    lo, hi = len(prefix), len(prefix) + len(perturbed)
    # trailing separators, signs and invisible characters are punctuation ($1, 그리고),
    # trailing Hangul digits may be a particle or a word ($1이면, $1일)
    trailing = ".,~-−+ 일이삼오구" + WJ + ZWJ + ZWSP + SHY + BOM
    numeral_end = len(prefix) + head + len("".join(numeral).rstrip(trailing))
    for m in find_money(text):
        if text.endswith(", ", 0, m.start) or text.startswith(", ", m.end):
            continue  # 1억, 2억원; $1, 1: a comma and a space make a list, its items whole
        if m.start < hi and lo < m.end:  # overlaps the perturbed expression
            assert m.start <= len(prefix) + head - (1 if head else 0) and m.end >= numeral_end, (
                text, m.text,
            )  # fmt: skip


def test_cli_warns_about_what_it_skipped(capsys):
    text = "매출 3만2억원, 이익 5억원\n체중을 10파운드 줄였다. -5억원"
    assert main(["money", text]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["text"] for line in out.splitlines()] == ["5억원"]
    warnings = err.splitlines()
    assert len(warnings) == 3 and all(w.startswith("warning: <text>:") for w in warnings)
    assert "<text>:1: skipped '3만2억원' (characters 3-8)" in warnings[0]
    assert "<text>:2: skipped '10파운드'" in warnings[1] and "unit of weight" in warnings[1]
    assert "<text>:2: skipped '-5억원'" in warnings[2] and "negative" in warnings[2]
    assert "Traceback" not in err


@pytest.mark.parametrize("source", ["argument", "stdin"])
def test_cli_refuses_undecodable_text_instead_of_reading_around_it(source, capsys, monkeypatch):
    # An argument's undecodable bytes reach Python as lone surrogates (surrogateescape);
    # standard input is read as bytes and decoded by the command (issue 11 hardening), so
    # its message names the line and the byte rather than a character.
    text = "매출\n\udcff5억원"
    if source == "stdin":
        import io

        data = "매출\n".encode() + b"\xff" + "5억원".encode()
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert main(["money", "-" if source == "stdin" else text]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    if source == "stdin":
        assert "standard input, line 2: not UTF-8 (byte 0xff)" in err
    else:
        assert ":2: the text is not valid UTF-8 (byte 0xff at character 3)" in err
    assert "iconv" in err


def test_cli_reports_stdin_that_is_not_utf8(capsys, monkeypatch):
    import io

    raw = io.TextIOWrapper(io.BytesIO("5억원".encode("cp949")), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", raw)
    assert main(["money", "-"]) == 2
    err = capsys.readouterr().err
    assert "standard input, line 1: not UTF-8" in err and "iconv" in err


@given(st.text(alphabet=_GARBAGE + "\udcff\n", max_size=40))
@example("\udcff")
@example("3만2억원\n-5억원")
def test_cli_on_garbage_prints_whole_mentions_or_one_clear_error(text):
    import contextlib
    import io

    assume(text != "-")  # standard input
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["money", "--", text])
    assert "Traceback" not in err.getvalue()
    if status == 2:
        assert out.getvalue() == "" and err.getvalue().count("\n") == 1
        return
    assert status == 0
    for line in out.getvalue().splitlines():
        row = json.loads(line)
        assert parse_money(row["text"]).amount == row["amount"]
    assert all(w.startswith("warning: <text>:") for w in err.getvalue().splitlines())


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("한빛전자는 13일 약 3억원을 들여 공장을 세웠다.", ["약 3억원"]),
        ("지난 1일 3억원을 냈다", ["3억원"]),
        ("5일 2천만원 상당", ["2천만원"]),
        ("3일 1억 달러를", ["1억 달러"]),
        ("국내 3사 5억원씩", ["5억원"]),
        ("삼백만 3억원", []),  # still a numeral that cannot be read whole
    ],
)
def test_a_day_or_counter_before_an_amount_is_not_part_of_its_numeral(text, found):
    # Regression: the guard against numerals continued across a space read the day in
    # '13일 3억원' as the Hangul numeral 일 and dropped the amount (seen on the KLUE layer).
    assert [m.text for m in find_money(text)] == found
