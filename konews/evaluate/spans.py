"""Span scoring: strict, exact-span, partial and type matching (KLUE's two NER
metrics are in ``konews.evaluate.klue_metric``).

Spans are half-open ``[start, end)`` with a label, grouped by sentence. Four
matching modes, named and defined as in nervaluate (SemEval-2013 task 9.1, after
MUC): every predicted span is *correct*, *incorrect*, *partial* or *spurious*,
every gold span is matched by one predicted span or *missed*;
``actual`` = number of predicted spans, ``possible`` = number of gold spans.

========  ==========================================  ==============================
mode      correct when the predicted span has ...     an overlapping miss counts as
========  ==========================================  ==============================
strict    the gold bounds and label                   incorrect
exact     the gold bounds (label ignored)             incorrect
partial   the gold bounds (label ignored)             partial (half credit)
type      the gold label and overlaps it              incorrect (overlap, other label)
========  ==========================================  ==============================

Precision is ``(correct + 0.5 * partial) / actual`` and recall
``(correct + 0.5 * partial) / possible``. Matching is nervaluate's greedy one:
predictions in start order, each takes the first unclaimed overlapping gold span
in start order ("type" takes the same-label one with the closest boundaries).
"Overlapping" is nervaluate's: at least 1% of the gold span.

Strict micro/macro/per-label precision, recall and F1 (``Counts``) use seqeval's
arithmetic (``mode="strict", scheme=IOB2``): ``P = tp / (tp + fp)``, 0 when
undefined, ``F1 = 2 * P * R / (P + R)``; macro averages over the labels that
occur in the gold or the predictions, in sorted order, so results are equal to
seqeval's bit for bit.

Everything is counted with numpy on flat arrays (a sentence's spans get global
offsets), so 50,000 sentences score in well under a second, and per-document
count vectors for the bootstrap (``konews.evaluate.bootstrap``) come for free.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np

from konews.evaluate.counts import Categories, Counts
from konews.evaluate.span_arrays import (
    SpanArrays,
    decode_codes,
    seqeval_macro,
    spans_to_arrays,
    strict_doc_counts,
    tag_codes,
)
from konews.records import Span

MODES: tuple[str, ...] = ("strict", "exact", "partial", "type")
NONE_LABEL = "O"  # row/column of the confusion counts for "no span with these bounds"


def _overlaps(ps: int, pe: int, gs: int, ge: int) -> bool:
    """nervaluate's test: the overlap covers at least 1% of the gold span."""
    o = min(pe, ge) - max(ps, gs)
    return o > 0 and (o / (ge - gs)) * 100.0 >= 1.0


def _greedy(gold: list, pred: list, mode: str) -> tuple[int, int, int, int, int]:
    """nervaluate's matching on the spans left after exact matches are removed
    (with non-overlapping spans on each side, removing them first changes
    nothing: no other prediction can overlap an exactly matched gold span)."""
    if not gold or not pred:
        return 0, 0, 0, len(gold), len(pred)
    claimed: set[int] = set()
    correct = incorrect = spurious = 0
    for ps, pe, pl in pred:
        best = other = -1
        best_d = 0
        for gi, (gs, ge, gl) in enumerate(gold):
            if gi in claimed or not _overlaps(ps, pe, gs, ge):
                continue
            if mode == "type" and gl == pl:
                d = abs(ps - gs) + abs(pe - ge)
                if best < 0 or d < best_d:
                    best, best_d = gi, d
            elif other < 0:
                other = gi
        if best >= 0:
            correct += 1
            claimed.add(best)
        elif other >= 0:
            incorrect += 1
            claimed.add(other)
        else:
            spurious += 1
    missed = len(gold) - len(claimed)
    if mode == "partial":
        return correct, 0, incorrect, missed, spurious
    return correct, incorrect, 0, missed, spurious


def _by_sentence(arr: SpanArrays, mask: np.ndarray, out: dict, slot: int) -> None:
    for i in np.flatnonzero(mask).tolist():
        entry = out.setdefault(int(arr.sent[i]), ([], [], [], []))
        entry[slot].append((int(arr.start[i]), int(arr.end[i]), int(arr.label[i])))


class SpanScores:
    """Scores of predicted against gold spans over one label set.

    Holds strict tp/fp/fn per label, the nervaluate categories per mode overall
    and per label, bounds-matched confusion counts, and per-document counts for
    the bootstrap: ``doc_strict`` (docs, labels, 3) and ``doc_categories``
    (docs, modes, 5).
    """

    def __init__(
        self,
        gold: SpanArrays,
        pred: SpanArrays,
        labels: Sequence[str],
        doc_of_sentence: np.ndarray,
        n_docs: int,
        stride: int,
    ) -> None:
        self.labels = tuple(labels)
        n_l = len(self.labels)
        self.n_docs = n_docs
        self.doc_strict, g_hit, p_hit = strict_doc_counts(
            gold, pred, n_l, doc_of_sentence, n_docs, stride
        )
        self.tp, self.fp, self.fn = (self.doc_strict[:, :, i].sum(0) for i in range(3))

        # Same bounds, any label: exact and partial modes, confusion counts.
        g_bkey = gold.start * stride + gold.end
        p_bkey = pred.start * stride + pred.end
        g_bhit = np.isin(g_bkey, p_bkey)
        p_bhit = np.isin(p_bkey, g_bkey)
        confusion = np.zeros((n_l + 1, n_l + 1), dtype=np.int64)  # index n_l: no span
        g_pair = gold.label[g_bhit][np.argsort(g_bkey[g_bhit], kind="stable")]
        p_pair = pred.label[p_bhit][np.argsort(p_bkey[p_bhit], kind="stable")]
        np.add.at(confusion, (g_pair, p_pair), 1)
        np.add.at(confusion, (gold.label[~g_bhit], n_l), 1)
        np.add.at(confusion, (n_l, pred.label[~p_bhit]), 1)
        self.confusion = confusion

        # Categories: exact pairs counted with numpy, the rest matched greedily.
        g_doc = doc_of_sentence[gold.sent]
        n_strict = np.bincount(g_doc[g_hit], minlength=n_docs)
        n_bounds = np.bincount(g_doc[g_bhit], minlength=n_docs)
        doc_cat = np.zeros((n_docs, len(MODES), 5), dtype=np.int64)
        for m, n_exact in enumerate((n_strict, n_bounds, n_bounds, n_strict)):
            doc_cat[:, m, 0] = n_exact
        label_cat = np.zeros((len(MODES), n_l, 5), dtype=np.int64)
        label_cat[:, :, 0] = self.tp  # filtered to one label, exact pairs are strict pairs

        leftover: dict[int, tuple[list, list, list, list]] = {}
        _by_sentence(gold, ~g_hit, leftover, 0)
        _by_sentence(pred, ~p_hit, leftover, 1)
        _by_sentence(gold, ~g_bhit, leftover, 2)
        _by_sentence(pred, ~p_bhit, leftover, 3)
        # Sums in plain Python, written to the arrays once: numpy's per-element
        # overhead would dominate the many small updates.
        by_doc: dict[tuple[int, int], list[int]] = {}
        by_label: dict[tuple[int, int], list[int]] = {}
        for s, (g_strict, p_strict, g_bounds, p_bounds) in leftover.items():
            doc = int(doc_of_sentence[s])
            per_label: dict[int, tuple[list, list]] = {}
            for side, spans in ((0, g_strict), (1, p_strict)):
                for x in spans:
                    per_label.setdefault(x[2], ([], []))[side].append(x)
            for m, mode in enumerate(MODES):
                bounds = mode in ("exact", "partial")
                got = _greedy(
                    g_bounds if bounds else g_strict, p_bounds if bounds else p_strict, mode
                )
                acc = by_doc.setdefault((doc, m), [0] * 5)
                for i in range(5):
                    acc[i] += got[i]
                for k, (gk, pk) in per_label.items():
                    got = _greedy(gk, pk, mode)
                    acc = by_label.setdefault((m, k), [0] * 5)
                    for i in range(5):
                        acc[i] += got[i]
        for (doc, m), acc in by_doc.items():
            doc_cat[doc, m] += acc
        for (m, k), acc in by_label.items():
            label_cat[m, k] += acc
        self.doc_categories = doc_cat
        self.label_categories = label_cat

    def counts(self, label: str | None = None) -> Counts:
        """Strict counts for one label, or summed over all labels (micro)."""
        if label is None:
            return Counts(int(self.tp.sum()), int(self.fp.sum()), int(self.fn.sum()))
        k = self.labels.index(label)
        return Counts(int(self.tp[k]), int(self.fp[k]), int(self.fn[k]))

    def macro(self) -> tuple[float, float, float]:
        return seqeval_macro(self.tp, self.fp, self.fn, self.labels)

    def categories(self, mode: str, label: str | None = None) -> Categories:
        m = MODES.index(mode)
        if label is None:
            return Categories(*(int(x) for x in self.doc_categories[:, m].sum(0)))
        return Categories(*(int(x) for x in self.label_categories[m, self.labels.index(label)]))

    def confusion_dict(self) -> dict[str, dict[str, int]]:
        """``{gold label: {predicted label: n}}`` over spans with the same bounds;
        "O" stands for "no span with these bounds" on that side."""
        names = (*self.labels, NONE_LABEL)
        return {
            names[i]: {names[j]: int(row[j]) for j in np.flatnonzero(row).tolist()}
            for i, row in enumerate(self.confusion)
            if row.any()
        }

    def to_dict(self) -> dict:
        macro_p, macro_r, macro_f = self.macro()
        out: dict = {"labels": list(self.labels)}
        out["strict"] = {
            "micro": self.counts().to_dict(),
            "macro": {"precision": macro_p, "recall": macro_r, "f1": macro_f},
            "per_label": {
                lb: {**self.counts(lb).to_dict(), "support": self.counts(lb).support}
                for lb in self.labels
            },
        }
        for mode in MODES:
            block = out.setdefault(mode, {})
            block["categories"] = self.categories(mode).to_dict()
            block["per_label_categories"] = {
                lb: self.categories(mode, lb).to_dict() for lb in self.labels
            }
        out["confusion"] = self.confusion_dict()
        return out


def flatten_tags(
    sentences: Sequence[Sequence[str]], codes: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, sentence_starts)`` for per-sentence tag sequences (tags are
    validated by the caller; an unknown tag raises KeyError)."""
    lengths = np.fromiter((len(s) for s in sentences), np.int64, len(sentences))
    starts = np.zeros(len(sentences), dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    flat = np.fromiter(
        map(codes.__getitem__, chain.from_iterable(sentences)), np.int8, int(lengths.sum())
    )
    return flat, starts


def score_tags(
    gold: Sequence[Sequence[str]],
    pred: Sequence[Sequence[str]],
    labels: Sequence[str],
    doc_of_sentence: np.ndarray | None = None,
    n_docs: int | None = None,
) -> SpanScores:
    """Score per-sentence BIO tag sequences (strict IOB2 decoding) over ``labels``."""
    codes = tag_codes(labels)
    g, starts = flatten_tags(gold, codes)
    p, _ = flatten_tags(pred, codes)
    if doc_of_sentence is None:
        doc_of_sentence, n_docs = np.arange(len(gold)), len(gold)
    return SpanScores(
        decode_codes(g, starts),
        decode_codes(p, starts),
        labels,
        doc_of_sentence,
        n_docs,
        len(g) + 1,
    )


def score_spans(
    gold: Sequence[Sequence[Span | tuple[int, int, str]]],
    pred: Sequence[Sequence[Span | tuple[int, int, str]]],
    labels: Sequence[str],
    lengths: Iterable[int] | None = None,
    doc_of_sentence: np.ndarray | None = None,
    n_docs: int | None = None,
) -> SpanScores:
    """Score per-sentence spans over ``labels``. ``lengths`` are the sentence
    lengths (defaults to the largest span end in each sentence); spans of one
    side must not overlap within a sentence."""
    if lengths is not None:
        lengths = list(lengths)
    else:
        lengths = [
            max((s[1] if isinstance(s, tuple) else s.end for s in (*g, *p)), default=0)
            for g, p in zip(gold, pred, strict=True)
        ]
    offsets = np.zeros(len(gold), dtype=np.int64)
    np.cumsum(np.asarray(lengths, dtype=np.int64)[:-1], out=offsets[1:])
    if doc_of_sentence is None:
        doc_of_sentence, n_docs = np.arange(len(gold)), len(gold)
    stride = int(sum(lengths)) + 1
    return SpanScores(
        spans_to_arrays(gold, offsets, labels),
        spans_to_arrays(pred, offsets, labels),
        labels,
        doc_of_sentence,
        n_docs,
        stride,
    )
