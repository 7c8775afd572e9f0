"""``konews ls ...``: the annotator workflow on a Label Studio server.

``config`` writes (or checks) the labeling config generated from the schema;
``serve`` runs a local server; ``roundtrip`` passes tasks through a temporary
one (how the gold export is made); ``push``, ``pull`` and ``queue`` talk to
the server named by ``LABEL_STUDIO_URL`` / ``LABEL_STUDIO_API_KEY``.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ls",
        help="Label Studio: serve, push, pull, review queue",
        description="The annotator workflow on a Label Studio server (docs/ANNOTATORS.md). "
        "push/pull/queue use the server in LABEL_STUDIO_URL with the key in "
        "LABEL_STUDIO_API_KEY (never printed).",
    )
    ls = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    c = ls.add_parser(
        "config",
        help="write annotation/label_config.xml from the schema (or --check it)",
        description="Generate the labeling config from konews/schema.py and write it, after "
        "checking it with label-studio-sdk's LabelInterface; with --check, write nothing and "
        "exit 1 if the file differs from the schema. Run after changing the schema.",
    )
    c.add_argument("--out", type=Path, default=None,
                   help="where (default: annotation/label_config.xml)")  # fmt: skip
    c.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    c.set_defaults(func=run_config)

    s = ls.add_parser("serve", help="run a local Label Studio in the foreground")
    s.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="server data folder (default: .ls-data/ in the repository)",
    )
    s.add_argument("--port", type=int, default=None, help="port (default: a free one)")  # fmt: skip
    s.set_defaults(func=run_serve)

    r = ls.add_parser(
        "roundtrip",
        help="import tasks into a temporary server and write its export",
        description="Start a temporary Label Studio, import IN (Label Studio tasks with "
        "annotations, e.g. from `konews pass tasks`) into a project with the generated "
        "config, export it as full JSON, stop the server, check that the export holds "
        "exactly the input's annotations, and write it to OUT.",
    )
    r.add_argument("tasks", type=Path, metavar="IN.json")
    r.add_argument("out", type=Path, metavar="OUT.json")
    r.add_argument("--template", type=Path, default=None,
                   help="a migrated server data folder to copy (skips about 25 s of migrations)")  # fmt: skip
    r.set_defaults(func=run_roundtrip)

    pu = ls.add_parser(
        "push",
        help="create/update the project and import the documents with pre-annotations",
        description="Create (or update) the Label Studio project with the generated labeling "
        "config and import the corpus documents (konews corpus) as tasks: with their gold "
        "annotation when the gold has them, and the baselines' output as predictions. Tasks "
        "are matched by doc_id, so pushing twice imports nothing twice.",
    )
    pu.add_argument("--project", default=None, help="project title (default: KoNews)")
    pu.add_argument(
        "--baselines",
        default="rules",
        help="comma-separated baselines for predictions: rules, lexicon, events; "
        "or none (default: rules; lexicon/events need KLUE-NER)",
    )
    pu.add_argument("--klue", type=Path, default=None, help="KLUE-NER TSV for lexicon/events")
    pu.add_argument(
        "--gold",
        type=Path,
        default=None,
        help="gold export whose annotations go along (default: annotation/gold.json if present)",
    )
    pu.add_argument("--sources", type=Path, default=None,
                    help="raw pages folder (default: sources/)")  # fmt: skip
    pu.set_defaults(func=run_push)

    pl = ls.add_parser(
        "pull",
        help="export, validate and merge the annotations into the gold",
        description="Export the project, validate every annotated task (konews validate), "
        "show the changes against the gold and write the merged gold only when valid. A pull "
        "that would remove annotations from the gold needs --accept-removals.",
    )
    pl.add_argument("--project", default=None, help="project title (default: KoNews)")
    pl.add_argument(
        "--gold",
        type=Path,
        default=None,
        help="gold export to update (default: annotation/gold.json)",
    )
    pl.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    pl.add_argument("--accept-removals", action="store_true",
                    help="allow the pull to remove annotations from the gold")  # fmt: skip
    pl.set_defaults(func=run_pull)

    q = ls.add_parser(
        "queue",
        help="order the tasks for review, likely errors first",
        description="Rank the project's tasks (and their sentences) by disagreement between "
        "the annotation and the baselines' predictions, between baselines, low prediction "
        "scores and rare labels; set that order in Label Studio (tab 'Review queue', sorted "
        "by data.review_rank) and write the review list.",
    )
    q.add_argument("--project", default=None, help="project title (default: KoNews)")
    q.add_argument(
        "--out", type=Path, default=None, help="write the review list here (.json or .csv)"
    )
    q.add_argument("--no-set-order", action="store_true",
                   help="only write the list; leave the tasks in Label Studio unchanged")  # fmt: skip
    q.set_defaults(func=run_queue)


def run_config(args: argparse.Namespace) -> int:
    import sys

    from konews.errors import KoNewsError
    from konews.labelstudio.config import (
        LABEL_CONFIG_PATH,
        config_problems,
        label_config,
        write_label_config,
    )

    path = args.out or LABEL_CONFIG_PATH
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        problems = config_problems(current) if current else [f"{path}: no such file"]
        if current != label_config() or problems:
            print(f"{path} is stale against konews/schema.py; run `konews ls config`:\n  "
                  + "\n  ".join(problems or ["the text differs"]), file=sys.stderr)  # fmt: skip
            return 1
        print(f"{path} is up to date with konews/schema.py")
        return 0
    problems = config_problems(label_config())
    if problems:  # the generator and the schema disagree: a bug, not a user error
        raise KoNewsError("the generated labeling config is wrong:\n  " + "\n  ".join(problems))
    write_label_config(path)
    print(f"wrote {path}")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from konews.labelstudio.server import DEFAULT_DATA_DIR, serve

    return serve(args.data_dir or DEFAULT_DATA_DIR, port=args.port)


def run_roundtrip(args: argparse.Namespace) -> int:
    from konews.errors import LabelStudioFormatError
    from konews.io import read_json, write_json
    from konews.labelstudio.client import roundtrip_through_server
    from konews.labelstudio.export import documents_from_export
    from konews.labelstudio.server import temporary_server

    tasks = read_json(args.tasks)
    if not isinstance(tasks, list):
        raise LabelStudioFormatError(f"{args.tasks}: expected a JSON list of tasks")
    expected = documents_from_export(tasks)
    with temporary_server(args.template) as server:
        print(
            f"temporary Label Studio up in {server.started_in:.1f} s; importing {len(tasks)} tasks"
        )
        export = roundtrip_through_server(tasks, server.url, server.login.token)
    got = documents_from_export(export)
    if got != expected:
        bad = [e.id for e, g in zip(expected, got, strict=False) if g != e] or ["(count)"]
        raise LabelStudioFormatError(
            f"the server's export differs from {args.tasks} ({len(got)} vs {len(expected)} "
            f"documents, first difference at {bad[0]}); nothing written"
        )
    write_json(args.out, export)
    print(f"wrote the export of {len(export)} tasks to {args.out} (identical annotations)")
    return 0


def _api():
    from konews.labelstudio.client import LabelStudioAPI

    return LabelStudioAPI.from_env()


def run_push(args: argparse.Namespace) -> int:
    from baselines.prelabel import baseline_predictions
    from konews.corpus.sources import corpus_documents
    from konews.labelstudio.export import documents_from_export
    from konews.labelstudio.workflow import DEFAULT_PROJECT, GOLD, push
    from konews.paths import SOURCES_DIR

    docs = corpus_documents(args.sources or SOURCES_DIR)
    gold_path = args.gold or GOLD
    gold = documents_from_export(gold_path) if gold_path.exists() else []
    names = [n for n in args.baselines.split(",") if n and n != "none"]
    predictions = baseline_predictions(docs, names, klue=args.klue) if names else None
    with _api() as api:
        report = push(api, docs, project=args.project or DEFAULT_PROJECT, gold=gold,
                      predictions=predictions)  # fmt: skip
    print(f"{len(docs)} document(s), {len(gold)} with gold annotations: {report}")
    return 0


def run_pull(args: argparse.Namespace) -> int:
    from konews.labelstudio.workflow import DEFAULT_PROJECT, GOLD, pull

    gold = args.gold or GOLD
    with _api() as api:
        report = pull(api, project=args.project or DEFAULT_PROJECT, gold_path=gold,
                      dry_run=args.dry_run, accept_removals=args.accept_removals)  # fmt: skip
    print(report.summary())
    if report.written:
        print(f"wrote {gold}; rebuild the dataset with `konews build`")
    elif args.dry_run:
        print("dry run: nothing written")
    return 0


def run_queue(args: argparse.Namespace) -> int:
    from konews.errors import KoNewsError
    from konews.labelstudio.review import review_queue, review_rows, set_review_order
    from konews.labelstudio.workflow import DEFAULT_PROJECT, find_project  # fmt: skip

    title = args.project or DEFAULT_PROJECT
    with _api() as api:
        found = find_project(api, title)
        if found is None:
            raise KoNewsError(f"{api.url}: no project titled {title!r}; run `konews ls push`")
        items = review_queue(api.export(found["id"]))
        if not args.no_set_order:
            view = set_review_order(api, found["id"], items)
            print(f"set the review order of {len(items)} task(s): open the tab "
                  f"'Review queue' (view {view}) in project {found['id']}")  # fmt: skip
    rows = review_rows(items)
    for row in rows[:20]:
        head = row["reasons"][0] if row["reasons"] else "no sign of trouble"
        print(
            f"{row['rank']:>4}  task {row['task']}  {row['doc_id']}  score {row['score']}  {head}"
        )
    if args.out:
        _write_rows(args.out, rows)
        print(f"wrote the review list ({len(rows)} tasks) to {args.out}")
    return 0


def _write_rows(path: Path, rows: list[dict]) -> None:
    import csv
    import io

    from konews.io import atomic_write_text, write_json

    if path.suffix == ".csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]) if rows else ["rank"])
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "reasons": " | ".join(row["reasons"])})
        atomic_write_text(path, buf.getvalue())
    else:
        write_json(path, rows)
