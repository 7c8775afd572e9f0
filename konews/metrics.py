"""Span scoring: strict, exact-span, partial and type matching, and KLUE's two NER metrics.

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
count vectors for the bootstrap (``konews.bootstrap``) come for free.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np

from konews.records import Span
from konews.schema import KLUE_BIO_TAGS, KLUE_TAGS

MODES: tuple[str, ...] = ("strict", "exact", "partial", "type")
CATEGORIES: tuple[str, ...] = ("correct", "incorrect", "partial", "missed", "spurious")
NONE_LABEL = "O"  # row/column of the confusion counts for "no span with these bounds"


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


# --- flat span arrays -------------------------------------------------------


@dataclass(frozen=True)
class SpanArrays:
    """All spans of a corpus: global ``start``/``end`` (sentence offset + local
    offset), ``label`` codes into a label tuple, ``sent`` the sentence index.
    Sorted by start; spans of one side never overlap."""

    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    sent: np.ndarray

    def __len__(self) -> int:
        return len(self.start)


def spans_to_arrays(
    sentences: Sequence[Sequence[Span | tuple[int, int, str]]],
    offsets: np.ndarray,
    labels: Sequence[str],
) -> SpanArrays:
    """Flatten per-sentence spans; ``offsets[i]`` is sentence i's global start."""
    code = {label: i for i, label in enumerate(labels)}
    rows = [
        (i, s[0], s[1], s[2]) if isinstance(s, tuple) else (i, s.start, s.end, s.label)
        for i, spans in enumerate(sentences)
        for s in spans
    ]
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return SpanArrays(empty, empty, empty, empty)
    sent = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    start = np.fromiter((r[1] for r in rows), np.int64, len(rows)) + offsets[sent]
    end = np.fromiter((r[2] for r in rows), np.int64, len(rows)) + offsets[sent]
    unknown = {r[3] for r in rows} - code.keys()
    if unknown:
        raise ValueError(f"labels {sorted(unknown)} are not in {list(labels)}")
    label = np.fromiter((code[r[3]] for r in rows), np.int64, len(rows))
    order = np.argsort(start, kind="stable")
    return SpanArrays(start[order], end[order], label[order], sent[order])


def tag_codes(labels: Sequence[str]) -> dict[str, int]:
    """Integer codes of BIO tags over ``labels``: O=0, B-x=2k+1, I-x=2k+2."""
    codes = {"O": 0}
    for k, label in enumerate(labels):
        codes[f"B-{label}"] = 2 * k + 1
        codes[f"I-{label}"] = 2 * k + 2
    return codes


def decode_codes(codes: np.ndarray, sentence_starts: np.ndarray) -> SpanArrays:
    """Strict IOB2 decoding of concatenated tag codes (see ``tag_codes``), the
    array form of ``konews.bio.bio_to_spans`` (a test proves them equal): an
    entity starts at B-x and runs over I-x; an I-x that does not continue an
    entity of type x starts nothing. ``sentence_starts`` are the positions
    where sentences begin; nothing continues across them."""
    n = len(codes)
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return SpanArrays(empty, empty, empty, empty)
    codes = codes.astype(np.int16, copy=False)
    tagged = codes != 0
    is_b = (codes & 1).astype(bool)
    typ = (codes - 1) >> 1
    # A position continues the chain before it when it is I-x after B-x or I-x.
    cont = np.empty(n, dtype=bool)
    cont[0] = False
    np.logical_and(tagged[1:] & ~is_b[1:], tagged[:-1], out=cont[1:])
    cont[1:] &= typ[1:] == typ[:-1]
    cont[sentence_starts[sentence_starts < n]] = False
    heads = np.flatnonzero(~cont)
    next_head = np.empty_like(heads)
    next_head[:-1] = heads[1:]
    next_head[-1] = n
    # A chain is an entity iff its head is a B-; chains headed by I- are dropped.
    keep = is_b[heads]
    start = heads[keep].astype(np.int64)
    sent = np.searchsorted(sentence_starts, start, side="right") - 1
    return SpanArrays(start, next_head[keep].astype(np.int64), typ[start].astype(np.int64), sent)


# --- scoring ------------------------------------------------------------------


def seqeval_macro(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray, labels: Sequence[str]):
    """seqeval's macro P/R/F1: the mean over labels seen in gold or predictions,
    taken in sorted label order; 0.0 when there are none (seqeval gives nan)."""
    present = sorted((lb, k) for k, lb in enumerate(labels) if tp[k] + fp[k] + fn[k] > 0)
    if not present:
        return 0.0, 0.0, 0.0
    rows = np.array([prf(int(tp[k]), int(tp[k] + fp[k]), int(tp[k] + fn[k])) for _, k in present])
    return float(np.mean(rows[:, 0])), float(np.mean(rows[:, 1])), float(np.mean(rows[:, 2]))


def strict_doc_counts(
    gold: SpanArrays,
    pred: SpanArrays,
    n_labels: int,
    doc_of_sentence: np.ndarray,
    n_docs: int,
    stride: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Strict matches: ``(counts, gold_hit, pred_hit)``; ``counts`` has shape
    (docs, labels, 3) for tp, fp, fn. Keys are unique per side (no overlaps)."""
    g_key = (gold.start * stride + gold.end) * n_labels + gold.label
    p_key = (pred.start * stride + pred.end) * n_labels + pred.label
    g_hit = np.isin(g_key, p_key)
    p_hit = np.isin(p_key, g_key)
    g_doc = doc_of_sentence[gold.sent] * n_labels + gold.label
    p_doc = doc_of_sentence[pred.sent] * n_labels + pred.label
    size = n_docs * n_labels
    counts = np.stack(
        [
            np.bincount(g_doc[g_hit], minlength=size),
            np.bincount(p_doc[~p_hit], minlength=size),
            np.bincount(g_doc[~g_hit], minlength=size),
        ],
        axis=-1,
    ).reshape(n_docs, n_labels, 3)
    return counts, g_hit, p_hit


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


# --- KLUE-NER's own metrics -----------------------------------------------------


class KlueScores:
    """KLUE-NER's two metrics as KLUE-baseline computes them, and clean variants.

    KLUE-baseline (``klue_baseline/metrics/functional.py`` with the alignment in
    ``models/named_entity_recognition.py``) drops every " " character, wraps each
    sentence in an "O" for [CLS] and [SEP], concatenates all sentences, and then

    - entity macro F1 = seqeval ``f1_score(average="macro", mode="strict",
      scheme=IOB2)`` over that one sequence. The "O"s keep entities from running
      across sentences, so this equals seqeval's strict macro F1 per sentence
      after the spaces are removed. Quirk: without the spaces, a predicted "O"
      on a space inside an entity, or a gap at a space, goes unpunished.
    - character macro F1 = scikit-learn ``f1_score(average="macro",
      labels=all 13 tags, zero_division=True)``. Quirks: "O" is one of the 13
      labels averaged (the docstring says "except O tag"; the code includes it),
      a tag absent from gold and predictions scores 1.0, and the two [CLS]/[SEP]
      "O"s per sentence count as correct characters (we assume the model
      predicts "O" there; KLUE scores the model's actual output at those slots).

    Not reproduced: KLUE-baseline also truncates sentences longer than its
    ``max_seq_length`` (128 subword tokens) and scores only the kept prefix;
    that depends on the tokenizer, so every character is scored here.

    Clean variants: ``char_macro_f1_clean`` keeps every character, adds no
    [CLS]/[SEP], averages over the 12 entity tags seen in gold or predictions
    (no O, no free 1.0s). The clean entity score is the strict macro F1 of
    ``score_tags`` on the unmodified characters.
    """

    def __init__(
        self,
        chars: Sequence[Sequence[str]],
        gold: Sequence[Sequence[str]],
        pred: Sequence[Sequence[str]],
        doc_of_sentence: np.ndarray | None = None,
        n_docs: int | None = None,
    ) -> None:
        if doc_of_sentence is None:
            doc_of_sentence, n_docs = np.arange(len(gold)), len(gold)
        codes = tag_codes(KLUE_TAGS)
        g, starts = flatten_tags(gold, codes)
        p, _ = flatten_tags(pred, codes)
        n_sent = len(gold)
        lengths = np.diff(np.append(starts, len(g)))
        sent_of_pos = np.repeat(np.arange(n_sent), lengths)
        doc_of_pos = doc_of_sentence[sent_of_pos]
        text = "".join("".join(c) for c in chars)
        if len(text) != len(g):
            raise ValueError(f"{len(text)} characters but {len(g)} tags")
        keep = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) != ord(" ")

        # Entity macro F1 on the space-free sequences.
        kept_len = np.bincount(sent_of_pos[keep], minlength=n_sent)
        k_starts = np.zeros(n_sent, dtype=np.int64)
        np.cumsum(kept_len[:-1], out=k_starts[1:])
        self.doc_entity, _, _ = strict_doc_counts(
            decode_codes(g[keep], k_starts),
            decode_codes(p[keep], k_starts),
            len(KLUE_TAGS),
            doc_of_sentence,
            n_docs,
            int(keep.sum()) + 1,
        )
        # Character counts in KLUE_BIO_TAGS order (the ClassLabel order).
        to_klue = np.array([KLUE_BIO_TAGS.index(t) for t in codes])
        gi, pi = to_klue[g], to_klue[p]
        o = KLUE_BIO_TAGS.index("O")
        self.doc_char_clean = _char_counts(gi, pi, doc_of_pos, n_docs)
        quirk = _char_counts(gi[keep], pi[keep], doc_of_pos[keep], n_docs)
        quirk[:, o, 0] += 2 * np.bincount(doc_of_sentence, minlength=n_docs)  # [CLS], [SEP]
        self.doc_char = quirk

    @property
    def entity_macro_f1(self) -> float:
        tp, fp, fn = (self.doc_entity[:, :, i].sum(0) for i in range(3))
        return seqeval_macro(tp, fp, fn, KLUE_TAGS)[2]

    @property
    def char_macro_f1(self) -> float:
        return float(char_macro_f1_klue(self.doc_char.sum(0)[None])[0])

    @property
    def char_macro_f1_clean(self) -> float:
        value = char_macro_f1_clean(self.doc_char_clean.sum(0)[None])[0]
        return 0.0 if np.isnan(value) else float(value)


def _char_counts(gold: np.ndarray, pred: np.ndarray, doc: np.ndarray, n_docs: int) -> np.ndarray:
    n_t = len(KLUE_BIO_TAGS)
    size = n_docs * n_t
    hit = gold == pred
    tp = np.bincount(doc[hit] * n_t + gold[hit], minlength=size)
    fp = np.bincount(doc[~hit] * n_t + pred[~hit], minlength=size)
    fn = np.bincount(doc[~hit] * n_t + gold[~hit], minlength=size)
    return np.stack([tp, fp, fn], axis=-1).reshape(n_docs, n_t, 3)


# --- batch statistics for the bootstrap: (resamples, ..., 3 or 5) -> (resamples,) ---
# A resample can hold no gold and no predicted item at all (it drew only empty
# documents); its F1 is undefined, so these return nan there and the bootstrap
# leaves such resamples out instead of counting them as 0.


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den != 0)


def _f1(p: np.ndarray, r: np.ndarray) -> np.ndarray:
    return _safe_div(2.0 * p * r, p + r)


def _undefined_as_nan(values: np.ndarray, defined: np.ndarray) -> np.ndarray:
    return np.where(defined, values, np.nan)


def micro_f1(counts: np.ndarray) -> np.ndarray:
    """Strict micro F1 from summed counts of shape (B, labels, 3) or (B, 3)."""
    if counts.ndim == 3:
        counts = counts.sum(1)
    tp, fp, fn = counts[:, 0], counts[:, 1], counts[:, 2]
    f = _f1(_safe_div(tp, tp + fp), _safe_div(tp, tp + fn))
    return _undefined_as_nan(f, tp + fp + fn > 0)


def macro_f1(counts: np.ndarray) -> np.ndarray:
    """seqeval macro F1 from (B, labels, 3): mean over labels with any count."""
    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]
    f = _f1(_safe_div(tp, tp + fp), _safe_div(tp, tp + fn))
    present = (tp + fp + fn) > 0
    n = present.sum(1)
    return _undefined_as_nan(_safe_div((f * present).sum(1), n), n > 0)


def category_f1(counts: np.ndarray) -> np.ndarray:
    """nervaluate F1 from category counts (B, 5)."""
    c, inc, par, mis, spu = (counts[:, i] for i in range(5))
    hit = c + 0.5 * par
    f = _f1(_safe_div(hit, c + inc + par + spu), _safe_div(hit, c + inc + par + mis))
    return _undefined_as_nan(f, counts.sum(1) > 0)


def char_macro_f1_klue(counts: np.ndarray) -> np.ndarray:
    """scikit-learn's macro F1 over all 13 tags with zero_division=1 (B, 13, 3)."""
    tp, fp, fn = counts[..., 0], counts[..., 1], counts[..., 2]
    den = 2 * tp + fp + fn
    f = np.where(den > 0, _safe_div(2.0 * tp, den), 1.0)
    return f.mean(1)


def char_macro_f1_clean(counts: np.ndarray) -> np.ndarray:
    """Macro F1 over the 12 entity tags seen in gold or predictions (B, 13, 3)."""
    entity_tags = [i for i, t in enumerate(KLUE_BIO_TAGS) if t != "O"]
    return macro_f1(counts[:, entity_tags])
