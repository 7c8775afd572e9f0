"""Batch statistics for the bootstrap: count arrays of shape (resamples, ..., 3 or 5)
-> (resamples,)."""

from __future__ import annotations

import numpy as np

from konews.schema import KLUE_BIO_TAGS

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
