"""A small made-up KLUE-style training corpus for the baseline tests.

The names and sentences are invented for these tests (no KLUE text). Every
sentence comes from a template, so each name occurs several times in
different contexts, which is what the lexicon and the CRF learn from.
"""

from __future__ import annotations

from itertools import cycle, islice

from konews.corpus.klue import KlueSentence
from konews.records import Span

ORGS = ("한빛전자", "가람은행", "누리소프트", "다온제약")
PERS = ("김하늘", "이바다", "박구름", "최별")
LOCS = ("서울", "부산", "대전", "광주")

# (template, slot labels): slots are filled in order; '{}' marks a slot.
TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("{}는 {}에 새 공장을 짓는다.", ("OG", "LC")),
    ("{} 씨가 {}에 합류했다.", ("PS", "OG")),
    ("{} 대표는 {}에서 기자들을 만났다.", ("PS", "LC")),
    ("{}가 {} 지사를 열었다.", ("OG", "LC")),
    ("{}는 13일 직원 200명을 뽑았다.", ("OG",)),
    ("{} 씨는 {}에 산다.", ("PS", "LC")),
)
_NAMES = {"OG": ORGS, "PS": PERS, "LC": LOCS}


def corpus(n: int = 48) -> list[KlueSentence]:
    """``n`` sentences with PS/OG/LC spans (and DT/QT where the template has them)."""
    pools = {tag: cycle(names) for tag, names in _NAMES.items()}
    out = []
    for k, (template, slots) in enumerate(islice(cycle(TEMPLATES), n)):
        text, spans = "", []
        pieces = template.split("{}")
        for piece, tag in zip(pieces, slots, strict=False):
            text += piece
            name = next(pools[tag])
            spans.append(Span(len(text), len(text) + len(name), tag))
            text += name
        text += pieces[-1]
        if "13일" in text:
            spans.append(Span(text.index("13일"), text.index("13일") + len("13일"), "DT"))
            spans.append(Span(text.index("200명"), text.index("200명") + len("200명"), "QT"))
        out.append(
            KlueSentence.from_spans(f"toy-{k:04d}", text, sorted(spans, key=lambda s: s.start))
        )
    return out
