"""Korean sentence segmentation with character offsets (kiwipiepy).

``split_sentences`` returns half-open ``(start, end)`` offsets into the given
text; each span is trimmed of surrounding whitespace. kiwipiepy's
``split_into_sents`` does the splitting; on top of it two guards, because a
sentence must never end at these places whatever the model decides:

- a split inside brackets or inside a number ('(서울=연합뉴스)', '1조 3,000억'),
  or one with no space at all before a word ('‘새로운 100년’|을 향한'), is undone;
- a declarative ending followed by a period and a space ('않았다. ‘새로운')
  outside brackets and quotes always ends a sentence (kiwipiepy sometimes
  misses it when a quotation follows).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

_OPEN, _CLOSE = "([{<“‘「『", ")]}>”’」』"


@lru_cache(maxsize=1)
def kiwi():
    """The process-wide kiwipiepy analyser, shared by segmentation, statistics and
    the baselines: loading the model takes about 2 s, so it is done once."""
    # lazy: importing kiwipiepy is slow and most commands never segment
    from kiwipiepy import Kiwi

    return Kiwi(num_workers=-1)  # -1: all cores for batch analysis; no effect on results


def _depth(text: str) -> int:
    """Bracket and quotation depth at the end of ``text``. Straight double quotes
    open and close alike, so they count by parity."""
    depth = text.count('"') % 2
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
    return depth


def _bad_boundary(text: str, prev_start: int, boundary: int) -> bool:
    left = text[prev_start:boundary].rstrip()
    right = text[boundary:].lstrip()
    if not left or not right:
        return False
    inside_brackets = _depth(left) > 0 and left[-1] not in ".?!…"
    inside_number = (
        left[-1].isdigit() or left[-1] in ",=(" or (left[-1] in "조억만천" and right[0].isdigit())
    )
    glued = not text[boundary - 1].isspace() and right[0].isalnum()
    return inside_brackets or inside_number or glued


_FINAL = re.compile(r"[다요죠까]\.\s+(?=\S)")


def _forced_splits(text: str, start: int, end: int) -> list[int]:
    """Offsets inside ``text[start:end]`` where a sentence must end (see module doc)."""
    cuts = []
    for m in _FINAL.finditer(text, start, end):
        if _depth(text[start : m.start()]) == 0:
            cuts.append(m.start() + 2)
    return cuts


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence offsets in ``text``: ``[(start, end), ...]``, trimmed, in order."""
    if not text.strip():
        return []
    raw = [(s.start, s.end) for s in kiwi().split_into_sents(text)]
    merged: list[list[int]] = []
    for start, end in raw:
        if merged and _bad_boundary(text, merged[-1][0], start):
            merged[-1][1] = end
        else:
            merged.append([start, end])
    pieces = []
    for start, end in merged:
        bounds = [start, *_forced_splits(text, start, end), end]
        pieces.extend(pairwise(bounds))
    spans = []
    for start, end in pieces:
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if end - trail > start + lead:
            spans.append((start + lead, end - trail))
    return spans
