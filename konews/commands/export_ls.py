"""``konews export-ls``: the dataset's documents -> Label Studio tasks (JSON)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export-ls",
        help="write the dataset's documents as Label Studio tasks",
        description="Read the documents config of a full-text dataset folder and write the "
        "documents with all their annotations as Label Studio tasks (JSON), the format "
        "`konews build` reads back as gold.",
    )
    p.add_argument("--dataset", type=Path, default=None,
                   help="dataset folder (default: the checkout's dataset/)")  # fmt: skip
    p.add_argument("--out", type=Path, required=True, help="JSON file to write")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.dataset.rows import read_documents
    from konews.io import check_output_path, write_json
    from konews.labelstudio.tasks import tasks_from_documents
    from konews.paths import DATASET_DIR

    check_output_path(args.out, "--out")

    documents = read_documents(args.dataset or DATASET_DIR)
    tasks = tasks_from_documents(documents)
    write_json(args.out, tasks)
    print(f"wrote {len(tasks)} Label Studio tasks to {args.out}")
    return 0
