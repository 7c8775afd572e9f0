"""Spans as flat numpy arrays, decoded from tag codes, and the strict per-document
counts over them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from konews.evaluate.counts import prf
from konews.records import Span

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
    array form of ``konews.text.bio.bio_to_spans`` (a test proves them equal): an
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
