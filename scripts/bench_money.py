"""Benchmark the money normalizer on the KLUE-NER dev sentences.

Prints the size of the text, ``find_money`` throughput (MB/s of UTF-8 text,
best of 3 runs) and how well its spans match KLUE's money-looking QT spans,
i.e. the QT spans whose text contains a currency word, symbol or code. KLUE
has no MONEY tag, so this is a proxy: KLUE's QT guidelines differ from ours
on hedges (이상, 정도 ...), and precision counts every mention we find,
including those KLUE leaves untagged.

    .venv/bin/python scripts/bench_money.py [--klue PATH] [--examples N]

KLUE text is only printed, never written to a file.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from konews.corpus.klue import DEFAULT_KLUE_DEV, klue_spans, read_klue_tsv
from konews.schema import CURRENCIES
from konews.text.money import HEDGE_PREFIXES, HEDGE_SUFFIXES, MoneyMention, find_money

# What makes a KLUE QT span "money-looking": any currency word, symbol or code.
# Deliberately looser than the normalizer's grammar, so that what it misses
# shows up as a recall error instead of silently leaving the gold.
MONEY_LOOKING = re.compile(
    "원|달러|유로|엔|위안|파운드|프랑|센트|[$＄₩￦€£¥￥]|" + "|".join(CURRENCIES)
)


# KLUE leaves most hedge words outside its QT spans (약 [2억원], [3억원] 이상);
# the lenient score also accepts our span with them trimmed.
_HEDGES = re.compile(
    rf"^(?:(?:{'|'.join(HEDGE_PREFIXES)}) ?)+|(?: ?(?:{'|'.join(HEDGE_SUFFIXES)})|대)$"
)


def _trimmed(m: MoneyMention) -> tuple[int, int]:
    start, end = m.start, m.end
    while (h := _HEDGES.search(m.text, start - m.start, end - m.start)) is not None and h.group():
        if h.start() == start - m.start:
            start = m.start + h.end()
        else:
            end = m.start + h.start()
    return start, end


def _prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"tp={tp} fp={fp} fn={fn}  precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--klue", type=Path, default=DEFAULT_KLUE_DEV, help="KLUE-NER v1.1 TSV")
    parser.add_argument("--examples", type=int, default=8, help="mismatches to show per kind")
    args = parser.parse_args(argv)
    if not args.klue.is_file():
        print(
            f"bench_money: KLUE-NER file not found: {args.klue.name} "
            "(expected ../shared/data/klue-ner-v1.1/ next to the checkout); pass --klue PATH",
            file=sys.stderr,
        )
        return 2

    sentences = read_klue_tsv(args.klue)
    texts = [s.text for s in sentences]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"sentences: {len(texts)}")
    print(f"text: {megabytes:.3f} MB UTF-8, {sum(map(len, texts))} characters")

    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        predicted = [find_money(t) for t in texts]
        best = min(best, time.perf_counter() - t0)
    print(f"find_money: {megabytes / best:.2f} MB/s (best of 3: {best:.3f} s)")
    print(f"mentions found: {sum(map(len, predicted))}")

    tp = fp = fn = 0
    lenient_tp = 0
    missed: list[str] = []
    spurious: list[str] = []
    for sentence, mentions in zip(sentences, predicted, strict=True):
        text = sentence.text
        gold = {
            (s.start, s.end)
            for s in klue_spans(sentence)
            if s.label == "QT" and MONEY_LOOKING.search(text[s.start : s.end])
        }
        pred = {(m.start, m.end) for m in mentions}
        tp += len(gold & pred)
        lenient_tp += sum(1 for m in mentions if {(m.start, m.end), _trimmed(m)} & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
        missed += [_show(text, span, pred) for span in sorted(gold - pred)]
        spurious += [_show(text, span, gold) for span in sorted(pred - gold)]

    n_gold, n_pred = tp + fn, tp + fp
    print(f"KLUE money-looking QT spans: {n_gold}")
    print(f"exact span match:            {_prf(tp, fp, fn)}")
    print(
        "hedge words trimmed (lenient): "
        + _prf(lenient_tp, n_pred - lenient_tp, n_gold - lenient_tp)
    )
    for title, rows in (("KLUE span not found", missed), ("found, not a KLUE span", spurious)):
        print(f"\n{title} ({len(rows)}), first {min(len(rows), args.examples)}:")
        for row in rows[: args.examples]:
            print(f"  {row}")
    return 0


def _show(text: str, span: tuple[int, int], others: set[tuple[int, int]]) -> str:
    """The span in a little context, and the overlapping span on the other side."""
    start, end = span
    context = f"…{text[max(0, start - 12) : start]}[{text[start:end]}]{text[end : end + 12]}…"
    overlap = [text[s:e] for s, e in others if s < end and start < e]
    return context + (f"  (other side: {overlap[0]!r})" if overlap else "")


if __name__ == "__main__":
    sys.exit(main())
