"""Benchmark the CRF baseline on KLUE-NER: feature extraction, one training run,
model size, tagging speed and held-out score. Prints the figures.

    .venv/bin/python scripts/bench_crf.py [--klue PATH] [--c1 0.05] [--c2 0.1]
                                          [--max-iterations 100] [--sentences N]

Trains into a temporary folder (the cache under baselines/models/ is not
touched), single process, so the training time is that of one fit on one core.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from baselines.crf import CrfTagger, featurize, strict_micro_f1
from baselines.morph import analyze, kiwi
from konews.corpus.klue import klue_spans, load_klue, split_klue
from konews.text.bio import bio_to_spans


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--klue", help="KLUE-NER v1.1 TSV (default: ../shared/...)")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--max-iterations", type=int, default=100)
    ap.add_argument("--sentences", type=int, help="use only the first N training sentences")
    args = ap.parse_args()

    sentences, source = load_klue(args.klue)
    train, held = split_klue(sentences)
    if args.sentences:
        train = train[: args.sentences]
    train_chars = sum(len(s.text) for s in train)
    held_texts = [s.text for s in held]
    held_chars = sum(map(len, held_texts))
    print(f"data: {source}: {len(train)} training sentences ({train_chars:,} chars), "
          f"{len(held)} held-out ({held_chars:,} chars)")  # fmt: skip

    t0 = time.perf_counter()
    kiwi()
    print(f"kiwipiepy model load: {time.perf_counter() - t0:.2f} s")
    t0 = time.perf_counter()
    analyze([s.text for s in train])
    t_kiwi = time.perf_counter() - t0
    print(f"kiwipiepy analysis of the training part: {t_kiwi:.2f} s "
          f"({train_chars / t_kiwi:,.0f} chars/s)")  # fmt: skip

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        featurize([s.text for s in train], cache_dir=tmp)
        print(f"features, first time (analysis + features): {time.perf_counter() - t0:.2f} s")
        t0 = time.perf_counter()
        featurize([s.text for s in train], cache_dir=tmp)
        print(f"features, analysis cached: {time.perf_counter() - t0:.2f} s")

        t0 = time.perf_counter()
        tagger = CrfTagger.train(
            train,
            held,
            grid=((args.c1, args.c2),),
            max_iterations=args.max_iterations,
            models_dir=tmp,
            workers=1,
        )
        total = time.perf_counter() - t0
        fit = tagger.report["selected"]
        print(f"training c1={args.c1} c2={args.c2} max_iterations={args.max_iterations}: "
              f"fit {fit['train_seconds']:.1f} s, with features and held-out scoring {total:.1f} s")  # fmt: skip
        print(f"model size: {fit['model_bytes']:,} bytes ({fit['model_bytes'] / 1e6:.2f} MB)")

        t0 = time.perf_counter()
        feats = featurize(held_texts)
        t_feat = time.perf_counter() - t0
        t0 = time.perf_counter()
        tags = tagger.tag(feats)
        t_tag = time.perf_counter() - t0
        print(f"tagging {held_chars:,} held-out chars: {held_chars / (t_feat + t_tag):,.0f} chars/s "
              f"end to end (kiwipiepy {t_feat:.2f} s, CRF {t_tag:.2f} s = "
              f"{held_chars / t_tag:,.0f} chars/s)")  # fmt: skip
        f1 = strict_micro_f1([klue_spans(s) for s in held], [bio_to_spans(t) for t in tags])
        print(f"held-out strict micro F1: {100 * f1:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
