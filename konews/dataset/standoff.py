"""Hydrating a standoff build: putting the publishers' text back from the user's pages.

A standoff folder (``konews build --standoff``) has every annotation but no
publisher text; each document keeps ``text_sha256`` and ``source_file``, the
raw page it was cleaned from. ``hydrate`` re-derives the documents from the
user's copy of those pages with the same cleaner (``konews.corpus``), finds
each dataset document's text by its hash, and rewrites the folder as the
full-text build, byte-identical to what ``konews build`` makes from the gold.
It refuses, naming the documents and pages, when a text cannot be found, and
then leaves the folder untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from konews.corpus.pages import clean_page
from konews.corpus.sources import decode_page, load_provenance
from konews.dataset.build import EXTRA_FILES, build_dataset
from konews.dataset.rows import document_from_row, read_rows, sha256_text
from konews.errors import KoNewsError, ValidationFailed
from konews.paths import SOURCES_DIR
from konews.records import Document


def documents_from_sources(sources: str | Path) -> list[Document]:
    """Clean every page of ``sources`` that the provenance lists. The provenance
    is ``sources/provenance.yaml`` when the user's folder has one, else the
    repository's. Raw-page hashes are not required to match: what must match is
    the text of each document, which ``hydrate`` checks."""
    sources = Path(sources)
    if not sources.is_dir():
        raise KoNewsError(f"{sources}: not a folder; pass the folder holding the raw pages (*.txt)")
    provenance = sources if (sources / "provenance.yaml").is_file() else SOURCES_DIR
    documents = []
    for page in load_provenance(provenance):
        path = sources / page["file"]
        if path.is_file():
            clean = clean_page(decode_page(path.read_bytes(), path), page)
            documents += [d.document for d in clean.documents]
    return documents


def hydrate(dataset: str | Path, sources: Iterable[Document], *, where: str = "the sources") -> int:
    """Rewrite the standoff folder ``dataset`` with the texts of ``sources``
    (documents whose text hashes match). Returns the number of documents."""
    dataset = Path(dataset)
    rows = list(read_rows(dataset, "documents"))
    if not rows:
        raise KoNewsError(f"{dataset}: no documents config; is this a KoNews dataset folder?")
    by_hash: dict[str, Document] = {}
    for doc in sources:
        by_hash.setdefault(sha256_text(doc.text), doc)
    problems, documents = [], []
    for row in rows:
        if row["text"] is not None:
            documents.append(document_from_row(row))
            continue
        source = by_hash.get(row["text_sha256"])
        if source is None:
            problems.append(
                f"document {row['id']}: no document cleaned from {where} has its text "
                f"(sha256 {row['text_sha256'][:12]}...); its page {row['source_file']!r} is "
                "missing, or differs from the copy the dataset was annotated on (edited, "
                "re-scraped or re-encoded)"
            )
            continue
        documents.append(document_from_row(row, text=source.text, title=source.meta.title))
    if problems:
        raise ValidationFailed(problems)
    # Files the build ships beside the rows (the KLUE errata) are carried into the full build.
    extra = {
        name: (dataset / name).read_bytes() for name in EXTRA_FILES if (dataset / name).is_file()
    }
    build_dataset(documents, dataset, standoff=False, extra=extra or None)
    return len(documents)
