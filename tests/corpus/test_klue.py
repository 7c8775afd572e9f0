"""Tests for the KLUE-NER reader. The TSV snippets are written for these tests
(no KLUE sentence is copied here); the real dev file is only read by the
``shared``-marked test, which skips when it is absent."""

from __future__ import annotations

import pytest

from konews.corpus.klue import (
    DEFAULT_KLUE_DEV,
    KlueSentence,
    is_heldout,
    klue_spans,
    read_klue_tsv,
    split_klue,
)
from konews.errors import KoNewsError
from konews.records import Span
from konews.schema import KLUE_BIO_TAGS

FILE_HEADER = "## 토큰, 레이블 구분자 : \\t\n## 주석 : ##\n## 컬럼명 : CHAR\tNE_TAG\n"


def tsv(*sentences: tuple[str, list[tuple[str, str]]]) -> str:
    """A KLUE-style TSV: ``(id, [(char, tag), ...])`` per sentence."""
    blocks = []
    for sid, pairs in sentences:
        text = "".join(c for c, _ in pairs)
        lines = [f"## {sid}\t{text}"] + [f"{c}\t{t}" for c, t in pairs]
        blocks.append("\n".join(lines) + "\n")
    return FILE_HEADER + "\n".join(blocks)


def tagged(text: str, spans: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Pairs for ``text`` with each ``(substring, TAG)`` tagged B/I at its first occurrence."""
    tags = ["O"] * len(text)
    for sub, tag in spans:
        i = text.index(sub)
        tags[i] = f"B-{tag}"
        for k in range(i + 1, i + len(sub)):
            tags[k] = f"I-{tag}"
    return list(zip(text, tags, strict=True))


SENT_A = "삼성전자는 13일 서울에서 200명을 뽑았다."
SPANS_A = [("삼성전자", "OG"), ("13일", "DT"), ("서울", "LC"), ("200명", "QT")]
SENT_B = "김철수 씨가 왔다."


def test_reads_sentences_with_spaces_and_headers(tmp_path):
    path = tmp_path / "ner.tsv"
    path.write_text(
        tsv(
            ("t-00000", tagged(SENT_A, SPANS_A)),
            ("t-00001", tagged(SENT_B, [("김철수", "PS")])),
        ),
        encoding="utf-8",
    )
    sents = read_klue_tsv(path)
    assert [s.id for s in sents] == ["t-00000", "t-00001"]
    assert sents[0].text == SENT_A
    assert sents[1].text == SENT_B
    assert klue_spans(sents[0]) == [
        Span(0, len("삼성전자"), "OG"),
        Span(SENT_A.index("13일"), SENT_A.index("13일") + len("13일"), "DT"),
        Span(SENT_A.index("서울"), SENT_A.index("서울") + len("서울"), "LC"),
        Span(SENT_A.index("200명"), SENT_A.index("200명") + len("200명"), "QT"),
    ]
    assert klue_spans(sents[1]) == [Span(0, len("김철수"), "PS")]


def test_crlf_and_trailing_blank_lines(tmp_path):
    path = tmp_path / "ner.tsv"
    content = tsv(("t-1", tagged(SENT_B, [("김철수", "PS")]))) + "\n\n"
    path.write_bytes(content.replace("\n", "\r\n").encode("utf-8"))
    (sent,) = read_klue_tsv(path)
    assert sent.text == SENT_B


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("## s1\tx\n가\tB-PER\n", r"ner\.tsv:2: unknown tag 'B-PER'"),
        ("## s1\tx\n가나\tO\n", r"ner\.tsv:2: '가나' is not one character"),
        ("## s1\tx\n가 O\n", r"ner\.tsv:2: expected 'CHAR<TAB>TAG'"),
        ("가\tO\n", r"ner\.tsv:1: sentence has no '## <id>' header"),
        ("## s1\tx\n가\tO\n## s2\tx\n나\tO\n", r"ner\.tsv:3: '##' line inside a sentence"),
        ("## s1\tx\n가\tO\n\n## s1\tx\n나\tO\n", r"sentence id 's1' occurs twice"),
    ],
)
def test_malformed_files_raise_with_line(tmp_path, body, message):
    path = tmp_path / "ner.tsv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(KoNewsError, match=message):
        read_klue_tsv(path)


def test_missing_file_says_how_to_fix(tmp_path):
    with pytest.raises(KoNewsError, match="--klue PATH"):
        read_klue_tsv(tmp_path / "absent.tsv")


def test_sentence_checks_length():
    with pytest.raises(ValueError, match="2 characters but 1 tags"):
        KlueSentence("x", "가나", ("O",))


def test_heldout_split_is_deterministic_and_about_the_fraction():
    sents = [KlueSentence(f"s-{i:05d}", "가", ("O",)) for i in range(2000)]
    train, held = split_klue(sents, 0.1)
    assert len(train) + len(held) == len(sents)
    assert 150 < len(held) < 250
    assert {s.id for s in held} == {s.id for s in sents if is_heldout(s.id, 0.1)}
    assert split_klue(list(reversed(sents)), 0.1)[1] == list(reversed(held))


@pytest.mark.shared
@pytest.mark.skipif(not DEFAULT_KLUE_DEV.is_file(), reason="KLUE-NER dev TSV not in ../shared")
def test_reads_the_klue_dev_file():
    sents = read_klue_tsv(DEFAULT_KLUE_DEV)
    assert len(sents) == 5000
    assert all(set(s.tags) <= set(KLUE_BIO_TAGS) for s in sents)
    # Every decoded span starts with a B- tag (KLUE is clean IOB2).
    for s in sents[:200]:
        for span in klue_spans(s):
            assert s.tags[span.start] == f"B-{span.label}"


def test_sentence_from_spans_round_trips_through_klue_spans():
    text = "김철수 씨는 서울에 산다."
    spans = [Span(0, len("김철수"), "PS"), Span(text.index("서울"), text.index("서울") + 2, "LC")]
    sent = KlueSentence.from_spans("x", text, spans)
    assert sent.tags[: len("김철수 ")] == ("B-PS", "I-PS", "I-PS", "O")
    assert klue_spans(sent) == spans
