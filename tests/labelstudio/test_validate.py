"""konews validate: a valid export passes; each deliberately broken one is rejected with its message."""

from __future__ import annotations

import copy
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konews.errors import LabelStudioFormatError
from konews.labelstudio.export import documents_from_export
from konews.labelstudio.tasks import tasks_from_documents
from konews.labelstudio.validate import check_against_corpus, validate_export, validate_file
from konews.records import Argument, Document, DocumentMeta, Entity, Event, Money, Sentence

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


def _relation(export, label):
    return next(
        r for r in _result(export) if r.get("type") == "relation" and r.get("labels") == [label]
    )


def _moved_control(export, name, src, dst):
    """A copy of region ``src``'s ``name`` value put on region ``dst`` (at dst's offsets)."""
    item = copy.deepcopy(_money_control(export, src, name))
    span = _region(export, dst)["value"]
    item["id"] = dst
    item["value"].update(start=span["start"], end=span["end"], text=span["text"])
    _result(export).append(item)


def _on_trigger(export, from_name: str, **value) -> dict:
    """A result from ``from_name`` on trigger t1's region, as Label Studio adds it."""
    t1 = next(r for r in _result(export) if r["id"] == "t1" and r["type"] == "labels")
    kind = "labels" if from_name == "entity" else "choices"
    span = {k: t1["value"][k] for k in ("start", "end", "text")}
    return {
        "id": "t1",
        "from_name": from_name,
        "to_name": "text",
        "type": kind,
        "value": {**span, **value},
    }


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
    "amount with commas": (
        lambda x: _money_control(x, "e3", "amount")["value"].update(text=["14,300,000,000"]),
        "not an exact decimal string",
    ),
    "unknown currency": (
        lambda x: _money_control(x, "e3", "currency")["value"].update(choices=["DOLLAR"]),
        r"currency choices \['DOLLAR'\] — choose from KRW",
    ),
    "no currency": (lambda x: _drop(x, lambda r: r.get("from_name") == "currency"), "currency None missing"),
    "money values on an ORG span": (
        lambda x: _moved_control(x, "currency", "e3", "e2"),
        r"money values \['currency'\] on a ORG span",
    ),
    "modality on an entity span": (lambda x: _moved_control(x, "modality", "t1", "e2"), "modality on a ORG entity span"),
    "money value at other offsets than its region": (
        lambda x: _money_control(x, "e3", "amount")["value"].update(start=_region(x, "e3")["value"]["start"] + 1),
        r"amount value at \[\d+, \d+\) but the region is",
    ),
    "two amount entries": (
        lambda x: _money_control(x, "e3", "amount")["value"].update(text=["14300000000", "143"]),
        "several amount entries",
    ),
    "two amount results for one region": (
        lambda x: _result(x).append(copy.deepcopy(_money_control(x, "e3", "amount"))),
        "two 'amount' results",
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
        "relation without a label",
    ),
    "bidirectional relation": (
        lambda x: _relation(x, "investor").update(direction="bi"),
        r"region t1->e1: relation direction 'bi' — make the arrow point from the trigger",
    ),
    "left relation from an entity to a trigger": (
        lambda x: _relation(x, "investor").update(direction="left"),
        r"region e1->t1: role 'investor' must go from a trigger",
    ),
    "second equivalent_of from one span": (
        lambda x: _result(x).append(copy.deepcopy(_relation(x, "equivalent_of"))),
        "a second equivalent_of from the same span",
    ),
    "argument in another sentence": (
        lambda x: next(r for r in _result(x) if r.get("type") == "relation" and r.get("labels") == ["employer"])
        .update(to_id="e2"),
        "outside the trigger's sentence",
    ),
    "trigger without modality": (lambda x: _drop(x, lambda r: r.get("from_name") == "modality"), "no modality"),
    "empty modality choice": (
        lambda x: _money_control(x, "t1", "modality")["value"].update(choices=[]),
        "region t1 .*: trigger has no modality",
    ),
    "equivalent_of to a non-MONEY span": (
        lambda x: next(r for r in _result(x) if r.get("labels") == ["equivalent_of"]).update(to_id="e2"),
        "equivalent_of links two MONEY spans",
    ),
    "unknown from_name": (lambda x: _result(x).append({"id": "q", "from_name": "sentiment", "type": "choices",
                                                       "value": {"choices": ["x"]}}), "unknown result from_name"),
    "not NFC": (lambda x: x[0]["data"].update(text=x[0]["data"]["text"].replace("메타", "\u1106\u1166\u1110\u1161", 1)),
                "not NFC"),
    "no annotation": (lambda x: x[0].update(annotations=[]), "no annotation"),
    "result item not an object": (lambda x: _result(x).append(7), "result item 7 is not an object"),
    # validate has no check of its own for to_name: the converter's reading reports it
    "span on another object": (lambda x: _region(x, "e2").update(to_name="title"), "region e2: to_name 'title'"),
    # issue 11: a label or currency hotkey pressed while a trigger is selected
    "entity label on a trigger": (lambda x: _result(x).append(_on_trigger(x, "entity", labels=["ORG"])),
                                  r"^task 1 region t1: trigger INVESTMENT also carries the entity label ORG"),
    "currency on a trigger": (lambda x: _result(x).append(_on_trigger(x, "currency", choices=["USD"])),
                              r"money values \['currency'\] on a INVESTMENT span"),
    "sentences not a list": (lambda x: x[0]["data"].update(sentences=3), "data.sentences is not a list"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_broken_export_is_rejected_with_its_message(export, name):
    breaker, message = BREAKS[name]
    breaker(export)
    problems = validate_export(export)
    assert problems, f"{name}: not detected"
    text = "\n".join(str(p) for p in problems)
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


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_what_validate_accepts_the_converter_reads(export, name):
    # one reading of the format: no variant passes validate and then fails in `konews build`
    BREAKS[name][0](export)
    problems = validate_export(export)
    try:
        documents_from_export(export)
    except LabelStudioFormatError as e:
        assert problems, f"{name}: validate accepts what the converter refuses: {e}"


def test_a_left_pointing_relation_is_valid(export):
    rel = _relation(export, "investor")
    rel.update(
        from_id=rel["to_id"], to_id=rel["from_id"], direction="left"
    )  # e1 <- t1: still t1 -> e1
    assert validate_export(export) == []
    assert documents_from_export(export) == [_doc()]


@pytest.mark.parametrize("task", [1, "task", None, ["data"]])
def test_a_task_that_is_not_an_object_is_a_problem(export, task):
    problems = validate_export([*export, task])
    assert [str(p) for p in problems] == [
        f"task #1: task {task!r} is not an object — export the full JSON (a list of task objects) of a KoNews project"
    ]
    assert check_against_corpus([task], documents=[]) == []  # reported by validate, not a crash


@pytest.mark.parametrize("export", [{}, {"data": {}}, "[]", 7])
def test_an_export_that_is_not_a_list_is_a_format_error(export):
    with pytest.raises(LabelStudioFormatError, match="expected a list of task objects"):
        validate_export(export)


def test_a_converter_error_is_not_reported_twice(export):
    _set_value(export, "e2", labels=["COMPANY"])  # validate and the converter both see it
    assert [p.region for p in validate_export(export)] == ["e2"]


_JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, len(TEXT) + 2),
    st.sampled_from(["", "e1", "e3", "t1", "zz", "left", "right", "bi", "MONEY", "ORG", "entity", "trigger",
                     "amount", "currency", "modality", "labels", "relation", "investor", "equivalent_of",
                     "14300000000", "USD", "asserted"]),
)  # fmt: skip
_JSON = st.recursive(_JSON_LEAVES, lambda inner: st.lists(inner, max_size=3), max_leaves=4)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_validate_never_crashes_and_agrees_with_the_converter(data):
    """Random edits of a valid export: validate reports problems (never crashes),
    and whatever it accepts, the converter reads."""
    export = tasks_from_documents([_doc()])
    export[0]["id"] = 1
    result = _result(export)
    for _ in range(data.draw(st.integers(1, 3))):
        item = data.draw(st.sampled_from([*result, export[0]["data"]]))
        target = (
            item["value"]
            if isinstance(item.get("value"), dict) and data.draw(st.booleans())
            else item
        )
        key = data.draw(st.sampled_from([*sorted(target), "direction", "to_name"]))
        if data.draw(st.integers(0, 4)) == 0:
            target.pop(key, None)
        else:
            target[key] = data.draw(_JSON)
    problems = validate_export(export)
    try:
        documents_from_export(export)
    except LabelStudioFormatError as e:
        assert problems, f"validate accepts what the converter refuses: {e}"


def _wrong_amount(export) -> None:
    _money_control(export, "e3", "amount")["value"].update(text=["1430000000"])


def test_the_normalizer_check_is_a_flag_not_a_validity_rule(export):
    # moved out of BREAKS (issue 12): agreeing with the money normalizer is no longer
    # a rule of valid gold (the KLUE layer's values are what the normalizer is scored
    # against); `konews validate` runs it on the seed gold, or with --normalizer
    _wrong_amount(export)
    assert validate_export(export) == []
    problems = validate_export(export, normalizer=True)
    assert re.search("normalizer reads '14300000000'", "\n".join(map(str, problems)))
    assert all(str(p).startswith("task 1") and p.hint for p in problems)


def test_validate_normalizer_flag_on_the_command_line(export, tmp_path, capsys):
    from konews.cli import main

    _wrong_amount(export)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert main(["validate", "--normalizer", str(path)]) == 1
    assert "normalizer reads" in capsys.readouterr().out


def _second_task(export, **changes) -> list:
    task = copy.deepcopy(export[0])
    task.update(id=2)
    task["data"] = {**task["data"], "doc_id": "test-000000000002"}
    task.update(changes)
    return [*export, task]


# issue 11: each of these passed `konews validate` and then crashed or stopped `konews build`
WHOLE_EXPORT_BREAKS = {
    "duplicate document id": (
        lambda x: _second_task(x, data=x[0]["data"]),
        "doc_id test-000000000001 is also the doc_id of task 1",
    ),
    "duplicate task id": (lambda x: _second_task(x, id=1), r"task id used twice \(tasks #0 and #1\)"),
    "string task id": (lambda x: _second_task(x, id="2"), "task id '2' is not an integer"),
    "list task id": (lambda x: _second_task(x, id=[2]), r"task id \[2\] is not an integer"),
    "boolean task id": (lambda x: _second_task(x, id=True), "task id True is not an integer"),
    "lone surrogate in the text": (
        lambda x: [{**x[0], "data": {**x[0]["data"], "text": x[0]["data"]["text"][:-1] + "\ud800"}}],
        r"text holds a lone surrogate",
    ),
    "lone surrogate in the title": (
        lambda x: [{**x[0], "data": {**x[0]["data"], "title": "제목\udc00"}}],
        r"meta.title holds a lone surrogate",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(WHOLE_EXPORT_BREAKS))
def test_what_build_refuses_validate_refuses(export, tmp_path, name):
    from konews.errors import KoNewsError
    from konews.labelstudio.gold import load_gold_export

    breaker, message = WHOLE_EXPORT_BREAKS[name]
    broken = breaker(export)
    problems = validate_export(broken)
    assert re.search(message, "\n".join(map(str, problems))), problems
    assert all(p.hint for p in problems)
    (tmp_path / "gold.json").write_text(json.dumps(broken), encoding="utf-8")
    # The file reader refuses a lone surrogate already while parsing (one KoNewsError, like
    # ValidationFailed, naming the file); the other breaks reach the validator.
    surrogate = "lone surrogate" in name
    with pytest.raises(KoNewsError, match="a lone surrogate" if surrogate else message):
        load_gold_export(tmp_path)


@pytest.mark.parametrize("name", sorted(BREAKS) + sorted(WHOLE_EXPORT_BREAKS))
def test_whatever_validate_passes_build_builds(export, tmp_path, name):
    from konews.dataset.build import build_dataset

    if name in BREAKS:
        BREAKS[name][0](export)
    else:
        export = WHOLE_EXPORT_BREAKS[name][0](export)
    if validate_export(export):
        return  # refused: the parametrized tests above check the message
    build_dataset(documents_from_export(export), tmp_path / "dataset")
    assert (tmp_path / "dataset" / "README.md").is_file()


@pytest.mark.parametrize("date", [None, 20250613, ["2025"]])
def test_a_date_that_is_not_a_string_is_a_problem_not_a_crash(export, date):
    # regression (found by the property test above): check_document called
    # is_iso_date(None) and crashed, in validate and in build alike
    export[0]["data"]["date"] = date
    problems = validate_export(export)
    assert any("is not an ISO 8601 date" in p.message for p in problems), problems


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (1.5, r"offset start is 1\.5 \(float\), not a whole number"),
        (True, r"offset start is True \(bool\), not a whole number"),
        ("3", r"offset start is '3' \(str\), not a whole number"),
        (None, r"offset start is missing, not a whole number"),
    ],
)
def test_offsets_that_are_not_whole_numbers_are_said_so(export, start, message):
    # Issue 11: a float or boolean offset was reported as "outside the text".
    _set_value(export, "e2", start=start)
    problems = validate_export(export)
    assert re.search(message, "\n".join(map(str, problems))), problems
    assert "outside the text" not in "\n".join(map(str, problems))
