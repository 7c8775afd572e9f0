"""konews.labelstudio: the generated labeling config and export <-> records, offline.

The same conversions against a live server are in test_labelstudio_server.py.
"""

from __future__ import annotations

import copy
import itertools
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konews import schema
from konews.corpus.synthetic import synthetic_documents
from konews.errors import LabelStudioFormatError
from konews.labelstudio.config import LABEL_CONFIG_PATH, label_config, write_label_config
from konews.labelstudio.export import (
    Prediction,
    annotations_of_task,
    documents_from_export,
    predictions_of_task,
    select_annotation,
)
from konews.labelstudio.tasks import region_ids, task_data, tasks_from_documents
from konews.records import Argument, Document, DocumentMeta, Entity, Event, Money, Sentence

META = DocumentMeta(
    publisher="테스트뉴스", title="메타, 스케일AI 투자", doc_type="article",
    date="2025-06-13", date_source="stated",
)  # fmt: skip

TEXT = "메타는 13일 스케일AI에 143억 달러(약 19조6천억원)를 투자했다.\n알렉산더 왕 CEO는 메타에 합류한다."


def _doc() -> Document:
    t = TEXT
    first = t.index("\n")
    m1 = (t.index("143억 달러"), t.index("143억 달러") + len("143억 달러"))
    m2 = (t.index("약 19조6천억원"), t.index("약 19조6천억원") + len("약 19조6천억원"))
    return Document(
        "test-000000000001",
        t,
        META,
        (Sentence(0, first), Sentence(first + 1, len(t))),
        (
            Entity("meta1", 0, len("메타"), "ORG"),
            Entity("date1", t.index("13일"), t.index("13일") + len("13일"), "DATE"),
            Entity("scale", t.index("스케일AI"), t.index("스케일AI") + len("스케일AI"), "ORG"),
            Entity("usd", *m1, "MONEY"),
            Entity("krw", *m2, "MONEY"),
            Entity("wang", t.index("알렉산더 왕"), t.index("알렉산더 왕") + len("알렉산더 왕"), "PER"),
            Entity("ceo", t.index("CEO"), t.index("CEO") + len("CEO"), "JOB_TITLE"),
            Entity("meta2", t.rindex("메타"), t.rindex("메타") + len("메타"), "ORG"),
        ),
        (
            Money("usd", "14300000000", "USD"),
            Money("krw", "19600000000000", "KRW", approximate=True, equivalent_of="usd"),
        ),
        (
            Event("inv", "INVESTMENT", t.index("투자"), t.index("투자") + len("투자"), "asserted",
                  (Argument("investor", "meta1"), Argument("investee", "scale"),
                   Argument("amount", "usd"), Argument("time", "date1"))),
            Event("join", "START_POSITION", t.index("합류"), t.index("합류") + len("합류"), "planned",
                  (Argument("person", "wang"), Argument("employer", "meta2"),
                   Argument("position", "ceo"))),
        ),
    )  # fmt: skip


def _export(docs: list[Document]) -> list[dict]:
    """Tasks as a server would export them: ids added, nothing else changed."""
    tasks = tasks_from_documents(docs)
    for i, task in enumerate(tasks, 1):
        task["id"] = i
        for k, ann in enumerate(task["annotations"], 1):
            ann.update(id=100 * i + k, completed_by=1, was_cancelled=False, ground_truth=False)
    return tasks


def _result(export: list[dict]) -> list[dict]:
    return export[0]["annotations"][0]["result"]


# --- labeling config ------------------------------------------------------------


def test_committed_label_config_is_the_generated_one():
    assert LABEL_CONFIG_PATH.read_text(encoding="utf-8") == label_config(), (
        "annotation/label_config.xml drifted from konews/schema.py; regenerate it with "
        "`python -c 'from konews.labelstudio import write_label_config; write_label_config()'`"
    )


def test_write_label_config_writes_the_generated_xml(tmp_path):
    path = write_label_config(tmp_path / "label_config.xml")
    assert path.read_text(encoding="utf-8") == label_config()


def _controls(root: ET.Element, tag: str) -> dict[str, ET.Element]:
    return {el.get("name"): el for el in root.iter(tag)}


def test_label_config_holds_every_label_role_and_choice_of_the_schema():
    root = ET.fromstring(label_config())
    labels = _controls(root, "Labels")
    assert [x.get("value") for x in labels["entity"]] == list(schema.ENTITY_LABELS)
    assert [x.get("value") for x in labels["trigger"]] == list(schema.EVENT_TYPE_NAMES)
    relations = [r.get("value") for r in root.iter("Relation")]
    assert relations == [*schema.ROLE_NAMES, schema.EQUIVALENT_OF]
    choices = _controls(root, "Choices")
    assert [c.get("value") for c in choices["currency"]] == list(schema.CURRENCIES)
    assert [c.get("value") for c in choices["qualifier"]] == list(schema.QUALIFIERS)
    assert [c.get("value") for c in choices["modality"]] == list(schema.MODALITIES)
    assert [c.get("value") for c in choices["money_flags"]] == ["approximate", "vague"]
    assert choices["money_flags"].get("choice") == "multiple"
    assert {choices[n].get("choice") for n in ("currency", "qualifier", "modality")} == {"single"}
    assert set(_controls(root, "TextArea")) == {"amount", "amount_max"}
    text = next(root.iter("Text"))
    assert (text.get("name"), text.get("value"), text.get("granularity")) == (
        "text", "$text", "symbol",
    )  # fmt: skip


def test_money_controls_show_on_money_spans_and_modality_on_triggers():
    root = ET.fromstring(label_config())
    views = {
        (v.get("whenTagName"), v.get("whenLabelValue")): v
        for v in root.iter("View")
        if v.get("visibleWhen") == "region-selected"
    }
    money = {el.get("name") for el in views[("entity", "MONEY")] if el.get("name")}
    assert money == {"amount", "amount_max", "currency", "qualifier", "money_flags"}
    assert {el.get("name") for el in views[("trigger", None)] if el.get("name")} == {"modality"}
    for el in root.iter():
        if el.tag in ("TextArea", "Choices"):
            assert el.get("perRegion") == "true", el.get("name")


def test_every_label_has_its_own_colour():
    root = ET.fromstring(label_config())
    colours = [x.get("background") for x in root.iter("Label")]
    assert len(set(colours)) == len(colours)


# --- documents -> tasks -> documents ---------------------------------------------------


def test_hand_document_round_trips():
    doc = _doc()
    assert documents_from_export(_export([doc])) == [doc]


def test_synthetic_documents_round_trip():
    docs = synthetic_documents(25, seed=11)
    assert documents_from_export(_export(docs)) == docs


def test_task_data_layout():
    task = tasks_from_documents([_doc()])[0]
    data = task["data"]
    assert data["text"] == TEXT and data["doc_id"] == "test-000000000001"
    assert data["sentences"] == [[0, TEXT.index("\n")], [TEXT.index("\n") + 1, len(TEXT)]]
    assert data["publisher"] == "테스트뉴스" and data["truncated"] is False
    assert set(task) == {"data", "annotations"}


def test_result_layout_matches_what_label_studio_exports():
    result = _result(_export([_doc()]))
    usd = TEXT.index("143억 달러")
    region = {"start": usd, "end": usd + len("143억 달러")}
    assert {
        "id": "usd",
        "from_name": "entity",
        "to_name": "text",
        "type": "labels",
        "origin": "manual",
        "value": {**region, "text": "143억 달러", "labels": ["MONEY"]},
    } in result
    assert {
        "id": "usd",
        "from_name": "amount",
        "to_name": "text",
        "type": "textarea",
        "origin": "manual",
        "value": {**region, "text": ["14300000000"]},
    } in result
    assert {
        "id": "usd",
        "from_name": "currency",
        "to_name": "text",
        "type": "choices",
        "origin": "manual",
        "value": {**region, "text": "143억 달러", "choices": ["USD"]},
    } in result
    assert {
        "from_id": "krw",
        "to_id": "usd",
        "type": "relation",
        "direction": "right",
        "labels": ["equivalent_of"],
    } in result
    assert {"from_id": "inv", "to_id": "meta1", "type": "relation", "direction": "right",
            "labels": ["investor"]} in result  # fmt: skip


def test_ids_that_cannot_be_region_ids_are_renumbered():
    doc = _doc()
    odd = Document(
        doc.id, doc.text, doc.meta, doc.sentences,
        (Entity("x#1", 0, 2, "ORG"), Entity("x#2", doc.text.index("13일"), doc.text.index("13일") + 3, "DATE")),
        (),
        (Event("x#1", "INVESTMENT", doc.text.index("투자"), doc.text.index("투자") + 2, "asserted",
               (Argument("investor", "x#1"),)),),
    )  # fmt: skip
    assert region_ids(odd) == ({"x#1": "e1", "x#2": "e2"}, {"x#1": "t1"})
    back = documents_from_export(_export([odd]))[0]
    assert [e.id for e in back.entities] == ["e1", "e2"]
    assert [v.id for v in back.events] == ["t1"]
    assert back.events[0].arguments == (Argument("investor", "e1"),)


def test_predictions_become_label_studio_predictions_and_come_back():
    doc = _doc()
    pred_doc = Document(doc.id, doc.text, doc.meta, doc.sentences, doc.entities[:3])
    tasks = tasks_from_documents(
        [doc], predictions={doc.id: [Prediction("rules-1.0", pred_doc, 0.5)]}
    )
    (pred,) = tasks[0]["predictions"]
    assert pred["model_version"] == "rules-1.0" and pred["score"] == 0.5
    tasks[0]["id"] = 7
    (back,) = predictions_of_task(tasks[0])
    assert back.model_version == "rules-1.0" and back.score == 0.5
    assert back.document.entities == doc.entities[:3]


def test_a_prediction_on_another_text_is_refused():
    doc = _doc()
    other = Document(doc.id, doc.text + " ", doc.meta)
    with pytest.raises(LabelStudioFormatError, match="made on another text"):
        tasks_from_documents([doc], predictions={doc.id: [Prediction("m", other)]})


def test_prediction_ids_from_a_quick_export_are_refused_with_a_hint():
    task = _export([_doc()])[0]
    task["predictions"] = [3]
    with pytest.raises(LabelStudioFormatError, match=r"task 1 prediction 0: .* is an id"):
        predictions_of_task(task)


# --- offsets ----------------------------------------------------------------------


def test_offsets_are_code_points_after_emoji_outside_the_bmp():
    text = "🚀🚀 [속보] 삼성전자가 😀 퓨리오사AI에 투자했다."
    doc = Document("test-emoji", text, META, (Sentence(0, len(text)),),
                   (Entity("s", text.index("삼성전자"), text.index("삼성전자") + 4, "ORG"),))  # fmt: skip
    export = _export([doc])
    value = _result(export)[0]["value"]
    assert value["start"] == len("🚀🚀 [속보] ")
    assert text[value["start"] : value["end"]] == "삼성전자"
    assert documents_from_export(export) == [doc]


def test_surfaces_come_from_the_text_not_from_value_text():
    text = "퓨리오사AI에  500억 원을 투자했다."
    start = text.index("500억")
    doc = Document("test-spaces", text, META, (Sentence(0, len(text)),),
                   (Entity("a", start, start + len("500억 원"), "MONEY"),))  # fmt: skip
    export = _export([doc])
    ai = text.index("AI")
    _result(export).append({"id": "b", "from_name": "entity", "to_name": "text", "type": "labels",
                            "value": {"start": ai, "end": start + len("500억"),
                                      "text": "AI에 500억", "labels": ["ORG"]}})  # fmt: skip
    back = documents_from_export(export)[0]
    assert text[back.entities[1].start : back.entities[1].end] == "AI에  500억"


def test_text_that_is_not_nfc_is_refused():
    doc = _doc()
    export = _export([doc])
    export[0]["data"]["text"] = unicodedata.normalize("NFD", TEXT)
    with pytest.raises(
        LabelStudioFormatError, match=r"task 1: data\.text of test-000000000001 is not NFC"
    ):
        documents_from_export(export)


# --- broken exports: each refused, naming task and region ---------------------------------

S = TEXT.index("스케일AI")


def _break_offsets(res):
    res[0]["value"]["end"] = len(TEXT) + 5


def _break_utf16(res):
    res[2]["value"]["start"] += 1
    res[2]["value"]["end"] += 1


BROKEN = [
    ("offsets past the end", _break_offsets, r"task 1 annotation 101 region meta1: offsets \[0, \d+\) outside"),
    ("offsets shifted", _break_utf16, r"region scale: \[\d+, \d+\) is .* but the stored text is '스케일AI'"),
    ("unknown label", lambda res: res[0]["value"].update(labels=["COMPANY"]),
     r"region meta1: entity span '메타' has labels \['COMPANY'\]; give it exactly one of: PER"),
    ("two labels", lambda res: res[0]["value"].update(labels=["ORG", "PER"]), "has labels"),
    ("unknown from_name", lambda res: res[0].update(from_name="label"),
     r"region meta1: unknown from_name 'label'; the project must use annotation/label_config.xml"),
    ("relation without label", lambda res: res[-1].pop("labels"),
     r"relation krw->usd: relation without a label; select the relation"),
    ("relation to a missing region", lambda res: res[-2].update(to_id="nope"),
     r"relation join->nope: region nope does not exist"),
    ("unknown role", lambda res: res[-2].update(labels=["boss"]), r"relation labels \['boss'\]"),
    ("value for a missing region", lambda res: res.append(
        {"id": "ghost", "from_name": "currency", "to_name": "text", "type": "choices",
         "value": {"choices": ["KRW"]}}), r"region ghost: \['currency'\] value\(s\) for a region that does not exist"),
    ("money on a PER span", lambda res: res.append(
        {"id": "wang", "from_name": "currency", "to_name": "text", "type": "choices",
         "value": {"choices": ["KRW"]}}), r"region wang: money values \['currency'\] on a PER span"),
    ("unknown currency", lambda res: next(r for r in res if r.get("from_name") == "currency")["value"]
     .update(choices=["WON"]), r"region usd: currency choices \['WON'\]"),
    ("trigger without modality", lambda res: res.remove(next(r for r in res if r.get("from_name") == "modality")),
     r"region inv: INVESTMENT trigger '투자' has no modality"),
    ("duplicate region id", lambda res: res.append(copy.deepcopy(res[0])), "two spans share this region id"),
    ("role from an entity", lambda res: res.append(
        {"from_id": "meta1", "to_id": "scale", "type": "relation", "direction": "right", "labels": ["investee"]}),
     r"relation meta1->scale: role 'investee' from a entity span"),
    ("equivalent_of between ORG spans", lambda res: res.append(
        {"from_id": "meta1", "to_id": "scale", "type": "relation", "direction": "right",
         "labels": ["equivalent_of"]}), "equivalent_of from ORG to ORG"),
    ("two amounts", lambda res: next(r for r in res if r.get("from_name") == "amount")["value"]
     .update(text=["1", "2"]), r"region usd: several amount entries"),
    ("value at other offsets", lambda res: next(r for r in res if r.get("from_name") == "amount")["value"]
     .update(start=0), r"region usd: amount value at \[0, \d+\) but the region is"),
    # an empty choice used to give Event(modality=None)
    ("empty modality choice", lambda res: next(r for r in res if r.get("from_name") == "modality")["value"]
     .update(choices=[]), r"region inv: INVESTMENT trigger '투자' has no modality"),
    ("from_name not a string", lambda res: res[0].update(from_name=["entity"]), r"unknown from_name \['entity'\]"),
    ("bidirectional relation", lambda res: res[-2].update(direction="bi"), r"relation direction 'bi'"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "breaker", "pattern"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_export_is_refused_naming_task_and_region(name, breaker, pattern):
    export = _export([_doc()])
    breaker(_result(export))
    with pytest.raises(LabelStudioFormatError, match=pattern):
        documents_from_export(export)


@pytest.mark.parametrize(
    ("export", "pattern"),
    [
        ({"tasks": []}, "expected a list of task objects"),
        ([{"id": 3, "data": {"doc_id": "x"}}], r"task 3: data.text missing"),
        ([{"id": 3, "data": {"text": "메타", "doc_id": "x"}, "annotations": [{"result": []}]}],
         r"task 3: data lacks the metadata fields \['publisher'"),
        ([{"id": 3, "data": {**task_data(_doc()), "sentences": 5}}], r"task 3: data.sentences is not a list"),
    ],
)  # fmt: skip
def test_exports_that_are_not_konews_exports_are_refused(export, pattern):
    with pytest.raises(LabelStudioFormatError, match=pattern):
        documents_from_export(export)


def test_export_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(LabelStudioFormatError, match=r"export\.json: not JSON"):
        documents_from_export(path)


def test_left_pointing_relation_is_read_in_its_arrow_direction():
    export = _export([_doc()])
    rel = next(r for r in _result(export) if r.get("labels") == ["investor"])
    rel.update(from_id=rel["to_id"], to_id=rel["from_id"], direction="left")
    assert documents_from_export(export) == [_doc()]


# --- several annotations ------------------------------------------------------------


def _two_annotations() -> dict:
    doc = _doc()
    other = Document(doc.id, doc.text, doc.meta, doc.sentences, doc.entities[:2])
    task = _export([doc])[0]
    second = tasks_from_documents([other])[0]["annotations"][0]
    task["annotations"].append({**second, "id": 202, "completed_by": 2, "ground_truth": True})
    task["annotations"].append({"id": 203, "completed_by": 3, "was_cancelled": True, "result": []})
    return task


def test_annotations_of_task_returns_every_live_annotation():
    got = annotations_of_task(_two_annotations())
    assert [(a.id, a.completed_by, a.ground_truth) for a in got] == [
        (101, 1, False),
        (202, 2, True),
    ]
    assert got[0].document == _doc()
    assert got[1].document.entities == _doc().entities[:2]
    assert got[1].document.extra == {"task_id": 1, "annotation_id": 202, "completed_by": 2}


def test_each_annotation_has_its_own_extra():
    # regression: the annotations' documents shared one extra dict, so annotation 101 read 202
    first, second = (a.document.extra for a in annotations_of_task(_two_annotations()))
    assert first == {"task_id": 1, "annotation_id": 101, "completed_by": 1}
    assert second == {"task_id": 1, "annotation_id": 202, "completed_by": 2}
    assert first is not second


@pytest.mark.parametrize(
    ("which", "expected"), [("latest", 202), ("ground_truth", 202), (101, 101)]
)
def test_select_annotation(which, expected):
    assert select_annotation(_two_annotations(), which)["id"] == expected


def test_latest_is_the_most_recently_updated_annotation():
    task = _two_annotations()
    task["annotations"][0]["updated_at"] = "2026-11-22T12:52:18.061559Z"
    task["annotations"][1]["updated_at"] = "2026-11-22T09:00:00.000000Z"
    assert select_annotation(task)["id"] == 101
    assert select_annotation(task, "ground_truth")["id"] == 202


def test_select_annotation_by_a_missing_id_is_refused():
    with pytest.raises(LabelStudioFormatError, match=r"task 1: no annotation with id 9"):
        select_annotation(_two_annotations(), 9)


def test_documents_from_export_picks_the_annotation_asked_for():
    task = _two_annotations()
    assert documents_from_export([task], annotation=101) == [_doc()]
    assert documents_from_export([task])[0].entities == _doc().entities[:2]


def test_unannotated_task_is_an_error_unless_skipped():
    task = _export([_doc()])[0]
    task["annotations"] = []
    with pytest.raises(LabelStudioFormatError, match=r"task 1: no annotation"):
        documents_from_export([task])
    assert documents_from_export([task], skip_unannotated=True) == []


def test_two_tasks_with_one_doc_id_are_refused():
    export = _export([_doc(), _doc()])
    with pytest.raises(LabelStudioFormatError, match="task 2: doc_id test-000000000001 is also"):
        documents_from_export(export)


# --- property: any well-formed document survives ---------------------------------------

_ids = st.text("abcdefghijXYZ0123456789_-", min_size=1, max_size=10)


@st.composite
def documents(draw) -> Document:
    words = draw(st.lists(st.sampled_from(["삼성전자", "😀", "메타", "143억 달러", "  ", "투자", "\n", "A"]),
                          min_size=1, max_size=30))  # fmt: skip
    text = unicodedata.normalize("NFC", "".join(words))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=12)) | {0, len(text)})
    cells = [(a, b) for a, b in itertools.pairwise(cuts) if a < b]
    chosen = [c for c in cells if draw(st.booleans())]
    ids = draw(st.lists(_ids, min_size=len(chosen), max_size=len(chosen), unique=True))
    n_ent = draw(st.integers(0, len(chosen)))
    entities = [Entity(ids[i], *chosen[i], draw(st.sampled_from(schema.ENTITY_LABELS)))
                for i in range(n_ent)]  # fmt: skip
    money = []
    for e in entities:
        if e.label == "MONEY" and draw(st.booleans()):
            others = [o.id for o in entities if o.label == "MONEY" and o.id != e.id]
            money.append(Money(
                e.id,
                draw(st.none() | st.from_regex(r"[1-9][0-9]{0,15}", fullmatch=True)),
                draw(st.sampled_from(schema.CURRENCIES)),
                draw(st.booleans()),
                draw(st.none() | st.sampled_from(schema.QUALIFIERS)),
                draw(st.none() | st.just("800000000000")),
                draw(st.booleans()),
                draw(st.none() | st.sampled_from(others)) if others else None,
            ))  # fmt: skip
    events = []
    for i in range(n_ent, len(chosen)):
        args = draw(st.lists(st.tuples(st.sampled_from(schema.ROLE_NAMES),
                                       st.sampled_from([e.id for e in entities])), max_size=3)
                    if entities else st.just([]))  # fmt: skip
        events.append(Event(ids[i], draw(st.sampled_from(schema.EVENT_TYPE_NAMES)), *chosen[i],
                            draw(st.sampled_from(schema.MODALITIES)),
                            tuple(Argument(r, e) for r, e in args)))  # fmt: skip
    return Document("test-prop", text, META, (Sentence(0, len(text)),),
                    tuple(entities), tuple(money), tuple(events))  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(documents())
def test_any_document_round_trips(doc):
    assert documents_from_export(_export([doc])) == [doc]
