"""Rows, checks and losslessness of the dataset builder (konews.dataset: rows, check, build)."""

from __future__ import annotations

import dataclasses
import json
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konews import schema
from konews.corpus.synthetic import synthetic_documents
from konews.dataset.build import build_dataset
from konews.dataset.check import check_document, prepare
from konews.dataset.features import CONFIGS
from konews.dataset.rows import (
    canonical,
    document_from_row,
    document_row,
    read_documents,
    read_rows,
    sentence_rows,
    sha256_text,
)
from konews.errors import KoNewsError, ValidationFailed
from konews.io import jsonl_line
from konews.records import Argument, Document, DocumentMeta, Entity, Event, Money, Sentence
from konews.text.bio import bio_to_spans


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _doc(text: str, entities=(), money=(), events=(), sentences=None, doc_id="test-000000000001"):
    meta = DocumentMeta("테스트", text.split("\n")[0], "article", "2025-06-13", "stated")
    return Document(
        doc_id,
        text,
        meta,
        sentences=tuple(sentences or [Sentence(0, len(text))]),
        entities=tuple(entities),
        money=tuple(money),
        events=tuple(events),
    )


# A hand-written document whose offsets are written as len(...) of the text before.
HAND_TEXT = "메타가 스케일AI에 143억 달러(약 19조6천억원)를 투자했다.\n왕 CEO는 메타로 옮긴다."
_s0 = HAND_TEXT.index("\n")


def _hand_doc() -> Document:
    t = HAND_TEXT
    usd, krw = t.index("143억 달러"), t.index("약 19조6천억원")
    entities = [
        Entity("e-meta", 0, len("메타"), "ORG"),
        Entity("e-scale", t.index("스케일AI"), t.index("스케일AI") + len("스케일AI"), "ORG"),
        Entity("e-usd", usd, usd + len("143억 달러"), "MONEY"),
        Entity("e-krw", krw, krw + len("약 19조6천억원"), "MONEY"),
        Entity("e-wang", _s0 + 1, _s0 + 1 + len("왕"), "PER"),
        Entity("e-ceo", t.index("CEO"), t.index("CEO") + len("CEO"), "JOB_TITLE"),
        Entity("e-meta2", t.index("메타로"), t.index("메타로") + len("메타"), "ORG"),
    ]
    money = [
        Money("e-usd", "14300000000", "USD"),
        Money("e-krw", "19600000000000", "KRW", approximate=True, equivalent_of="e-usd"),
    ]
    invest = t.index("투자")
    move = t.index("옮긴")
    events = [
        Event("v-inv", "INVESTMENT", invest, invest + len("투자"), "asserted",
              (Argument("investor", "e-meta"), Argument("investee", "e-scale"),
               Argument("amount", "e-usd"))),
        Event("v-join", "START_POSITION", move, move + len("옮긴"), "planned",
              (Argument("person", "e-wang"), Argument("employer", "e-meta2"))),
    ]  # fmt: skip
    return _doc(t, entities, money, events, [Sentence(0, _s0), Sentence(_s0 + 1, len(t))])


def test_sentence_rows_of_a_hand_written_document():
    rows = sentence_rows(canonical(_hand_doc()))
    s1 = HAND_TEXT[_s0 + 1 :]
    assert [r["id"] for r in rows["entities"]] == [
        "test-000000000001-s000",
        "test-000000000001-s001",
    ]
    assert rows["entities"][1]["text"] == s1
    assert rows["entities"][1]["entities"][0] == {
        "start": 0, "end": len("왕"), "label": "PER", "text": "왕"
    }  # fmt: skip
    assert [(m["id"], m["text"], m["equivalent_of"]) for m in rows["money"]] == [
        ("test-000000000001-s000-m0", "143억 달러", None),
        ("test-000000000001-s000-m1", "약 19조6천억원", "test-000000000001-s000-m0"),
    ]
    join = rows["events"][1]
    assert join["id"] == "test-000000000001-s001-v0"
    assert join["trigger"] == {
        "start": s1.index("옮긴"),
        "end": s1.index("옮긴") + 2,
        "text": "옮긴",
    }
    assert [(a["role"], a["text"], a["label"]) for a in join["arguments"]] == [
        ("person", "왕", "PER"), ("employer", "메타", "ORG"),
    ]  # fmt: skip
    chars = rows["ner_char"][1]
    assert "".join(chars["chars"]) == s1
    assert chars["ner_tags"][: len("왕 CEO")] == ["B-PS", "O", "O", "O", "O"]
    assert chars["fine_tags"][: len("왕 CEO")] == [
        "B-PER",
        "O",
        "B-JOB_TITLE",
        "I-JOB_TITLE",
        "I-JOB_TITLE",
    ]


@pytest.mark.parametrize("doc", synthetic_documents(25, seed=7), ids=lambda d: d.id)
def test_sentence_rows_agree_with_the_document(doc):
    rows = sentence_rows(canonical(doc))
    by_id = {e.id: e for e in doc.entities}
    assert len(rows["entities"]) == len(rows["ner_char"]) == len(doc.sentences)
    assert len(rows["money"]) == len(doc.money) and len(rows["events"]) == len(doc.events)
    for row, chars in zip(rows["entities"], rows["ner_char"], strict=True):
        assert "".join(chars["chars"]) == row["text"]
        assert chars["text_sha256"] == row["text_sha256"] == sha256_text(row["text"])
        for e in row["entities"]:
            assert row["text"][e["start"] : e["end"]] == e["text"]
        fine = [(s.start, s.end, s.label) for s in bio_to_spans(chars["fine_tags"])]
        assert fine == [(e["start"], e["end"], e["label"]) for e in row["entities"]]
        klue = [(s.start, s.end, s.label) for s in bio_to_spans(chars["ner_tags"])]
        projected = [
            (e["start"], e["end"], schema.KLUE_PROJECTION[e["label"]]) for e in row["entities"]
        ]
        assert klue == [p for p in projected if p[2] is not None]
    money_ids = {m["id"] for m in rows["money"]}
    for m in rows["money"]:
        assert m["sentence"][m["start"] : m["end"]] == m["text"]
        assert m["equivalent_of"] is None or m["equivalent_of"] in money_ids
    for v in rows["events"]:
        t = v["trigger"]
        assert v["sentence"][t["start"] : t["end"]] == t["text"]
        for a in v["arguments"]:
            assert v["sentence"][a["start"] : a["end"]] == a["text"]
    assert {a.entity_id for v in doc.events for a in v.arguments} <= set(by_id)


def test_every_label_event_type_and_money_kind_occurs_in_synthetic_documents():
    docs = synthetic_documents(60, seed=0)
    assert {e.label for d in docs for e in d.entities} == set(schema.ENTITY_LABELS)
    assert {v.type for d in docs for v in d.events} == set(schema.EVENT_TYPE_NAMES)
    assert {v.modality for d in docs for v in d.events} == set(schema.MODALITIES)
    money = [m for d in docs for m in d.money]
    assert {m.qualifier for m in money} == {None, *schema.QUALIFIERS}
    assert any(m.vague for m in money) and any(m.approximate for m in money)
    assert any(m.equivalent_of for m in money)
    assert any(ord(c) > 0xFFFF for d in docs for c in d.text), "an emoji outside the BMP"
    assert all(check_document(d) == [] for d in docs)


def test_synthetic_money_agrees_with_the_money_normalizer():
    from konews.text.money import find_money

    for doc in synthetic_documents(40, seed=3):
        found = {(m.start, m.end): m for m in find_money(doc.text)}
        for m in doc.money:
            e = doc.entity(m.entity_id)
            theirs = found[(e.start, e.end)]
            assert (theirs.amount, theirs.amount_max, theirs.currency, theirs.approximate,
                    theirs.qualifier, theirs.vague) == (
                m.amount, m.amount_max, m.currency, m.approximate, m.qualifier, m.vague
            ), doc.text[e.start : e.end]  # fmt: skip


def test_synthetic_documents_are_deterministic_and_prefix_stable():
    assert synthetic_documents(5, seed=1) == synthetic_documents(5, seed=1)
    assert synthetic_documents(8, seed=1)[:5] == synthetic_documents(5, seed=1)
    assert synthetic_documents(5, seed=1) != synthetic_documents(5, seed=2)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 5), seed=st.integers(0, 2**32 - 1), standoff=st.booleans())
def test_documents_rows_give_the_documents_back(n, seed, standoff):
    docs = synthetic_documents(n, seed)
    for doc in docs:
        row = json.loads(jsonl_line(document_row(canonical(doc), standoff=standoff)))
        text, title = (doc.text, doc.meta.title) if standoff else (None, None)
        assert document_from_row(row, text=text, title=title) == canonical(doc)


@settings(max_examples=15, deadline=None)
@given(n=st.integers(1, 6), seed=st.integers(0, 2**32 - 1))
def test_build_then_read_documents_is_lossless(n, seed):
    docs = synthetic_documents(n, seed)
    with tempfile.TemporaryDirectory() as tmp:
        build_dataset(docs, Path(tmp) / "dataset")
        back = read_documents(Path(tmp) / "dataset")
        assert sorted(back, key=lambda d: d.id) == sorted(docs, key=lambda d: d.id)


def test_layer_order_does_not_change_the_build(tmp_path):
    docs = synthetic_documents(6, seed=11)
    shuffled = [
        dataclasses.replace(
            d,
            entities=d.entities[::-1],
            money=d.money[::-1],
            events=tuple(
                dataclasses.replace(v, arguments=v.arguments[::-1]) for v in d.events[::-1]
            ),
        )
        for d in docs[::-1]
    ]
    build_dataset(docs, tmp_path / "a")
    build_dataset(shuffled, tmp_path / "b")
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")


def _replace_money(doc: Document, index: int, **changes) -> Document:
    money = list(doc.money)
    money[index] = dataclasses.replace(money[index], **changes)
    return dataclasses.replace(doc, money=tuple(money))


def _bad_docs():
    """(name, broken document, regex the error must match). Each names the span."""
    d = _hand_doc()
    t = d.text
    meta_at = t.index("메타로")
    crossing = Entity("e-cross", t.index("했다."), _s0 + 2, "ORG")
    far = Event("v-far", "INVESTMENT", t.index("투자"), t.index("투자") + 2, "asserted",
                (Argument("investor", "e-wang"),))  # fmt: skip
    nfd = unicodedata.normalize("NFD", "한국")
    return [
        ("overlap", dataclasses.replace(d, entities=(*d.entities, Entity("e-x", meta_at, meta_at + 3, "LOC"))),
         r"entities e-meta2 ORG \[\d+, \d+\) '메타' and e-x LOC \[\d+, \d+\) '메타로' overlap"),
        ("crossing", dataclasses.replace(d, entities=(*d.entities, crossing)),
         r"entity e-cross ORG \[\d+, \d+\) '했다\.\\n왕' crosses a sentence boundary"),
        ("unnormalized", dataclasses.replace(d, money=d.money[:1]),
         r"MONEY e-krw \[\d+, \d+\) '약 19조6천억원' has no normalization"),
        ("currency", _replace_money(d, 0, currency="WON"),
         r"money e-usd \[\d+, \d+\) '143억 달러': unknown currency 'WON'"),
        ("amount", _replace_money(d, 0, amount="1.50"),
         r"money e-usd .*amount '1.50' is not a plain decimal"),
        ("vague", _replace_money(d, 0, amount=None),
         r"money e-usd .*amount must be null exactly when the mention is vague"),
        ("equivalent", _replace_money(d, 1, equivalent_of="e-meta"),
         r"money e-krw .*equivalent_of 'e-meta' is not another MONEY span"),
        ("far argument", dataclasses.replace(d, events=(*d.events, far)),
         r"event v-far INVESTMENT trigger \[\d+, \d+\) '투자': argument investor PER .*'왕' is in another sentence"),
        ("role", dataclasses.replace(d, events=(dataclasses.replace(
            d.events[0], arguments=(Argument("person", "e-meta"),)),)),
         r"event v-inv INVESTMENT trigger .*'투자': role 'person' is not a role of INVESTMENT"),
        ("modality", dataclasses.replace(d, events=(dataclasses.replace(d.events[0], modality="rumour"),)),
         r"event v-inv .*unknown modality 'rumour'"),
        ("duplicate id", dataclasses.replace(d, entities=(*d.entities, dataclasses.replace(d.entities[0]))),
         r"entity id 'e-meta' used twice"),
        ("nfc", _doc(nfd, sentences=[Sentence(0, len(nfd))]), r"text is not NFC"),
        ("date", dataclasses.replace(d, meta=dataclasses.replace(d.meta, date="2025-6-13")),
         r"date '2025-6-13' is not an ISO 8601 date"),
        ("sentences", dataclasses.replace(d, sentences=(Sentence(0, len(t) + 5),)),
         r"sentence 0 \[0, \d+\) is empty, out of order, overlaps .* or ends past the text"),
    ]  # fmt: skip


@pytest.mark.parametrize(("name", "doc", "pattern"), _bad_docs(), ids=[b[0] for b in _bad_docs()])
def test_bad_document_is_refused_naming_document_and_span(tmp_path, name, doc, pattern):
    out = tmp_path / "dataset"
    build_dataset(synthetic_documents(3, seed=5), out)
    before = _tree(out)
    good = synthetic_documents(2, seed=9)
    with pytest.raises(ValidationFailed, match=r"document test-000000000001: " + pattern):
        build_dataset([*good, doc], out)
    assert _tree(out) == before, "a refused build changes nothing"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"], "no temporary folder left"


def test_error_names_the_label_studio_task_when_known():
    doc = _replace_money(_hand_doc(), 0, currency="WON")
    doc.extra["task_id"] = 412
    assert check_document(doc)[0].startswith("document test-000000000001 (task 412): money e-usd")


def test_two_documents_with_one_id_are_refused():
    doc = _hand_doc()
    with pytest.raises(
        ValidationFailed, match="document test-000000000001: document id used by two"
    ):
        prepare([doc, doc])


def test_a_folder_not_written_by_the_build_is_never_replaced(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(KoNewsError, match="not a dataset folder written by `konews build`"):
        build_dataset(synthetic_documents(2, seed=0), tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_reading_a_standoff_folder_asks_for_hydration(tmp_path):
    build_dataset(synthetic_documents(2, seed=0), tmp_path / "d", standoff=True)
    with pytest.raises(KoNewsError, match=r"standoff \(no text\); run `konews hydrate"):
        read_documents(tmp_path / "d")


def test_read_rows_reads_one_split_or_all(tmp_path):
    docs = synthetic_documents(30, seed=2)
    build_dataset(docs, tmp_path / "d")
    all_rows = list(read_rows(tmp_path / "d", "entities"))
    assert len(all_rows) == sum(len(d.sentences) for d in docs)
    test_rows = list(read_rows(tmp_path / "d", "entities", "test"))
    assert 0 < len(test_rows) < len(all_rows)
    with pytest.raises(KoNewsError, match="unknown config 'nerchar'"):
        list(read_rows(tmp_path / "d", "nerchar"))
    assert set(CONFIGS) == {p.name for p in (tmp_path / "d" / "data").iterdir()}
