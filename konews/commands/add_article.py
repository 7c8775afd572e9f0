"""``konews add-article``: bring a new raw page into the corpus."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "add-article",
        help="add a new raw news page to sources/ and show its clean documents",
        description="Copy PAGE verbatim into sources/, record its provenance in "
        "sources/provenance.yaml, and clean it with the corpus pipeline (ids, sentences). "
        "Nothing is written if the page cannot be cleaned.",
    )
    p.add_argument("page", type=Path, help="the scraped page as UTF-8 text")
    p.add_argument("--publisher", required=True, help="publisher name as printed, e.g. 연합뉴스")
    p.add_argument(
        "--slug",
        required=True,
        help="short lowercase publisher id used in document ids, e.g. yonhap",
    )
    p.add_argument(
        "--date", required=True, help="publication date, ISO 8601 (YYYY-MM-DD or YYYY-MM)"
    )
    p.add_argument("--date-source", choices=["stated", "inferred"], default="stated")
    p.add_argument("--date-note", default="", help="how an inferred date was obtained")
    p.add_argument("--url", default="")
    p.add_argument("--byline", default="")
    p.add_argument(
        "--copyright",
        default="",
        metavar="TEXT",
        help="the page's copyright notice line, verbatim, when the cleaner does not recognize "
        "it (it marks the article's end; stored in provenance.yaml)",
    )
    p.add_argument(
        "--sources", type=Path, default=None, help="the sources folder (default: sources/)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.corpus.sources import add_page
    from konews.paths import SOURCES_DIR

    page = add_page(
        args.page, publisher=args.publisher, slug=args.slug, date=args.date,
        date_source=args.date_source, date_note=args.date_note, url=args.url,
        byline=args.byline, copyright=args.copyright, sources=args.sources or SOURCES_DIR,
    )  # fmt: skip
    for clean in page.documents:
        doc = clean.document
        print(
            f"added {doc.id} ({doc.meta.doc_type}, {len(doc.sentences)} sentences): {doc.meta.title}"
        )
    print(f"{len(page.removals)} raw line(s) dropped; see `konews corpus --explain`.")
    print("Next: `konews ls push` to send the new documents to Label Studio for annotation.")
    return 0
