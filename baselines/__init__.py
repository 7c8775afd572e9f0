"""KoNews baseline taggers, all behind one interface so the harness scores them alike.

A tagger is any object with a ``name``, a ``scheme`` and ``predict``::

    >>> from baselines.rules import RuleTagger
    >>> RuleTagger().predict(["메타는 13일 200명을 뽑았다."])
    [[Span(start=4, end=7, label='DATE'), Span(start=8, end=12, label='QUANTITY')]]

``scheme`` says which label set the spans use: ``"fine"`` (the KoNews labels,
``konews.schema.ENTITY_LABELS``) or ``"klue"`` (KLUE-NER's ``PS LC OG DT TI
QT``, for models trained on KLUE). Fine spans can always be projected to KLUE
(``project_to_klue``); KLUE spans are scored in the KLUE projection only.

The baselines: ``rules`` (money, dates, times, quantities by pattern: the
floor), ``lexicon`` (kiwipiepy proper nouns + a gazetteer learned from KLUE's
training part, plus the rules), ``crf`` (a character CRF trained on KLUE) and
``events`` (trigger lexicon + nearest compatible entity). The event baseline
is not a span tagger: it has ``predict_events(texts)`` instead (see
``EventExtractor``). ``baselines.run`` trains, predicts, scores and writes
``baselines/RESULTS.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from konews.records import Span
from konews.schema import klue_label

FINE = "fine"
KLUE = "klue"
SCHEMES = (FINE, KLUE)


@runtime_checkable
class Tagger(Protocol):
    name: str
    scheme: str  # FINE or KLUE

    def predict(self, texts: list[str]) -> list[list[Span]]:
        """Spans for each text, sorted by start, non-overlapping, offsets into that text."""
        ...


@runtime_checkable
class EventExtractor(Protocol):
    name: str

    def predict_events(self, texts: list[str]) -> list[list]:
        """``baselines.events.EventPrediction``s for each text."""
        ...


def project_to_klue(spans: Iterable[Span]) -> list[Span]:
    """Fine-schema spans in KLUE's tag set; PRODUCT and JOB_TITLE spans are dropped."""
    out = []
    for s in spans:
        tag = klue_label(s.label)
        if tag is not None:
            out.append(Span(s.start, s.end, tag))
    return out


def merge_layers(*layers: Iterable[Span]) -> list[Span]:
    """One flat span list from several layers: a span is kept unless it overlaps
    one already kept; earlier layers win, and within a layer longer spans win
    (then the earlier one). The result is sorted by start."""
    kept: list[Span] = []
    taken: set[int] = set()
    for layer in layers:
        for s in sorted(layer, key=lambda s: (s.start - s.end, s.start)):
            cells = range(s.start, s.end)
            if any(i in taken for i in cells):
                continue
            kept.append(s)
            taken.update(cells)
    return sorted(kept, key=lambda s: s.start)
