"""The rule baseline, the floor: money, dates, times and quantities by pattern.

No entity names: PER, ORG, LOC, PRODUCT and JOB_TITLE are never predicted.
Money comes from the normalizer (``konews.text.money.find_money``); the other
labels from the regular expressions below, written from the annotation
guidelines (hedges such as 약/이상 inside, particles and '(현지시간)' outside):

    '지난 6월'  '13일'  '30일(현지시간)' -> '30일'   DATE
    '오후 3시'  '2시간'                              TIME
    '49%'  '200여명'  '28살'  '수십명'  '세 명'        QUANTITY

Spans of different patterns never overlap: money first, then the longest
match (``baselines.merge_layers``).
"""

from __future__ import annotations

import re

from baselines import FINE, merge_layers
from konews.records import Span
from konews.text.money import find_money

# A number written with digits: '3', '1,200', '12.5', and with the big units
# that counts of people or things use: '2,000만', '1만 3000', '3억'.
_DIGITS = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUM1 = rf"{_DIGITS}(?:\s?[천만억조](?:\s?{_DIGITS}(?:\s?천)?)?)*"
_NUM = rf"{_NUM1}(?:\s?[~∼〜\-]\s?{_NUM1})?"  # ranges: '13~20', '1∼2'
_DIGITS_RANGE = rf"{_DIGITS}(?:\s?[~∼〜\-]\s?{_DIGITS})?"
# Native and vague numerals that take a counter: '세 명', '수십명', '몇 주'.
_NATIVE = (
    r"(?:(?:열|스물|서른|마흔|쉰|예순|일흔|여든|아흔)\s?(?:한|두|세|네|다섯|여섯|일곱|여덟|아홉)"
    r"|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|스무|스물|서른|마흔|쉰"
    r"|수(?:십|백|천|만|십만|백만|천만)|몇(?:십|백|천)?)"
)
_NO_NUM_BEFORE = r"(?<![A-Za-z\d.,])"  # not inside a longer number or a name like 'EQ900'
_NO_HANGUL_BEFORE = r"(?<![가-힣])"
# What may follow a counter or a date word: the end of the word or a particle
# ('200명이', '지난해에는'), so '한 대표' or '오늘날' are not matched.
_NEXT = r"(?=$|[^가-힣]|[이가을를은는의에과와도만씩으로께보까부쯤정뿐엔인처마])"
_PRE = r"(?:(?:약|최소한|최소|최대|무려)\s?)?"
_POST = r"(?:\s?(?:이상|이하|미만|초과|가량|정도|안팎|남짓))?"

# Counters, longest first (the regex takes the first alternative that matches).
_COUNTERS = (
    "개국", "개사", "개월", "가구", "가지", "마리", "차례", "사람", "켤레", "위권", "배럴",
    "명", "개", "곳", "건", "대", "살", "세", "배", "편", "권", "번", "채", "척", "톤",
    "위", "점", "표", "석", "층", "잔", "장", "병", "벌", "회", "호", "종",
)  # fmt: skip
_UNITS = (
    "km2",
    "m2",
    "km",
    "kg",
    "cm",
    "mm",
    "m",
    "g",
    "㎢",
    "GB",
    "TB",
    "MB",
    "MW",
    "GW",
    "kW",
    "t",
    "㎡",
    "평",
)
_COUNTER = "(?:" + "|".join(c for c in _COUNTERS if c != "개월") + ")"
_UNIT = "(?:" + "|".join(_UNITS) + r")(?![A-Za-z])"
_PERCENT = r"(?:%|％|퍼센트)(?:\s?포인트|p)?|%?포인트"

_QUANTITY = [
    rf"{_NO_NUM_BEFORE}{_PRE}{_NUM}\s?(?:{_PERCENT}){_POST}",
    rf"{_NO_NUM_BEFORE}{_PRE}{_NUM}여?\s?{_COUNTER}(?:대)?{_POST}{_NEXT}",
    rf"{_NO_NUM_BEFORE}{_PRE}{_NUM}\s?{_UNIT}{_POST}",
    rf"{_NO_HANGUL_BEFORE}{_PRE}{_NATIVE}\s?(?:명|개|곳|가지|마리|번|차례|살|사람|잔|권|대|채|장|병)"
    rf"{_POST}(?!째){_NEXT}",
    # ages and rounded numbers: '20대' (in their twenties), '100만'
    rf"{_NO_NUM_BEFORE}\d0대(?![가-힣])",
]

# --- dates ------------------------------------------------------------------
# Words that can precede a date: '지난 6월', '지난달 23일', '이달 21-24일'.
_DET = r"(?:지난달|지난해|다음달|이달|내달|지난|오는|올|이번|다음|내년|올해|작년|이듬해)\s?"
_ABS = (
    r"\d{2,4}년도?(?:\s?\d{1,2}월)?(?:\s?\d{1,2}일)?"
    r"|\d{1,2}월\s?\d{1,2}(?:\s?[~∼\-]\s?\d{1,2})?일|\d{1,2}월|\d{1,2}(?:\s?[~∼\-]\s?\d{1,2})?일"
)
_PART = r"(?:\s?(?:초반|중반|후반|초|말|중순|초순|하순|상반기|하반기|[1-4]분기)|께|경(?![가-힣]))?"
_DURATION_UNIT = r"(?:년|개월|달(?!러)|주일|주년|세기|일)"  # not 달러
_DATE_WORDS = (
    "지난달", "지난해", "지난주", "올해", "내년", "작년", "재작년", "내후년", "이날", "그날", "전날",
    "다음날", "이튿날", "당일", "오늘", "어제", "내일", "그제", "모레", "이달", "이번 주", "이번 달",
    "다음 주", "다음주", "다음 달", "다음달", "연초", "연말", "상반기", "하반기", "주말", "며칠",
    "하루", "이틀", "사흘", "나흘", "일주일", "반세기", "반년", "다음 날", "저번주", "새해",
    "월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일",
)  # fmt: skip
_DATE = [
    # '지난 6월', '오는 12월 3일', '2016년', '13일', '2024년 말', '90년대'
    rf"{_NO_NUM_BEFORE}(?:{_DET})?(?:{_ABS}){_PART}",
    rf"{_NO_NUM_BEFORE}(?:{_DET})?\d{{2,4}}년대(?:\s?(?:초반|중반|후반|초|말))?",
    rf"{_NO_NUM_BEFORE}\d{{1,2}}세기",
    # '지난 50년', '30여 년 전', '두 달', '몇 주', '3개월간'
    rf"{_NO_NUM_BEFORE}(?:지난\s?|앞으로\s?)?(?:{_DIGITS_RANGE}여?\s?{_DURATION_UNIT}"
    # Native numerals do not count days with 일 ('한 일' is "the work done"): 하루, 이틀.
    rf"|{_NATIVE}\s?(?:년|개월|달(?!러)|주일|세기))"
    rf"여?(?:\s?(?:전|후|뒤|간|째))?",
    rf"{_NO_NUM_BEFORE}{_DIGITS}\s?년\s?{_DIGITS}\s?개월(?:\s?(?:전|후|뒤|간|째))?",
    rf"{_NO_NUM_BEFORE}(?:{_DIGITS}|{_NATIVE})\s?주(?:간|째)?(?=\s?(?:동안|전|후|뒤|만|안에))",
    rf"{_NO_HANGUL_BEFORE}(?:{_DET})?(?:{'|'.join(_DATE_WORDS)}){_PART}(?:간|\s?전)?{_NEXT}",
]

_CLOCK = r"\d{1,2}시(?:\s?\d{1,2}분)?(?:\s?\d{1,2}초)?"
_TIME = [
    # '오후 3시', '오전 6시 33분쯤', '오후 5시∼8시', '오전 2∼3시께'
    rf"{_NO_HANGUL_BEFORE}(?:(?:오전|오후|새벽|저녁|밤|낮)\s?)?{_NO_NUM_BEFORE}"
    rf"(?:\d{{1,2}}\s?[~∼\-]\s?)?{_CLOCK}(?:\s?[~∼\-]\s?{_CLOCK})?(?:\s?쯤|께|경(?![가-힣]))?",
    r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])",
    # durations: '3시간', '2시간 40분', '1시간여', '40분', '두시간'
    rf"{_NO_NUM_BEFORE}{_DIGITS_RANGE}\s?시간(?:\s?{_DIGITS}여?\s?분)?여?(?:\s?간)?{_NEXT}",
    rf"{_NO_NUM_BEFORE}{_DIGITS_RANGE}여?\s?분(?:\s?{_DIGITS}\s?초)?(?:\s?간)?{_NEXT}",
    rf"{_NO_HANGUL_BEFORE}{_NATIVE}\s?시간(?:\s?반)?{_NEXT}",
    rf"{_NO_HANGUL_BEFORE}(?:오전|오후|새벽|정오|자정){_NEXT}",
]


# Each pattern is searched on its own: an alternation would stop at the first
# alternative that matches ('90년' before '90년대'), and the longest should win.
_PATTERNS: tuple[tuple[str, re.Pattern], ...] = tuple(
    (label, re.compile(p))
    for label, group in (("TIME", _TIME), ("DATE", _DATE), ("QUANTITY", _QUANTITY))
    for p in group
)


def pattern_spans(text: str) -> list[Span]:
    """DATE, TIME and QUANTITY candidates (may overlap one another)."""
    spans = []
    for label, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            end -= len(m.group()) - len(m.group().rstrip())
            if end > start:
                spans.append(Span(start, end, label))
    return spans


def money_spans(text: str) -> list[Span]:
    return [Span(m.start, m.end, "MONEY") for m in find_money(text)]


def rule_spans(text: str) -> list[Span]:
    """Money, then the longest non-overlapping DATE/TIME/QUANTITY matches."""
    return merge_layers(money_spans(text), pattern_spans(text))


class RuleTagger:
    """Money (normalizer), dates, times, quantities. Fine schema; no training."""

    name = "rules"
    scheme = FINE

    def predict(self, texts: list[str]) -> list[list[Span]]:
        return [rule_spans(t) for t in texts]
