"""Adapter overhead of `konews benchmark hf` on the tiny model: time in the model's
forward passes vs time in what KoNews adds (tag-to-span alignment, prediction rows,
scoring). Prints the figures.

    .venv/bin/python scripts/bench_benchmark.py [--dataset dataset] [--config entities]
                                                [--passes 5] [--batch-size 8]

The tiny model (konews.benchmark.tiny: 2 layers, hidden size 32) is the worst
case for the ratio: a real model's forward passes are hundreds of times slower,
the adapter's work is the same.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from konews import evaluate
from konews.benchmark import run, tiny
from konews.benchmark.hf import HfTagger
from konews.benchmark.sentences import load_sentences


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", default="dataset")
    ap.add_argument("--config", default="entities", choices=("entities", "ner_char"))
    ap.add_argument("--passes", type=int, default=5, help="runs over the split (default 5)")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch intra-op threads (default 1: on a shared 2-core machine torch's default "
        "of one per core made forward times swing 50x between runs)",
    )
    args = ap.parse_args()
    import torch

    torch.set_num_threads(args.threads)

    sents = load_sentences(args.dataset, args.config)
    n_chars = sum(map(len, sents.texts))
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        model = tiny.build(Path(tmp) / "tiny")
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        tagger = HfTagger(str(model), device="cpu", batch_size=args.batch_size)
        load_s = time.perf_counter() - t0
        figures: dict[str, list[float]] = {
            k: [] for k in ("forward", "pipeline", "align", "rows", "score")
        }
        for _ in range(args.passes):
            before = (tagger.timing.forward, tagger.timing.pipeline, tagger.timing.align)
            spans = tagger.predict(sents.texts, progress=False)
            after = (tagger.timing.forward, tagger.timing.pipeline, tagger.timing.align)
            for key, b, a in zip(("forward", "pipeline", "align"), before, after, strict=True):
                figures[key].append(a - b)
            t0 = time.perf_counter()
            scheme = run.scoring_scheme(args.config, tagger.tagset.scheme, None)
            rows = run.prediction_rows(sents, spans, tagger.tagset.scheme, scheme)
            figures["rows"].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            evaluate.score(args.config, sents.gold, rows, scheme=scheme, bootstrap=0)
            figures["score"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        evaluate.score(args.config, sents.gold, rows, scheme=scheme, bootstrap=1000)
        boot_s = time.perf_counter() - t0

    med = {k: statistics.median(v) for k, v in figures.items()}
    other = med["pipeline"] - med["forward"]
    adapter = med["align"] + med["rows"] + med["score"]
    print(
        f"tiny model: {tagger.parameters:,} parameters; built in {build_s:.2f} s, loaded in {load_s:.2f} s"
    )
    print(f"{args.config}/test: {len(sents.texts)} sentences, {n_chars:,} characters; batch size "
          f"{args.batch_size}, CPU, {args.threads} torch thread(s); median of {args.passes} passes")  # fmt: skip
    print()
    print(f"{'step':<52}{'ms':>9}{'per sentence':>15}")
    rows_out = [
        ("model forward passes (torch hooks)", med["forward"]),
        ("pipeline around them (tokenize, batch, softmax)", other),
        ("alignment: token tags -> spans", med["align"]),
        ("prediction rows (spans -> config format)", med["rows"]),
        ("evaluation (konews.evaluate.score, no bootstrap)", med["score"]),
        ("adapter total (alignment + rows + evaluation)", adapter),
    ]
    for name, s in rows_out:
        print(f"{name:<52}{1000 * s:>9.1f}{1e6 * s / len(sents.texts):>12.0f} us")
    print(f"{'evaluation with 1,000 bootstrap resamples (once)':<52}{1000 * boot_s:>9.1f}")
    print()
    print(f"adapter / forward passes: {adapter / med['forward']:.2f}x; "
          f"alignment alone / forward passes: {med['align'] / med['forward']:.3f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
