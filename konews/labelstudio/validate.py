"""Validation of Label Studio exports (the gold, and every pull from a server).

Label Studio 1.23 stores whatever a client sends: offsets past the text, labels
missing from the config, relations to regions that do not exist are all
accepted. ``validate_export`` checks everything the KoNews schema requires and
returns *all* problems, each with the task, the region and a fix hint, rather
than stopping at the first. It reads the raw export JSON, not records, so that
a broken export can still be described region by region.

Checks here: what only the export format can get wrong — task text present and
NFC; spans inside the text, non-empty, without whitespace at their edges,
inside one sentence, with ``value.text`` matching ``text[start:end]`` (up to
the space collapsing the server does); one label from the schema; no
overlapping entity spans; per-region money values on MONEY spans only,
complete and well-formed; event relations from a trigger to an entity of a
label the role allows, in the trigger's sentence; ``equivalent_of`` between
MONEY spans; a modality on every trigger; no duplicate region ids; task ids
integers and unique, document ids unique. Each task's document then goes
through the record rules of ``konews.gold.validate``, the ones ``konews
build`` applies, so whatever passes here builds. With ``normalizer=True``,
money values are also compared with the money normalizer's reading
(``konews.text.money``): a check of the seed gold, not a validity rule.

There is one reading of the format, ``konews.labelstudio``'s: per-region
values and relations (their direction included) are read with the converter's
own functions, and each task's annotation is finally run through the
converter, whose ``LabelStudioFormatError`` becomes a problem unless one was
already reported for that region. So whatever ``validate_export`` accepts,
``labelstudio.documents_from_export`` reads.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from konews.corpus.sources import corpus_documents
from konews.errors import LabelStudioFormatError
from konews.gold.validate import check_document
from konews.gold.validate import where as document_where
from konews.io import read_json
from konews.labelstudio.config import ENTITY, MODALITY, MONEY_CONTROLS, TRIGGER
from konews.labelstudio.export import select_annotation, task_where
from konews.labelstudio.problems import (
    Problem,
    check_events,
    check_money,
    problem_of,
    sentence_index_of,
    span_text,
)
from konews.labelstudio.results import (
    _region_controls,
    document_from_result,
    document_of_task,
    offset_problem,
)
from konews.records import Document
from konews.schema import ENTITY_LABELS, EVENTS


def validate_task(
    task: object, index: int = 0, *, which: str = "latest", normalizer: bool = False
) -> list[Problem]:
    """Problems of one exported task (its latest, or ground-truth, annotation); with
    ``normalizer``, also money values the money normalizer reads otherwise."""
    problems, _ = _validate_task(task, index, which=which, normalizer=normalizer)
    return problems


def _validate_task(
    task: object, index: int, *, which: str, normalizer: bool
) -> tuple[list[Problem], Document | None]:
    """The problems of a task and, when it has none, its document."""
    if not isinstance(task, Mapping):
        problem = Problem(f"#{index}", "", "", f"task {task!r:.60} is not an object",
                          "export the full JSON (a list of task objects) of a KoNews project")  # fmt: skip
        return [problem], None
    tid = task.get("id", f"#{index}")
    problems: list[Problem] = []

    def add(region: str, span: str, message: str, hint: str) -> None:
        problems.append(Problem(tid, region, span, message, hint))

    def add_unless_reported(err: LabelStudioFormatError) -> None:
        problem = problem_of(tid, err)
        if all(p.region != problem.region for p in problems):
            problems.append(problem)

    data = task.get("data")
    text = data.get("text") if isinstance(data, Mapping) else None
    if not isinstance(text, str) or not text:
        add(
            "",
            "",
            "task has no data.text",
            "export the full JSON (not JSON_MIN) of a KoNews project",
        )
        return problems, None
    if not unicodedata.is_normalized("NFC", text):
        add(
            "",
            "",
            "data.text is not NFC",
            "import the text produced by `konews corpus`; never re-type it",
        )
    try:
        base = document_of_task(task, index)
    except LabelStudioFormatError as e:  # doc_id, metadata or sentences
        base = None
        add_unless_reported(e)
    sentences = [(s.start, s.end) for s in base.sentences] if base is not None else []
    try:
        # the same choice of annotation as the converter makes
        ann = select_annotation(task, which)
    except LabelStudioFormatError as e:
        problems.append(problem_of(tid, e))
        return problems, None
    if ann is None:
        add("", "", "task has no annotation", "annotate it, or skip the task before pulling")
        return problems, None
    result = ann.get("result") or []
    if not isinstance(result, list):
        add("", "", "the annotation's result is not a list", "export the full JSON of the project")
        return problems, None

    regions: dict[str, Mapping] = {}
    per_region: dict[str, dict[str, Mapping]] = {}  # rid -> from_name -> value
    relations: list[Mapping] = []
    for r in result:
        if not isinstance(r, Mapping):
            add(
                "",
                "",
                f"result item {r!r:.60} is not an object",
                "export the full JSON of the project",
            )
            continue
        rtype, from_name = r.get("type"), r.get("from_name")
        rid = str(r.get("id", ""))
        if rtype == "relation":
            relations.append(r)
        elif rtype == "labels":
            if rid in regions and {regions[rid].get("from_name"), from_name} == {ENTITY, TRIGGER}:
                # an entity hotkey pressed while a trigger was selected labels the same region
                # twice; name that cause, keep the trigger, and say nothing of its relations
                trigger = regions[rid] if from_name == ENTITY else r
                entity = r if trigger is regions[rid] else regions[rid]
                add(rid, "", f"trigger {_labels_of(trigger)} also carries the entity label "
                    f"{_labels_of(entity)}", "select the trigger in Label Studio and remove the "
                    "entity label (a label hotkey pressed while the trigger was selected adds one)")  # fmt: skip
                regions[rid] = trigger
                continue
            if rid in regions:
                add(rid, "", "duplicate region id", "give every region its own id")
            regions[rid] = r
        elif from_name in (*MONEY_CONTROLS, MODALITY):
            if not isinstance(r.get("value"), Mapping):
                add(
                    rid,
                    "",
                    f"{from_name} result without a value",
                    "export the full JSON of the project",
                )
            elif from_name in per_region.setdefault(rid, {}):
                add(
                    rid,
                    "",
                    f"two {from_name!r} results",
                    "keep one value per region (delete the other)",
                )
            else:
                per_region[rid][from_name] = r["value"]
        else:
            add(rid, "", f"unknown result from_name {from_name!r} type {rtype!r}",
                "use annotation/label_config.xml (generated from the schema) for the project")  # fmt: skip

    spans: dict[str, tuple[int, int, str, str]] = {}  # rid -> start, end, label, from_name
    for rid, r in regions.items():
        value = r.get("value") if isinstance(r.get("value"), Mapping) else {}
        start, end = value.get("start"), value.get("end")
        where = f"[{start}, {end})"
        problem = offset_problem(start, end, len(text))
        if problem is not None:
            add(rid, where, problem,
                "re-select the span in Label Studio; offsets are code points, end exclusive")  # fmt: skip
            continue
        surface = text[start:end]
        where = f"[{start}, {end}) {surface!r}"
        stored = value.get("text")
        if stored is not None and " ".join(str(stored).split()) != " ".join(surface.split()):
            add(rid, where, f"value.text {stored!r} differs from text[start:end]",
                "offsets are off (an exporter counting UTF-16 units?); re-select the span")  # fmt: skip
        if surface != surface.strip():
            add(rid, where, "span starts or ends with whitespace", "trim the span to the words")
        labels = value.get("labels")
        from_name = r.get("from_name")
        valid = (
            ENTITY_LABELS if from_name == ENTITY else tuple(EVENTS) if from_name == TRIGGER else ()
        )
        if not valid:
            add(
                rid,
                where,
                f"unknown from_name {from_name!r}",
                f"spans come from {ENTITY!r} or {TRIGGER!r}",
            )
            continue
        if not isinstance(labels, list) or len(labels) != 1 or labels[0] not in valid:
            add(rid, where, f"label {labels} is not exactly one of the schema's",
                f"pick one of: {', '.join(valid)}")  # fmt: skip
            continue
        if sentences and sentence_index_of(sentences, start, end) is None:
            add(rid, where, "span crosses a sentence boundary", "split it at the sentence end")
        spans[rid] = (start, end, labels[0], from_name)

    ents = sorted((s, e, rid) for rid, (s, e, _, f) in spans.items() if f == ENTITY)
    reach = (-1, -1, "")  # the span reaching furthest right so far
    for s2, e2, r2 in ents:
        s1, e1, r1 = reach
        if s2 < e1:
            add(r2, f"[{s2}, {e2}) {text[s2:e2]!r}", f"overlaps region {r1} [{s1}, {e1}) {text[s1:e1]!r}",
                "entity spans are flat: keep the shorter span naming the thing (GUIDELINES 1.1)")  # fmt: skip
        if e2 > e1:
            reach = (s2, e2, r2)

    # Regions whose own problem was reported above are left out of ``spans``;
    # what refers to them is not reported again as pointing at nothing.
    broken = set(regions) - set(spans)
    modality, money, unread = _read_controls(tid, text, spans, per_region, broken, problems)
    problems += check_money(tid, text, spans, money, unread, normalizer=normalizer)
    problems += check_events(tid, text, sentences, spans, modality, unread, relations, broken)
    if base is None:
        return problems, None
    # the backstop: what the checks above let through, the converter must read, and
    # the record rules (konews.gold.validate) must pass: they are what build checks
    try:
        doc = document_from_result(base, result, task_where(task, index, ann))
    except LabelStudioFormatError as e:
        add_unless_reported(e)
        return problems, None
    if problems:
        return problems, None
    for message in check_document(doc):
        add(
            "",
            "",
            message.removeprefix(f"{document_where(doc)}: "),
            "correct the task in Label Studio",
        )
    return problems, (None if problems else doc)


def _labels_of(result: Mapping) -> str:
    value = result.get("value")
    labels = value.get("labels") if isinstance(value, Mapping) else None
    return ", ".join(map(str, labels)) if isinstance(labels, list) else repr(labels)


def _read_controls(tid, text, spans, per_region, broken, problems) -> tuple[dict, dict, set]:
    """Modality and money fields per region, read by the converter's
    ``_region_controls``; the regions whose values it cannot read (reported
    into ``problems``) are ``unread``."""
    modality: dict[str, str] = {}
    money: dict[str, dict] = {}
    unread: set[str] = set()
    for rid, values in per_region.items():
        if rid in broken:
            continue
        if rid not in spans:
            problems.append(Problem(tid, rid, "", "per-region value for a region that does not exist",
                                    "delete the value or re-create its span"))  # fmt: skip
            continue
        start, end, label, from_name = spans[rid]
        try:
            mode, fields = _region_controls(
                values, (from_name, start, end, label), f"task {tid} region {rid}"
            )
        except LabelStudioFormatError as e:
            problems.append(problem_of(tid, e, span_text(text, spans[rid])))
            unread.add(rid)
            continue
        if mode is not None:
            modality[rid] = mode
        if fields is not None:
            money[rid] = fields
    return modality, money, unread


def validate_export(
    export: Iterable[Mapping], *, which: str = "latest", normalizer: bool = False
) -> list[Problem]:
    """All problems of a Label Studio JSON export (a list of tasks): the format, then
    the record rules of ``konews.gold.validate`` on each task's document, then task
    and document ids unique across the export. With ``normalizer``, also money values
    the money normalizer reads otherwise (a check of the seed gold, not a validity
    rule). An export that is not a list at all is a ``LabelStudioFormatError``."""
    if isinstance(export, (str, bytes, Mapping)) or not isinstance(export, Iterable):
        raise LabelStudioFormatError(
            f"export of type {type(export).__name__}: expected a list of task objects "
            "(Label Studio's full JSON export)"
        )
    problems: list[Problem] = []
    task_ids: dict[object, int] = {}
    doc_ids: dict[str, object] = {}
    for i, task in enumerate(export):
        task_problems, doc = _validate_task(task, i, which=which, normalizer=normalizer)
        problems += task_problems
        if not isinstance(task, Mapping):
            continue
        tid = task.get("id", f"#{i}")
        if "id" in task and (not isinstance(tid, int) or isinstance(tid, bool)):
            problems.append(Problem(f"#{i}", "", "", f"task id {tid!r:.40} is not an integer",
                                    "export the project from Label Studio; do not edit task ids"))  # fmt: skip
        elif tid in task_ids:
            problems.append(Problem(tid, "", "", f"task id used twice (tasks #{task_ids[tid]} and #{i})",
                                    "export the project from Label Studio; do not merge exports by hand"))  # fmt: skip
        else:
            task_ids[tid] = i
        if doc is not None:
            if doc.id in doc_ids:
                problems.append(Problem(tid, "", "", f"doc_id {doc.id} is also the doc_id of task {doc_ids[doc.id]}",
                                        "delete the duplicate task in Label Studio"))  # fmt: skip
            doc_ids.setdefault(doc.id, tid)
    return problems


def read_export(path: str | Path) -> list:
    """The JSON list of an export file, or a ``LabelStudioFormatError`` saying what it is instead."""
    try:
        export = read_json(path)
    except ValueError as e:
        raise LabelStudioFormatError(
            f"{path}: not JSON ({e}); expected a Label Studio JSON export"
        ) from None
    if not isinstance(export, list):
        raise LabelStudioFormatError(
            f"{path}: expected a JSON list of tasks (Label Studio's JSON export)"
        )
    return export


def validate_file(
    path: str | Path, *, which: str = "latest", normalizer: bool = False
) -> list[Problem]:
    return validate_export(read_export(path), which=which, normalizer=normalizer)


def check_against_corpus(export: list[dict], documents: Iterable | None = None) -> list[Problem]:
    """Each task's text must be the clean text of its document (``data.doc_id``)
    as ``konews corpus`` produces it now, so the gold never drifts from the sources."""
    if documents is None:
        documents = corpus_documents()
    by_id = {d.id: d for d in documents}
    problems = []
    for i, task in enumerate(export):
        if not isinstance(task, Mapping):
            continue  # validate_task reports it
        data = task.get("data") if isinstance(task.get("data"), Mapping) else {}
        tid, doc_id = task.get("id", f"#{i}"), data.get("doc_id")
        doc = by_id.get(doc_id)
        if doc is None:
            problems.append(Problem(tid, "", "", f"doc_id {doc_id!r} is not a document of the corpus",
                                    "add the page with `konews add-article`, or fix data.doc_id"))  # fmt: skip
        elif data.get("text") != doc.text:
            problems.append(Problem(tid, "", "", f"text differs from the corpus text of {doc_id}",
                                    "the cleaning rules changed: re-annotate or re-align the document"))  # fmt: skip
        elif [list(s) for s in data.get("sentences") or []] != [
            [s.start, s.end] for s in doc.sentences
        ]:
            problems.append(Problem(tid, "", "", f"sentence offsets differ from the corpus for {doc_id}",
                                    "re-create the task from `konews corpus` output"))  # fmt: skip
    return problems
