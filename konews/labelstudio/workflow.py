"""The annotator workflow on a Label Studio project: push and pull (the review
queue is ``konews.labelstudio.review``, pre-labels come from ``baselines.prelabel``).

- ``push``: create (or update) the project with the generated labeling config
  and import documents as tasks, the gold annotation (if any) as the task's
  annotation and the baselines' output (given by the caller) as ``predictions``. Tasks are matched
  by ``doc_id``: pushing twice imports nothing twice, and only adds the
  predictions of model versions a task does not have yet.
- ``pull``: export the project, validate every annotated task
  (``konews.labelstudio.validate``), diff it against the gold (``annotation/gold.json``)
  and write the merged gold only when valid; a pull that would remove
  annotations from the gold needs ``accept_removals``.
- ``review_queue``/``set_review_order``: rank tasks (and sentences) by how
  likely their annotation is wrong and make that the task order in Label
  Studio (a Data Manager tab sorted by ``data.review_rank``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import konews
from konews.errors import KoNewsError, ValidationFailed
from konews.gold.agreement import Difference, differences
from konews.io import read_json, write_json
from konews.labelstudio.client import LabelStudioAPI
from konews.labelstudio.config import label_config
from konews.labelstudio.export import (
    Prediction,
    documents_from_export,
    select_annotation,
)
from konews.labelstudio.tasks import result_of, tasks_from_documents
from konews.labelstudio.validate import validate_export
from konews.paths import GOLD_EXPORT as GOLD
from konews.records import Document

DEFAULT_PROJECT = "KoNews"


def model_version(name: str) -> str:
    return f"konews-{name}-{konews.__version__}"


# --- push ---------------------------------------------------------------------------


@dataclass
class PushReport:
    project: int
    created: bool = False
    config_updated: bool = False
    imported: int = 0
    already_there: int = 0
    predictions_added: int = 0

    def __str__(self) -> str:
        what = "created" if self.created else "updated" if self.config_updated else "found"
        return (f"project {self.project} {what}; {self.imported} task(s) imported, "
                f"{self.already_there} already there; {self.predictions_added} prediction(s) "
                "added to existing tasks")  # fmt: skip


def find_project(api: LabelStudioAPI, title: str) -> dict | None:
    found = api.projects(title)
    if len(found) > 1:
        raise KoNewsError(
            f"{api.url}: {len(found)} projects are titled {title!r} "
            f"(ids {[p['id'] for p in found]}); rename all but one"
        )
    return found[0] if found else None


def push(
    api: LabelStudioAPI,
    docs: Sequence[Document],
    *,
    project: str = DEFAULT_PROJECT,
    gold: Sequence[Document] = (),
    predictions: Mapping[str, Sequence[Prediction]] | None = None,
    chunk: int = 250,
) -> PushReport:
    """Push ``docs`` (with their ``gold`` annotation if there is one) to the
    project titled ``project``; see the module docstring."""
    config = label_config()
    found = find_project(api, project)
    if found is None:
        found = api.create_project(project, config, sampling="Sequential sampling")
        report = PushReport(found["id"], created=True)
    else:
        report = PushReport(found["id"])
        if found.get("label_config", "").strip() != config.strip():
            api.update_project(found["id"], label_config=config)
            report.config_updated = True
    pid = report.project
    gold_by_id = {d.id: d for d in gold}
    predictions = predictions or {}
    existing: dict[str, dict] = {}
    for task in api.export(pid):
        doc_id = (task.get("data") or {}).get("doc_id")
        if doc_id in existing:
            raise KoNewsError(f"project {pid}: two tasks for {doc_id} "
                              f"({existing[doc_id]['id']}, {task['id']}); delete one")  # fmt: skip
        existing[doc_id] = task
    new = []
    for doc in docs:
        task = existing.get(doc.id)
        if task is None:
            new.append(doc)
            continue
        report.already_there += 1
        if task["data"].get("text") != doc.text:
            raise KoNewsError(
                f"task {task['id']} ({doc.id}): its text differs from the document's; the "
                "cleaning changed under the annotation: re-align it before pushing"
            )
        versions = {p.get("model_version") for p in task.get("predictions") or []}
        for p in predictions.get(doc.id, ()):
            if p.model_version not in versions:
                api.create_prediction(task["id"], result_of(p.document), p.model_version, p.score)
                report.predictions_added += 1
    for i in range(0, len(new), chunk):
        part = new[i : i + chunk]
        annotated = [d for d in part if d.id in gold_by_id]
        bare = [d for d in part if d.id not in gold_by_id]
        tasks = tasks_from_documents([gold_by_id[d.id] for d in annotated], predictions=predictions)
        tasks += tasks_from_documents(bare, predictions=predictions, annotations=False)
        report.imported += len(api.import_tasks(pid, tasks))
    return report


# --- pull ---------------------------------------------------------------------------


@dataclass
class PullReport:
    project: int
    pulled: int  # annotated tasks in the project
    new_documents: list[str] = field(default_factory=list)
    changes: list[Difference] = field(default_factory=list)
    written: bool = False

    @property
    def removals(self) -> list[Difference]:
        return [d for d in self.changes if d.status == "removed"]

    def summary(self, *, max_lines: int = 200) -> str:
        counts = Counter((d.kind, d.status) for d in self.changes)
        lines = [f"pulled {self.pulled} annotated task(s) from project {self.project}; "
                 f"{len(self.new_documents)} new document(s)"]  # fmt: skip
        if self.changes:
            lines.append("changes against the gold: " + ", ".join(
                f"{n} {kind} {status}" for (kind, status), n in sorted(counts.items())))  # fmt: skip
            lines += [f"  {d}" for d in self.changes[:max_lines]]
            if len(self.changes) > max_lines:
                lines.append(f"  ... and {len(self.changes) - max_lines} more")
        elif not self.new_documents:
            lines.append("no change against the gold")
        return "\n".join(lines)


def pull(
    api: LabelStudioAPI,
    *,
    project: str = DEFAULT_PROJECT,
    gold_path: str | Path = GOLD,
    dry_run: bool = False,
    accept_removals: bool = False,
) -> PullReport:
    """Merge the project's annotated tasks into the gold; see the module docstring.
    Raises ``ValidationFailed`` (every problem, with task and region) or
    ``KoNewsError`` (removals not accepted) and then leaves the gold untouched."""
    found = find_project(api, project)
    if found is None:
        raise KoNewsError(f"{api.url}: no project titled {project!r}; run `konews ls push` first")
    export = api.export(found["id"])
    # the annotation that counts goes last, so that every reader of the gold
    # (``select_annotation``, or one taking the last) takes the same one
    annotated = []
    for task in export:
        chosen = select_annotation(task)
        if chosen is not None:
            others = [a for a in task["annotations"] if a is not chosen]
            annotated.append({**task, "annotations": [*others, chosen]})
    problems = validate_export(annotated)
    if problems:
        raise ValidationFailed(problems)
    pulled = documents_from_export(annotated)
    gold_path = Path(gold_path)
    gold_tasks = read_json(gold_path) if gold_path.exists() else []
    old = {d.id: d for d in documents_from_export(gold_tasks)} if gold_tasks else {}
    report = PullReport(found["id"], len(annotated))
    for doc in pulled:
        if doc.id in old:
            report.changes += differences(old[doc.id], doc)
        else:
            report.new_documents.append(doc.id)
    if report.removals and not accept_removals:
        raise KoNewsError(
            f"the pull would remove {len(report.removals)} annotation(s) from {gold_path}:\n"
            + "\n".join(f"  {d}" for d in report.removals[:50])
            + "\nnothing written; check them in Label Studio, or pass --accept-removals"
        )
    if not dry_run and (report.changes or report.new_documents):
        by_id = {(t.get("data") or {}).get("doc_id"): t for t in annotated}
        merged = [by_id.pop(t["data"]["doc_id"], t) for t in gold_tasks]
        merged += list(by_id.values())
        write_json(gold_path, merged)
        report.written = True
    return report
