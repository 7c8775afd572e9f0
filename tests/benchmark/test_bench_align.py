"""Token tags and LLM entity strings -> character spans (konews.benchmark.align)."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from konews.benchmark.align import align_surfaces, drop_overlaps, spans_from_tokens

TOKEN_CASES = [
    pytest.param(
        "삼성전자는 15일",
        [(0, 2, "B", "OG"), (2, 4, "I", "OG"), (4, 5, "O", None), (6, 9, "B", "DT")],
        [(0, 4, "OG"), (6, 9, "DT")],
        id="word-pieces-merge",
    ),
    pytest.param(
        "메타가 스케일AI에",
        # sentencepiece: "▁스케일" carries the space before it in its offsets
        [
            (0, 2, "B", "OG"),
            (2, 3, "O", None),
            (3, 7, "B", "OG"),
            (7, 9, "I", "OG"),
            (9, 10, "O", None),
        ],
        [(0, 2, "OG"), (4, 9, "OG")],
        id="leading-space-trimmed",
    ),
    pytest.param(
        "김 민 수",
        [(0, 1, "B", "PS"), (2, 3, "I", "PS"), (4, 5, "E", "PS")],
        [(0, 5, "PS")],
        id="continues-over-whitespace",
    ),
    pytest.param(
        "서울부산",
        [(0, 2, "S", "LC"), (2, 4, "S", "LC")],
        [(0, 2, "LC"), (2, 4, "LC")],
        id="bioes-singletons-stay-apart",
    ),
    pytest.param(
        "서울부산대구",
        [(0, 2, "B", "LC"), (2, 4, "E", "LC"), (4, 6, "I", "LC")],
        [(0, 4, "LC"), (4, 6, "LC")],
        id="E-closes-then-lenient-I-starts",
    ),
    pytest.param(
        "네이버 김",
        [(0, 3, "I", "OG"), (4, 5, "I", "PS")],
        [(0, 3, "OG"), (4, 5, "PS")],
        id="I-without-B-starts-and-label-change-splits",
    ),
    pytest.param(
        "한국은행",
        [(0, 1, "B", "OG"), (1, 2, "I", "OG"), (2, 3, "I", "OG"), (3, 4, "I", "OG")],
        [(0, 4, "OG")],
        id="character-level",
    ),
    pytest.param(
        "오늘 오후",
        [(0, 2, "B", "DT"), (2, 3, "I", "DT"), (3, 5, "B", "TI")],
        [(0, 2, "DT"), (3, 5, "TI")],
        id="whitespace-token-trimmed",
    ),
]


@pytest.mark.parametrize(("text", "tokens", "expected"), TOKEN_CASES)
def test_spans_from_tokens(text, tokens, expected):
    assert spans_from_tokens(text, tokens) == expected


TAGS = st.sampled_from(
    [("O", None), ("B", "PS"), ("I", "PS"), ("E", "PS"), ("S", "OG"), ("I", "OG")]
)


@st.composite
def tokenized(draw):
    text = draw(st.text(alphabet="삼성 전자AI·", min_size=1, max_size=30))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=12))) | {0, len(text)})
    tokens = [(a, b, *draw(TAGS)) for a, b in pairwise(cuts) if a < b]
    return text, tokens


@given(tokenized())
def test_token_spans_lie_on_the_text_without_overlap_or_edge_space(case):
    text, tokens = case
    spans = spans_from_tokens(text, tokens)
    for start, end, label in spans:
        assert 0 <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert label in ("PS", "OG")
    assert all(a[1] <= b[0] for a, b in pairwise(spans))


SURFACE_CASES = [
    pytest.param(
        "네이버가 투자한 회사가 상장하자 네이버 주가가 올랐다.",
        [("네이버", "ORG"), ("네이버", "ORG")],
        [(0, 3, "ORG"), (18, 21, "ORG")],
        [],
        [],
        id="listed-twice-both-occurrences",
    ),
    pytest.param(
        "네이버가 투자한 회사가 상장하자 네이버 주가가 올랐다.",
        [("네이버", "ORG")],
        [(0, 3, "ORG")],
        [],
        [],
        id="listed-once-first-occurrence",
    ),
    pytest.param(
        "네이버와 네이버",
        [("네이버", "ORG"), ("네이버", "PER"), ("네이버", "ORG")],
        [(0, 3, "ORG"), (5, 8, "PER")],
        [],
        ["네이버"],
        id="i-th-listing-gets-i-th-occurrence-extra-counted",
    ),
    pytest.param(
        "메타는 메타 초지능 연구소를 세웠다.",
        [("메타", "ORG"), ("메타 초지능 연구소", "ORG")],
        [(0, 2, "ORG"), (4, 14, "ORG")],
        [],
        [],
        id="longer-surface-placed-first",
    ),
    pytest.param(
        "메타 초지능 연구소",
        [("메타", "ORG"), ("메타 초지능 연구소", "ORG")],
        [(0, 10, "ORG")],
        [],
        ["메타"],
        id="nested-surface-has-no-free-occurrence",
    ),
    pytest.param(
        "삼성전자는 투자를 늘렸다.",
        [("Samsung", "ORG"), ("  삼성전자 ", "ORG"), ("", "ORG")],
        [(0, 4, "ORG")],
        ["Samsung"],
        [],
        id="absent-counted-whitespace-stripped-empty-ignored",
    ),
    pytest.param(
        "한국은행",
        [(unicodedata.normalize("NFD", "한국은행"), "ORG")],
        [(0, 4, "ORG")],
        [],
        [],
        id="nfd-answer-normalised",
    ),
]


@pytest.mark.parametrize(("text", "items", "spans", "not_found", "no_free"), SURFACE_CASES)
def test_align_surfaces_rule(text, items, spans, not_found, no_free):
    al = align_surfaces(text, items)
    assert al.spans == spans
    assert al.not_found == not_found
    assert al.no_free_occurrence == no_free


@st.composite
def listed(draw):
    text = draw(st.text(alphabet="가나다 라", min_size=1, max_size=25))
    items = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            a = draw(st.integers(0, len(text) - 1))
            b = draw(st.integers(a + 1, len(text)))
            items.append((text[a:b], draw(st.sampled_from(["PER", "ORG"]))))
        else:
            items.append((draw(st.text(alphabet="가나마", max_size=3)), "ORG"))
    return text, items


@given(listed())
def test_every_listing_is_placed_or_counted_and_spans_match_their_surface(case):
    text, items = case
    al = align_surfaces(text, items)
    nonempty = [s.strip() for s, _ in items if s.strip()]
    assert len(al.spans) + len(al.not_found) + len(al.no_free_occurrence) == len(nonempty)
    assert all(text[s:e] in nonempty for s, e, _ in al.spans)
    assert drop_overlaps(al.spans) == (al.spans, 0)
    assert al == align_surfaces(text, items)  # deterministic


def test_drop_overlaps_keeps_the_longer_then_the_earlier():
    spans = [(0, 2, "ORG"), (0, 10, "ORG"), (8, 12, "LOC"), (12, 14, "DATE")]
    assert drop_overlaps(spans) == ([(0, 10, "ORG"), (12, 14, "DATE")], 2)
