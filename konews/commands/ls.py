"""``konews ls ...``: the annotator workflow on a Label Studio server.

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


def run_serve(args: argparse.Namespace) -> int:
    from konews.lsserver import DEFAULT_DATA_DIR, serve

    return serve(args.data_dir or DEFAULT_DATA_DIR, port=args.port)


def run_roundtrip(args: argparse.Namespace) -> int:
    from konews.errors import LabelStudioFormatError
    from konews.io import read_json, write_json
    from konews.labelstudio import documents_from_export
    from konews.lsserver import roundtrip_through_server, temporary_server

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
