"""The baselines' output as Label Studio predictions, to pre-label tasks (``konews ls
push --baselines``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from baselines import Tagger
from baselines.events import EventTagger
from baselines.lexicon import LexiconTagger
from baselines.rules import RuleTagger
from konews.corpus.klue import load_klue, split_klue
from konews.errors import KoNewsError
from konews.labelstudio.export import (
    Prediction,
)
from konews.labelstudio.workflow import model_version
from konews.records import Argument, Document, Entity, Event, Money, Span
from konews.text.money import find_money

BASELINES = ("rules", "lexicon", "events")


# --- baseline predictions ---------------------------------------------------------


def _sentences(doc: Document) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in doc.sentences] or [(0, len(doc.text))]


def _predicted_document(doc: Document, spans: list, events: list = ()) -> Document:
    """A prediction as a Document: entity spans (document offsets), money values
    from ``konews.text.money`` for MONEY spans, events with arguments on those spans."""
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
    unknown = [n for n in names if n not in BASELINES]
    if unknown:
        raise KoNewsError(f"unknown baseline(s) {unknown}; choose from {', '.join(BASELINES)}")
    pieces = [(d, s, e) for d in docs for s, e in _sentences(d)]
    texts = [d.text[s:e] for d, s, e in pieces]
    taggers: dict[str, Tagger] = {}
    if "rules" in names:
        taggers["rules"] = RuleTagger()
    if "lexicon" in names or "events" in names:
        sentences, _ = load_klue(klue)
        taggers["lexicon"] = LexiconTagger.train(split_klue(sentences)[0])
    out: dict[str, list[Prediction]] = {d.id: [] for d in docs}
    for name in names:
        base = "lexicon" if name == "events" else name
        spans = taggers[base].predict(texts)
        events: list = [[] for _ in texts]
        if name == "events":
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
    return dataclasses.replace(
        v,
        trigger_start=v.trigger_start + offset,
        trigger_end=v.trigger_end + offset,
        arguments=tuple((r, s + offset, e + offset) for r, s, e in v.arguments),
    )
