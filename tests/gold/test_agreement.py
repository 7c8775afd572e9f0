"""konews.gold.agreement on two synthetic annotators whose differences are known."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

import pytest

from konews.cli import main
from konews.corpus.synthetic import synthetic_documents
from konews.gold.agreement import agreement, char_labels, differences
from konews.labelstudio.agreement import agreement_of_exports, agreement_of_tasks
from konews.labelstudio.tasks import tasks_from_documents
from konews.records import Argument, Document, DocumentMeta, Entity, Event, Money, Sentence

META = DocumentMeta(publisher="테스트뉴스", title="합성", doc_type="article", date="2025-06-13",
                    date_source="stated")  # fmt: skip
TEXT = "메타는 13일 스케일AI에 143억 달러를 투자했다. 왕 CEO가 메타에 합류한다."


def at(s: str, nth: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(nth):
        start = TEXT.index(s, start + 1)
    return start, start + len(s)


def annotator_a() -> Document:
    return Document(
        "test-agree-000001", TEXT, META, (Sentence(0, len(TEXT)),),
        (Entity("m1", *at("메타"), "ORG"), Entity("d", *at("13일"), "DATE"),
         Entity("s", *at("스케일AI"), "ORG"), Entity("usd", *at("143억 달러"), "MONEY"),
         Entity("w", *at("왕"), "PER"), Entity("c", *at("CEO"), "JOB_TITLE"),
         Entity("m2", *at("메타", 2), "ORG")),
        (Money("usd", "14300000000", "USD"),),
        (Event("v1", "INVESTMENT", *at("투자"), "asserted",
               (Argument("investor", "m1"), Argument("investee", "s"), Argument("amount", "usd"))),
         Event("v2", "START_POSITION", *at("합류"), "planned",
               (Argument("person", "w"), Argument("employer", "m2"), Argument("position", "c")))),
    )  # fmt: skip


def annotator_b() -> Document:
    """A's document with five known differences, and other region ids."""
    return Document(
        "test-agree-000001", TEXT, META, (Sentence(0, len(TEXT)),),
        (Entity("x1", *at("메타"), "ORG"), Entity("x2", *at("13일"), "DATE"),
         Entity("x3", *at("스케일AI"), "PRODUCT"),  # 1: label ORG -> PRODUCT
         Entity("x4", *at("143억 달러"), "MONEY"), Entity("x5", *at("왕"), "PER"),
         # 2: CEO not annotated
         Entity("x7", *at("메타", 2), "ORG")),
        (Money("x4", "143000000", "USD"),),  # 3: amount off by 100
        (Event("y1", "INVESTMENT", *at("투자"), "planned",  # 4: modality, no investee
               (Argument("investor", "x1"), Argument("amount", "x4"))),
         Event("y2", "START_POSITION", *at("합류"), "planned",  # 5: no position
               (Argument("person", "x5"), Argument("employer", "x7")))),
    )  # fmt: skip


def _kappa(a: list[str], b: list[str]) -> float:
    """Cohen's kappa from its definition (an oracle for sklearn's)."""
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / n / n
    return (observed - expected) / (1 - expected)


def test_known_differences_give_known_numbers():
    r = agreement([(annotator_a(), annotator_b())], a="A", b="B")
    assert r.documents == 1
    org = r.per_label["ORG"]
    assert (org.tp, org.fp, org.fn) == (2, 0, 1) and org.f1 == pytest.approx(0.8)
    assert r.per_label["PRODUCT"].f1 == 0 and r.per_label["JOB_TITLE"].f1 == 0
    assert {k: r.per_label[k].f1 for k in ("DATE", "MONEY", "PER")} == {
        "DATE": 1,
        "MONEY": 1,
        "PER": 1,
    }
    assert "LOC" not in r.per_label, "labels neither side used are not reported"
    assert r.entities.f1 == pytest.approx(2 * 5 / (7 + 6))
    assert r.kappa == pytest.approx(_kappa(char_labels(annotator_a()), char_labels(annotator_b())))
    assert 0 < r.kappa < 1
    assert (r.money_matched, r.money_identical) == (1, 0)
    assert r.money_fields["amount"] == 0 and r.money_fields["currency"] == 1
    assert r.triggers.f1 == 1 and r.events.f1 == 0
    assert r.arguments.f1 == pytest.approx(2 * 4 / (6 + 4))
    assert (r.modality_matched, r.modality_agreeing) == (2, 1)
    assert [(d.kind, d.surface, d.status) for d in r.disagreements] == [
        ("entity", "스케일AI", "changed"),
        ("money", "143억 달러", "changed"),
        ("event", "투자", "changed"),
        ("entity", "CEO", "removed"),
        ("event", "합류", "changed"),
    ]


def test_identical_annotations_agree_fully_whatever_the_region_ids():
    r = agreement([(annotator_a(), annotator_a()), (annotator_b(), annotator_b())])
    assert r.entities.f1 == 1 and r.kappa == 1 and r.money_agreement == 1
    assert r.events.f1 == 1 and r.modality_agreement == 1 and r.disagreements == []


def test_agreement_is_symmetric_in_f1_and_kappa():
    ab = agreement([(annotator_a(), annotator_b())])
    ba = agreement([(annotator_b(), annotator_a())])
    assert (ab.entities.f1, ab.kappa, ab.events.f1, ab.arguments.f1) == (
        ba.entities.f1, ba.kappa, ba.events.f1, ba.arguments.f1,
    )  # fmt: skip
    assert [d.status for d in ab.disagreements].count("removed") == [
        d.status for d in ba.disagreements
    ].count("added")


def test_differences_compare_money_restatements_by_span_not_id():
    docs = [d for d in synthetic_documents(40, seed=4) if any(m.equivalent_of for m in d.money)]
    doc = docs[0]
    renamed = {e.id: f"r{i}" for i, e in enumerate(doc.entities)}
    entities = tuple(dataclasses.replace(e, id=renamed[e.id]) for e in doc.entities)
    money = tuple(
        dataclasses.replace(
            m, entity_id=renamed[m.entity_id], equivalent_of=renamed.get(m.equivalent_of)
        )
        for m in doc.money
    )
    events = tuple(
        dataclasses.replace(
            v, arguments=tuple(Argument(a.role, renamed[a.entity_id]) for a in v.arguments)
        )
        for v in doc.events
    )
    other = dataclasses.replace(doc, entities=entities, money=money, events=events)
    assert any(m.equivalent_of for m in other.money) and other.entities != doc.entities
    assert differences(doc, other) == []


def _export(pairs: list[tuple[Document, Document]]) -> list[dict]:
    tasks = []
    for i, (da, db) in enumerate(pairs, 1):
        (task,) = tasks_from_documents([da])
        (second,) = tasks_from_documents([db])
        task["id"] = i
        task["annotations"] = [
            {"id": 10 * i + 1, "completed_by": 7, **task["annotations"][0]},
            {"id": 10 * i + 2, "completed_by": 3, **second["annotations"][0]},
        ]
        tasks.append(task)
    return tasks


def test_agreement_of_tasks_with_two_annotators():
    synth = synthetic_documents(3, seed=8)
    export = _export([(annotator_a(), annotator_b()), *((d, d) for d in synth)])
    (r,) = agreement_of_tasks(export)
    assert (r.a, r.b, r.documents) == ("annotator 3", "annotator 7", 4)
    assert len(r.disagreements) == 5, "only the hand-made document differs"
    assert [d.status for d in r.disagreements].count("added") == 1, "B (user 3) has no CEO"


def test_agreement_of_two_export_files_matches_documents_by_doc_id(tmp_path):
    synth = synthetic_documents(2, seed=9)
    a = tasks_from_documents([annotator_a(), *synth])
    b = tasks_from_documents([synth[1], annotator_b()])
    pa, pb = tmp_path / "pass1.json", tmp_path / "pass2.json"
    pa.write_text(json.dumps(a, ensure_ascii=False), encoding="utf-8")
    pb.write_text(json.dumps(b, ensure_ascii=False), encoding="utf-8")
    r = agreement_of_exports(pa, pb, a="pass1", b="pass2")
    assert r.documents == 2 and r.unmatched == [synth[0].id]
    assert len(r.disagreements) == 5


def test_konews_agreement_command(tmp_path, capsys):
    pa, pb, out = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "agreement.json"
    pa.write_text(json.dumps(tasks_from_documents([annotator_a()]), ensure_ascii=False), "utf-8")
    pb.write_text(json.dumps(tasks_from_documents([annotator_b()]), ensure_ascii=False), "utf-8")
    assert main(["agreement", str(pa), str(pb), "--json", str(out)]) == 0
    shown = capsys.readouterr().out
    assert "| entity ORG | 80.0 |" in shown and "스케일AI" in shown
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report[0]["events"]["modality_agreement"] == 0.5


def test_konews_agreement_on_an_export_without_double_annotations_says_so(tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(tasks_from_documents([annotator_a()]), ensure_ascii=False), "utf-8")
    assert main(["agreement", str(path)]) == 2
    assert "no task with two or more annotations" in capsys.readouterr().err
