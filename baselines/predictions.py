"""Prediction rows in the formats of docs/EVALUATION.md, from baseline outputs.

``entity_rows`` (entities config), ``tag_rows`` (ner_char), ``money_rows``
(the normalizer's mentions) and ``event_rows`` (events) turn what the
baselines return into what ``konews evaluate`` reads; ``klue_gold_rows`` turns
KLUE-NER sentences into gold rows of the entities and ner_char configs.
"""

from __future__ import annotations

from collections.abc import Sequence

from baselines import FINE
from konews.corpus.klue import KlueSentence, klue_spans
from konews.records import Span
from konews.schema import klue_label
from konews.text.bio import spans_to_bio
from konews.text.money import find_money


def entity_rows(ids: Sequence[str], spans: Sequence[Sequence[Span]]) -> list[dict]:
    return [
        {"id": sid, "entities": [{"start": s.start, "end": s.end, "label": s.label} for s in ss]}
        for sid, ss in zip(ids, spans, strict=True)
    ]


def tag_rows(
    ids: Sequence[str], texts: Sequence[str], spans: Sequence[Sequence[Span]], scheme: str
) -> list[dict]:
    """``ner_char`` prediction rows: KLUE BIO tags per character (fine spans projected)."""
    project = klue_label if scheme == FINE else None
    return [
        {"id": sid, "tags": spans_to_bio(len(text), ss, project=project)}
        for sid, text, ss in zip(ids, texts, spans, strict=True)
    ]


def money_rows(ids: Sequence[str], texts: Sequence[str]) -> list[dict]:
    rows = []
    for sid, text in zip(ids, texts, strict=True):
        for m in find_money(text):
            rows.append(
                {
                    "sentence_id": sid,
                    "start": m.start,
                    "end": m.end,
                    "amount": m.amount,
                    "currency": m.currency,
                    "approximate": m.approximate,
                    "qualifier": m.qualifier,
                    "amount_max": m.amount_max,
                    "vague": m.vague,
                }
            )
    return rows


def event_rows(ids: Sequence[str], events: Sequence[Sequence]) -> list[dict]:
    return [
        {
            "sentence_id": sid,
            "type": e.type,
            "modality": e.modality,
            "trigger": {"start": e.trigger_start, "end": e.trigger_end},
            "arguments": [{"role": r, "start": s, "end": t} for r, s, t in e.arguments],
        }
        for sid, evs in zip(ids, events, strict=True)
        for e in evs
    ]


def klue_gold_rows(sentences: Sequence[KlueSentence]) -> tuple[list[dict], list[dict]]:
    """KLUE sentences as ``entities`` and ``ner_char`` gold rows (each sentence its
    own document, so the bootstrap resamples sentences)."""
    entities = [
        {
            "id": s.id,
            "doc_id": s.id,
            "text": s.text,
            "entities": entity_rows([s.id], [klue_spans(s)])[0]["entities"],
        }
        for s in sentences
    ]
    chars = [
        {"id": s.id, "doc_id": s.id, "chars": list(s.text), "ner_tags": list(s.tags)}
        for s in sentences
    ]
    return entities, chars
