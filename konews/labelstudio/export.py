"""Label Studio exports -> ``konews.records``, and the format this package speaks.

The modules here are pure format conversion (no server; see
``konews.labelstudio.server``): ``config`` writes the labeling config, ``tasks``
records -> tasks, ``results`` one annotation result -> a document, this module
reads whole exports (annotations, predictions, which annotation counts).

The labeling config (``config.label_config()``, checked in as
``annotation/label_config.xml``) is generated from ``konews.schema``:

- ``<Labels name="entity">``: one ``<Label>`` per ``schema.EntityLabel``.
- ``<Labels name="trigger">``: one ``<Label>`` per event type.
- ``<Relations>``: every role name (``schema.ROLE_NAMES``) and ``equivalent_of``.
- ``<Text name="text" value="$text" granularity="symbol"/>``.
- per-region controls, shown when a MONEY span is selected: ``amount`` and
  ``amount_max`` (TextArea: the exact decimal string, e.g. ``14300000000``),
  ``currency`` (Choices, ``schema.CURRENCIES``), ``qualifier`` (Choices,
  ``schema.QUALIFIERS``), ``money_flags`` (Choices, multiple: ``approximate``,
  ``vague``); when a trigger is selected: ``modality`` (``schema.MODALITIES``).

Task data layout (what ``tasks_from_documents`` writes and
``documents_from_export`` reads; flat, so Label Studio's data manager can show
and filter every field)::

    {"text": "메타는 13일 스케일AI에 143억 달러를 투자했다. ...",   # NFC document text
     "doc_id": "yonhap-1a2b3c4d5e6f",
     "sentences": [[0, 28], [29, 61]],                 # [start, end) per sentence
     "publisher": "연합뉴스", "title": "...", "doc_type": "article", "date": "2025-06-13",
     "date_source": "stated", "date_note": "", "byline": "...", "url": "...",
     "source_file": "...", "copyright": "...", "truncated": false}

The keys after ``sentences`` are the fields of ``records.DocumentMeta``; the
optional ones may be missing and take the dataclass defaults.

An annotation's ``result`` maps onto records like this (region id = record id):

- a ``labels`` result from ``entity`` -> ``Entity(id=region id)``;
- a ``labels`` result from ``trigger`` -> ``Event(id=region id)``, its type the
  label, its ``modality`` the region's ``modality`` choice, its arguments the
  relations ``trigger -> entity`` labelled with a role (in result order);
- the money controls of a MONEY region -> ``Money(entity_id=region id)``, and a
  relation ``MONEY -> MONEY`` labelled ``equivalent_of`` sets ``equivalent_of``
  of the restating (``from_id``) span.

Offsets are code points (Python ``str`` indices): Label Studio 1.23 stores
them so, also after characters outside the BMP. Surfaces are always
``text[start:end]``; the stored ``value.text`` is only a check, compared with
whitespace runs collapsed because the server collapses them.

Anything the config could not have produced (an unknown ``from_name``, a
relation without a label or to a missing region, a value for a region that
does not exist, a choice outside the schema) raises ``LabelStudioFormatError``
naming the task and region. Whether the annotation follows the guidelines
(roles allowed for the event type, money amounts the normalizer agrees with,
overlaps) is ``konews.labelstudio.validate``'s business, not this module's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from konews.errors import LabelStudioFormatError
from konews.io import read_json
from konews.labelstudio.results import (
    _fail,
    _task_id,
    document_from_result,
    document_of_task,
)
from konews.records import Document

# --- export -> records ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskAnnotation:
    """One annotation of a task, as records. ``completed_by`` is the Label
    Studio user id (or the user object, depending on the export options)."""

    id: int | None
    completed_by: object
    ground_truth: bool
    document: Document


@dataclass(frozen=True, slots=True)
class Prediction:
    """A pre-annotation: a model's output for one document. ``document`` holds
    the predicted layers (its text and meta are the task's)."""

    model_version: str
    document: Document
    score: float | None = None


def _live_annotations(task: Mapping) -> list[Mapping]:
    anns = task.get("annotations") or []
    if not isinstance(anns, list) or not all(isinstance(a, Mapping) for a in anns):
        raise _fail(_task_id(task, 0), "annotations is not a list of objects",
                    "export the full JSON of the project")  # fmt: skip
    return [a for a in anns if not a.get("was_cancelled")]


def select_annotation(task: Mapping, which: str | int = "latest") -> Mapping | None:
    """The annotation of ``task`` that counts, None when it has none.

    ``"latest"``: the most recently updated one (``updated_at``; in list order
    when the tasks carry no timestamps, e.g. import files), so an adjudicator
    who updates an older annotation makes it the one that counts;
    ``"ground_truth"``: the latest of those marked ground truth, else the
    latest; an ``int``: the annotation with that id (``LabelStudioFormatError``
    if there is none). Cancelled (skipped) annotations never count.
    ``konews ls pull`` writes the gold with the selected annotation last, so
    readers taking the last annotation agree.
    """
    anns = _live_annotations(task)
    if isinstance(which, int) and not isinstance(which, bool):
        found = [a for a in anns if a.get("id") == which]
        if not found:
            raise _fail(_task_id(task, 0), f"no annotation with id {which}",
                        f"annotations: {[a.get('id') for a in anns]}")  # fmt: skip
        return found[0]
    if which == "ground_truth":
        anns = [a for a in anns if a.get("ground_truth")] or anns
    elif which != "latest":
        raise ValueError(f"annotation={which!r}: use 'latest', 'ground_truth' or an annotation id")
    order = sorted(range(len(anns)), key=lambda i: (str(anns[i].get("updated_at") or ""), i))
    return anns[order[-1]] if anns else None


def task_where(task: Mapping, index: int, ann: Mapping) -> str:
    where = _task_id(task, index)
    return f"{where} annotation {ann['id']}" if "id" in ann else where


def _tagged(doc: Document, task: Mapping, ann: Mapping | None) -> Document:
    # a new dict: the documents of one task's annotations are replace()s of one
    # base document and would otherwise share (and overwrite) its ``extra``
    extra = {**doc.extra, "task_id": task.get("id")}
    if ann is not None:
        extra |= {"annotation_id": ann.get("id"), "completed_by": ann.get("completed_by")}
    return dataclasses.replace(doc, extra=extra)


def annotations_of_task(task: Mapping, index: int = 0) -> list[TaskAnnotation]:
    """Every live (not cancelled) annotation of a task, oldest first: for agreement."""
    base = document_of_task(task, index)
    out = []
    for ann in _live_annotations(task):
        doc = document_from_result(base, ann.get("result") or [], task_where(task, index, ann))
        out.append(
            TaskAnnotation(
                ann.get("id"),
                ann.get("completed_by"),
                bool(ann.get("ground_truth")),
                _tagged(doc, task, ann),
            )
        )
    return out


def predictions_of_task(task: Mapping, index: int = 0) -> list[Prediction]:
    """The task's predictions, from a snapshot export with full prediction objects."""
    base = document_of_task(task, index)
    out = []
    for k, pred in enumerate(task.get("predictions") or []):
        where = f"{_task_id(task, index)} prediction {k}"
        if not isinstance(pred, Mapping):
            raise _fail(where, f"prediction {pred!r} is an id, not an object",
                        "export a snapshot with predictions in full "
                        "(konews.labelstudio.server.export_project does)")  # fmt: skip
        doc = document_from_result(base, pred.get("result") or [], where)
        out.append(Prediction(str(pred.get("model_version") or ""), doc, pred.get("score")))
    return out


def load_export(path_or_obj: str | Path | Sequence[Mapping]) -> list[Mapping]:
    """A full-JSON Label Studio export: a list of task objects."""
    where = str(path_or_obj) if isinstance(path_or_obj, (str, Path)) else "export"
    if isinstance(path_or_obj, (str, Path)):
        try:
            export = read_json(path_or_obj)
        except ValueError as e:
            raise LabelStudioFormatError(f"{where}: not JSON ({e})") from None
    else:
        export = path_or_obj
    if not isinstance(export, list) or not all(isinstance(t, Mapping) for t in export):
        raise LabelStudioFormatError(
            f"{where}: expected a list of task objects (Label Studio's full JSON export)"
        )
    return export


def documents_from_export(
    path_or_obj: str | Path | Sequence[Mapping],
    *,
    annotation: str | int = "latest",
    skip_unannotated: bool = False,
) -> list[Document]:
    """The documents of a full-JSON export, one per task, from the annotation
    ``select_annotation(task, annotation)`` picks. A task with no annotation is
    an error unless ``skip_unannotated``. ``Document.extra`` holds ``task_id``,
    ``annotation_id`` and ``completed_by``."""
    documents = []
    seen: dict[str, str] = {}
    for index, task in enumerate(load_export(path_or_obj)):
        where = _task_id(task, index)
        base = document_of_task(task, index)
        ann = select_annotation(task, annotation)
        if ann is None:
            if skip_unannotated:
                continue
            raise _fail(where, "no annotation (or only skipped ones)",
                        "annotate the task, or pass skip_unannotated / --skip-unannotated")  # fmt: skip
        if base.id in seen:
            raise _fail(where, f"doc_id {base.id} is also the doc_id of {seen[base.id]}",
                        "delete the duplicate task in Label Studio")  # fmt: skip
        seen[base.id] = where
        doc = document_from_result(base, ann.get("result") or [], task_where(task, index, ann))
        documents.append(_tagged(doc, task, ann))
    return documents
