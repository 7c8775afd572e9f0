"""Agreement between two annotations of the same documents, and their differences.

Label Studio's community edition computes no agreement; this module does, for
two annotators of the same tasks, two annotation passes (two exports), or an
annotation and a model's prediction (reading them from Label Studio exports is
``konews.labelstudio.agreement``):

- **entities**: strict span F1 per label (a span agrees when start, end and
  label are equal; F1 is symmetric in the two sides) and Cohen's kappa on
  character labels (every character of every document labelled with its
  entity label or "O"; ``sklearn.metrics.cohen_kappa_score``);
- **money**: on MONEY spans both sides have, the share whose normalization is
  identical (amount, amount_max, currency, approximate, qualifier, vague,
  equivalent_of), and the same share per field;
- **events**: F1 of triggers (span and type), of whole events (trigger, type,
  modality and the set of (role, argument span)), and of arguments; modality
  agreement on the triggers both sides have.

``differences`` lists every point where two versions differ (also used as the
gold diff of ``konews ls pull``), each one a line for adjudication.
Records are compared by offsets, never by ids: two annotators' region ids differ.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from konews.errors import KoNewsError
from konews.evaluate.counts import Counts
from konews.records import Document
from konews.schema import ENTITY_LABELS, MONEY_ATTRIBUTES

MONEY_FIELDS = (*MONEY_ATTRIBUTES, "equivalent_of")
LAYER_KINDS = ("entity", "money", "event")


def layers(doc: Document) -> dict[str, dict[tuple, object]]:
    """The document's annotations keyed by offsets, ids replaced by offsets:
    ``entity``: (start, end) -> label; ``money``: (start, end) -> the
    ``MONEY_FIELDS`` values (equivalent_of as the restated span);
    ``event``: (trigger start, end, type) -> (modality, sorted (role, start, end))."""
    spans = {e.id: (e.start, e.end) for e in doc.entities}
    entity = {(e.start, e.end): e.label for e in doc.entities}
    money = {}
    for m in doc.money:
        equivalent = spans.get(m.equivalent_of) if m.equivalent_of else None
        money[spans[m.entity_id]] = (m.amount, m.amount_max, m.currency, m.approximate,
                                     m.qualifier, m.vague, equivalent)  # fmt: skip
    event = {
        (v.trigger_start, v.trigger_end, v.type): (
            v.modality,
            tuple(sorted((a.role, *spans[a.entity_id]) for a in v.arguments)),
        )
        for v in doc.events
    }
    return {"entity": entity, "money": money, "event": event}


@dataclass(frozen=True, slots=True)
class Difference:
    """One point where side A and side B differ. ``a``/``b`` are the values
    (None where that side has nothing at this place)."""

    doc_id: str
    kind: str  # "entity" | "money" | "event"
    start: int
    end: int
    surface: str
    a: object
    b: object
    shown_a: str = field(default="—", compare=False)  # a and b for people, spans as surfaces
    shown_b: str = field(default="—", compare=False)

    @property
    def status(self) -> str:
        """Seen as an edit from A to B: ``added``, ``removed`` or ``changed``."""
        return "added" if self.a is None else "removed" if self.b is None else "changed"

    def __str__(self) -> str:
        return (f"{self.doc_id} [{self.start}, {self.end}) {self.surface!r} {self.kind} "
                f"{self.status}: {self.shown_a} → {self.shown_b}")  # fmt: skip


def _shown(kind: str, key: tuple, value: object, text: str) -> str:
    """A layer value as an annotator reads it: 'ORG'; 'amount=14300000000,
    currency=USD'; 'INVESTMENT asserted: investor='메타', amount='143억 달러''."""
    if value is None:
        return "—"
    if kind == "money":
        parts = []
        for name, x in zip(MONEY_FIELDS, value, strict=True):
            if name == "equivalent_of" and x is not None:
                x = repr(text[x[0] : x[1]])
            if x not in (None, False):
                parts.append(name if x is True else f"{name}={x}")
        return ", ".join(parts) or "(no value)"
    if kind == "event":
        modality, args = value
        roles = ", ".join(f"{role}={text[s:e]!r}" for role, s, e in args)
        return f"{key[2]} {modality}" + (f": {roles}" if roles else "")
    return str(value)


def differences(a: Document, b: Document) -> list[Difference]:
    """Every difference between two annotations of one document, in text order."""
    if a.text != b.text:
        raise KoNewsError(f"document {a.id}: the two versions have different texts")
    la, lb = layers(a), layers(b)
    out = []
    for kind in LAYER_KINDS:
        for key in la[kind].keys() | lb[kind].keys():
            va, vb = la[kind].get(key), lb[kind].get(key)
            if va != vb:
                start, end = key[0], key[1]
                out.append(Difference(a.id, kind, start, end, a.text[start:end], va, vb,
                                      _shown(kind, key, va, a.text), _shown(kind, key, vb, a.text)))  # fmt: skip
    if len(out) > 1:
        out.sort(key=lambda d: (d.start, d.end, LAYER_KINDS.index(d.kind), str(d.a), str(d.b)))
    return out


def char_labels(doc: Document) -> list[str]:
    """The entity label of every character ("O" outside entities)."""
    labels = ["O"] * len(doc.text)
    for e in doc.entities:
        labels[e.start : e.end] = [e.label] * (e.end - e.start)
    return labels


def _counts(a: set, b: set) -> Counts:
    tp = len(a & b)
    return Counts(tp, len(b) - tp, len(a) - tp)


@dataclass
class Agreement:
    """Agreement of side ``a`` and side ``b`` (A is taken as reference in
    precision/recall; F1 and kappa are symmetric)."""

    a: str
    b: str
    documents: int = 0
    per_label: dict[str, Counts] = field(default_factory=dict)
    entities: Counts = field(default_factory=Counts)
    kappa: float = math.nan
    money_spans: Counts = field(default_factory=Counts)
    money_matched: int = 0
    money_identical: int = 0
    money_fields: dict[str, int] = field(default_factory=dict)  # field -> matched spans agreeing
    triggers: Counts = field(default_factory=Counts)
    events: Counts = field(default_factory=Counts)
    arguments: Counts = field(default_factory=Counts)
    modality_matched: int = 0
    modality_agreeing: int = 0
    disagreements: list[Difference] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # doc ids annotated on one side only

    @property
    def money_agreement(self) -> float:
        return self.money_identical / self.money_matched if self.money_matched else math.nan

    @property
    def modality_agreement(self) -> float:
        return self.modality_agreeing / self.modality_matched if self.modality_matched else math.nan

    def to_dict(self) -> dict:
        def num(x: float) -> float | None:
            return None if math.isnan(x) else round(x, 4)

        return {
            "a": self.a, "b": self.b, "documents": self.documents,
            "entities": {"micro": self.entities.to_dict(),
                         "per_label": {k: c.to_dict() for k, c in self.per_label.items()},
                         "char_kappa": num(self.kappa)},
            "money": {"spans": self.money_spans.to_dict(), "matched": self.money_matched,
                      "identical": self.money_identical,
                      "value_agreement": num(self.money_agreement),
                      "per_field": {k: num(v / self.money_matched) if self.money_matched else None
                                    for k, v in self.money_fields.items()}},
            "events": {"triggers": self.triggers.to_dict(), "events": self.events.to_dict(),
                       "arguments": self.arguments.to_dict(),
                       "modality_agreement": num(self.modality_agreement)},
            "disagreements": [str(d) for d in self.disagreements],
            "unmatched_documents": self.unmatched,
        }  # fmt: skip

    def markdown(self, *, max_disagreements: int = 50) -> str:
        def pct(x: float) -> str:
            return "n/a" if math.isnan(x) else f"{100 * x:.1f}"

        lines = [
            f"### Agreement: {self.a} vs {self.b} ({self.documents} documents)", "",
            "| layer | F1 / agreement | support (A / B) |", "| --- | ---: | ---: |",
        ]  # fmt: skip
        for label, c in self.per_label.items():
            lines.append(f"| entity {label} | {pct(c.f1)} | {c.tp + c.fn} / {c.tp + c.fp} |")
        e = self.entities
        lines += [
            f"| **entities, micro** | **{pct(e.f1)}** | {e.tp + e.fn} / {e.tp + e.fp} |",
            f"| character labels, Cohen's κ | {pct(self.kappa)} | |",
            f"| MONEY spans | {pct(self.money_spans.f1)} | {self.money_spans.tp + self.money_spans.fn} / {self.money_spans.tp + self.money_spans.fp} |",
            f"| money values identical (on shared spans) | {pct(self.money_agreement)} | {self.money_identical} of {self.money_matched} |",
            f"| event triggers (span + type) | {pct(self.triggers.f1)} | {self.triggers.tp + self.triggers.fn} / {self.triggers.tp + self.triggers.fp} |",
            f"| whole events (+ modality + arguments) | {pct(self.events.f1)} | |",
            f"| event arguments (role + span) | {pct(self.arguments.f1)} | |",
            f"| modality (on shared triggers) | {pct(self.modality_agreement)} | {self.modality_agreeing} of {self.modality_matched} |",
            "",
        ]  # fmt: skip
        if self.unmatched:
            lines += [f"Annotated on one side only (not compared): {', '.join(self.unmatched)}", ""]
        if self.disagreements:
            shown = self.disagreements[:max_disagreements]
            lines.append(f"Disagreements ({len(self.disagreements)}; A → B):")
            lines += [f"- {d}" for d in shown]
            if len(self.disagreements) > len(shown):
                lines.append(f"- ... and {len(self.disagreements) - len(shown)} more")
        return "\n".join(lines) + "\n"


def agreement(
    pairs: Iterable[tuple[Document, Document]], *, a: str = "A", b: str = "B"
) -> Agreement:
    """Agreement over pairs of annotations of the same document."""
    # lazy: scikit-learn takes about a second to import; only kappa needs it
    from sklearn.metrics import cohen_kappa_score

    report = Agreement(a, b)
    per_label: dict[str, Counts] = defaultdict(Counts)
    chars_a: list[str] = []
    chars_b: list[str] = []
    fields = Counter()
    for da, db in pairs:
        report.documents += 1
        la, lb = layers(da), layers(db)
        for label in ENTITY_LABELS:
            sa = {k for k, v in la["entity"].items() if v == label}
            sb = {k for k, v in lb["entity"].items() if v == label}
            if sa or sb:
                per_label[label] += _counts(sa, sb)
        report.entities += _counts(set(la["entity"].items()), set(lb["entity"].items()))
        chars_a += char_labels(da)
        chars_b += char_labels(db)
        ma, mb = la["money"], lb["money"]
        report.money_spans += _counts(
            {k for k, v in la["entity"].items() if v == "MONEY"},
            {k for k, v in lb["entity"].items() if v == "MONEY"},
        )
        for key in ma.keys() & mb.keys():
            report.money_matched += 1
            report.money_identical += ma[key] == mb[key]
            for name, x, y in zip(MONEY_FIELDS, ma[key], mb[key], strict=True):
                fields[name] += x == y
        ea, eb = la["event"], lb["event"]
        report.triggers += _counts(set(ea), set(eb))
        report.events += _counts(set(ea.items()), set(eb.items()))
        report.arguments += _counts(
            {(*k, *arg) for k, (_, args) in ea.items() for arg in args},
            {(*k, *arg) for k, (_, args) in eb.items() for arg in args},
        )
        for key in ea.keys() & eb.keys():
            report.modality_matched += 1
            report.modality_agreeing += ea[key][0] == eb[key][0]
        report.disagreements += differences(da, db)
    report.per_label = {k: per_label[k] for k in ENTITY_LABELS if k in per_label}
    report.money_fields = {name: fields[name] for name in MONEY_FIELDS}
    if chars_a:
        # identical labelings with a single class make kappa 0/0; they agree fully
        same = chars_a == chars_b
        report.kappa = 1.0 if same else float(cohen_kappa_score(chars_a, chars_b))
    return report
