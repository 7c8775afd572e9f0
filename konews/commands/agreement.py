"""``konews agreement``: inter-annotator agreement from Label Studio exports."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "agreement",
        help="agreement between annotators or annotation passes",
        description="With one export: agreement between the annotators of tasks that have "
        "several annotations (one report per pair of annotators). With two exports (e.g. "
        "two passes): agreement of their latest annotations, documents matched by doc_id. "
        "Reports strict span F1 per label, Cohen's kappa on character labels, money value "
        "agreement, event agreement, and the disagreements for adjudication.",
    )
    p.add_argument("export", type=Path, help="Label Studio full JSON export")
    p.add_argument("other", type=Path, nargs="?", help="a second export to compare with")
    p.add_argument("--json", type=Path, default=None, help="also write the reports as JSON")
    p.add_argument("--max-disagreements", type=int, default=50,
                   help="disagreements listed per report (default 50; all are in --json)")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.errors import KoNewsError
    from konews.io import check_output_path, write_json
    from konews.labelstudio.agreement import agreement_of_exports, agreement_of_tasks

    if args.json:
        check_output_path(args.json, "--json")  # before the work, so no report is lost

    if args.other is not None:
        reports = [agreement_of_exports(args.export, args.other, a=args.export.name,
                                        b=args.other.name)]  # fmt: skip
    else:
        reports = agreement_of_tasks(args.export)
        if not reports:
            raise KoNewsError(
                f"{args.export}: no task with two or more annotations; have a second annotator "
                "annotate the tasks, or pass a second export to compare with"
            )
    for r in reports:
        print(r.markdown(max_disagreements=args.max_disagreements))
    if args.json:
        write_json(args.json, [r.to_dict() for r in reports])
        print(f"wrote {len(reports)} report(s) to {args.json}")
    return 0
