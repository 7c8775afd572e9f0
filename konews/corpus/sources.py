"""The sources folder: the raw pages kept verbatim, their ``provenance.yaml``, and adding a
page (``konews add-article``). Cleaning a page into documents is ``konews.corpus.pages``."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import yaml

from konews.corpus.pages import (  # the cleaner's rules, shared with add_page's checks
    _SECTION_TEASERS,
    CleanPage,
    _classify,
    _strip,
    _teasers,
    clean_page,
)
from konews.errors import CorpusError
from konews.io import atomic_write_bytes, atomic_write_text
from konews.paths import SOURCES_DIR
from konews.records import Document, is_iso_date

_PAGE_KEYS = ("file", "publisher", "publisher_slug", "articles")
_ARTICLE_KEYS = ("kind", "date", "date_source")


def load_provenance(sources: Path = SOURCES_DIR) -> list[dict]:
    """The ``pages`` of ``sources/provenance.yaml``, each checked for the keys the
    cleaner reads and for a ``file`` that stays inside ``sources``."""
    path = Path(sources) / "provenance.yaml"
    if not path.is_file():
        what = "a folder, not a file" if path.is_dir() else "missing"
        raise CorpusError(f"{path}: {what}; each raw page needs a provenance entry")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        raise CorpusError(
            f"{path}: not UTF-8 (byte {e.object[e.start]:#04x}); save it as UTF-8"
        ) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or "not YAML"
        raise CorpusError(f"{path}{at}: not valid YAML ({problem}); fix the file") from None
    pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(pages, list):
        raise CorpusError(
            f"{path}: no 'pages' list; the file must hold `pages:` followed by one entry per raw "
            "page (see the repository's sources/provenance.yaml)"
        )
    for n, page in enumerate(pages, 1):
        here = f"{path}: page {n}"
        if not isinstance(page, dict) or any(k not in page for k in _PAGE_KEYS):
            raise CorpusError(f"{here}: an entry needs {', '.join(_PAGE_KEYS)}; got {page!r:.80}")
        file = page["file"]
        if not isinstance(file, str) or Path(file).name != file or file in ("", ".", ".."):
            raise CorpusError(
                f"{here}: file {file!r} must be a plain file name inside {path.parent} "
                "(no folders, no '..'); pages are read from the sources folder only"
            )
        articles = page["articles"]
        if not isinstance(articles, list) or not all(
            isinstance(a, dict) and all(k in a for k in _ARTICLE_KEYS) for a in articles
        ):
            raise CorpusError(
                f"{here} ({file}): 'articles' must be a list of entries with "
                f"{', '.join(_ARTICLE_KEYS)}"
            )
    return pages


def read_page(path: Path) -> bytes:
    """The raw bytes of a page, with a one-line error for a missing page or a folder."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise CorpusError(f"{path}: a folder, not a page; pass the page's .txt file") from None
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such page; check the path") from None
    except OSError as e:
        raise CorpusError(f"{path}: cannot read ({e.strerror or e}); check the path") from None


def decode_page(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise CorpusError(
            f"{path}:{line}: not UTF-8 (byte {e.object[e.start]:#04x}); save the page as UTF-8 text"
        ) from None


def clean_sources(sources: Path = SOURCES_DIR, *, check_hashes: bool = True) -> list[CleanPage]:
    """Clean every page listed in ``sources/provenance.yaml``, in listed order."""
    pages = []
    for page in load_provenance(sources):
        raw_bytes = read_page(sources / page["file"])
        digest = hashlib.sha256(raw_bytes).hexdigest()
        if check_hashes and page.get("sha256") and page["sha256"] != digest:
            raise CorpusError(
                f"{sources / page['file']}: sha256 {digest[:12]}... differs from provenance.yaml "
                f"({page['sha256'][:12]}...); raw pages are kept verbatim, restore the original file"
            )
        pages.append(clean_page(decode_page(raw_bytes, sources / page["file"]), page))
    return pages


def corpus_documents(sources: Path = SOURCES_DIR) -> list[Document]:
    return [d.document for page in clean_sources(sources) for d in page.documents]


def add_page(
    page_path: Path,
    *,
    publisher: str,
    slug: str,
    date: str,
    date_source: str = "stated",
    date_note: str = "",
    url: str = "",
    byline: str = "",
    copyright: str = "",
    sources: Path = SOURCES_DIR,
) -> CleanPage:
    """Add a raw page to ``sources/``: copy it verbatim, record its provenance, and
    return its clean documents. Nothing is written unless the page cleans.
    ``copyright`` is the page's notice line, for layouts no rule recognizes."""
    if not re.fullmatch(r"[a-z][a-z0-9]{1,19}", slug):
        raise CorpusError(
            f"publisher slug {slug!r}: use 2-20 lowercase letters/digits, e.g. 'yonhap'"
        )

    # A year alone is a valid ISO date elsewhere (records), but too vague for a news
    # page: --date's help promises YYYY-MM-DD or YYYY-MM, and this enforces it.
    if len(date) < 7 or not is_iso_date(date):
        raise CorpusError(
            f"--date {date!r}: use ISO 8601, YYYY-MM-DD or YYYY-MM (e.g. 2025-06-13); "
            "a year alone is too vague"
        )
    if date_source not in ("stated", "inferred"):
        raise CorpusError(
            f"date source {date_source!r}: use 'stated' or 'inferred' (with --date-note)"
        )
    if "\n" in copyright or copyright != copyright.strip():
        raise CorpusError(
            f"--copyright {copyright!r}: give the notice line exactly as on the page, one line, "
            "without surrounding spaces"
        )
    raw_bytes = read_page(Path(page_path))
    raw = decode_page(raw_bytes, Path(page_path))
    target = sources / Path(page_path).name
    if target.exists() and target.read_bytes() != raw_bytes:
        raise CorpusError(f"{target}: another page with this name exists; rename the new page")
    pages = load_provenance(sources)
    if any(p["file"] == target.name for p in pages):
        raise CorpusError(f"{target.name} is already listed in {sources / 'provenance.yaml'}")
    digest = hashlib.sha256(raw_bytes).hexdigest()
    for p in pages:
        # The provenance hash finds a copy under another name without reading every page.
        if p.get("sha256") == digest:
            raise CorpusError(
                f"{page_path}: byte-identical to {p['file']}, already in {sources}; "
                "a page is added once (its documents would be listed twice)"
            )
    article = {"kind": "article", "byline": byline, "date": date, "date_source": date_source,
               "date_note": date_note}  # fmt: skip
    entry = {"file": target.name, "sha256": digest,
             "publisher": publisher, "publisher_slug": slug, "url": url, "articles": [article]}  # fmt: skip
    text = unicodedata.normalize("NFC", raw).replace("\u00a0", " ")
    lines = text.split("\n")
    removed, copyright_lines = _classify(lines, publisher, copyright)
    if copyright_lines:
        entry["copyright"] = _strip(lines[min(copyright_lines)])
    elif copyright:
        raise CorpusError(
            f"{page_path}: --copyright {copyright!r} is not a line of the page; copy the "
            "notice line exactly as it appears"
        )
    section = next((i for i, line in enumerate(lines) if _strip(line) == _SECTION_TEASERS), None)
    if section is not None:
        for _ in _teasers(lines, removed, section + 1):
            entry["articles"].append({"kind": "teaser", "byline": "", "date": date, "date_source": "inferred",
                                      "date_note": f"teaser listed on a page dated {date}"})  # fmt: skip
    cleaned = clean_page(raw, entry)  # raises before anything is written

    prov_path = sources / "provenance.yaml"
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    block = "".join(f"  {line}\n" for line in block.splitlines())
    if not target.exists():
        atomic_write_bytes(target, raw_bytes)
    atomic_write_text(prov_path, prov_path.read_text(encoding="utf-8").rstrip("\n") + "\n" + block)
    return cleaned
