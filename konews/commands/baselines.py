"""``konews baselines run``: train, predict, score and write ``baselines/RESULTS.md``.

    konews baselines run
    konews baselines run --klue ../shared/data/klue-ner-v1.1/klue-ner-v1.1_dev.tsv
    konews baselines run --only rules,events --dataset dataset --out baselines

See ``baselines/run.py`` for what each step does. Only a run of every baseline
into ``baselines/`` replaces RESULTS.md, results.json and the README's
leaderboard; one that had to skip a baseline writes ``RESULTS.partial.md``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "baselines",
        help="train and score the baseline taggers (writes baselines/RESULTS.md)",
        description="Reference systems of the KoNews benchmark.",
    )
    sub = p.add_subparsers(dest="baselines_command", metavar="ACTION", required=True)
    r = sub.add_parser(
        "run",
        help="train (or reuse cached models), predict on the test split, score, write RESULTS.md",
        description="Train what needs training (models cached under baselines/models/), "
        "predict on the dataset's test split, score with konews evaluate (bootstrap "
        "intervals), and write predictions/, results.json and RESULTS.md under --out.",
    )
    r.add_argument(
        "--klue",
        metavar="PATH",
        help="KLUE-NER v1.1 TSV; a path that cannot be read is an error. Default: "
        "../shared/data/klue-ner-v1.1/klue-ner-v1.1_dev.tsv next to the checkout, else the "
        "klue/klue ner config from the hub cache; when neither is found, lexicon, crf and "
        "events are skipped and the results go to RESULTS.partial.md, not the leaderboard",
    )
    r.add_argument("--dataset", metavar="DIR", help="dataset folder (default: dataset/)")
    r.add_argument("--out", metavar="DIR", help="output folder (default: baselines/)")
    r.add_argument(
        "--only",
        metavar="NAMES",
        help="comma-separated subset of rules,lexicon,crf,events (default: all)",
    )
    r.add_argument(
        "--bootstrap",
        type=int,
        default=1000,
        metavar="N",
        help="document resamples for the 95%% intervals (default 1000; 0: none)",
    )
    r.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    r.add_argument(
        "--workers", type=int, default=2, help="CRF grid points trained in parallel (default 2)"
    )
    r.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from baselines.run import (
        BASELINE_NAMES,
        LEADERBOARD_DIR,
        REPO_ROOT,
        is_leaderboard,
        run_baselines,
    )

    only = tuple(n.strip() for n in args.only.split(",") if n.strip()) if args.only else None
    out = Path(args.out) if args.out else LEADERBOARD_DIR
    # Only a run of every baseline into baselines/ stands for the leaderboard;
    # with --only or another --out the user asked for a partial or private run.
    leaderboard = is_leaderboard(out) and not only
    result = run_baselines(
        dataset=args.dataset or REPO_ROOT / "dataset",
        klue=args.klue,
        out=out,
        only=only or BASELINE_NAMES,
        bootstrap=args.bootstrap,
        seed=args.seed,
        workers=args.workers,
        leaderboard=leaderboard,
    )
    if leaderboard and result.complete:
        _update_readme(REPO_ROOT / "README.md", result.results_path)
    elif leaderboard:
        print("README.md left as it was (not every baseline ran)", file=sys.stderr)
    return 0


README_BEGIN, README_END = "<!-- results:begin -->", "<!-- results:end -->"


def _update_readme(readme: Path, results: Path) -> None:
    """Copy the leaderboard into README.md between its results markers (a test
    checks they agree), so the README shows what the last full run printed."""
    from konews.gold.stats import replace_between_markers
    from konews.io import atomic_write_text

    text = readme.read_text(encoding="utf-8")
    generated = results.read_text(encoding="utf-8")
    atomic_write_text(readme, replace_between_markers(text, generated, README_BEGIN, README_END))
    print(f"copied the leaderboard into {readme.name}", file=sys.stderr)
