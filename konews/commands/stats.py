"""``konews stats``: summarize the annotated documents."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from konews.paths import GOLD_EXPORT


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stats",
        help="counts per label, per event type and per document",
        description="Summarize a Label Studio export (default: the gold).",
    )
    p.add_argument("--gold", type=Path, default=GOLD_EXPORT,
                   help="a Label Studio export (default: the repository's gold)")  # fmt: skip
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--markdown", action="store_true", help="tables for DATASHEET.md")
    fmt.add_argument("--json", action="store_true", help="machine-readable counts")
    p.add_argument("--update", type=Path, metavar="FILE",
                   help="rewrite the tables between the stats markers in FILE (e.g. DATASHEET.md)")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.errors import KoNewsError
    from konews.gold.stats import corpus_stats, replace_between_markers, stats_markdown
    from konews.io import atomic_write_text, check_output_path, read_text
    from konews.labelstudio.export import documents_from_export

    docs = documents_from_export(args.gold)
    if args.update:
        text = read_text(args.update)
        check_output_path(args.update, "--update")
        try:
            updated = replace_between_markers(text, stats_markdown(docs))
        except ValueError as e:
            raise KoNewsError(
                f"{args.update}: {e}; put the two marker lines where the tables belong"
            ) from None
        atomic_write_text(args.update, updated)
        print(f"updated the statistics in {args.update}")
    elif args.json:
        print(json.dumps(corpus_stats(docs), ensure_ascii=False, indent=2))
    else:
        print(stats_markdown(docs), end="")
    return 0
