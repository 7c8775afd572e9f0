"""konews.evaluate.bootstrap: intervals and the paired test against a plain loop over resamples."""

from __future__ import annotations

import numpy as np
import pytest

from konews.evaluate.bootstrap import Statistic, bootstrap_intervals, paired_bootstrap
from konews.evaluate.statistics import micro_f1


def micro(name: str, doc_counts: np.ndarray) -> Statistic:
    summed = doc_counts.sum(0)[None]
    return Statistic(name, float(micro_f1(summed)[0]), doc_counts, micro_f1)


def random_doc_counts(seed: int, n_docs: int = 30) -> np.ndarray:
    """Per-document tp/fp/fn of a decent system."""
    rng = np.random.default_rng(seed)
    tp = rng.integers(0, 12, n_docs)
    return np.stack([tp, rng.integers(0, 4, n_docs), rng.integers(0, 4, n_docs)], axis=1)


def resampled_f1_by_loop(doc_counts: list[np.ndarray], resamples: int, seed: int) -> np.ndarray:
    """The textbook procedure, one resample at a time, with the same random draws
    (the implementation draws documents in chunks of 64 resamples)."""
    rng = np.random.default_rng(seed)
    n_docs = doc_counts[0].shape[0]
    values = []
    while len(values) < resamples:
        b = min(64, resamples - len(values))
        for picks in rng.integers(0, n_docs, size=(b, n_docs)):
            values.append([micro_f1(c[picks].sum(0)[None])[0] for c in doc_counts])
    return np.array(values)


def test_intervals_are_the_percentiles_of_resampled_scores():
    counts = random_doc_counts(1)
    got = bootstrap_intervals([micro("f1", counts)], resamples=300, seed=7)
    values = resampled_f1_by_loop([counts], 300, 7)[:, 0]
    low, high = np.percentile(values, [2.5, 97.5])
    assert got == {"f1": {"low": pytest.approx(low), "high": pytest.approx(high)}}
    assert low < micro("f1", counts).value < high


def test_intervals_are_reproducible_and_depend_on_the_seed():
    stats = [micro("f1", random_doc_counts(2))]
    assert bootstrap_intervals(stats, seed=3) == bootstrap_intervals(stats, seed=3)
    assert bootstrap_intervals(stats, seed=3) != bootstrap_intervals(stats, seed=4)


def test_identical_documents_give_a_zero_width_interval():
    counts = np.tile([[4, 1, 2]], (20, 1))
    stat = micro("f1", counts)
    iv = bootstrap_intervals([stat], resamples=200)["f1"]
    assert iv["low"] == pytest.approx(stat.value) and iv["high"] == pytest.approx(stat.value)


def test_confidence_level_sets_the_width():
    stats = [micro("f1", random_doc_counts(5))]
    wide = bootstrap_intervals(stats, resamples=500, confidence=0.99)["f1"]
    narrow = bootstrap_intervals(stats, resamples=500, confidence=0.5)["f1"]
    assert wide["low"] < narrow["low"] < narrow["high"] < wide["high"]


def test_no_documents_no_intervals():
    assert bootstrap_intervals([micro("f1", np.zeros((0, 3), dtype=np.int64))]) == {}


@pytest.mark.parametrize("resamples", [0, -5])
def test_resamples_must_be_positive(resamples):
    with pytest.raises(ValueError, match="resamples must be at least 1"):
        bootstrap_intervals([micro("f1", random_doc_counts(0))], resamples=resamples)


def test_paired_test_equals_berg_kirkpatrick_by_loop():
    a, b = random_doc_counts(10), random_doc_counts(11)
    b[:, 0] = np.maximum(b[:, 0] - 1, 0)  # B a little worse
    got = paired_bootstrap([micro("f1", a)], [micro("f1", b)], resamples=400, seed=9)["f1"]
    values = resampled_f1_by_loop([a, b], 400, 9)
    delta = micro("f1", a).value - micro("f1", b).value
    assert delta > 0 and got["better"] == "a"
    assert got["delta"] == pytest.approx(delta)
    assert got["p_value"] == pytest.approx(np.mean(values[:, 0] - values[:, 1] > 2 * delta))


def test_paired_test_runs_for_whichever_system_is_ahead():
    a, b = random_doc_counts(12), random_doc_counts(12)
    b[:, 1] += 3  # B makes more false positives everywhere
    ab = paired_bootstrap([micro("f1", a)], [micro("f1", b)], resamples=200)["f1"]
    ba = paired_bootstrap([micro("f1", b)], [micro("f1", a)], resamples=200)["f1"]
    assert (ab["better"], ba["better"]) == ("a", "b")
    assert ab["p_value"] == ba["p_value"] < 0.01


def test_identical_systems_tie_with_p_one():
    counts = random_doc_counts(13)
    got = paired_bootstrap([micro("f1", counts)], [micro("f1", counts)], resamples=100)["f1"]
    assert (got["better"], got["delta"], got["p_value"]) == ("tie", 0.0, 1.0)


def test_an_advantage_from_one_document_is_not_significant():
    a = np.tile([[5, 2, 2]], (40, 1))
    b = a.copy()
    b[0] = [0, 5, 7]  # B fails on one document only
    got = paired_bootstrap([micro("f1", a)], [micro("f1", b)], resamples=1000)["f1"]
    assert got["better"] == "a" and got["p_value"] > 0.2


def test_paired_test_needs_the_same_statistics():
    counts = random_doc_counts(0)
    with pytest.raises(ValueError, match="same statistics"):
        paired_bootstrap([micro("f1", counts)], [micro("other", counts)])
