"""Conversions between character spans and character-level BIO tags.

``spans_to_bio`` and ``bio_to_spans`` use half-open ``[start, end)`` offsets
like every other part of KoNews. ``bio_to_spans`` decodes IOB2 strictly, the
way seqeval's ``mode="strict", scheme=IOB2`` does: an entity starts only at a
``B-`` tag and continues over ``I-`` tags of the same type; an ``I-`` with no
``B-`` before it starts nothing (the characters are dropped, not repaired).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from konews.records import Span


def spans_to_bio(length: int, spans: Iterable[Span], *, project=None) -> list[str]:
    """BIO tags for a text of ``length`` characters.

    ``project`` maps a label to another tag set (e.g. ``schema.klue_label``);
    a span whose projection is None becomes "O". Overlapping spans raise.
    """
    tags = ["O"] * length
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        label = project(span.label) if project else span.label
        if label is None:
            continue
        if span.end > length:
            raise ValueError(f"span [{span.start}, {span.end}) ends past the text ({length} chars)")
        if any(t != "O" for t in tags[span.start : span.end]):
            raise ValueError(f"span [{span.start}, {span.end}) {span.label} overlaps another span")
        tags[span.start] = f"B-{label}"
        for i in range(span.start + 1, span.end):
            tags[i] = f"I-{label}"
    return tags


def bio_to_spans(tags: Sequence[str]) -> list[Span]:
    """Strict IOB2 decoding (seqeval strict mode): see the module docstring."""
    spans: list[Span] = []
    start = -1
    label = ""
    for i, tag in enumerate(tags):
        prefix, _, typ = tag.partition("-")
        if prefix == "I" and start >= 0 and typ == label:
            continue
        if start >= 0:
            spans.append(Span(start, i, label))
            start = -1
        if prefix == "B":
            start, label = i, typ
        elif prefix not in ("I", "O") or (prefix == "O" and typ):
            raise ValueError(f"tag {i} {tag!r} is not IOB2: use O, B-<type> or I-<type>")
    if start >= 0:
        spans.append(Span(start, len(tags), label))
    return spans
