"""``konews evaluate``: score a prediction file, or compare two, against the gold.

    konews evaluate --config entities --predictions preds.jsonl
    konews evaluate --config ner_char --predictions tags.jsonl --gold klue-dev.jsonl --json
    konews evaluate --config entities --compare a.jsonl b.jsonl --markdown

The report formats and the metrics are described in docs/EVALUATION.md.
"""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "evaluate",
        help="score predictions against the gold (P/R/F1 with bootstrap intervals)",
        description="Score predictions against the KoNews gold; see docs/EVALUATION.md.",
    )
    p.add_argument("--config", required=True, choices=("entities", "ner_char", "money", "events"))
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--predictions", metavar="FILE", help="predictions JSONL to score")
    what.add_argument(
        "--compare", nargs=2, metavar=("A", "B"), help="two prediction files: paired bootstrap test"
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--gold", metavar="FILE", help="gold JSONL in the config's format")
    where.add_argument(
        "--dataset",
        metavar="DIR",
        default=None,
        help="dataset folder (default: the checkout's dataset/)",
    )
    p.add_argument("--split", default="test", help="split of the dataset folder (default: test)")
    p.add_argument(
        "--sentences",
        metavar="FILE",
        help="money/events: entities-format JSONL of all sentences predictions may refer to "
        "(default: the dataset's entities file, or the gold's own sentences with --gold)",
    )
    p.add_argument(
        "--scheme",
        choices=("fine", "klue"),
        help="label set of the predictions (default: fine for entities, klue for ner_char)",
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the JSON report")
    out.add_argument("--markdown", action="store_true", help="print Markdown tables")
    p.add_argument("--output", "-o", metavar="FILE", help="also write the JSON report to FILE")
    p.add_argument(
        "--allow-missing",
        action="store_true",
        help="score sentences without a prediction line as empty (the report counts them)",
    )
    p.add_argument(
        "--bootstrap",
        type=int,
        default=1000,
        metavar="N",
        help="document resamples for 95%% intervals and --compare (default 1000; 0: none)",
    )
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from konews import evaluate
    from konews.errors import KoNewsError
    from konews.io import check_output_path, dumps_json, write_json
    from konews.paths import DATASET_DIR, shown

    if args.bootstrap < 0:
        raise KoNewsError("--bootstrap must be 0 (no intervals) or a positive number of resamples")
    if args.output:
        check_output_path(args.output)  # before scoring, so no computed report is lost
    args.dataset = args.dataset or shown(DATASET_DIR)
    gold = evaluate.load_gold(args.config, dataset=args.dataset, gold=args.gold, split=args.split)
    sentences = None
    if args.config in ("money", "events"):
        if args.sentences:
            sentences = evaluate.Rows.read(args.sentences)
        elif args.gold is None:
            inventory = evaluate.gold_paths(args.dataset, "entities", args.split)
            if inventory:
                sentences = evaluate.Rows.read_many(inventory)
    common = {
        "scheme": args.scheme,
        "allow_missing": args.allow_missing,
        "sentences": sentences,
        "bootstrap": args.bootstrap,
        "seed": args.seed,
    }
    if args.compare:
        a, b = (evaluate.Rows.read(Path(f)) for f in args.compare)
        result = evaluate.compare(args.config, gold, a, b, **common)
        text = render_comparison(result, markdown=args.markdown)
    else:
        result = evaluate.score(args.config, gold, evaluate.Rows.read(args.predictions), **common)
        text = render_report(result, markdown=args.markdown)
    if args.output:
        write_json(args.output, result)
    print(dumps_json(result) if args.json else text, end="")
    return 0


# --- rendering -------------------------------------------------------------------------------


# The tables print percentages; the JSON report (--json, --output) and the Python
# API hold fractions in [0, 1]. Every table says so (docs/EVALUATION.md, "Units").
UNITS = "scores in percent (x 100); --json, --output and the Python API give fractions in [0, 1]"


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.2f}"


def _headline_rows(report: dict) -> list[list[str]]:
    ci = (report.get("bootstrap") or {}).get("intervals", {})
    rows = []
    for name, value in report["headline"].items():
        iv = ci.get(name)
        rows.append([name, _pct(value), f"[{_pct(iv['low'])}, {_pct(iv['high'])}]" if iv else "-"])
    return rows


def _detail_rows(report: dict) -> tuple[list[str], list[list[str]]]:
    from konews.evaluate import EVENT_METRICS, MONEY_ATTRIBUTES

    m = report["metrics"]
    if report["config"] in ("entities", "ner_char"):
        block = m[report["scheme"]]["strict"]["per_label"]
        return ["label (strict)", "P", "R", "F1", "support"], [
            [lb, _pct(v["precision"]), _pct(v["recall"]), _pct(v["f1"]), str(v["support"])]
            for lb, v in block.items()
        ]
    if report["config"] == "money":
        attrs = m["attributes"]
        return ["attribute (on matched mentions)", "correct", "accuracy"], [
            [a, f"{attrs[a]['correct']}/{attrs['matched']}", _pct(attrs[a]["accuracy"])]
            for a in (*MONEY_ATTRIBUTES, "all")
        ]
    return ["metric", "P", "R", "F1", "tp", "fp", "fn"], [
        [n, _pct(m[n]["precision"]), _pct(m[n]["recall"]), _pct(m[n]["f1"])]
        + [str(m[n][k]) for k in ("tp", "fp", "fn")]
        for n in EVENT_METRICS
    ]


def _table(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        from konews.markdown import table

        return table(header, rows)
    widths = [max(len(x) for x in col) for col in zip(header, *rows, strict=True)]
    fmt = [
        (x.ljust(w) if i == 0 else x.rjust(w))
        for i, (x, w) in enumerate(zip(header, widths, strict=True))
    ]
    out = ["  ".join(fmt), "  ".join("-" * w for w in widths)]
    for r in rows:
        out.append(
            "  ".join(
                x.ljust(w) if i == 0 else x.rjust(w)
                for i, (x, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return "\n".join(out)


def render_report(report: dict, *, markdown: bool = False) -> str:
    """A readable summary: headline metrics with intervals, then details (scores x 100)."""
    scheme = f" ({report['scheme']} scheme)" if report.get("scheme") else ""
    facts = f"{report['sentences']} sentences, {report['documents']} documents"
    if report.get("missing_predictions"):
        facts += f", {report['missing_predictions']} sentences without predictions scored as empty"
    boot = report.get("bootstrap")
    ci = (
        f"{round(100 * boot['confidence'])}% interval: {boot['resamples']} document resamples, "
        f"seed {boot['seed']}"
        if boot
        else "no bootstrap (--bootstrap 0)"
    )
    head = [
        f"KoNews evaluation: {report['config']}{scheme}",
        f"gold: {report['gold']}  predictions: {report['predictions']}",
        f"{facts}; {ci}",
        UNITS,
    ]
    if markdown:
        head = [f"**{head[0]}**", "", *(f"{x}  " for x in head[1:])]
    parts = [
        "\n".join(head),
        _table(["metric", "score", "95% CI"], _headline_rows(report), markdown),
        _table(*_detail_rows(report), markdown),
    ]
    if report["config"] == "ner_char" and "klue_ner" in report["metrics"]:
        defs = report["metrics"]["klue_ner"]["definitions"]
        parts.append(
            "\n".join(
                [
                    "klue_entity_macro_f1 / klue_char_macro_f1 reproduce KLUE-baseline, quirks included:",
                    f"- entity: {defs['entity_macro_f1']}",
                    f"- char: {defs['char_macro_f1']}",
                    f"- clean_char_macro_f1: {defs['char_macro_f1_clean']}",
                ]
            )
        )
    return "\n\n".join(parts) + "\n"


def render_comparison(result: dict, *, markdown: bool = False) -> str:
    tests = result["paired_bootstrap"]["tests"]
    rows = [
        [
            name,
            _pct(t["a"]),
            _pct(t["b"]),
            f"{100 * t['delta']:+.2f}",
            t["better"],
            f"{t['p_value']:.3f}",
        ]
        for name, t in tests.items()
    ]
    pb = result["paired_bootstrap"]
    title = (
        f"KoNews comparison: {result['config']}; A = {result['a']['predictions']}, "
        f"B = {result['b']['predictions']}; paired bootstrap over documents, "
        f"{pb['resamples']} resamples, seed {pb['seed']} (p: chance that the better system's "
        "advantage is luck)"
    )
    if markdown:
        title = f"**{title}**"
    table = _table(["metric", "A", "B", "A-B", "better", "p"], rows, markdown)
    return f"{title}\n{UNITS}; p is a probability in [0, 1]\n\n{table}\n"
