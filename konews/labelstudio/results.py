"""One Label Studio task and annotation result -> a ``konews.records.Document`` (the
mapping is described in ``konews.labelstudio.export``)."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping, Sequence

from konews import schema
from konews.errors import LabelStudioFormatError
from konews.labelstudio.config import (
    _CHOICES,
    _CONTROL_TYPES,
    AMOUNT,
    AMOUNT_MAX,
    CURRENCY,
    ENTITY,
    MODALITY,
    MONEY_FLAGS,
    QUALIFIER,
    SPAN_NAMES,
    TEXT,
    TRIGGER,
)
from konews.records import Argument, Document, DocumentMeta, Entity, Event, Money, Sentence

META_FIELDS = tuple(f.name for f in dataclasses.fields(DocumentMeta))
_REQUIRED_META = tuple(
    f.name
    for f in dataclasses.fields(DocumentMeta)
    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
)
# Ids Label Studio's frontend handles as region ids ('#' has a meaning there).
REGION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _fail(where: str, message: str, hint: str) -> LabelStudioFormatError:
    err = LabelStudioFormatError(f"{where}: {message}; {hint}")
    # the parts, so that konews.labelstudio.validate can report the error as a Problem of
    # the region ``where`` names ("task 1 annotation 2 region e3")
    err.where, err.reason, err.hint = where, message, hint
    return err


def _task_id(task: Mapping, index: int) -> str:
    return f"task {task['id']}" if "id" in task else f"task #{index}"


def document_of_task(task: Mapping, index: int = 0) -> Document:
    """The task's document with no annotation layers (text, meta, sentences)."""
    where = _task_id(task, index)
    data = task.get("data")
    if not isinstance(data, Mapping):
        raise _fail(where, "no data object", "export the full JSON (not JSON_MIN or CSV)")
    text, doc_id = data.get("text"), data.get("doc_id")
    if not isinstance(text, str) or not text:
        raise _fail(where, "data.text missing or empty", "import tasks made by `konews ls push`")
    if not isinstance(doc_id, str) or not doc_id:
        raise _fail(where, "data.doc_id missing", "import tasks made by `konews ls push`")
    if not unicodedata.is_normalized("NFC", text):
        raise _fail(where, f"data.text of {doc_id} is not NFC",
                    "import the text produced by `konews corpus`; never re-type it")  # fmt: skip
    missing = [name for name in _REQUIRED_META if name not in data]
    if missing:
        raise _fail(where, f"data lacks the metadata fields {missing}",
                    "tasks carry every records.DocumentMeta field (see konews.labelstudio)")  # fmt: skip
    meta = DocumentMeta(**{name: data[name] for name in META_FIELDS if name in data})
    sentences = []
    if not isinstance(data.get("sentences") or [], list):
        raise _fail(where, "data.sentences is not a list", "sentences are [start, end) pairs")
    for pair in data.get("sentences") or ():
        if (
            not isinstance(pair, Sequence)
            or len(pair) != 2
            or not all(isinstance(x, int) for x in pair)
            or not 0 <= pair[0] < pair[1] <= len(text)
        ):
            raise _fail(where, f"bad sentence {pair!r} in data.sentences",
                        f"sentences are [start, end) pairs inside the text ({len(text)} chars)")  # fmt: skip
        sentences.append(Sentence(pair[0], pair[1]))
    return Document(doc_id, text, meta, tuple(sentences))


def document_from_result(base: Document, result: Sequence[Mapping], where: str) -> Document:
    """``base`` (text, meta, sentences) with the layers of one ``result`` list.
    ``where`` names the task (and annotation) in error messages."""
    text = base.text
    spans: dict[str, tuple[str, int, int, str]] = {}  # rid -> from_name, start, end, label
    controls: dict[str, dict[str, Mapping]] = {}
    relations: list[Mapping] = []
    if not isinstance(result, Sequence):
        raise _fail(where, "result is not a list", "export the full JSON of the project")
    for r in result:
        if not isinstance(r, Mapping):
            raise _fail(where, f"result item {r!r} is not an object", "export the full JSON")
        if r.get("type") == "relation":
            relations.append(r)
            continue
        rid, from_name = r.get("id"), r.get("from_name")
        here = f"{where} region {rid}"
        if not isinstance(rid, str) or not rid:
            raise _fail(here, "result without a region id", "export the full JSON of the project")
        if r.get("to_name", TEXT) != TEXT:
            raise _fail(here, f"to_name {r.get('to_name')!r}", f"results refer to {TEXT!r}")
        value = r.get("value")
        if not isinstance(value, Mapping):
            raise _fail(here, "result without a value", "export the full JSON of the project")
        if from_name in SPAN_NAMES:
            if rid in spans:
                raise _fail(here, "two spans share this region id", "give every region its own id")
            spans[rid] = _span(text, value, from_name, here)
        elif isinstance(from_name, str) and from_name in _CONTROL_TYPES:
            if from_name in controls.setdefault(rid, {}):
                raise _fail(here, f"two {from_name!r} results", "keep one value per region")
            controls[rid][from_name] = value
        else:
            known = ", ".join((*SPAN_NAMES, *_CONTROL_TYPES))
            raise _fail(here, f"unknown from_name {from_name!r}",
                        f"the project must use annotation/label_config.xml (names: {known})")  # fmt: skip

    money: dict[str, dict] = {}  # rid -> Money fields, in order of first appearance
    modality: dict[str, str] = {}
    for rid, values in controls.items():
        here = f"{where} region {rid}"
        if rid not in spans:
            raise _fail(here, f"{sorted(values)} value(s) for a region that does not exist",
                        "delete the value in Label Studio or re-create its span")  # fmt: skip
        mode, fields = _region_controls(values, spans[rid], here)
        if mode is not None:
            modality[rid] = mode
        if fields is not None:
            money[rid] = fields

    arguments: dict[str, list[Argument]] = {rid: [] for rid, s in spans.items() if s[0] == TRIGGER}
    for rel in relations:
        src, dst, role = _relation(rel, where)
        here = f"{where} relation {src}->{dst}"
        if src not in spans or dst not in spans:
            missing = src if src not in spans else dst
            raise _fail(here, f"region {missing} does not exist",
                        "delete the relation in Label Studio or re-create the region")  # fmt: skip
        s_from, _, _, s_label = spans[src]
        d_from, _, _, d_label = spans[dst]
        if role == schema.EQUIVALENT_OF:
            if s_label != "MONEY" or d_label != "MONEY" or s_from != ENTITY:
                raise _fail(here, f"equivalent_of from {s_label} to {d_label}",
                            "equivalent_of links a restating MONEY span to the MONEY span it restates")  # fmt: skip
            fields = money.setdefault(src, _money_fields({}, here))
            if fields["equivalent_of"] is not None:
                raise _fail(here, "a second equivalent_of from the same span",
                            "a MONEY span restates at most one other")  # fmt: skip
            fields["equivalent_of"] = dst
        elif s_from == TRIGGER and d_from == ENTITY:
            arguments[src].append(Argument(role, dst))
        else:
            raise _fail(here, f"role {role!r} from a {s_from} span to a {d_from} span",
                        "draw argument relations from the trigger to an entity")  # fmt: skip

    entities = tuple(Entity(rid, s, e, lab) for rid, (f, s, e, lab) in spans.items() if f == ENTITY)
    events = []
    for rid, (f, s, e, lab) in spans.items():
        if f != TRIGGER:
            continue
        if rid not in modality:
            raise _fail(f"{where} region {rid}", f"{lab} trigger {text[s:e]!r} has no modality",
                        f"choose one of {', '.join(schema.MODALITIES)} with the trigger selected")  # fmt: skip
        events.append(Event(rid, lab, s, e, modality[rid], tuple(arguments[rid])))
    return dataclasses.replace(
        base,
        entities=entities,
        money=tuple(Money(entity_id=rid, **fields) for rid, fields in money.items()),
        events=tuple(events),
    )


def _region_controls(
    values: Mapping[str, Mapping], span: tuple[str, int, int, str], here: str
) -> tuple[str | None, dict | None]:
    """The modality and the money fields (``Money`` keyword arguments) that the
    per-region ``values`` (from_name -> value) of the region ``span`` give;
    None for what they do not hold. An empty modality choice is no modality."""
    from_name, start, end, label = span
    for name, value in values.items():
        if (value.get("start"), value.get("end")) not in ((start, end), (None, None)):
            raise _fail(here, f"{name} value at [{value.get('start')}, {value.get('end')}) "
                        f"but the region is [{start}, {end})", "re-enter the value")  # fmt: skip
    modality = None
    if MODALITY in values:
        if from_name != TRIGGER:
            raise _fail(here, f"modality on a {label} entity span", "modality is for triggers")
        modality = _one_choice(values[MODALITY], MODALITY, here)
    money_values = {k: v for k, v in values.items() if k != MODALITY}
    if not money_values:
        return modality, None
    if label != "MONEY":
        raise _fail(here, f"money values {sorted(money_values)} on a {label} span",
                    "money values belong to MONEY entity spans")  # fmt: skip
    return modality, _money_fields(money_values, here)


def offset_problem(start: object, end: object, length: int) -> str | None:
    """What is wrong with a region's offsets, said as it is (a float or a boolean is not
    "outside the text"), or None when they are fine."""
    for name, x in (("start", start), ("end", end)):
        if isinstance(x, bool) or not isinstance(x, int):
            what = "missing" if x is None else f"{x!r} ({type(x).__name__})"
            return f"offset {name} is {what}, not a whole number"
    if not 0 <= start < end <= length:  # type: ignore[operator]
        return f"offsets outside the text ({length} chars) or empty"
    return None


def _span(text: str, value: Mapping, from_name: str, here: str) -> tuple[str, int, int, str]:
    start, end = value.get("start"), value.get("end")
    problem = offset_problem(start, end, len(text))
    if problem is not None:
        shown = problem.replace("offsets ", f"offsets [{start}, {end}) ", 1)
        raise _fail(here, shown, "re-select the span; offsets are code points, end exclusive")
    surface = text[start:end]
    stored = value.get("text")
    if isinstance(stored, str) and stored.split() != surface.split():
        raise _fail(here, f"[{start}, {end}) is {surface!r} but the stored text is {stored!r}",
                    "offsets are off (UTF-16 units?); re-select the span in Label Studio")  # fmt: skip
    labels = value.get("labels")
    valid = schema.ENTITY_LABELS if from_name == ENTITY else schema.EVENT_TYPE_NAMES
    if not isinstance(labels, list) or len(labels) != 1 or labels[0] not in valid:
        raise _fail(here, f"{from_name} span {surface!r} has labels {labels!r}",
                    f"give it exactly one of: {', '.join(valid)}")  # fmt: skip
    return from_name, start, end, labels[0]


def _choices_of(value: Mapping, name: str, here: str) -> list[str]:
    choices = value.get("choices")
    if not isinstance(choices, list) or any(c not in _CHOICES[name] for c in choices):
        raise _fail(here, f"{name} choices {choices!r}",
                    f"choose from {', '.join(_CHOICES[name])}")  # fmt: skip
    return choices


def _one_choice(value: Mapping, name: str, here: str) -> str | None:
    choices = _choices_of(value, name, here)
    if len(choices) > 1:
        raise _fail(here, f"several {name} choices {choices}", "choose one")
    return choices[0] if choices else None


def _typed_text(value: Mapping, name: str, here: str) -> str | None:
    texts = value.get("text")
    texts = [texts] if isinstance(texts, str) else texts
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise _fail(here, f"{name} value {texts!r} is not text", "type the amount as digits")
    typed = [t.strip() for t in texts if t.strip()]
    if len(typed) > 1:
        raise _fail(here, f"several {name} entries {typed}", "keep one entry (delete the others)")
    return typed[0] if typed else None


def _money_fields(values: Mapping[str, Mapping], here: str) -> dict:
    flags = _choices_of(values[MONEY_FLAGS], MONEY_FLAGS, here) if MONEY_FLAGS in values else []
    return {
        "amount": _typed_text(values[AMOUNT], AMOUNT, here) if AMOUNT in values else None,
        "currency": _one_choice(values[CURRENCY], CURRENCY, here) if CURRENCY in values else None,
        "approximate": "approximate" in flags,
        "qualifier": _one_choice(values[QUALIFIER], QUALIFIER, here)
        if QUALIFIER in values
        else None,
        "amount_max": _typed_text(values[AMOUNT_MAX], AMOUNT_MAX, here)
        if AMOUNT_MAX in values
        else None,
        "vague": "vague" in flags,
        "equivalent_of": None,
    }


def _relation(rel: Mapping, where: str) -> tuple[str, str, str]:
    src, dst = rel.get("from_id"), rel.get("to_id")
    here = f"{where} relation {src}->{dst}"
    if not isinstance(src, str) or not isinstance(dst, str):
        raise _fail(here, "relation without from_id/to_id", "export the full JSON of the project")
    labels = rel.get("labels")
    valid = (*schema.ROLE_NAMES, schema.EQUIVALENT_OF)
    if not labels:
        raise _fail(here, "relation without a label",
                    "select the relation in Label Studio and pick its role (or equivalent_of)")  # fmt: skip
    if not isinstance(labels, list) or len(labels) != 1 or labels[0] not in valid:
        raise _fail(here, f"relation labels {labels!r}", f"pick exactly one of: {', '.join(valid)}")
    direction = rel.get("direction", "right")
    if direction == "left":  # the arrow points at from_id
        src, dst = dst, src
    elif direction != "right":
        raise _fail(here, f"relation direction {direction!r}",
                    "make the arrow point from the trigger (or restating MONEY span)")  # fmt: skip
    return src, dst, labels[0]
