"""The rule baseline and the shared span helpers of ``baselines``."""

from __future__ import annotations

import pytest

from baselines import FINE, Tagger, merge_layers, project_to_klue
from baselines.rules import RuleTagger, rule_spans
from konews.records import Span


def found(text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in rule_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("메타는 13일 200명을 뽑았다.", [("13일", "DATE"), ("200명", "QUANTITY")]),
        ("그는 2016년 회사를 세웠다.", [("2016년", "DATE")]),
        ("지난달 발표했다.", [("지난달", "DATE")]),
        ("지난 6월 합류했다.", [("지난 6월", "DATE")]),
        ("30일(현지시간) 보도했다.", [("30일", "DATE")]),
        ("지분 49%를 샀다.", [("49%", "QUANTITY")]),
        ("직원 14명이 28살이다.", [("14명", "QUANTITY"), ("28살", "QUANTITY")]),
        ("연구원 수십명에게", [("수십명", "QUANTITY")]),
        ("최소한 한 명이 왔다.", [("최소한 한 명", "QUANTITY")]),
        ("약 200여명 이상이 모였다.", [("약 200여명 이상", "QUANTITY")]),
        ("두 달 만에 끝났다.", [("두 달", "DATE")]),
        ("30여 년 전 일이다.", [("30여 년 전", "DATE")]),
        ("이날 오전 만났다.", [("이날", "DATE"), ("오전", "TIME")]),
        ("오후 3시 30분에 시작한다.", [("오후 3시 30분", "TIME")]),
        ("1990년대 초반 유행했다.", [("1990년대 초반", "DATE")]),
        ("세계 10위권 기업", [("10위권", "QUANTITY")]),
        ("143억 달러(약 19조6천억원)에", [("143억 달러", "MONEY"), ("약 19조6천억원", "MONEY")]),
        ("1,200만 명이 봤다.", [("1,200만 명", "QUANTITY")]),
    ],
)
def test_rules_find_dates_quantities_money(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "한 대표가 말했다.",  # '한' is a surname here, not a numeral before the counter '대'
        "오늘날 AI는 흔하다.",  # '오늘날' is not a date
        "라마4와 EQ900을 공개했다.",  # digits inside product names
        "메타와 스케일AI가 협력한다.",  # no names from the rules
        "여러 명이 떠났다.",  # no numeral
        "그가 한 일은 많다.",  # native numerals do not count days with 일
        "한 달러도 없다.",  # '달' of 달러 is not a month
    ],
)
def test_rules_stay_quiet(text):
    assert found(text) == []


def test_rule_tagger_interface():
    tagger = RuleTagger()
    assert isinstance(tagger, Tagger)
    assert tagger.scheme == FINE
    texts = ["메타는 13일 200명을 뽑았다.", "", "이름만 있다."]
    out = tagger.predict(texts)
    assert len(out) == len(texts)
    assert out[1] == [] and out[2] == []
    assert all(s.end <= len(t) for t, spans in zip(texts, out, strict=True) for s in spans)


def test_merge_layers_prefers_earlier_layers_then_longer_spans():
    money = [Span(0, 5, "MONEY")]
    other = [Span(3, 8, "QUANTITY"), Span(6, 8, "DATE"), Span(6, 10, "TIME"), Span(11, 12, "DATE")]
    assert merge_layers(money, other) == [
        Span(0, 5, "MONEY"),
        Span(6, 10, "TIME"),
        Span(11, 12, "DATE"),
    ]


def test_project_to_klue_drops_product_and_job_title():
    spans = [
        Span(0, 2, "PER"),
        Span(3, 5, "JOB_TITLE"),
        Span(6, 8, "MONEY"),
        Span(9, 11, "PRODUCT"),
    ]
    assert project_to_klue(spans) == [Span(0, 2, "PS"), Span(6, 8, "QT")]
