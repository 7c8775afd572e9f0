"""The one notion of valid gold, over records.

Every reader of the gold calls this module: the Label Studio converter's export
check (``konews.labelstudio.validate``, after its format checks), ``konews
validate``, the builder (``konews.dataset.check``) and the passes command. What
it passes, ``konews build`` builds.

Rules: NFC text; no lone surrogate in any string (they cannot be written as
UTF-8); an ISO 8601 date; sentences in order inside the text; entity offsets
inside the text and one sentence; flat entities; unique entity, event and
document ids; money only on MONEY spans, each MONEY span normalized once, exact
decimal amounts (``schema.is_exact_decimal``), a known currency and qualifier,
``amount_max`` exactly with ``qualifier="range"``, a null amount exactly when
vague, ``equivalent_of`` naming another MONEY span; event types, modalities and
roles from the schema, arguments pointing at entities in the trigger's
sentence.

Agreement with the money normalizer is *not* a rule of valid gold: the KLUE
layer's values are what the normalizer is scored against. ``konews validate``
checks it for the seed gold, or with ``--normalizer``
(``konews.labelstudio.problems.check_money(..., normalizer=True)``).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import pairwise

from konews import schema
from konews.errors import ValidationFailed
from konews.records import Document, Entity, is_iso_date

_SURROGATE = re.compile("[\ud800-\udfff]")


def where(doc: Document) -> str:
    """'document ID (task N)' for messages; the task id comes from the gold export."""
    task = doc.extra.get("task_id")
    return f"document {doc.id}" + (f" (task {task})" if task is not None else "")


def _span(doc: Document, start: int, end: int, label: str = "") -> str:
    return f"{label + ' ' if label else ''}[{start}, {end}) {doc.text[start:end]!r}"


def check_document(doc: Document) -> list[str]:
    """Problems of one document, each naming the document, the task and the span."""
    problems: list[str] = []
    here = where(doc)
    text, n = doc.text, len(doc.text)

    def bad(msg: str) -> None:
        problems.append(f"{here}: {msg}")

    # KLUE gives no dates: the KLUE news layer's sentences say so (date_source "unknown").
    unknown_date = doc.meta.date == "" and doc.meta.date_source == "unknown"
    if not unknown_date and (not isinstance(doc.meta.date, str) or not is_iso_date(doc.meta.date)):
        bad(
            f"date {doc.meta.date!r} is not an ISO 8601 date: '2025-06-13', or '2025-06' / "
            "'2025' when only the month or year is known"
        )
    # The walk that names the field is slow, so it runs only when a quick look finds a
    # surrogate in a free-form string. The other strings are checked against the schema
    # (labels, types, roles, currencies, ASCII amounts) or must equal an entity id.
    free = [doc.id, text, *(e.id for e in doc.entities), *(v.id for v in doc.events)]
    free += [getattr(doc.meta, f.name) for f in dataclasses.fields(doc.meta)]
    suspect = _SURROGATE.search("\0".join(x for x in free if isinstance(x, str)))
    suspect = suspect or "\\ud" in repr(doc.extra)  # repr keeps a surrogate as an escape
    for path, value in _strings(doc, "") if suspect else ():
        if (lone := _SURROGATE.search(value)) is not None:
            bad(
                f"{path.lstrip('.')} holds a lone surrogate at character {lone.start()}, which "
                "cannot be written as UTF-8; re-export the text from its source page"
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


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every string inside a record, with where it sits (``meta.title``, ``entities[3].label``)."""
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _strings(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k, f"{path}[key]")
            yield from _strings(v, f"{path}[{k!r}]")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


def check_documents(documents: Iterable[Document]) -> list[str]:
    """Problems of each document, and document ids used twice."""
    problems: list[str] = []
    seen: dict[str, Document] = {}
    for doc in documents:
        if doc.id in seen:
            problems.append(
                f"{where(doc)}: document id used by two tasks (also {where(seen[doc.id])}); "
                "delete the duplicate task in Label Studio"
            )
        seen.setdefault(doc.id, doc)
        problems += check_document(doc)
    return problems


def require_valid(documents: Iterable[Document]) -> list[Document]:
    """The documents, or ``ValidationFailed`` listing every problem found."""
    docs = list(documents)
    problems = check_documents(docs)
    if problems:
        raise ValidationFailed(problems)
    return docs
