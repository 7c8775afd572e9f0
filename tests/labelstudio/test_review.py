"""konews.labelstudio.workflow.review_queue offline: which task and sentence come first, and why."""

from __future__ import annotations

import dataclasses

from konews.corpus.synthetic import synthetic_documents
from konews.labelstudio.export import Prediction
from konews.labelstudio.review import review_queue, review_rows
from konews.labelstudio.tasks import tasks_from_documents
from konews.records import Document

DOCS = synthetic_documents(6, seed=41)


def _export(annotated: list[Document] | None, predictions: dict) -> list[dict]:
    docs = annotated if annotated is not None else DOCS
    tasks = tasks_from_documents(docs, predictions=predictions, annotations=annotated is not None)
    for i, t in enumerate(tasks, 1):
        t["id"] = i
        for k, a in enumerate(t.get("annotations", []), 1):
            a.update(id=100 * i + k, completed_by=1)
    return tasks


def _forget(doc: Document, label: str) -> Document:
    """``doc`` with every ``label`` entity (and what hangs on it) left out."""
    gone = {e.id for e in doc.entities if e.label == label}
    return dataclasses.replace(
        doc,
        entities=tuple(e for e in doc.entities if e.id not in gone),
        money=tuple(m for m in doc.money if m.entity_id not in gone),
        events=tuple(dataclasses.replace(v, arguments=tuple(a for a in v.arguments
                                                            if a.entity_id not in gone))
                     for v in doc.events),
    )  # fmt: skip


def _oracle() -> dict:
    return {d.id: [Prediction("oracle", d)] for d in DOCS}


def test_the_task_whose_annotation_a_model_contradicts_comes_first():
    sloppy = next(i for i, d in enumerate(DOCS) if any(e.label == "PER" for e in d.entities))
    annotated = [_forget(d, "PER") if i == sloppy else d for i, d in enumerate(DOCS)]
    items = review_queue(_export(annotated, _oracle()))
    assert items[0].doc_id == DOCS[sloppy].id
    assert all(it.score == 0 for it in items[1:]), "a model agreeing with the annotation is quiet"
    assert any("entity added: — → PER" in r for r in items[0].reasons)
    missing_in = {DOCS[sloppy].sentence_index(e.start, e.end)
                  for e in DOCS[sloppy].entities if e.label == "PER"}  # fmt: skip
    worst = items[0].sentences[0][0]
    assert worst in missing_in, "the worst sentence holds a forgotten span"


def test_a_model_is_no_evidence_on_labels_it_never_predicts():
    money_only = {
        d.id: [Prediction("money-tagger", dataclasses.replace(
            d, entities=tuple(e for e in d.entities if e.label == "MONEY"), events=()))]
        for d in DOCS
    }  # fmt: skip
    items = review_queue(_export(list(DOCS), money_only))
    assert [it.score for it in items] == [0] * len(DOCS)


def test_disagreeing_models_and_low_confidence_rank_unannotated_tasks():
    changed = DOCS[2]
    other = _forget(changed, "ORG")
    preds = {d.id: [Prediction("oracle", d), Prediction("other", other if d is changed else d)]
             for d in DOCS}  # fmt: skip
    preds[DOCS[4].id] = [Prediction("oracle", DOCS[4], 0.1)]
    items = review_queue(_export(None, preds))
    assert items[0].doc_id == changed.id and "oracle vs other" in items[0].reasons[0]
    assert items[1].doc_id == DOCS[4].id
    assert items[1].score == 0.9 and "low confidence 0.10" in items[1].reasons[0]


def test_rare_labels_raise_a_task():
    rare_doc = next(d for d in DOCS if any(e.label == "JOB_TITLE" for e in d.entities))
    annotated = [d if d is rare_doc else _forget(d, "JOB_TITLE") for d in DOCS]
    items = review_queue(_export(annotated, {}), rare_share=0.05)
    assert items[0].doc_id == rare_doc.id and items[0].reasons[0].startswith("rare label JOB_TITLE")


def test_review_rows():
    rows = review_rows(review_queue(_export(list(DOCS), _oracle())))
    assert [r["rank"] for r in rows] == list(range(1, len(DOCS) + 1))
    assert set(rows[0]) == {"rank", "task", "doc_id", "score", "worst_sentence", "reasons"}
