"""Label Studio: the labeling config, and tasks/exports <-> ``konews.records``.

Everything here is pure format conversion (no server; see ``konews.lsserver``).

The labeling config (``label_config()``, checked in as
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
overlaps) is ``konews.validate``'s business, not this module's.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from konews import schema
from konews.errors import LabelStudioFormatError
from konews.io import atomic_write_text, read_json
from konews.records import Argument, Document, DocumentMeta, Entity, Event, Money, Sentence

ROOT = Path(__file__).resolve().parents[1]
LABEL_CONFIG_PATH = ROOT / "annotation" / "label_config.xml"

# Names in the labeling config; the export's ``from_name``s are these.
TEXT = "text"
ENTITY = "entity"
TRIGGER = "trigger"
AMOUNT, AMOUNT_MAX, CURRENCY, QUALIFIER, MONEY_FLAGS = (
    "amount", "amount_max", "currency", "qualifier", "money_flags",
)  # fmt: skip
MODALITY = "modality"
MONEY_CONTROLS: tuple[str, ...] = (AMOUNT, AMOUNT_MAX, CURRENCY, QUALIFIER, MONEY_FLAGS)
FLAGS: tuple[str, ...] = ("approximate", "vague")  # choices of money_flags
SPAN_NAMES: tuple[str, ...] = (ENTITY, TRIGGER)
_CONTROL_TYPES = {
    AMOUNT: "textarea", AMOUNT_MAX: "textarea", CURRENCY: "choices",
    QUALIFIER: "choices", MONEY_FLAGS: "choices", MODALITY: "choices",
}  # fmt: skip
_CHOICES = {
    CURRENCY: schema.CURRENCIES, QUALIFIER: schema.QUALIFIERS,
    MONEY_FLAGS: FLAGS, MODALITY: schema.MODALITIES,
}  # fmt: skip
_META_FIELDS = tuple(f.name for f in dataclasses.fields(DocumentMeta))
_REQUIRED_META = tuple(
    f.name
    for f in dataclasses.fields(DocumentMeta)
    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
)
# Ids Label Studio's frontend handles as region ids ('#' has a meaning there).
_REGION_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

# Colour per label, by position in the schema's tuples: adding a label at the
# end keeps everybody's colours.
_PALETTE = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6",
    "#bfef45", "#fabed4", "#469990", "#dcbeff", "#9a6324", "#800000", "#aaffc3",
    "#808000", "#ffd8b1", "#000075", "#a9a9a9", "#ffe119", "#fffac8", "#c9a0dc",
    "#7fb3d5",
)  # fmt: skip


# --- labeling config ------------------------------------------------------------


def _label(value: str, index: int, hint: str) -> str:
    colour = _PALETTE[index % len(_PALETTE)]
    return f"    <Label value={quoteattr(value)} background={quoteattr(colour)} hint={quoteattr(hint)}/>"


def _choices(name: str, values: Sequence[str], *, choice: str, hint: str) -> list[str]:
    return [
        f'    <Header value={quoteattr(hint)} size="6"/>',
        f'    <Choices name="{name}" toName="{TEXT}" perRegion="true" choice="{choice}" '
        'showInline="true">',
        *(f"      <Choice value={quoteattr(v)}/>" for v in values),
        "    </Choices>",
    ]


def _textarea(name: str, hint: str) -> list[str]:
    return [
        f'    <Header value={quoteattr(hint)} size="6"/>',
        f'    <TextArea name="{name}" toName="{TEXT}" perRegion="true" editable="true" '
        f'maxSubmissions="1" rows="1" placeholder="14300000000"/>',
    ]


def label_config() -> str:
    """The labeling config XML, generated from ``konews.schema``."""
    entity_labels = [
        _label(label, i, schema.ENTITY_DESCRIPTIONS[label])
        for i, label in enumerate(schema.ENTITY_LABELS)
    ]
    trigger_labels = [
        _label(e.name, len(schema.ENTITY_LABELS) + i, e.description)
        for i, e in enumerate(schema.EVENT_TYPES)
    ]
    relations = [f"    <Relation value={quoteattr(r)}/>" for r in schema.ROLE_NAMES]
    relations.append(f"    <Relation value={quoteattr(schema.EQUIVALENT_OF)}/>")
    lines = [
        f"<!-- KoNews labeling config, schema {escape(schema.SCHEMA_VERSION)}. Generated by "
        "konews.labelstudio.label_config() from konews/schema.py: do not edit by hand. -->",
        "<View>",
        '  <Header value="Entities (select a span, then a label)"/>',
        f'  <Labels name="{ENTITY}" toName="{TEXT}" showInline="true">',
        *entity_labels,
        "  </Labels>",
        '  <Header value="Event triggers (then draw relations trigger → argument, labelled '
        'with the role)"/>',
        f'  <Labels name="{TRIGGER}" toName="{TEXT}" showInline="true">',
        *trigger_labels,
        "  </Labels>",
        "  <Relations>",
        *relations,
        "  </Relations>",
        f'  <Text name="{TEXT}" value="$text" granularity="symbol"/>',
        f'  <View visibleWhen="region-selected" whenTagName="{ENTITY}" whenLabelValue="MONEY">',
        *_textarea(AMOUNT, "amount: exact decimal in the main unit (143억 달러 → 14300000000)"),
        *_textarea(AMOUNT_MAX, "amount_max: upper bound, only with qualifier=range"),
        *_choices(CURRENCY, schema.CURRENCIES, choice="single", hint="currency (ISO 4217)"),
        *_choices(QUALIFIER, schema.QUALIFIERS, choice="single",
                  hint="qualifier: 이상/넘는 → at_least, 최대/이하 → at_most, 7천억~8천억원 → range"),
        *_choices(MONEY_FLAGS, FLAGS, choice="multiple",
                  hint="approximate (약, 가량, …대); vague (수십억: no exact amount)"),
        "  </View>",
        f'  <View visibleWhen="region-selected" whenTagName="{TRIGGER}">',
        *_choices(MODALITY, schema.MODALITIES, choice="single",
                  hint="modality: asserted, planned (예정, 전망), negated, reported (알려졌다)"),
        "  </View>",
        "</View>",
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def write_label_config(path: str | Path = LABEL_CONFIG_PATH) -> Path:
    """Write ``label_config()`` to ``path`` (default ``annotation/label_config.xml``)."""
    atomic_write_text(path, label_config())
    return Path(path)


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


def _fail(where: str, message: str, hint: str) -> LabelStudioFormatError:
    err = LabelStudioFormatError(f"{where}: {message}; {hint}")
    # the parts, so that konews.validate can report the error as a Problem of
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
    meta = DocumentMeta(**{name: data[name] for name in _META_FIELDS if name in data})
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


def _span(text: str, value: Mapping, from_name: str, here: str) -> tuple[str, int, int, str]:
    start, end = value.get("start"), value.get("end")
    if (
        not isinstance(start, int)
        or not isinstance(end, int)
        or isinstance(start, bool)
        or not 0 <= start < end <= len(text)
    ):
        raise _fail(here, f"offsets [{start}, {end}) outside the text ({len(text)} chars) or empty",
                    "re-select the span; offsets are code points, end exclusive")  # fmt: skip
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


def _where(task: Mapping, index: int, ann: Mapping) -> str:
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
        doc = document_from_result(base, ann.get("result") or [], _where(task, index, ann))
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
                        "(konews.lsserver.export_project does)")  # fmt: skip
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
        doc = document_from_result(base, ann.get("result") or [], _where(task, index, ann))
        documents.append(_tagged(doc, task, ann))
    return documents


# --- records -> tasks ---------------------------------------------------------------


def task_data(doc: Document) -> dict:
    """The task ``data`` of a document (layout in the module docstring)."""
    return {
        "text": doc.text,
        "doc_id": doc.id,
        "sentences": [[s.start, s.end] for s in doc.sentences],
        **{name: getattr(doc.meta, name) for name in _META_FIELDS},
    }


def region_ids(doc: Document) -> tuple[dict[str, str], dict[str, str]]:
    """Region ids of the entities and of the events (record id -> region id):
    the document's own ids when they all can be region ids (unique across
    entities and events, ``[A-Za-z0-9_-]``), else ``e1, e2, ...`` for entities
    and ``t1, t2, ...`` for triggers, in record order."""
    ids = [e.id for e in doc.entities] + [v.id for v in doc.events]
    if len(set(ids)) == len(ids) and all(_REGION_ID.match(i) for i in ids):
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
