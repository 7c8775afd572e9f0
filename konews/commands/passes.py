"""``konews pass``: work with annotation passes in inline markup (annotation/passes/)."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pass",
        help="check or convert an annotation pass (inline markup files)",
        description="An annotation pass is a folder of <doc_id>.ann files (see konews/markup.py).",
    )
    p.add_argument("action", choices=["check", "init", "tasks"])
    p.add_argument("folder", type=Path, help="the pass folder, e.g. annotation/passes/pass1")
    p.add_argument("--out", type=Path, help="tasks: where to write the Label Studio tasks JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.corpus import corpus_documents
    from konews.markup import read_pass, render_markup

    docs = corpus_documents()
    if args.action == "init":
        args.folder.mkdir(parents=True, exist_ok=True)
        for doc in docs:
            path = args.folder / f"{doc.id}.ann"
            if path.exists():
                print(f"{path}: exists, left as is")
            else:
                path.write_text(render_markup(doc), encoding="utf-8")
                print(f"{path}: started from the bare text")
        return 0
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
        from konews.labelstudio import tasks_from_documents

        out = args.out or args.folder.with_suffix(".tasks.json")
        write_json(out, tasks_from_documents(annotated))
        print(f"wrote {len(annotated)} tasks to {out}")
    return 0
