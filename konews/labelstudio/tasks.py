"""Records -> Label Studio tasks: task data, region ids and annotation results (the
layout is in ``konews.labelstudio.export``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from konews import schema
from konews.errors import LabelStudioFormatError
from konews.labelstudio.config import (
    AMOUNT,
    AMOUNT_MAX,
    CURRENCY,
    ENTITY,
    FLAGS,
    MODALITY,
    MONEY_FLAGS,
    QUALIFIER,
    TEXT,
    TRIGGER,
)
from konews.labelstudio.export import Prediction
from konews.labelstudio.results import META_FIELDS, REGION_ID
from konews.records import Document

# --- records -> tasks ---------------------------------------------------------------


def task_data(doc: Document) -> dict:
    """The task ``data`` of a document (layout in the module docstring)."""
    return {
        "text": doc.text,
        "doc_id": doc.id,
        "sentences": [[s.start, s.end] for s in doc.sentences],
        **{name: getattr(doc.meta, name) for name in META_FIELDS},
    }


def region_ids(doc: Document) -> tuple[dict[str, str], dict[str, str]]:
    """Region ids of the entities and of the events (record id -> region id):
    the document's own ids when they all can be region ids (unique across
    entities and events, ``[A-Za-z0-9_-]``), else ``e1, e2, ...`` for entities
    and ``t1, t2, ...`` for triggers, in record order."""
    ids = [e.id for e in doc.entities] + [v.id for v in doc.events]
    if len(set(ids)) == len(ids) and all(REGION_ID.match(i) for i in ids):
        return {e.id: e.id for e in doc.entities}, {v.id: v.id for v in doc.events}
    entities = {e.id: f"e{n}" for n, e in enumerate(doc.entities, 1)}
    if len(entities) != len(doc.entities):
        raise LabelStudioFormatError(f"document {doc.id}: two entities share an id")
    return entities, {v.id: f"t{n}" for n, v in enumerate(doc.events, 1)}


def result_of(doc: Document, *, score: float | None = None) -> list[dict]:
    """The Label Studio ``result`` list holding ``doc``'s annotation layers:
    spans (each trigger with its modality), money values, then relations, each
    in record order (so ``document_from_result`` gives the same records back)."""
    text = doc.text
    ids, trigger_ids = region_ids(doc)
    by_id = {e.id: e for e in doc.entities}
    out: list[dict] = []

    def item(rid: str, name: str, kind: str, start: int, end: int, **value) -> dict:
        region = {"id": rid, "from_name": name, "to_name": TEXT, "type": kind, "origin": "manual"}
        region["value"] = {"start": start, "end": end, **value}
        if score is not None:
            region["score"] = score
        return region

    for e in doc.entities:
        out.append(item(ids[e.id], ENTITY, "labels", e.start, e.end,
                        text=text[e.start : e.end], labels=[e.label]))  # fmt: skip
    for v in doc.events:
        s, t, rid = v.trigger_start, v.trigger_end, trigger_ids[v.id]
        out.append(item(rid, TRIGGER, "labels", s, t, text=text[s:t], labels=[v.type]))
        out.append(item(rid, MODALITY, "choices", s, t, text=text[s:t], choices=[v.modality]))
    relations = []
    for m in doc.money:
        ent = by_id.get(m.entity_id)
        if ent is None:
            raise LabelStudioFormatError(
                f"document {doc.id}: money for entity {m.entity_id!r}, which does not exist"
            )
        rid, s, t, surface = ids[ent.id], ent.start, ent.end, text[ent.start : ent.end]
        if m.amount is not None:
            out.append(item(rid, AMOUNT, "textarea", s, t, text=[m.amount]))
        if m.amount_max is not None:
            out.append(item(rid, AMOUNT_MAX, "textarea", s, t, text=[m.amount_max]))
        if m.currency is not None:
            out.append(item(rid, CURRENCY, "choices", s, t, text=surface, choices=[m.currency]))
        if m.qualifier is not None:
            out.append(item(rid, QUALIFIER, "choices", s, t, text=surface, choices=[m.qualifier]))
        flags = [f for f in FLAGS if getattr(m, f)]
        if flags:
            out.append(item(rid, MONEY_FLAGS, "choices", s, t, text=surface, choices=flags))
        if m.equivalent_of is not None:
            if m.equivalent_of not in ids:
                raise LabelStudioFormatError(
                    f"document {doc.id}: money {m.entity_id} is equivalent_of "
                    f"{m.equivalent_of!r}, which is not an entity"
                )
            relations.append(_relation_item(rid, ids[m.equivalent_of], schema.EQUIVALENT_OF))
    event_relations = []
    for v in doc.events:
        for a in v.arguments:
            if a.entity_id not in by_id:
                raise LabelStudioFormatError(
                    f"document {doc.id}: event {v.id} argument {a.role} -> {a.entity_id!r}, "
                    "which is not an entity"
                )
            event_relations.append(_relation_item(trigger_ids[v.id], ids[a.entity_id], a.role))
    return out + event_relations + relations


def _relation_item(src: str, dst: str, label: str) -> dict:
    return {
        "from_id": src,
        "to_id": dst,
        "type": "relation",
        "direction": "right",
        "labels": [label],
    }


def tasks_from_documents(
    docs: Iterable[Document],
    *,
    predictions: Mapping[str, Sequence[Prediction]] | None = None,
    annotations: bool = True,
) -> list[dict]:
    """Label Studio import tasks for ``docs``: ``{"data", "annotations":
    [{"result"}], "predictions": [{"model_version", "score", "result"}]}``.

    ``predictions`` maps a doc id to its pre-annotations. With
    ``annotations=False`` the documents' layers are left out (tasks to annotate).
    A ``Money`` with no value at all (no amount, currency, qualifier, flag or
    equivalent_of) has nothing to write and does not come back.
    """
    tasks = []
    for doc in docs:
        task: dict = {"data": task_data(doc)}
        if annotations:
            task["annotations"] = [{"result": result_of(doc)}]
        preds = (predictions or {}).get(doc.id) or ()
        for p in preds:
            if p.document.text != doc.text:
                raise LabelStudioFormatError(
                    f"document {doc.id}: prediction {p.model_version!r} was made on another text"
                )
        if preds:
            task["predictions"] = [
                {
                    "model_version": p.model_version,
                    **({"score": p.score} if p.score is not None else {}),
                    "result": result_of(p.document),
                }
                for p in preds
            ]
        tasks.append(task)
    return tasks
