"""Errata against KLUE-NER v1.1 dev: every KLUE span of the news layer that the KoNews gold
changes (label, boundary), drops, or adds, with its reason.

A reason is ``klue_error`` where an annotator wrote ``@klue_error SURFACE note="…"`` on the
sentence (KLUE is wrong by its own guidelines; the note says why), and ``convention``
otherwise: a KoNews rule explains the difference (``rule`` names the class, e.g. MONEY split
out of QT, hedges inside numeric spans, D27 countries as LOC). The file is standoff like the
gold: ids, offsets, tags, labels and notes, never KLUE's text.

Matching: a KLUE span and a KoNews span correspond when they overlap. Same offsets and the
projected label (PS→PER, LC→LOC, OG→ORG, DT→DATE, TI→TIME, QT→QUANTITY or MONEY) is no
change; same offsets with another label is ``label``; overlapping with other offsets is
``boundary`` (or ``label+boundary``); a KLUE span no KoNews span overlaps is ``dropped``, a
KoNews span of a label KLUE has that no KLUE span overlaps is ``added`` (PRODUCT, JOB_TITLE and
WORK have no KLUE tag, so adding them is not an erratum).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from konews.records import Document, Span
from konews.schema import KLUE_PROJECTION

REASONS = ("convention", "klue_error")
CHANGES = ("label", "boundary", "label+boundary", "dropped", "added")
# KoNews labels a KLUE tag may become without that being a label change.
_SAME = {"PS": {"PER"}, "LC": {"LOC"}, "OG": {"ORG"}, "DT": {"DATE"}, "TI": {"TIME"},
         "QT": {"QUANTITY", "MONEY"}}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Note:
    """An annotator's ``@klue_error`` on ``[start, end)`` of sentence ``sentence_id``."""

    sentence_id: str
    start: int
    end: int
    note: str


@dataclass(frozen=True, slots=True)
class Erratum:
    sentence_id: str
    change: str
    klue: Span | None  # KLUE's span, label = KLUE tag
    konews: Span | None  # the gold's span, label = KoNews label
    reason: str
    rule: str
    note: str = ""

    def to_json(self) -> dict:
        def span(s: Span | None) -> list | None:
            return None if s is None else [s.start, s.end, s.label]

        return {
            "id": self.sentence_id,
            "change": self.change,
            "klue": span(self.klue),
            "konews": span(self.konews),
            "reason": self.reason,
            "rule": self.rule,
            "note": self.note,
        }


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _rule(change: str, klue: Span | None, konews: Span | None) -> str:
    if change == "dropped":
        return "not an entity under the KoNews guidelines"
    if change == "added":
        return "an entity under the KoNews guidelines that KLUE leaves O"
    assert klue is not None and konews is not None
    if klue.label == "QT" and konews.label == "MONEY":
        return "MONEY split out of QT (hedges inside)" if change != "label" else "MONEY"
    if change == "label":
        if konews.label in ("PRODUCT", "JOB_TITLE", "WORK"):
            return f"{konews.label}: a KoNews label KLUE does not have"
        if klue.label == "OG" and konews.label == "LOC":
            return "D27: places are LOC in every use"
        if klue.label == "PS" and konews.label == "ORG":
            return "D28: named groups are ORG"
        return f"label {klue.label}->{konews.label} by the KoNews guidelines"
    return "span conventions (hedges inside numeric spans, particles and honorifics outside)"


def errata_of(doc: Document, klue: Sequence[Span], notes: Iterable[Note] = ()) -> list[Erratum]:
    """The errata of one layer sentence: ``doc`` is the gold, ``klue`` KLUE's spans."""
    gold = [e.span for e in doc.entities]
    out: list[Erratum] = []
    for k in klue:
        hits = [g for g in gold if _overlaps(k, g)]
        if not hits:
            out.append(Erratum(doc.id, "dropped", k, None, "convention", _rule("dropped", k, None)))
        for g in hits:
            same_span = (g.start, g.end) == (k.start, k.end)
            same_label = g.label in _SAME[k.label]
            if same_span and same_label:
                continue
            change = "label" if same_span else "boundary" if same_label else "label+boundary"
            out.append(Erratum(doc.id, change, k, g, "convention", _rule(change, k, g)))
    for g in gold:
        if KLUE_PROJECTION.get(g.label) and not any(_overlaps(k, g) for k in klue):
            out.append(Erratum(doc.id, "added", None, g, "convention", _rule("added", None, g)))
    return _apply_notes(out, list(notes))


def _apply_notes(errata: list[Erratum], notes: list[Note]) -> list[Erratum]:
    out = []
    for e in errata:
        spans = [s for s in (e.klue, e.konews) if s is not None]
        note = next(
            (n for n in notes if any(n.start < s.end and s.start < n.end for s in spans)), None
        )
        if note is None:
            out.append(e)
        else:
            out.append(
                Erratum(e.sentence_id, e.change, e.klue, e.konews, "klue_error", e.rule, note.note)
            )
    return out


def unmatched_notes(errata: Sequence[Erratum], notes: Iterable[Note]) -> list[Note]:
    """Notes that touch no erratum: the annotator flagged a span the gold keeps as KLUE had it."""
    out = []
    for n in notes:
        if not any(
            e.sentence_id == n.sentence_id
            and any(s is not None and n.start < s.end and s.start < n.end
                    for s in (e.klue, e.konews))
            for e in errata
        ):  # fmt: skip
            out.append(n)
    return out


def summary(errata: Iterable[Mapping | Erratum]) -> dict[str, Counter]:
    """Counts per reason, per change and per (reason, label) — the label is KLUE's tag for
    changed and dropped spans, the KoNews label for added ones."""
    by_reason: Counter = Counter()
    by_change: Counter = Counter()
    by_label: Counter = Counter()
    for e in errata:
        row = e.to_json() if isinstance(e, Erratum) else e
        by_reason[row["reason"]] += 1
        by_change[(row["reason"], row["change"])] += 1
        span = row["klue"] or row["konews"]
        by_label[(row["reason"], span[2])] += 1
    return {"reason": by_reason, "change": by_change, "label": by_label}
