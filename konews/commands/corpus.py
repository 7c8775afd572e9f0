"""``konews corpus``: clean the raw pages and show or save the documents."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "corpus",
        help="clean the raw pages in sources/ into documents",
        description="Clean the raw pages listed in sources/provenance.yaml. Without options, "
        "print one line per document; --explain accounts for every raw line dropped.",
    )
    p.add_argument("--sources", type=Path, default=None, help="folder with the raw pages")
    p.add_argument("--explain", action="store_true", help="list every dropped line and why")
    p.add_argument("--sentences", action="store_true", help="print each document's sentences")
    p.add_argument("--out", type=Path, help="write the documents (no annotations) as JSONL")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.corpus.sources import clean_sources
    from konews.io import check_output_path, write_jsonl
    from konews.paths import SOURCES_DIR

    if args.out:
        check_output_path(args.out, "--out")
    pages = clean_sources(args.sources or SOURCES_DIR)
    rows = []
    for page in pages:
        kept = sum(len(d.segments) for d in page.documents)
        print(
            f"{page.file}: {len(page.documents)} document(s), {kept} segment(s) kept, "
            f"{len(page.removals)} line(s) dropped"
        )
        for clean in page.documents:
            doc = clean.document
            print(
                f"  {doc.id}  {doc.meta.doc_type:<7} {len(doc.sentences):>3} sentences "
                f"{len(doc.text):>5} chars  {doc.meta.title}"
            )
            if args.sentences:
                for i, s in enumerate(doc.sentences):
                    print(f"    {doc.sentence_id(i)}  {doc.text[s.start : s.end]}")
            rows.append({
                "id": doc.id, "text": doc.text,
                "sentences": [[s.start, s.end] for s in doc.sentences],
                "segments": [{"kind": s.kind, "line": s.line} for s in clean.segments],
                "meta": {f: getattr(doc.meta, f) for f in doc.meta.__slots__},
            })  # fmt: skip
        if args.explain:
            for what, count in page.normalizations:
                print(f"  normalized: {what}: {count}")
            by_rule = Counter(r.rule for r in page.removals)
            print("  dropped by rule: " + ", ".join(f"{k} {v}" for k, v in sorted(by_rule.items())))
            for r in page.removals:
                if r.rule != "blank":
                    print(f"  - line {r.line:>3} [{r.rule}] {r.reason}: {r.text.strip()!r}")
    if args.out:
        write_jsonl(args.out, rows)
        print(f"wrote {len(rows)} documents to {args.out}")
    return 0
