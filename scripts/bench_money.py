"""Benchmark the money normalizer on the KLUE-NER dev sentences.

Prints the size of the text, ``find_money`` throughput (MB/s of UTF-8 text,
best of 3 runs), with ``--baseline REV`` the throughput of the normalizer as
it was at git revision REV measured in the same run on the same text (and
which mentions differ), and how well its spans match KLUE's money-looking QT spans,
i.e. the QT spans whose text contains a currency word, symbol or code. KLUE
has no MONEY tag, so this is a proxy: KLUE's QT guidelines differ from ours
on hedges (이상, 정도 ...), and precision counts every mention we find,
including those KLUE leaves untagged.

    .venv/bin/python scripts/bench_money.py [--klue PATH] [--examples N] [--baseline REV]

KLUE text is only printed, never written to a file.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import pkgutil
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from konews.corpus.klue import DEFAULT_KLUE_DEV, klue_spans, read_klue_tsv
from konews.paths import REPO_ROOT
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
    parser.add_argument(
        "--baseline", metavar="REV",
        help="also time the normalizer at this git revision (e.g. main) on the same text",
    )  # fmt: skip
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

    if args.baseline:
        try:
            old_find = _find_money_at(args.baseline)
        except (OSError, subprocess.CalledProcessError) as e:
            print(
                f"bench_money: cannot load the normalizer at {args.baseline}: {e}", file=sys.stderr
            )
            return 2
        old_best, old_predicted = _timed(old_find, texts)
        print(
            f"find_money at {args.baseline}: {megabytes / old_best:.2f} MB/s (best of 3: {old_best:.3f} s)"
        )
    best, predicted = _timed(find_money, texts)
    print(f"find_money now: {megabytes / best:.2f} MB/s (best of 3: {best:.3f} s)")
    print(f"mentions found: {sum(map(len, predicted))}")
    if args.baseline:
        changed = [
            (t, [_key(m) for m in old], [_key(m) for m in new])
            for t, old, new in zip(texts, old_predicted, predicted, strict=True)
            if [_key(m) for m in old] != [_key(m) for m in new]
        ]
        print(f"sentences whose mentions changed since {args.baseline}: {len(changed)}")
        for _, old, new in changed[: args.examples]:
            print(f"  before {old}  now {new}")

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


def _timed(find: Callable, texts: list[str]) -> tuple[float, list]:
    best, predicted = float("inf"), []
    for _ in range(3):
        t0 = time.perf_counter()
        predicted = [find(t) for t in texts]
        best = min(best, time.perf_counter() - t0)
    return best, predicted


def _key(m) -> tuple:
    return (m.text, m.amount, m.amount_max, m.currency)


def _find_money_at(revision: str) -> Callable:
    """``find_money`` of the money normalizer as it was at a git revision,
    loaded under a private name next to the current one: the package
    konews/text/money/ (its modules import each other relatively, so it loads
    under any name), or the single module it was before."""
    name = "_konews_money_baseline"
    listed = _git("ls-tree", "-r", "--name-only", f"{revision}:konews/text/money", check=False)
    if listed.returncode == 0:
        return _load_package_at(revision, name, listed.stdout.split()).find_money
    for path in ("konews/text/money.py", "konews/money.py"):
        shown = _git("show", f"{revision}:{path}", check=False)
        if shown.returncode == 0:
            break
    else:
        raise OSError(shown.stderr.strip())
    spec = importlib.util.spec_from_loader(name, loader=None)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    exec(compile(shown.stdout, f"{revision}:{path}", "exec"), module.__dict__)
    return module.find_money


def _load_package_at(revision: str, name: str, files: list[str]) -> ModuleType:
    """The konews/text/money package at ``revision``, imported as ``name`` from
    a temporary copy; every module is imported before the copy is removed."""
    for loaded in [key for key in sys.modules if key.startswith(f"{name}.")]:
        del sys.modules[loaded]  # a copy loaded before must not serve this one
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / name
        for file in files:
            target = folder / file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_git("show", f"{revision}:konews/text/money/{file}").stdout)
        spec = importlib.util.spec_from_file_location(
            name, folder / "__init__.py", submodule_search_locations=[str(folder)]
        )
        package = importlib.util.module_from_spec(spec)
        sys.modules[name] = package  # dataclasses and relative imports look it up there
        spec.loader.exec_module(package)
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            importlib.import_module(info.name)
    return package


def _git(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True, check=check
    )


def _show(text: str, span: tuple[int, int], others: set[tuple[int, int]]) -> str:
    """The span in a little context, and the overlapping span on the other side."""
    start, end = span
    context = f"…{text[max(0, start - 12) : start]}[{text[start:end]}]{text[end : end + 12]}…"
    overlap = [text[s:e] for s, e in others if s < end and start < e]
    return context + (f"  (other side: {overlap[0]!r})" if overlap else "")


if __name__ == "__main__":
    sys.exit(main())
