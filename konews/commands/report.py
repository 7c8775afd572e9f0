"""``konews report``: a self-contained HTML page of gold against predicted spans.

    konews report preds.jsonl --output report.html
    konews report preds.jsonl --money-predictions money.jsonl --output report.html
    konews report --gold --output gold.html

What the page shows and how to read it: docs/REPORT.md.
"""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "report",
        help="HTML error-analysis page (or the gold alone, for annotators)",
        description="Write a self-contained HTML page: every sentence with its gold and "
        "predicted entities, mismatches marked and classified, per-label F1; see docs/REPORT.md.",
    )
    p.add_argument(
        "predictions", nargs="?", metavar="PREDICTIONS", help="entities predictions JSONL"
    )
    p.add_argument("--gold", action="store_true", help="render the gold alone (no predictions)")
    p.add_argument("--output", "-o", required=True, metavar="FILE", help="HTML file to write")
    p.add_argument(
        "--dataset",
        metavar="DIR",
        default=None,
        help="dataset folder (default: the checkout's dataset/)",
    )
    p.add_argument("--split", default="test", help="split of the dataset folder (default: test)")
    p.add_argument(
        "--money-predictions",
        metavar="FILE",
        help="money-config predictions JSONL: amounts shown next to the gold ones",
    )
    p.add_argument(
        "--allow-missing",
        action="store_true",
        help="show sentences without a prediction line as predicting nothing",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.errors import KoNewsError
    from konews.io import check_output_path
    from konews.paths import DATASET_DIR, shown
    from konews.report.analysis import report_from_dataset
    from konews.report.html import write_report

    if args.gold == (args.predictions is not None):
        raise KoNewsError("give a PREDICTIONS file, or --gold for the gold alone (not both)")
    if args.gold and args.money_predictions:
        raise KoNewsError("--money-predictions needs a PREDICTIONS file, not --gold")
    check_output_path(args.output)  # before the analysis, so no computed page is lost
    report = report_from_dataset(
        args.dataset or shown(DATASET_DIR),
        args.predictions,
        split=args.split,
        money_predictions=args.money_predictions,
        allow_missing=args.allow_missing,
    )
    write_report(args.output, report)
    counts = report.kind_counts()
    found = ", ".join(
        f"{counts[k]} {k}" for k in ("missed", "spurious", "wrong_label", "wrong_boundary")
    )
    what = "gold only" if args.gold else found
    print(f"wrote {args.output}: {len(report.sentences)} sentences ({what})")
    return 0
