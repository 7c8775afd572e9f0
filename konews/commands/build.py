"""``konews build``: the gold in ``annotation/`` -> the Hugging Face dataset folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="build the Hugging Face dataset folder from the gold",
        description="Read the gold Label Studio export (ANNOTATION/gold.json), check it, and "
        "write the dataset folder: one JSONL file per config and split, and the card README.md "
        "with typed features and generated statistics. The folder is replaced only when the "
        "whole build succeeded.",
    )
    p.add_argument("--annotation", type=Path, default=None,
                   help="folder holding gold.json (default: the checkout's annotation/)")  # fmt: skip
    p.add_argument("--out", type=Path, default=None,
                   help="dataset folder (default: the checkout's dataset/)")  # fmt: skip
    p.add_argument("--check", action="store_true",
                   help="write nothing; exit 1 if the folder differs from a fresh build")  # fmt: skip
    p.add_argument("--standoff", action="store_true",
                   help="leave the publishers' text out (restore it with `konews hydrate`)")  # fmt: skip
    p.add_argument("--klue", type=Path, default=None,
                   help="KLUE-NER v1.1 dev TSV for the KLUE news layer's text (default: "
                   "$KONEWS_KLUE, ../shared/data/klue-ner-v1.1/, then the hub's klue/klue)")  # fmt: skip
    p.add_argument("--no-hub", action="store_true",
                   help="do not try the Hugging Face hub for the KLUE layer's text")  # fmt: skip
    p.add_argument("--allow-removals", action="store_true",
                   help="let the build drop documents that the dataset folder has")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.dataset.build import build_dataset, stale_files
    from konews.dataset.features import CARD
    from konews.errors import KoNewsError
    from konews.labelstudio.gold import load_gold_export
    from konews.layer.load import load_layer
    from konews.paths import ANNOTATION_DIR, DATASET_DIR, shown

    args.annotation = args.annotation or Path(shown(ANNOTATION_DIR))
    args.out = args.out or Path(shown(DATASET_DIR))
    if args.out.exists() and not args.out.is_dir():
        raise KoNewsError(
            f"--out {args.out}: a file, not a folder; pass the dataset folder to write "
            "(it is created when missing), e.g. --out dataset"
        )
    documents = load_gold_export(args.annotation)
    layer = load_layer(args.annotation / "klue", args.klue, hub=not args.no_hub)
    if layer.documents or layer.missing:
        print(layer.message, file=sys.stderr)
    documents = [*documents, *layer.documents]
    extra = {"klue_errata.jsonl": layer.errata} if layer.errata is not None else None
    if args.check:
        # Without the layer's text the card, licence and errata of the full build cannot be
        # made here; the articles' data files still are checked.
        unchecked = [CARD, "LICENSE.md", "klue_errata.jsonl"] if layer.missing else []
        stale = stale_files(
            documents, args.out, standoff=args.standoff, extra=extra, unchecked=unchecked
        )
        if stale:
            print(
                f"konews build --check: {args.out} is stale against {args.annotation}/gold.json "
                f"({len(stale)} file(s)):\n  "
                + "\n  ".join(stale)
                + "\nRun `konews build"
                + (" --standoff" if args.standoff else "")
                + f" --out {args.out}` and commit it.",
                file=sys.stderr,
            )
            return 1
        note = f" (not checked without the KLUE layer: {', '.join(unchecked)})" if unchecked else ""
        print(f"{args.out} is up to date with {args.annotation}/gold.json{note}")
        return 0
    report = build_dataset(
        documents,
        args.out,
        standoff=args.standoff,
        extra=extra,
        allow_removals=args.allow_removals,
        expected_missing=layer.missing,
    )
    kind = "standoff dataset (no text)" if args.standoff else "dataset"
    print(f"wrote {kind} {args.out} from {len(documents)} documents:")
    for f in report.files:
        print(f"  {f.path:<32} {f.rows:>7} rows  {f.sha256[:12]}")
    return 0
