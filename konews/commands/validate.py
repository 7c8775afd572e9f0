"""``konews validate``: check a Label Studio export (by default the gold) against the schema."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

# anchored at the repository, so the gold gets its corpus check from any directory
from konews.paths import GOLD_EXPORT as GOLD


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check Label Studio exports against the schema (exit 1 if any problem)",
        description="Check offsets, labels, overlaps, money values, event roles and modality "
        "of each task, and task and document ids across the export: what passes, `konews build` "
        "builds. Every problem names the task, the region and a fix.",
    )
    p.add_argument(
        "files", nargs="*", type=Path, default=[GOLD], help="exports (default: the gold)"
    )
    p.add_argument("--annotation", choices=["latest", "ground_truth"], default="latest",
                   help="which annotation of a task to check when it has several")  # fmt: skip
    p.add_argument("--corpus", action="store_true",
                   help="also check task texts against `konews corpus` (always on for the gold)")  # fmt: skip
    p.add_argument("--normalizer", action="store_true",
                   help="also check money values against the money normalizer (always on for "
                   "the seed gold; not a validity rule: `konews build` does not check it)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print problems as JSON lines")
    p.add_argument("--klue", type=Path, default=None,
                   help="KLUE-NER v1.1 dev TSV for the KLUE news layer's text (default: "
                   "$KONEWS_KLUE, then ../shared/data/klue-ner-v1.1/)")  # fmt: skip
    p.add_argument("--no-layer", action="store_true",
                   help="do not check the KLUE news layer's gold (checked with the default gold)")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from konews.io import read_json
    from konews.labelstudio.validate import check_against_corpus, validate_file

    total = 0
    cwd = Path.cwd()
    for path in args.files:
        shown = path.relative_to(cwd) if path.is_absolute() and path.is_relative_to(cwd) else path
        seed_gold = path.resolve() == GOLD.resolve()
        problems = validate_file(
            path, which=args.annotation, normalizer=args.normalizer or seed_gold
        )
        if args.corpus or seed_gold:
            problems += check_against_corpus(read_json(path))
        total += len(problems)
        for p in problems:
            print(
                json.dumps({"file": str(shown), **asdict(p)}, ensure_ascii=False)
                if args.json
                else f"{shown}: {p}"
            )
        if not args.json:
            print(f"{shown}: {len(problems)} problem(s)")
    if args.files == [GOLD] and not args.no_layer:
        total += _validate_layer(args)
    return 1 if total else 0


def _validate_layer(args: argparse.Namespace) -> int:
    """The KLUE news layer's gold (standoff, hydrated from KLUE) under the same rules."""
    import sys

    from konews.commands.layer import check_layer_document
    from konews.layer.load import load_layer
    from konews.paths import KLUE_LAYER_DIR, shown

    where = Path(shown(KLUE_LAYER_DIR / "gold.jsonl"))
    layer = load_layer(KLUE_LAYER_DIR, args.klue, hub=False)
    if layer.missing:
        print(f"{where}: not checked: {layer.message}", file=sys.stderr)
        return 0
    if not layer.documents:
        return 0
    problems = [p for doc in layer.documents for p in check_layer_document(doc)]
    for p in problems:
        print(json.dumps({"file": str(where), "problem": p}, ensure_ascii=False) if args.json
              else f"{where}: {p}")  # fmt: skip
    if not args.json:
        print(f"{where}: {len(problems)} problem(s) in {len(layer.documents)} sentences")
    return len(problems)
