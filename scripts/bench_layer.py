"""Benchmark the KLUE news layer's build path: hydration, checks, the dataset build, and the
whole `konews build` / `konews validate` commands as a user runs them.

Prints one line per step with wall-clock seconds (best of --repeat) and the peak resident
memory of this process. Needs KLUE-NER v1.1 dev (../shared/data/klue-ner-v1.1/, --klue PATH or
KONEWS_KLUE). The targets of issue 10 on a 2-core machine: build with the layer <= 30 s,
validate of the whole gold <= 10 s.

    .venv/bin/python scripts/bench_layer.py
    .venv/bin/python scripts/bench_layer.py --repeat 5 --klue /path/to/klue-ner-v1.1_dev.tsv
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from konews.dataset.build import build_dataset
from konews.labelstudio.gold import load_gold_export
from konews.layer.load import load_layer
from konews.paths import REPO_ROOT


def best(fn, repeat: int) -> tuple[object, float]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return out, min(times)


def command(args: list[str], repeat: int) -> float:
    def run():
        subprocess.run(args, cwd=REPO_ROOT, check=True, capture_output=True)

    return best(run, repeat)[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--klue", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    konews = [sys.executable, "-m", "konews"]
    klue = ["--klue", str(args.klue)] if args.klue else []

    seed, t = best(lambda: load_gold_export(REPO_ROOT / "annotation"), args.repeat)
    print(f"read the articles' gold export ({len(seed)} documents):      {t:6.2f} s")
    layer, t = best(
        lambda: load_layer(REPO_ROOT / "annotation" / "klue", args.klue, hub=False), args.repeat
    )
    if not layer.documents:
        print(f"no KLUE layer: {layer.message}")
        return 2
    print(f"read + hydrate the layer ({len(layer.documents)} sentences):        {t:6.2f} s")
    docs = [*seed, *layer.documents]
    extra = {"klue_errata.jsonl": layer.errata} if layer.errata else None
    with tempfile.TemporaryDirectory(prefix="konews-bench-") as tmp:
        out = Path(tmp) / "dataset"
        _, t = best(lambda: build_dataset(docs, out, extra=extra), args.repeat)
        print(f"build_dataset, both parts (in process):           {t:6.2f} s")
        t = command([*konews, "build", *klue, "--out", str(out), "--no-hub"], args.repeat)
        print(f"`konews build` (whole command, new process):      {t:6.2f} s   target <= 30 s")
    t = command([*konews, "validate"], args.repeat)
    print(f"`konews validate` (whole gold, new process):      {t:6.2f} s   target <= 10 s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process:                         {peak:6.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
