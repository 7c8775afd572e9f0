"""Sentence segmentation (konews.text.segmentation): kiwipiepy plus the guards."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konews.text.segmentation import split_sentences


def _sents(text):
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(서울=연합뉴스) 주종국 기자 = 메타가 투자했다. 왕 CEO는 합류했다.",
         ["(서울=연합뉴스) 주종국 기자 = 메타가 투자했다.", "왕 CEO는 합류했다."]),
        ("지금은 1조 3,000억 달러를 넘보는 강국이 됐죠. 지난 50년이 흘렀다.",
         ["지금은 1조 3,000억 달러를 넘보는 강국이 됐죠.", "지난 50년이 흘렀다."]),
        # a quotation with several sentences stays inside its reporting sentence
        ('그는 "이런 거래는 대가를 치러야 한다. 내가 떠나는 것이 그 대가다"고 했다. 그는 떠났다.',
         ['그는 "이런 거래는 대가를 치러야 한다. 내가 떠나는 것이 그 대가다"고 했다.', "그는 떠났다."]),
        # kiwipiepy splits before a particle glued to a closing quote; the guard undoes it,
        # and the declarative ending before it still ends a sentence
        ("그의 시선은 과거의 성과에 머물지 않았다. ‘새로운 100년’을 향한 다짐 속에서 의지가 전해졌다.",
         ["그의 시선은 과거의 성과에 머물지 않았다.", "‘새로운 100년’을 향한 다짐 속에서 의지가 전해졌다."]),
        ("", []),
        ("   ", []),
    ],
)  # fmt: skip
def test_split_sentences(text, expected):
    assert _sents(text) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["메타가 투자했다.", "왕은 합류했다!", "(서울=연합뉴스)", "1조 3,000억 달러",
                                 "“좋다.”", " ", "  ", "스케일AI", "그러나"]), max_size=8))  # fmt: skip
def test_offsets_are_ordered_trimmed_and_inside_the_text(parts):
    text = " ".join(parts)
    prev_end = 0
    for start, end in split_sentences(text):
        assert prev_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        prev_end = end
    # no sentence boundary inside a number or a dateline
    for start, end in split_sentences(text):
        assert not text[start:end].startswith(("3,000억", "연합뉴스)"))
