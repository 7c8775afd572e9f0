"""Document-level bootstrap: confidence intervals and the paired significance test.

A test set of a few dozen documents gives F1 scores that move by points when
a handful of documents change, and sentences of one document are not
independent. So we resample *documents* with replacement (Efron's
nonparametric bootstrap), seeded, and re-score each resample from per-document
count vectors: every metric here is a function of counts that add up over
documents (tp/fp/fn, nervaluate categories, character counts), so a resample's
counts are one weighted sum, ``W @ C``, computed for many resamples at once.

- ``bootstrap_intervals``: the percentile interval (default 95%) of each metric
  over ``resamples`` resampled test sets. A resample with no gold and no
  predicted item (only empty documents drawn) has no F1 and is left out.
- ``paired_bootstrap``: Berg-Kirkpatrick, Burkett and Klein (2012), "An
  Empirical Investigation of Statistical Significance in NLP", section 2: for
  systems A and B scored on the same resampled documents, with observed
  difference ``d = m(A) - m(B) > 0``, the p-value is the share of resamples
  with ``d_i > 2 d`` (the bootstrap distribution is centred on ``d``, not on
  the null hypothesis ``d = 0``, hence the ``2 d``). The test is run for the
  system that is ahead; ``d == 0`` gives p = 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 0
DEFAULT_CONFIDENCE = 0.95
_CHUNK = 64  # resamples per matrix product; fixed so results do not depend on memory


@dataclass(frozen=True)
class Statistic:
    """A metric that the bootstrap can recompute.

    ``doc_counts`` has one row per document, ``(docs, *shape)``, of counts that
    add up over documents; ``fn`` maps summed counts ``(resamples, *shape)`` to
    the metric, ``(resamples,)``. ``value`` is the metric on the full test set
    as reported (it may be computed more exactly than ``fn`` does).
    """

    name: str
    value: float
    doc_counts: np.ndarray
    fn: Callable[[np.ndarray], np.ndarray]


def _resampled(stats: Sequence[Statistic], resamples: int, seed: int) -> Iterator[list[np.ndarray]]:
    """Yield, per chunk of resamples, each statistic's values on the resampled documents."""
    n_docs = stats[0].doc_counts.shape[0]
    flat = [s.doc_counts.reshape(n_docs, -1).astype(np.float64) for s in stats]
    widths = np.cumsum([0] + [f.shape[1] for f in flat])
    counts = np.hstack(flat)
    rng = np.random.default_rng(seed)
    done = 0
    while done < resamples:
        b = min(_CHUNK, resamples - done)
        picks = rng.integers(0, n_docs, size=(b, n_docs))
        # Row r of `weights` says how often resample r drew each document.
        rows = (np.arange(b)[:, None] * n_docs + picks).ravel()
        weights = np.bincount(rows, minlength=b * n_docs).reshape(b, n_docs)
        summed = weights.astype(np.float64) @ counts
        yield [
            s.fn(summed[:, widths[i] : widths[i + 1]].reshape(b, *s.doc_counts.shape[1:]))
            for i, s in enumerate(stats)
        ]
        done += b


def _check(stats: Sequence[Statistic], resamples: int) -> int:
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, got {resamples}")
    n_docs = {s.doc_counts.shape[0] for s in stats}
    if len(n_docs) > 1:
        raise ValueError(f"statistics disagree on the number of documents: {sorted(n_docs)}")
    return n_docs.pop() if n_docs else 0


def bootstrap_intervals(
    stats: Sequence[Statistic],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    confidence: float = DEFAULT_CONFIDENCE,
) -> dict[str, dict[str, float]]:
    """``{name: {"low": ..., "high": ...}}``: percentile intervals of each statistic."""
    if not stats or _check(stats, resamples) == 0:
        return {}
    values = np.concatenate(
        [np.stack(chunk, axis=1) for chunk in _resampled(stats, resamples, seed)]
    )
    tail = (1.0 - confidence) / 2 * 100
    out = {}
    for s, column in zip(stats, values.T, strict=True):
        defined = column[~np.isnan(column)]
        if len(defined):
            low, high = np.percentile(defined, [tail, 100 - tail])
            out[s.name] = {"low": float(low), "high": float(high)}
    return out


def paired_bootstrap(
    stats_a: Sequence[Statistic],
    stats_b: Sequence[Statistic],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> dict[str, dict]:
    """Paired test per statistic (matched by name) of systems A and B on the same documents.

    Returns ``{name: {"a", "b", "delta", "better", "p_value"}}``; ``delta`` is
    ``a - b``, ``better`` is "a", "b" or "tie", and ``p_value`` is the chance of
    an advantage this large if the better system were not better.
    """
    names = [s.name for s in stats_a]
    if names != [s.name for s in stats_b]:
        raise ValueError("systems A and B must have the same statistics in the same order")
    if not stats_a or _check([*stats_a, *stats_b], resamples) == 0:
        return {}
    delta = np.array([a.value - b.value for a, b in zip(stats_a, stats_b, strict=True)])
    exceed = np.zeros(len(names), dtype=np.int64)
    defined = np.zeros(len(names), dtype=np.int64)
    n = len(names)
    for chunk in _resampled([*stats_a, *stats_b], resamples, seed):
        d_i = np.stack(chunk[:n], axis=1) - np.stack(chunk[n:], axis=1)
        exceed += np.where(delta > 0, d_i > 2 * delta, d_i < 2 * delta).sum(0)
        defined += (~np.isnan(d_i)).sum(0)  # nan compares False, so it never exceeds
    out = {}
    for k, (a, b) in enumerate(zip(stats_a, stats_b, strict=True)):
        better = "a" if delta[k] > 0 else "b" if delta[k] < 0 else "tie"
        p = 1.0 if better == "tie" or not defined[k] else float(exceed[k] / defined[k])
        out[a.name] = {
            "a": a.value,
            "b": b.value,
            "delta": float(delta[k]),
            "better": better,
            "p_value": p,
        }
    return out
