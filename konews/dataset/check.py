"""The checks ``konews build`` runs on the gold before writing anything.

They cover what the rows rely on and what the typed features would reject:
offsets inside the text and inside one sentence, flat entities, references
between layers (money -> MONEY span, argument -> entity, equivalent_of),
labels, types, roles, modalities, currencies and qualifiers in the schema,
exact decimal amounts. Each problem names the document, its Label Studio task
and the span. ``konews validate`` checks the gold more deeply (role labels,
money against the normalizer); the builder must not depend on it having run.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from itertools import pairwise

from konews import schema
from konews.dataset.rows import canonical
from konews.errors import ValidationFailed
from konews.records import Document, Entity, is_iso_date


def where(doc: Document) -> str:
    """'document ID (task N)' for messages; the task id comes from the gold export."""
    task = doc.extra.get("task_id")
    return f"document {doc.id}" + (f" (task {task})" if task is not None else "")


def _span(doc: Document, start: int, end: int, label: str = "") -> str:
    return f"{label + ' ' if label else ''}[{start}, {end}) {doc.text[start:end]!r}"


def check_document(doc: Document) -> list[str]:
    """Problems that would make the rows wrong or unloadable, each naming the
    document, the task and the span. ``konews validate`` checks more (role
    labels, money against the normalizer); this is what the builder relies on."""
    problems: list[str] = []
    here = where(doc)
    text, n = doc.text, len(doc.text)

    def bad(msg: str) -> None:
        problems.append(f"{here}: {msg}")

    unknown_date = doc.meta.date == "" and doc.meta.date_source == "unknown"
    if not unknown_date and not is_iso_date(doc.meta.date):
        bad(
            f"date {doc.meta.date!r} is not an ISO 8601 date: '2025-06-13', or '2025-06' / "
            "'2025' when only the month or year is known"
        )
    if not unicodedata.is_normalized("NFC", text):
        bad("text is not NFC; normalize the task text with unicodedata.normalize('NFC', ...)")
    if not doc.sentences:
        bad("no sentences; every task needs the sentence offsets of its text")
    previous_end = 0
    for i, s in enumerate(doc.sentences):
        if not previous_end <= s.start < s.end <= n:
            bad(
                f"sentence {i} [{s.start}, {s.end}) is empty, out of order, overlaps the previous "
                f"one or ends past the text ({n} chars)"
            )
        previous_end = max(previous_end, s.end)
    entities: dict[str, Entity] = {}
    for e in doc.entities:
        if e.id in entities:
            bad(f"entity id {e.id!r} used twice; region ids must be unique within a task")
        entities[e.id] = e
        if e.end > n:
            bad(f"entity {e.id} {e.label} [{e.start}, {e.end}) ends past the text ({n} chars)")
        elif doc.sentence_index(e.start, e.end) is None:
            bad(f"entity {e.id} {_span(doc, e.start, e.end, e.label)} crosses a sentence boundary")
    ordered = sorted(doc.entities, key=lambda e: (e.start, e.end))
    for a, b in pairwise(ordered):
        if b.start < a.end:
            bad(
                f"entities {a.id} {_span(doc, a.start, a.end, a.label)} and {b.id} "
                f"{_span(doc, b.start, b.end, b.label)} overlap; the schema is flat"
            )
    problems += [f"{here}: {p}" for p in _check_money(doc, entities)]
    problems += [f"{here}: {p}" for p in _check_events(doc, entities)]
    return problems


def _check_money(doc: Document, entities: dict[str, Entity]) -> list[str]:
    problems = []
    normalized: set[str] = set()
    for m in doc.money:
        e = entities.get(m.entity_id)
        if e is None or e.label != "MONEY":
            what = "no such entity" if e is None else f"a {e.label} span"
            problems.append(f"money normalization for {m.entity_id!r} points at {what}")
            continue
        span = f"money {m.entity_id} {_span(doc, e.start, e.end)}"
        if m.entity_id in normalized:
            problems.append(f"{span} is normalized twice")
        normalized.add(m.entity_id)
        for name in ("amount", "amount_max"):
            value = getattr(m, name)
            if value is not None and not schema.is_exact_decimal(value):
                problems.append(
                    f"{span}: {name} {value!r} is not a plain decimal string like '14300000000'"
                )
        if (m.amount is None) != m.vague:
            problems.append(f"{span}: amount must be null exactly when the mention is vague")
        if m.currency is not None and m.currency not in schema.CURRENCIES:
            problems.append(f"{span}: unknown currency {m.currency!r}; add it to schema.CURRENCIES")
        if m.qualifier is not None and m.qualifier not in schema.QUALIFIERS:
            problems.append(
                f"{span}: unknown qualifier {m.qualifier!r}; valid: {', '.join(schema.QUALIFIERS)}"
            )
        if (m.amount_max is not None) != (m.qualifier == "range"):
            problems.append(f"{span}: amount_max is set exactly when qualifier is 'range'")
        if m.equivalent_of is not None:
            target = entities.get(m.equivalent_of)
            if target is None or target.label != "MONEY" or m.equivalent_of == m.entity_id:
                problems.append(
                    f"{span}: equivalent_of {m.equivalent_of!r} is not another MONEY span"
                )
    for e in entities.values():
        if e.label == "MONEY" and e.id not in normalized:
            problems.append(f"MONEY {e.id} {_span(doc, e.start, e.end)} has no normalization")
    return problems


def _check_events(doc: Document, entities: dict[str, Entity]) -> list[str]:
    problems = []
    ids: set[str] = set()
    for v in doc.events:
        if v.id in ids:
            problems.append(f"event id {v.id!r} used twice")
        ids.add(v.id)
        trig = f"event {v.id} {v.type} trigger {_span(doc, v.trigger_start, v.trigger_end)}"
        if v.type not in schema.EVENTS:
            problems.append(f"{trig}: unknown type; valid: {', '.join(schema.EVENT_TYPE_NAMES)}")
        if v.modality not in schema.MODALITIES:
            problems.append(
                f"{trig}: unknown modality {v.modality!r}; valid: {', '.join(schema.MODALITIES)}"
            )
        if not 0 <= v.trigger_start < v.trigger_end <= len(doc.text):
            problems.append(f"{trig}: trigger is empty or outside the text")
            continue
        sentence = doc.sentence_index(v.trigger_start, v.trigger_end)
        if sentence is None:
            problems.append(f"{trig}: trigger crosses a sentence boundary")
            continue
        event_type = schema.EVENTS.get(v.type)
        for arg in v.arguments:
            e = entities.get(arg.entity_id)
            if e is None:
                problems.append(
                    f"{trig}: argument {arg.role} points at no entity {arg.entity_id!r}"
                )
                continue
            if event_type is not None and event_type.role(arg.role) is None:
                problems.append(
                    f"{trig}: role {arg.role!r} is not a role of {v.type}; valid: "
                    + ", ".join(r.name for r in event_type.roles)
                )
            if doc.sentence_index(e.start, e.end) != sentence:
                problems.append(
                    f"{trig}: argument {arg.role} {_span(doc, e.start, e.end, e.label)} is in "
                    "another sentence; events are sentence-level, link a mention in the "
                    "trigger's sentence"
                )
    return problems


def prepare(documents: Iterable[Document]) -> list[Document]:
    """Check the documents and return them canonical (layers sorted) and sorted by id.
    Raises ``ValidationFailed`` listing every problem found."""
    docs = list(documents)
    problems: list[str] = []
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            problems.append(f"{where(doc)}: document id used by two tasks")
        seen.add(doc.id)
        problems += check_document(doc)
    if problems:
        raise ValidationFailed(problems)
    return sorted((canonical(d) for d in docs), key=lambda d: d.id)
