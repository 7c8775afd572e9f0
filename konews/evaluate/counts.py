"""Match counts and the precision / recall / F1 derived from them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

CATEGORIES: tuple[str, ...] = ("correct", "incorrect", "partial", "missed", "spurious")


def prf(tp: int, n_pred: int, n_true: int) -> tuple[float, float, float]:
    """Precision, recall, F1 with seqeval's arithmetic and zero_division=0."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_true if n_true else 0.0
    denom = p + r
    return p, r, (2.0 * p * r / denom if denom else 0.0)


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives, false negatives; addable like spaCy's PRFScore."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def scores(self) -> tuple[float, float, float]:
        return prf(self.tp, self.tp + self.fp, self.tp + self.fn)

    @property
    def precision(self) -> float:
        return self.scores()[0]

    @property
    def recall(self) -> float:
        return self.scores()[1]

    @property
    def f1(self) -> float:
        return self.scores()[2]

    @property
    def support(self) -> int:
        return self.tp + self.fn

    def to_dict(self) -> dict:
        p, r, f = self.scores()
        return {"precision": p, "recall": r, "f1": f, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass(frozen=True, slots=True)
class Categories:
    """nervaluate's counts for one mode; P/R/F1 computed as nervaluate does."""

    correct: int = 0
    incorrect: int = 0
    partial: int = 0
    missed: int = 0
    spurious: int = 0

    def __add__(self, other: Categories) -> Categories:
        return Categories(*(a + b for a, b in zip(self._tuple(), other._tuple(), strict=True)))

    def _tuple(self) -> tuple[int, int, int, int, int]:
        return (self.correct, self.incorrect, self.partial, self.missed, self.spurious)

    @property
    def actual(self) -> int:
        return self.correct + self.incorrect + self.partial + self.spurious

    @property
    def possible(self) -> int:
        return self.correct + self.incorrect + self.partial + self.missed

    def scores(self) -> tuple[float, float, float]:
        hit = self.correct + 0.5 * self.partial
        p = hit / self.actual if self.actual else 0.0
        r = hit / self.possible if self.possible else 0.0
        return p, r, (2 * (p * r) / (p + r) if p + r else 0.0)

    @property
    def f1(self) -> float:
        return self.scores()[2]

    def to_dict(self) -> dict:
        p, r, f = self.scores()
        return {
            "precision": p,
            "recall": r,
            "f1": f,
            **dict(zip(CATEGORIES, self._tuple(), strict=True)),
            "possible": self.possible,
            "actual": self.actual,
        }


def set_counts(
    gold: set, pred: set, doc_of: dict[str, int], n_docs: int
) -> tuple[Counts, np.ndarray]:
    """Counts of tuples whose first element is a sentence id, in total and per document."""
    per_doc = np.zeros((n_docs, 3), dtype=np.int64)
    for items, col in ((gold & pred, 0), (pred - gold, 1), (gold - pred, 2)):
        for t in items:
            per_doc[doc_of[t[0]], col] += 1
    tp, fp, fn = (int(x) for x in per_doc.sum(0))
    return Counts(tp, fp, fn), per_doc


def grouped_counts(gold: set, pred: set, key: Callable) -> dict[str, dict]:
    groups = sorted({key(t) for t in gold | pred})
    out = {}
    for g in groups:
        gs = {t for t in gold if key(t) == g}
        ps = {t for t in pred if key(t) == g}
        c = Counts(len(gs & ps), len(ps - gs), len(gs - ps))
        out[g] = {**c.to_dict(), "support": c.support}
    return out
