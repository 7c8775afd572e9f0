"""Benchmark the KoNews scorer against seqeval on 50,000 sentences, and the bootstrap.

KLUE-NER dev (5,000 sentences) is replicated ten times; every copy of a
sentence gets its own corrupted prediction (entities dropped, relabelled,
shrunk, plus random tag noise). Both scorers run on the same tags in the same
process; the script fails if any number differs, and prints the times:

    .venv/bin/python scripts/bench_metrics.py [--klue PATH] [--copies 10] [--resamples 1000]

Targets (issue 4): at least 20x faster than seqeval with identical numbers, and
a 1,000-resample bootstrap in under 10 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import warnings

import numpy as np
from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from konews.corpus.klue import load_klue
from konews.evaluate.bootstrap import Statistic, bootstrap_intervals
from konews.evaluate.counts import Counts
from konews.evaluate.klue_metric import KlueScores
from konews.evaluate.span_arrays import decode_codes, seqeval_macro, strict_doc_counts, tag_codes
from konews.evaluate.spans import MODES, flatten_tags, score_spans, score_tags
from konews.evaluate.statistics import category_f1, macro_f1, micro_f1
from konews.records import Span
from konews.schema import KLUE_BIO_TAGS, KLUE_TAGS
from konews.text.bio import bio_to_spans, spans_to_bio


def corrupt(tags: tuple[str, ...], rng: random.Random) -> list[str]:
    spans = []
    for s in bio_to_spans(tags):
        r = rng.random()
        if r < 0.08:
            continue
        if r < 0.16:
            s = Span(s.start, s.end, rng.choice(KLUE_TAGS))
        elif r < 0.24 and s.end - s.start > 2:
            s = Span(s.start + rng.choice((0, 1)), s.end - rng.choice((0, 1)), s.label)
        spans.append(s)
    out = spans_to_bio(len(tags), spans)
    for i in range(len(out)):
        if rng.random() < 0.01:
            out[i] = rng.choice(KLUE_BIO_TAGS)
    return out


def strict_from_tags(gold: list, pred: list) -> dict:
    """Our strict scorer on BIO tags: per-type, micro and macro P/R/F1."""
    codes = tag_codes(KLUE_TAGS)
    g, starts = flatten_tags(gold, codes)
    p, _ = flatten_tags(pred, codes)
    n = len(gold)
    counts, _, _ = strict_doc_counts(
        decode_codes(g, starts),
        decode_codes(p, starts),
        len(KLUE_TAGS),
        np.zeros(n, dtype=np.int64),
        1,
        len(g) + 1,
    )
    tp, fp, fn = counts[0, :, 0], counts[0, :, 1], counts[0, :, 2]
    out = {
        label: Counts(int(tp[k]), int(fp[k]), int(fn[k])).scores()
        for k, label in enumerate(KLUE_TAGS)
        if tp[k] + fp[k] + fn[k]
    }
    out["micro avg"] = Counts(int(tp.sum()), int(fp.sum()), int(fn.sum())).scores()
    out["macro avg"] = seqeval_macro(tp, fp, fn, KLUE_TAGS)
    return out


def seqeval_numbers(report: dict) -> dict:
    return {
        k: (float(v["precision"]), float(v["recall"]), float(v["f1-score"]))
        for k, v in report.items()
        if k != "weighted avg"
    }


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--klue", help="KLUE-NER v1.1 dev TSV (default: ../shared/data/...)")
    ap.add_argument("--copies", type=int, default=10)
    ap.add_argument("--resamples", type=int, default=1000)
    args = ap.parse_args()

    sentences, source = load_klue(args.klue)
    rng = random.Random(0)
    gold = [list(s.tags) for s in sentences] * args.copies
    pred = [corrupt(tuple(t), rng) for t in gold]
    chars = sum(map(len, gold))
    print(f"data: {source} x {args.copies} = {len(gold):,} sentences, {chars:,} characters")
    print(f"machine: {os.cpu_count()} CPUs, numpy {np.__version__}")

    ours, t_ours = timed(strict_from_tags, gold, pred)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs, t_seqeval = timed(
            lambda: classification_report(gold, pred, mode="strict", scheme=IOB2, output_dict=True)
        )
    theirs = seqeval_numbers(theirs)
    if ours != theirs:
        print("MISMATCH between KoNews and seqeval:", file=sys.stderr)
        for k in sorted(set(ours) | set(theirs)):
            print(f"  {k}: ours {ours.get(k)} seqeval {theirs.get(k)}", file=sys.stderr)
        return 1
    micro = ours["micro avg"]
    print(f"strict micro P/R/F1 {micro[0]:.6f} {micro[1]:.6f} {micro[2]:.6f}; identical to seqeval")
    print(f"seqeval classification_report (strict, IOB2): {t_seqeval:8.3f} s")
    print(f"KoNews strict scorer from BIO tags:           {t_ours:8.3f} s")
    print(f"ratio: {t_seqeval / t_ours:.1f}x faster")

    spans_gold = [bio_to_spans(t) for t in gold]
    spans_pred = [bio_to_spans(t) for t in pred]
    lengths = [len(t) for t in gold]
    _, t_spans = timed(score_spans, spans_gold, spans_pred, KLUE_TAGS, lengths)
    full, t_full = timed(score_tags, gold, pred, KLUE_TAGS)
    print(
        f"KoNews full report (strict+exact+partial+type, per label, confusion): "
        f"{t_full:.3f} s from tags, {t_spans:.3f} s from spans"
    )
    texts = [list(s.text) for s in sentences] * args.copies
    _, t_klue = timed(KlueScores, texts, gold, pred)
    print(f"KoNews KLUE-NER entity and character macro F1: {t_klue:.3f} s")

    stats = [
        Statistic("strict_micro_f1", full.counts().f1, full.doc_strict, micro_f1),
        Statistic("strict_macro_f1", full.macro()[2], full.doc_strict, macro_f1),
    ] + [
        Statistic(f"{mode}_f1", full.categories(mode).f1, full.doc_categories[:, m], category_f1)
        for m, mode in enumerate(MODES)
        if mode != "strict"
    ]
    intervals, t_boot = timed(lambda: bootstrap_intervals(stats, resamples=args.resamples, seed=0))
    print(
        f"bootstrap: {args.resamples} resamples of {len(gold):,} documents (one per sentence), "
        f"{len(stats)} metrics: {t_boot:.3f} s"
    )
    for name, iv in intervals.items():
        print(f"  {name}: 95% CI [{iv['low']:.4f}, {iv['high']:.4f}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
