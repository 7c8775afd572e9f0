"""``konews stats``: summarize the annotated documents."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from konews.paths import GOLD_EXPORT, KLUE_LAYER_DIR


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
    p.add_argument("--layer", type=Path, default=KLUE_LAYER_DIR,
                   help="the KLUE news layer's annotation folder (default: annotation/klue)")  # fmt: skip
    p.add_argument("--klue", type=Path, default=None,
                   help="KLUE-NER v1.1 dev TSV for the layer's text (default: $KONEWS_KLUE, ../shared)")  # fmt: skip
    p.add_argument("--no-hub", action="store_true", help="do not try the hub for the layer's text")
    p.add_argument("--update", type=Path, metavar="FILE",
                   help="rewrite the tables between the stats markers in FILE (e.g. DATASHEET.md)")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.errors import KoNewsError
    from konews.gold.stats import corpus_stats, replace_between_markers, stats_markdown
    from konews.io import atomic_write_text, check_output_path, read_json, read_jsonl, read_text
    from konews.labelstudio.export import documents_from_export
    from konews.layer import stats as layer_stats
    from konews.layer.load import ERRATA, load_layer

    docs = documents_from_export(args.gold)
    layer = load_layer(args.layer, args.klue, hub=not args.no_hub)
    errata_path = args.layer / ERRATA
    errata = [row for _, row in read_jsonl(errata_path)] if errata_path.is_file() else []
    if layer.missing:
        print(f"konews stats: {layer.message}", file=sys.stderr)
    if args.update:
        text = read_text(args.update)
        check_output_path(args.update, "--update")
        try:
            text = replace_between_markers(text, stats_markdown(docs))
            if layer.documents:
                generated = layer_stats.layer_markdown(layer.documents, errata)
                text = replace_between_markers(text, generated, layer_stats.BEGIN, layer_stats.END)
            agreement = args.layer / "agreement.json"
            if agreement.is_file():
                generated = layer_stats.agreement_markdown(read_json(agreement)[0])
                text = replace_between_markers(
                    text, generated, layer_stats.AGREEMENT_BEGIN, layer_stats.AGREEMENT_END
                )
        except ValueError as e:
            raise KoNewsError(
                f"{args.update}: {e}; put the two marker lines where the tables belong"
            ) from None
        atomic_write_text(args.update, text)
        print(f"updated the statistics in {args.update}")
    elif args.json:
        out = {"konews": corpus_stats(docs)}
        if layer.documents:
            out["klue"] = corpus_stats(layer.documents)
            out["klue"].pop("per_document")
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print("### KoNews articles\n\n" + stats_markdown(docs), end="")
        if layer.documents:
            print(
                "\n### KLUE news layer\n\n" + layer_stats.layer_markdown(layer.documents, errata),
                end="",
            )
    return 0
