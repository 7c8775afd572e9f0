"""The annotator workflow on a Label Studio project: push, pull, review queue.

- ``push``: create (or update) the project with the generated labeling config
  and import documents as tasks, the gold annotation (if any) as the task's
  annotation and the baselines' output as ``predictions``. Tasks are matched
  by ``doc_id``: pushing twice imports nothing twice, and only adds the
  predictions of model versions a task does not have yet.
- ``pull``: export the project, validate every annotated task
  (``konews.validate``), diff it against the gold (``annotation/gold.json``)
  and write the merged gold only when valid; a pull that would remove
  annotations from the gold needs ``accept_removals``.
- ``review_queue``/``set_review_order``: rank tasks (and sentences) by how
  likely their annotation is wrong and make that the task order in Label
  Studio (a Data Manager tab sorted by ``data.review_rank``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import konews
from konews.agreement import Difference, differences
from konews.errors import KoNewsError, ValidationFailed
from konews.io import read_json, write_json
from konews.labelstudio import (
    Prediction,
    document_of_task,
    documents_from_export,
    label_config,
    predictions_of_task,
    result_of,
    select_annotation,
    tasks_from_documents,
)
from konews.lsserver import LabelStudioAPI
from konews.records import Argument, Document, Entity, Event, Money, Span

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "annotation" / "gold.json"
DEFAULT_PROJECT = "KoNews"
REVIEW_VIEW = "Review queue"
BASELINES = ("rules", "lexicon", "events")


def model_version(name: str) -> str:
    return f"konews-{name}-{konews.__version__}"


# --- baseline predictions ---------------------------------------------------------


def _sentences(doc: Document) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]


def _predicted_document(doc: Document, spans: list, events: list = ()) -> Document:
    """A prediction as a Document: entity spans (document offsets), money values
    from ``konews.money`` for MONEY spans, events with arguments on those spans."""
    from konews.money import find_money

    entities = [Entity(f"p{n}", s.start, s.end, s.label) for n, s in enumerate(spans, 1)]
    by_span = {(e.start, e.end): e for e in entities}
    money = []
    mentions = find_money(doc.text)
    for m in mentions:
        ent = by_span.get((m.start, m.end))
        if ent is None or ent.label != "MONEY":
            continue
        restated = mentions[m.equivalent_of] if m.equivalent_of is not None else None
        target = by_span.get((restated.start, restated.end)) if restated else None
        money.append(Money(ent.id, m.amount, m.currency, m.approximate, m.qualifier,
                           m.amount_max, m.vague, target.id if target else None))  # fmt: skip
    out_events = []
    for n, v in enumerate(events, 1):
        args = tuple(a for a in ((role, by_span.get((s, e))) for role, s, e in v.arguments) if a[1])
        out_events.append(Event(f"v{n}", v.type, v.trigger_start, v.trigger_end, v.modality,
                                tuple(Argument(role, ent.id) for role, ent in args)))  # fmt: skip
    return Document(doc.id, doc.text, doc.meta, doc.sentences, tuple(entities),
                    tuple(money), tuple(out_events))  # fmt: skip


def baseline_predictions(
    docs: Sequence[Document], names: Sequence[str] = ("rules",), *, klue: str | Path | None = None
) -> dict[str, list[Prediction]]:
    """Each baseline's output for each document, as Label Studio predictions
    (doc id -> predictions). ``rules`` needs nothing; ``lexicon`` and ``events``
    (events over the lexicon's entities) need KLUE-NER to load or train the lexicon."""
    from baselines import Tagger

    unknown = [n for n in names if n not in BASELINES]
    if unknown:
        raise KoNewsError(f"unknown baseline(s) {unknown}; choose from {', '.join(BASELINES)}")
    pieces = [(d, s, e) for d in docs for s, e in _sentences(d)]
    texts = [d.text[s:e] for d, s, e in pieces]
    taggers: dict[str, Tagger] = {}
    if "rules" in names:
        from baselines.rules import RuleTagger

        taggers["rules"] = RuleTagger()
    if "lexicon" in names or "events" in names:
        from baselines.lexicon import LexiconTagger
        from konews.klue import load_klue, split_klue

        sentences, _ = load_klue(klue)
        taggers["lexicon"] = LexiconTagger.train(split_klue(sentences)[0])
    out: dict[str, list[Prediction]] = {d.id: [] for d in docs}
    for name in names:
        base = "lexicon" if name == "events" else name
        spans = taggers[base].predict(texts)
        events: list = [[] for _ in texts]
        if name == "events":
            from baselines.events import EventTagger

            events = EventTagger(taggers["lexicon"]).predict_events(texts, spans)
        doc_spans: dict[str, list] = {d.id: [] for d in docs}
        doc_events: dict[str, list] = {d.id: [] for d in docs}
        for (d, s, _), sp, ev in zip(pieces, spans, events, strict=True):
            doc_spans[d.id] += [Span(x.start + s, x.end + s, x.label) for x in sp]
            doc_events[d.id] += [_shifted(v, s) for v in ev]
        for d in docs:
            pred = _predicted_document(d, doc_spans[d.id], doc_events[d.id])
            out[d.id].append(Prediction(model_version(name), pred))
    return out


def _shifted(v, offset: int):
    import dataclasses

    return dataclasses.replace(
        v,
        trigger_start=v.trigger_start + offset,
        trigger_end=v.trigger_end + offset,
        arguments=tuple((r, s + offset, e + offset) for r, s, e in v.arguments),
    )


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
    from konews.validate import validate_export

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
