"""Benchmark the Label Studio workflow: server start, push and pull of N tasks.

Prints: cold start (empty data folder: migrations), warm start (same folder),
the server's resident memory, baseline predictions for N documents, push of N
synthetic documents (gold annotations + rule predictions), a second push (the
idempotent no-op), the full export, and a pull (export + validation + diff +
write). Everything runs in a temporary folder on a loopback server.

    .venv/bin/python scripts/bench_ls.py            # N = 1000
    .venv/bin/python scripts/bench_ls.py --tasks 200
    .venv/bin/python scripts/bench_ls.py --layer    # the KLUE news layer's 2,534 sentences
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from baselines.prelabel import baseline_predictions
from konews.corpus.synthetic import synthetic_document
from konews.labelstudio.server import start_server
from konews.labelstudio.tasks import tasks_from_documents
from konews.labelstudio.validate import validate_task
from konews.labelstudio.workflow import pull, push


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def valid_documents(n: int, seed: int = 7) -> tuple[list, int]:
    """``n`` synthetic documents that ``konews validate`` accepts (pull refuses
    the rest), and how many were passed over."""
    docs, skipped, i = [], 0, 0
    while len(docs) < n:
        doc = synthetic_document(seed, i)
        i += 1
        if validate_task(tasks_from_documents([doc])[0]):
            skipped += 1
        else:
            docs.append(doc)
    return docs, skipped


def timed(fn, *args, **kw):
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return out, time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--layer", action="store_true",
                        help="push and pull the KLUE news layer's gold (needs KLUE-NER) instead "
                        "of synthetic documents")  # fmt: skip
    args = parser.parse_args()
    layer_docs = None
    if args.layer:
        from konews.layer.load import load_layer
        from konews.paths import KLUE_LAYER_DIR

        layer = load_layer(KLUE_LAYER_DIR, hub=False)
        if not layer.documents:
            print(f"--layer: {layer.message}")
            return 2
        layer_docs = layer.documents
    n = len(layer_docs) if layer_docs is not None else args.tasks
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-ls-") as tmp:
        data = Path(tmp) / "data"
        with start_server(data) as server:
            print(f"cold start (empty data folder, migrations): {server.started_in:6.1f} s")
        with start_server(data) as server:
            print(f"warm start (same folder):                   {server.started_in:6.1f} s")
            print(
                f"server RSS after start:                     {rss_mb(server.process.pid):6.0f} MB"
            )
            docs, skipped = (layer_docs, 0) if layer_docs is not None else valid_documents(n)
            if skipped:
                print(f"({skipped} synthetic documents passed over: konews validate refuses them)")
            chars = sum(len(d.text) for d in docs)
            preds, t = timed(baseline_predictions, docs, ["rules"])
            print(f"rule predictions for {n} documents ({chars} chars): {t:6.1f} s")
            with server.api() as api:
                report, t = timed(push, api, docs, project="bench", gold=docs, predictions=preds)
                print(f"push {n} tasks (annotations + predictions):   {t:6.1f} s  ({report})")
                report, t = timed(push, api, docs, project="bench", gold=docs, predictions=preds)
                print(f"push again (nothing to do):                 {t:6.1f} s  ({report})")
                export, t = timed(api.export, report.project)
                size = len(str(export).encode()) / 1e6
                print(
                    f"full JSON export of {len(export)} tasks:           {t:6.1f} s  (~{size:.0f} MB)"
                )
                gold = Path(tmp) / "gold.json"
                result, t = timed(pull, api, project="bench", gold_path=gold)
                print(f"pull {result.pulled} tasks into an empty gold:          {t:6.1f} s  "
                      f"(export + validate + diff + write {gold.stat().st_size / 1e6:.1f} MB)")  # fmt: skip
                result, t = timed(pull, api, project="bench", gold_path=gold)
                print(f"pull again (no change):                     {t:6.1f} s")
            print(
                f"server RSS after the run:                   {rss_mb(server.process.pid):6.0f} MB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
