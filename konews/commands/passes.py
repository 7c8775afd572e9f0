"""``konews pass``: work with annotation passes in inline markup (annotation/passes/)."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pass",
        help="check or convert an annotation pass (inline markup files)",
        description="An annotation pass is a folder of <doc_id>.ann files (see konews/gold/markup.py).",
    )
    p.add_argument("action", choices=["check", "init", "tasks", "agreement"])
    p.add_argument("folder", type=Path, help="the pass folder, e.g. annotation/passes/pass1")
    p.add_argument("other", type=Path, nargs="?", help="agreement: the second pass folder")
    p.add_argument("--out", type=Path,
                   help="tasks: the Label Studio tasks JSON to write; agreement: the JSON report")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.corpus.sources import corpus_documents
    from konews.errors import KoNewsError
    from konews.gold.markup import read_pass, render_markup

    if args.out:
        from konews.io import check_output_path

        check_output_path(args.out, "--out")
    docs = corpus_documents()
    if args.action == "init":
        if args.folder.exists() and not args.folder.is_dir():
            raise KoNewsError(
                f"{args.folder}: a file, not a folder; pass the pass folder to create"
            )
        args.folder.mkdir(parents=True, exist_ok=True)
        for doc in docs:
            path = args.folder / f"{doc.id}.ann"
            if path.exists():
                print(f"{path}: exists, left as is")
            else:
                path.write_text(render_markup(doc), encoding="utf-8")
                print(f"{path}: started from the bare text")
        return 0
    if args.action == "agreement":
        return _agreement(args, docs)
    annotated = read_pass(args.folder, docs)
    for doc in annotated:
        labels = Counter(e.label for e in doc.entities)
        events = Counter(e.type for e in doc.events)
        print(
            f"{doc.id}: {len(doc.entities)} entities {dict(sorted(labels.items()))}, "
            f"{len(doc.money)} money, {len(doc.events)} events {dict(sorted(events.items()))}"
        )
    if args.action == "tasks":
        from konews.io import write_json
        from konews.labelstudio.tasks import tasks_from_documents

        out = args.out or args.folder.with_suffix(".tasks.json")
        write_json(out, tasks_from_documents(annotated))
        print(f"wrote {len(annotated)} tasks to {out}")
    return 0


def pass_agreement(first: Path, second: Path, docs=None):
    """Agreement between two pass folders (``konews.gold.agreement`` on their tasks)."""
    from konews.corpus.sources import corpus_documents
    from konews.gold.markup import read_pass
    from konews.labelstudio.agreement import agreement_of_exports
    from konews.labelstudio.tasks import tasks_from_documents

    docs = docs if docs is not None else corpus_documents()
    tasks = [tasks_from_documents(read_pass(folder, docs)) for folder in (first, second)]
    return agreement_of_exports(*tasks, a=first.name, b=second.name)


def _agreement(args: argparse.Namespace, docs) -> int:
    from konews.errors import KoNewsError
    from konews.io import write_json

    if args.other is None:
        raise KoNewsError("agreement needs two pass folders: konews pass agreement PASS1 PASS2")
    report = pass_agreement(args.folder, args.other, docs)
    print(report.markdown())
    if args.out:
        write_json(args.out, [report.to_dict()])
        print(f"wrote the report to {args.out}")
    return 0
