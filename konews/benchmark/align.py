"""Model outputs -> character spans on the sentence, by rules documented in
docs/EVALUATION.md ("Benchmarking a model"): token tags with offsets (token
classifiers) and entity strings (LLMs).

Spans are ``(start, end, label)`` with ``[start, end)`` Python string offsets
into the sentence, never overlapping, sorted.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Spans = list[tuple[int, int, str]]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds without whitespace at either edge: sentencepiece offsets often take in
    the space before a word ("▁삼성" covers " 삼성")."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def spans_from_tokens(text: str, tokens: Iterable[tuple[int, int, str, str | None]]) -> Spans:
    """Decode per-token ``(start, end, prefix, label)`` (prefix ``B I E S O``) into spans.

    The reading is conlleval's lenient one, so an imperfect tag sequence still
    yields spans: ``B``/``S`` start a span (``S`` and ``E`` also end it); ``I``/``E``
    continue the open span when it has the same label and only whitespace lies
    between, and otherwise start one; ``O`` ends it. Word pieces of one entity
    (``삼성`` ``##전자``) are thus merged, and a character-level model's tokens are
    simply one character each. Edges are trimmed of whitespace.
    """
    out: list[list] = []
    open_span: list | None = None
    for start, end, prefix, label in sorted(tokens, key=lambda t: (t[0], t[1])):
        if prefix == "O" or label is None or start >= end:
            open_span = None
            continue
        continues = (
            prefix in ("I", "E")
            and open_span is not None
            and open_span[2] == label
            and open_span[1] <= start
            and not text[open_span[1] : start].strip()
        )
        if continues:
            open_span[1] = max(open_span[1], end)
        else:
            open_span = [start, end, label]
            out.append(open_span)
        if prefix in ("E", "S"):
            open_span = None
    spans = []
    for start, end, label in out:
        start, end = trim(text, start, end)
        if start < end:
            spans.append((start, end, label))
    return spans


# --- entity strings (LLM answers) -------------------------------------------------------


@dataclass
class Alignment:
    """Spans found for listed entity strings, and what could not be placed."""

    spans: Spans = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)  # the string is not in the sentence
    no_free_occurrence: list[str] = field(default_factory=list)  # listed more often than free


def align_surfaces(text: str, items: Sequence[tuple[str, str]]) -> Alignment:
    """Place ``(surface, label)`` items, in the order listed, on ``text``.

    The rule (deterministic, documented and tested):

    1. Surfaces are NFC-normalised and stripped of edge whitespace; an empty one
       is ignored.
    2. Longer surfaces are placed first (ties: the one listed first), so that
       "메타 초지능 연구소" takes its characters before "메타" looks for its own.
    3. A surface listed k times takes its first k occurrences, left to right,
       that do not overlap a span already placed; the i-th listing (in the
       answer's order) gets the i-th of them, with its own label.
    4. Listings left over (more listings than free occurrences) are counted in
       ``no_free_occurrence``; a surface absent from the text in ``not_found``.
       Neither is ever guessed at.
    """
    result = Alignment()
    listed: dict[str, list[str]] = {}
    for surface, label in items:
        s = unicodedata.normalize("NFC", surface).strip()
        if s:
            listed.setdefault(s, []).append(label)
    taken = [False] * len(text)
    order = sorted(listed, key=lambda s: -len(s))  # stable: ties keep the listed order
    for surface in order:
        labels = listed[surface]
        starts = _free_occurrences(text, surface, taken, len(labels))
        if not starts and surface not in text:
            result.not_found.extend([surface] * len(labels))
            continue
        for start, label in zip(starts, labels, strict=False):
            end = start + len(surface)
            taken[start:end] = [True] * len(surface)
            result.spans.append((start, end, label))
        result.no_free_occurrence.extend([surface] * (len(labels) - len(starts)))
    result.spans.sort()
    return result


def _free_occurrences(text: str, surface: str, taken: list[bool], limit: int) -> list[int]:
    out = []
    i = text.find(surface)
    while i >= 0 and len(out) < limit:
        if not any(taken[i : i + len(surface)]):
            out.append(i)
            i = text.find(surface, i + len(surface))
        else:
            i = text.find(surface, i + 1)
    return out


def drop_overlaps(spans: Spans) -> tuple[Spans, int]:
    """Non-overlapping spans: the longer one wins, then the earlier; returns the count dropped."""
    kept: Spans = []
    taken: Counter[int] = Counter()
    for start, end, label in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if any(taken[i] for i in range(start, end)):
            continue
        taken.update(range(start, end))
        kept.append((start, end, label))
    return sorted(kept), len(spans) - len(kept)
