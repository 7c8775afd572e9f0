"""Benchmark `konews build` on synthetic corpora: build time and peak memory per size.

Each size runs in a fresh subprocess (so peak RSS is that build's alone):
the synthetic documents are generated (timed apart), then built into a
temporary folder with ``konews.dataset.build.build_dataset``, which checks them,
writes every config and split, and renders the card. A second subprocess per
size measures the Python heap peak of the build step alone with tracemalloc
(slower, so its time is not reported).

    .venv/bin/python scripts/bench_build.py              # 1k, 3k, 10k documents
    .venv/bin/python scripts/bench_build.py 500 2000     # other sizes
    .venv/bin/python scripts/bench_build.py --repeat 3   # best of 3 timings per size

Times are wall-clock; on a shared machine take the best of several runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def measure(n: int, heap: bool) -> dict:
    """Run in the child: build n synthetic documents, return the figures."""
    import tracemalloc

    from konews.corpus.synthetic import synthetic_documents
    from konews.dataset.build import build_dataset

    rss_imports = _rss_mib()
    t0 = time.perf_counter()
    docs = synthetic_documents(n, seed=0)
    generate = time.perf_counter() - t0
    rss_docs = _rss_mib()
    with tempfile.TemporaryDirectory(prefix="konews-bench-") as tmp:
        if heap:
            tracemalloc.start()
        t0 = time.perf_counter()
        report = build_dataset(docs, Path(tmp) / "dataset")
        build = time.perf_counter() - t0
        heap_peak = tracemalloc.get_traced_memory()[1] / 2**20 if heap else None
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
    return {
        "documents": n,
        "sentences": sum(len(d.sentences) for d in docs),
        "characters": sum(len(d.text) for d in docs),
        "rows": sum(f.rows for f in report.files),
        "bytes": size,
        "generate_s": generate,
        "build_s": build,
        "rss_after_imports_mib": rss_imports,
        "rss_after_generate_mib": rss_docs,
        "rss_peak_mib": _rss_mib(),
        "heap_peak_mib": heap_peak,
    }


def _child(n: int, heap: bool) -> dict:
    cmd = [sys.executable, __file__, "--child", str(n)] + (["--heap"] if heap else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 3000, 10000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest counts")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--heap", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.heap)))
        return
    results = []
    for n in args.sizes:
        runs = [_child(n, heap=False) for _ in range(max(args.repeat, 1))]
        r = min(runs, key=lambda run: run["build_s"])
        r["generate_s"] = min(run["generate_s"] for run in runs)
        r["heap_peak_mib"] = _child(n, heap=True)["heap_peak_mib"]
        results.append(r)
        print(
            f"{n:>6} docs {r['sentences']:>7} sentences {r['characters'] / 1e6:6.2f} M chars "
            f"{r['rows']:>7} rows {r['bytes'] / 2**20:7.1f} MiB written | generate "
            f"{r['generate_s']:6.2f} s  build {r['build_s']:6.2f} s "
            f"({r['documents'] / r['build_s']:,.0f} docs/s) | RSS after imports "
            f"{r['rss_after_imports_mib']:5.0f} MiB, after generating {r['rss_after_generate_mib']:5.0f} "
            f"MiB, peak {r['rss_peak_mib']:5.0f} MiB | build heap peak (tracemalloc) "
            f"{r['heap_peak_mib']:6.1f} MiB",
            flush=True,
        )
    base = results[0]
    print(f"\ngrowth relative to {base['documents']} documents (linear = the size ratio):")
    for r in results[1:]:
        ratio = r["documents"] / base["documents"]
        print(
            f"  x{ratio:<5.1f} documents: build time x{r['build_s'] / base['build_s']:.2f}, "
            f"build heap peak x{r['heap_peak_mib'] / base['heap_peak_mib']:.2f}, "
            f"peak RSS above imports x{(r['rss_peak_mib'] - r['rss_after_imports_mib']) / max(base['rss_peak_mib'] - base['rss_after_imports_mib'], 1e-9):.2f}"
        )


if __name__ == "__main__":
    main()
