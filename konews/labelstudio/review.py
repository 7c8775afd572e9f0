"""The review queue: tasks (and sentences) ranked by how likely their annotation is
wrong, made the task order in Label Studio."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from konews.gold.agreement import Difference, differences
from konews.labelstudio.client import LabelStudioAPI
from konews.labelstudio.export import (
    documents_from_export,
    predictions_of_task,
    select_annotation,
)
from konews.labelstudio.results import document_of_task

REVIEW_VIEW = "Review queue"


# --- review queue ---------------------------------------------------------------------


@dataclass
class ReviewItem:
    task: int
    doc_id: str
    score: float
    reasons: list[str]
    sentences: list[tuple[int, float, list[str]]]  # (sentence index, score, reasons), worst first


def _relevant(d: Difference, covered: set[str]) -> bool:
    """A difference a model could have caused: it predicts the entity label(s)
    involved, MONEY for money values, some event for events (``covered`` holds
    the labels it ever predicted, and "event" if it predicted any event)."""
    if d.kind == "entity":
        return any(v in covered for v in (d.a, d.b) if v is not None)
    return ("MONEY" if d.kind == "money" else "event") in covered


def review_queue(export: Sequence[Mapping], *, rare_share: float = 0.02) -> list[ReviewItem]:
    """Tasks ranked by how likely their annotation (or, for tasks not annotated
    yet, the first pre-annotation) is wrong, worst first. A sentence scores 1 per
    difference between the annotation and a prediction, 0.5 per difference
    between two predictions (both only on what the models predict at all: a
    money tagger is no evidence about PER spans), ``1 - score`` of a prediction
    scored under 0.5, and 0.5 per span of a rare label (under ``rare_share`` of
    all spans); a task scores the sum of its sentences."""
    tasks = []
    label_counts: Counter[str] = Counter()
    covered: dict[str, set[str]] = {}
    for index, task in enumerate(export):
        base = document_of_task(task, index)
        preds = predictions_of_task(task, index)
        ann = select_annotation(task)
        doc = documents_from_export([task])[0] if ann is not None else None
        tasks.append((task, base, preds, doc))
        for p in preds:
            seen = covered.setdefault(p.model_version, set())
            seen.update(e.label for e in p.document.entities)
            if p.document.events:
                seen.add("event")
        for e in (doc or (preds[0].document if preds else base)).entities:
            label_counts[e.label] += 1
    total = sum(label_counts.values()) or 1
    rare = {k for k, n in label_counts.items() if n / total < rare_share}
    items = []
    for task, base, preds, doc in tasks:
        scored: dict[int, list[tuple[float, str]]] = {
            i: [] for i in range(len(base.sentences) or 1)
        }

        def add(start: int, weight: float, reason: str, base=base, scored=scored) -> None:
            i = base.sentence_index(start, start + 1) if base.sentences else 0
            scored[i if i is not None else 0].append((weight, reason))

        for p in preds:
            if doc is not None:
                for d in differences(doc, p.document):
                    if _relevant(d, covered[p.model_version]):
                        add(d.start, 1.0, f"{p.model_version} disagrees: {d}")
            if p.score is not None and p.score < 0.5:
                add(0, 1 - p.score, f"{p.model_version} has low confidence {p.score:.2f}")
        for i, p in enumerate(preds):
            for q in preds[i + 1 :]:
                shared = covered[p.model_version] & covered[q.model_version]
                for d in differences(p.document, q.document):
                    if _relevant(d, shared):
                        add(d.start, 0.5, f"{p.model_version} vs {q.model_version}: {d}")
        for e in (doc or (preds[0].document if preds else base)).entities:
            if e.label in rare:
                add(e.start, 0.5, f"rare label {e.label} {base.text[e.start : e.end]!r}")
        sentences = sorted(
            ((i, sum(w for w, _ in r), [x for _, x in r]) for i, r in scored.items() if r),
            key=lambda s: (-s[1], s[0]),
        )
        score = sum(s[1] for s in sentences)
        reasons = [x for _, _, rs in sentences for x in rs]
        items.append(ReviewItem(task.get("id"), base.id, score, reasons, sentences))
    items.sort(key=lambda it: (-it.score, str(it.doc_id)))
    return items


def set_review_order(api: LabelStudioAPI, project: int, items: Sequence[ReviewItem]) -> int:
    """Store each task's rank in ``data.review_rank`` (1 = review first) and its
    top reasons in ``data.review_reasons``, and make a Data Manager tab
    ``Review queue`` sorted by the rank; its id is returned. Label All Tasks
    from that tab follows the order (with sequential sampling)."""
    for rank, it in enumerate(items, 1):
        task = api.task(it.task)
        data = {**task["data"], "review_rank": rank,
                "review_reasons": "; ".join(it.reasons[:3]) or "—"}  # fmt: skip
        api.update_task(it.task, data=data)
    view = {
        "title": REVIEW_VIEW,
        "ordering": ["tasks:data.review_rank"],
        "columnsDisplayType": {"tasks:data.review_rank": "Number"},
    }
    for v in api.views(project):
        if (v.get("data") or {}).get("title") == REVIEW_VIEW:
            return api.update_view(v["id"], project, view)["id"]
    return api.create_view(project, view)["id"]


def review_rows(items: Sequence[ReviewItem]) -> list[dict]:
    """The review list as rows (for CSV/JSON): one per task, best first."""
    return [
        {"rank": rank, "task": it.task, "doc_id": it.doc_id,
         "score": round(it.score, 3) if not math.isnan(it.score) else None,
         "worst_sentence": it.sentences[0][0] if it.sentences else None,
         "reasons": it.reasons}
        for rank, it in enumerate(items, 1)
    ]  # fmt: skip
