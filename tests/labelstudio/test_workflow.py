"""The annotator workflow against a live Label Studio server: push with
predictions, annotate through the API as an annotator would, pull into the
gold, rebuild the dataset; broken annotations and removals are refused with
the gold unchanged; the review queue becomes the task order in Label Studio."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from baselines.prelabel import baseline_predictions
from konews.cli import main
from konews.corpus.synthetic import synthetic_documents
from konews.dataset.build import build_dataset
from konews.dataset.rows import canonical, read_documents
from konews.errors import KoNewsError, ValidationFailed
from konews.labelstudio.export import Prediction, documents_from_export
from konews.labelstudio.review import REVIEW_VIEW, review_queue, set_review_order
from konews.labelstudio.tasks import result_of
from konews.labelstudio.workflow import find_project, pull, push

pytestmark = pytest.mark.labelstudio

_titles = itertools.count(1)


@pytest.fixture()
def title(ls_api):
    name = f"workflow {next(_titles)}"
    yield name
    found = find_project(ls_api, name)
    if found is not None:
        ls_api.delete_project(found["id"])


def _annotate_all(api, project_id: int, docs) -> None:
    by_doc = {d.id: d for d in docs}
    for task in api.export(project_id):
        if task["data"]["doc_id"] in by_doc:
            api.create_annotation(
                task["id"], result_of(by_doc[task["data"]["doc_id"]]), lead_time=30
            )


def test_push_twice_imports_nothing_twice_and_adds_only_new_model_versions(ls_api, title):
    docs = synthetic_documents(4, seed=31)
    preds = baseline_predictions(docs, ["rules"])
    first = push(ls_api, docs, project=title, predictions=preds)
    assert (first.created, first.imported, first.already_there) == (True, 4, 0)
    again = push(ls_api, docs, project=title, predictions=preds)
    assert (again.created, again.imported, again.already_there, again.predictions_added) == (
        False, 0, 4, 0,
    )  # fmt: skip
    other = {d.id: [Prediction("another-model", p[0].document, 0.3)] for d, p in
             ((d, preds[d.id]) for d in docs)}  # fmt: skip
    third = push(
        ls_api, [*docs, *synthetic_documents(1, seed=32)], project=title, predictions=other
    )
    assert (third.imported, third.already_there, third.predictions_added) == (1, 4, 4)
    export = ls_api.export(third.project)
    assert len(export) == 5
    versions = sorted(p["model_version"] for p in export[0]["predictions"])
    assert versions == ["another-model", "konews-rules-0.1.0"]
    assert export[0]["annotations"] == [], "documents without gold come without annotation"


def test_push_annotate_pull_rebuild(ls_api, title, tmp_path):
    docs = synthetic_documents(5, seed=33)
    report = push(ls_api, docs, project=title, predictions=baseline_predictions(docs, ["rules"]))
    _annotate_all(ls_api, report.project, docs[:3])  # two tasks stay unannotated
    gold = tmp_path / "annotation" / "gold.json"
    pulled = pull(ls_api, project=title, gold_path=gold)
    assert (pulled.pulled, pulled.written, pulled.changes) == (3, True, [])
    assert sorted(pulled.new_documents) == sorted(d.id for d in docs[:3])
    assert documents_from_export(gold) == docs[:3]
    build_dataset(documents_from_export(gold), tmp_path / "dataset")
    rebuilt = {d.id: d for d in read_documents(tmp_path / "dataset")}
    assert rebuilt == {d.id: canonical(d) for d in docs[:3]}
    again = pull(ls_api, project=title, gold_path=gold)
    assert (again.written, again.changes, again.new_documents) == (False, [], [])


def _one_annotated(ls_api, title, tmp_path):
    docs = synthetic_documents(2, seed=34)
    report = push(ls_api, docs, project=title)
    _annotate_all(ls_api, report.project, docs)
    gold = tmp_path / "gold.json"
    pull(ls_api, project=title, gold_path=gold)
    task = next(t for t in ls_api.export(report.project) if t["data"]["doc_id"] == docs[0].id)
    return docs, task, gold


def _break_offsets(result):
    span = next(r for r in result if r.get("from_name") == "entity")
    span["value"]["start"] += 1
    return span["id"]


def _break_label(result):
    span = next(r for r in result if r.get("from_name") == "entity")
    span["value"]["labels"] = ["COMPANY"]
    return span["id"]


@pytest.mark.parametrize(
    ("breaker", "pattern"),
    [(_break_offsets, "value.text .* differs from text"), (_break_label, "COMPANY")],
    ids=["offsets off", "unknown label"],
)
def test_a_broken_annotation_is_refused_and_the_gold_is_unchanged(
    ls_api, title, tmp_path, breaker, pattern
):
    docs, task, gold = _one_annotated(ls_api, title, tmp_path)
    before = gold.read_bytes()
    result = result_of(docs[0])
    region = breaker(result)
    ls_api.create_annotation(task["id"], result)
    with pytest.raises(ValidationFailed, match=rf"task {task['id']} region {region} .*{pattern}"):
        pull(ls_api, project=title, gold_path=gold)
    assert gold.read_bytes() == before


def test_removals_need_to_be_accepted(ls_api, title, tmp_path):
    docs, task, gold = _one_annotated(ls_api, title, tmp_path)
    before = gold.read_bytes()
    keep = [e for e in docs[0].entities if e.label in ("DATE", "TIME")]
    smaller = dataclasses.replace(docs[0], entities=tuple(keep), money=(), events=())
    ls_api.create_annotation(task["id"], result_of(smaller))
    with pytest.raises(
        KoNewsError, match=r"(?s)would remove \d+ annotation\(s\).*--accept-removals"
    ):
        pull(ls_api, project=title, gold_path=gold)
    dry = pull(ls_api, project=title, gold_path=gold, dry_run=True, accept_removals=True)
    assert dry.removals and not dry.written and gold.read_bytes() == before
    done = pull(ls_api, project=title, gold_path=gold, accept_removals=True)
    assert done.written
    assert {d.id: d for d in documents_from_export(gold)}[docs[0].id].entities == tuple(keep)


def test_the_most_recently_updated_annotation_is_the_one_pulled(ls_api, title, tmp_path):
    docs, task, gold = _one_annotated(ls_api, title, tmp_path)
    first = task["annotations"][0]["id"]
    partial = dataclasses.replace(docs[0], events=docs[0].events[:1])
    ls_api.create_annotation(task["id"], result_of(partial))  # a second, later annotation
    ls_api.update_annotation(first, result=result_of(docs[0]))  # adjudicated: the first, updated
    report = pull(ls_api, project=title, gold_path=gold)
    assert report.changes == [] and not report.written, "the adjudicated one is the gold's"
    (pulled_task,) = [t for t in ls_api.export(report.project) if t["id"] == task["id"]]
    assert len(pulled_task["annotations"]) == 2
    assert documents_from_export([pulled_task])[0] == docs[0]


def test_review_queue_puts_the_disagreeing_task_first_and_sets_the_order(ls_api, title):
    docs = synthetic_documents(4, seed=35)
    # a model that is right everywhere, and an annotator who forgot the MONEY spans of one document
    oracle = {d.id: [Prediction("oracle", d)] for d in docs}
    report = push(ls_api, docs, project=title, predictions=oracle)
    money_doc = next(d for d in docs if d.money)
    sloppy = dataclasses.replace(
        money_doc,
        entities=tuple(e for e in money_doc.entities if e.label != "MONEY"),
        money=(),
        events=tuple(dataclasses.replace(v, arguments=tuple(
            a for a in v.arguments if money_doc.entity(a.entity_id).label != "MONEY"))
            for v in money_doc.events),
    )  # fmt: skip
    _annotate_all(ls_api, report.project, [sloppy if d is money_doc else d for d in docs])
    items = review_queue(ls_api.export(report.project))
    assert items[0].doc_id == money_doc.id
    assert any("MONEY" in r for r in items[0].reasons)
    assert [it.score for it in items[1:]] == [0] * 3
    assert [it.task for it in items] != sorted(it.task for it in items), "not the id order"
    view = set_review_order(ls_api, report.project, items)
    ordered = ls_api.tasks(report.project, view=view)
    assert [t["id"] for t in ordered] == [it.task for it in items]
    assert [t["data"]["review_rank"] for t in ordered] == list(range(1, len(items) + 1))
    assert set_review_order(ls_api, report.project, items) == view, "the tab is reused"
    titles = [v["data"]["title"] for v in ls_api.views(report.project)]
    assert titles.count(REVIEW_VIEW) == 1


def test_commands_push_pull_queue(ls_server, ls_api, title, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LABEL_STUDIO_URL", ls_server.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", ls_server.login.token)
    gold = tmp_path / "gold.json"
    assert main(["ls", "push", "--project", title, "--gold", str(gold)]) == 0
    out = capsys.readouterr().out
    assert "0 with gold annotations" in out and "imported" in out
    assert ls_server.login.token not in out
    assert main(["ls", "push", "--project", title, "--gold", str(gold)]) == 0
    assert "0 task(s) imported" in capsys.readouterr().out
    assert main(["ls", "pull", "--project", title, "--gold", str(gold), "--dry-run"]) == 0
    assert "pulled 0 annotated task(s)" in capsys.readouterr().out
    assert not gold.exists()
    review = tmp_path / "review.csv"
    assert main(["ls", "queue", "--project", title, "--out", str(review)]) == 0
    assert review.read_text(encoding="utf-8").startswith("rank,task,doc_id,score")
    assert main(["ls", "pull", "--project", "no such project", "--gold", str(gold)]) == 2
    assert "no project titled 'no such project'" in capsys.readouterr().err


def test_commands_need_the_server_in_the_environment(monkeypatch, capsys):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)
    assert main(["ls", "pull"]) == 2
    assert "set LABEL_STUDIO_URL" in capsys.readouterr().err
