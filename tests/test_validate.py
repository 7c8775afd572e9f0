"""konews validate: a valid export passes; each deliberately broken one is rejected with its message."""

from __future__ import annotations

import copy
import json

import pytest

from konews.labelstudio import tasks_from_documents
from konews.records import Argument, Document, DocumentMeta, Entity, Event, Money, Sentence
from konews.validate import check_against_corpus, validate_export, validate_file

TEXT = "메타가 스케일AI에 143억 달러(약 19조6천억원)를 투자했다.\n왕 CEO는 메타에 합류했다."


def _doc() -> Document:
    def ent(eid, surface, label, nth=0):
        start = TEXT.index(surface) if nth == 0 else TEXT.index(surface, TEXT.index(surface) + 1)
        return Entity(eid, start, start + len(surface), label)

    first = TEXT.index("\n")
    entities = (
        ent("e1", "메타", "ORG"), ent("e2", "스케일AI", "ORG"), ent("e3", "143억 달러", "MONEY"),
        ent("e4", "약 19조6천억원", "MONEY"), ent("e5", "왕", "PER"), ent("e6", "CEO", "JOB_TITLE"),
        ent("e7", "메타", "ORG", nth=1),
    )  # fmt: skip
    inv = TEXT.index("투자")
    join = TEXT.index("합류")
    return Document(
        id="test-000000000001",
        text=TEXT,
        meta=DocumentMeta(publisher="테스트", title="t", doc_type="article", date="2025-06-13", date_source="stated"),
        sentences=(Sentence(0, first), Sentence(first + 1, len(TEXT))),
        entities=entities,
        money=(
            Money("e3", "14300000000", "USD"),
            Money("e4", "19600000000000", "KRW", approximate=True, equivalent_of="e3"),
        ),
        events=(
            Event("t1", "INVESTMENT", inv, inv + 2, "asserted",
                  (Argument("investor", "e1"), Argument("investee", "e2"), Argument("amount", "e3"))),
            Event("t2", "START_POSITION", join, join + 2, "asserted",
                  (Argument("person", "e5"), Argument("employer", "e7"))),
        ),
    )  # fmt: skip


@pytest.fixture()
def export():
    tasks = tasks_from_documents([_doc()])
    for i, t in enumerate(tasks, 1):
        t["id"] = i
    return tasks


def _result(export):
    return export[0]["annotations"][0]["result"]


def _region(export, rid, from_name=None):
    return next(
        r for r in _result(export)
        if r.get("id") == rid and r.get("type") in ("labels",) + ((from_name,) if from_name else ())
    )  # fmt: skip


def test_valid_export_has_no_problems(export):
    assert validate_export(export) == []


def _set_value(export, rid, **kw):
    _region(export, rid)["value"].update(kw)


def _drop(export, pred):
    export[0]["annotations"][0]["result"] = [r for r in _result(export) if not pred(r)]


def _money_control(export, rid, name):
    return next(r for r in _result(export) if r.get("id") == rid and r.get("from_name") == name)


BREAKS = {
    "offsets past the end": (lambda x: _set_value(x, "e2", start=500, end=505), "offsets outside the text"),
    "empty span": (lambda x: _set_value(x, "e2", end=_region(x, "e2")["value"]["start"]), r"outside the text .* or empty"),
    "value.text mismatch (UTF-16 shift)": (
        lambda x: _set_value(x, "e2", start=_region(x, "e2")["value"]["start"] + 1, end=_region(x, "e2")["value"]["end"] + 1),
        "differs from text",
    ),
    "whitespace edge": (
        lambda x: _set_value(x, "e3", start=_region(x, "e3")["value"]["start"] - 1, text=None),
        "whitespace",
    ),
    "unknown label": (lambda x: _set_value(x, "e2", labels=["COMPANY"]), r"pick one of: PER, ORG"),
    "two labels": (lambda x: _set_value(x, "e2", labels=["ORG", "LOC"]), "not exactly one"),
    "overlap": (
        lambda x: _set_value(x, "e2", start=_region(x, "e1")["value"]["start"], text=None),
        "overlaps region",
    ),
    "crosses sentences": (
        lambda x: _set_value(x, "e7", start=TEXT.index("투자"), text=None),
        "crosses a sentence boundary",
    ),
    "amount disagrees with the normalizer": (
        lambda x: _money_control(x, "e3", "amount")["value"].update(text=["1430000000"]),
        "normalizer reads '14300000000'",
    ),
    "amount with commas": (
        lambda x: _money_control(x, "e3", "amount")["value"].update(text=["14,300,000,000"]),
        "not an exact decimal string",
    ),
    "unknown currency": (
        lambda x: _money_control(x, "e3", "currency")["value"].update(choices=["DOLLAR"]),
        "not ISO 4217",
    ),
    "money values on an ORG span": (
        lambda x: _result(x).append({**copy.deepcopy(_money_control(x, "e3", "currency")), "id": "e2"}),
        "money values on a ORG span",
    ),
    "value for a missing region": (
        lambda x: _result(x).append({**copy.deepcopy(_money_control(x, "e3", "currency")), "id": "zz"}),
        "region that does not exist",
    ),
    "role not allowed for the label": (
        lambda x: next(r for r in _result(x) if r.get("type") == "relation" and r.get("labels") == ["investee"])
        .update(to_id="e5"),
        "takes ORG, not PER",
    ),
    "role unknown for the type": (
        lambda x: next(r for r in _result(x) if r.get("type") == "relation" and r.get("labels") == ["investee"])
        .update(labels=["employer"]),
        "INVESTMENT has no role 'employer'",
    ),
    "relation to a missing region": (
        lambda x: next(r for r in _result(x) if r.get("type") == "relation").update(to_id="nope"),
        "does not exist",
    ),
    "relation without label": (
        lambda x: next(r for r in _result(x) if r.get("type") == "relation").pop("labels"),
        "pick exactly one role",
    ),
    "argument in another sentence": (
        lambda x: next(r for r in _result(x) if r.get("type") == "relation" and r.get("labels") == ["employer"])
        .update(to_id="e2"),
        "outside the trigger's sentence",
    ),
    "trigger without modality": (lambda x: _drop(x, lambda r: r.get("from_name") == "modality"), "no valid modality"),
    "equivalent_of to a non-MONEY span": (
        lambda x: next(r for r in _result(x) if r.get("labels") == ["equivalent_of"]).update(to_id="e2"),
        "equivalent_of links two MONEY spans",
    ),
    "unknown from_name": (lambda x: _result(x).append({"id": "q", "from_name": "sentiment", "type": "choices",
                                                       "value": {"choices": ["x"]}}), "unknown result from_name"),
    "not NFC": (lambda x: x[0]["data"].update(text=x[0]["data"]["text"].replace("메타", "\u1106\u1166\u1110\u1161", 1)),
                "not NFC"),
    "no annotation": (lambda x: x[0].update(annotations=[]), "no annotation"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_broken_export_is_rejected_with_its_message(export, name):
    breaker, message = BREAKS[name]
    breaker(export)
    problems = validate_export(export)
    assert problems, f"{name}: not detected"
    text = "\n".join(str(p) for p in problems)
    import re

    assert re.search(message, text), text
    assert all(str(p).startswith("task 1") for p in problems)
    assert all(p.hint for p in problems)


def test_validate_file_and_cli_exit_status(export, tmp_path, capsys):
    from konews.cli import main

    good = tmp_path / "good.json"
    good.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    assert validate_file(good) == []
    assert main(["validate", str(good)]) == 0
    BREAKS["unknown label"][0](export)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "task 1 region e2" in out and "COMPANY" in out and "1 problem(s)" in out


def test_not_an_export_is_a_clear_error(tmp_path):
    from konews.cli import main

    path = tmp_path / "x.json"
    path.write_text("{}", encoding="utf-8")
    assert main(["validate", str(path)]) == 2


def test_task_text_must_match_the_corpus(export):
    problems = check_against_corpus(export, documents=[])
    assert "not a document of the corpus" in str(problems[0])
    doc = _doc()
    assert check_against_corpus(export, documents=[doc]) == []
    export[0]["data"]["text"] = TEXT + " "
    assert "text differs" in str(check_against_corpus(export, documents=[doc])[0])


def test_validate_checks_the_annotation_the_converter_reads(export):
    # regression: validate took the last annotation in the list, the converter the
    # most recently updated one, so a raw export could be checked on another annotation
    good = export[0]["annotations"][0]
    bad = copy.deepcopy(good)
    next(r for r in bad["result"] if r.get("id") == "e2")["value"]["labels"] = ["COMPANY"]
    good["updated_at"], bad["updated_at"] = "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"
    export[0]["annotations"] = [good, bad]  # the broken one is last in the list, but older
    assert validate_export(export) == []
    bad["updated_at"] = "2026-01-03T00:00:00Z"
    assert "COMPANY" in str(validate_export(export))
