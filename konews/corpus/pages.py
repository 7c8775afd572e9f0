"""From raw scraped news pages to clean documents.

A raw page (``sources/*.txt``) is the text of a whole web page: navigation,
weather widget, trending lists and ads around one article, sometimes followed
by teasers of other articles. ``clean_page`` keeps the article's headline,
subheadline, photo captions and body paragraphs (the dateline/byline line
'(서울=연합뉴스) 주종국 기자 = ...' opens the first paragraph and stays in it),
keeps each teaser under '전문가 코너' as a document of its own, and drops the
rest. Every dropped line is recorded as a ``Removal`` with the rule that
dropped it and why, so ``konews corpus --explain`` accounts for every line.

Cleaning is line-based and deterministic: the same page always gives the same
documents, ids and sentence offsets. Text is NFC. Segments are joined with
"\\n"; headlines, subheadlines and captions are one sentence each, body
paragraphs are split into sentences by kiwipiepy (``konews.text.segmentation``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from konews.errors import CorpusError
from konews.records import Document, DocumentMeta, Sentence
from konews.text.segmentation import split_sentences

# Segment kinds. A headline/subheadline/caption is always a single sentence.
HEADLINE, SUBHEADLINE, CAPTION, BODY = "headline", "subheadline", "caption", "body"
SINGLE_SENTENCE_KINDS = (HEADLINE, SUBHEADLINE, CAPTION)


@dataclass(frozen=True, slots=True)
class Segment:
    kind: str
    text: str
    line: int  # 1-based line in the raw page


@dataclass(frozen=True, slots=True)
class Removal:
    line: int  # 1-based line in the raw page
    text: str
    rule: str
    reason: str


@dataclass(frozen=True, slots=True)
class CleanDocument:
    document: Document
    segments: tuple[Segment, ...]


@dataclass(frozen=True, slots=True)
class CleanPage:
    file: str
    documents: tuple[CleanDocument, ...]
    removals: tuple[Removal, ...]
    normalizations: tuple[tuple[str, int], ...] = ()  # (what was changed, how many times)


# --- line rules ------------------------------------------------------------
# Exact lines that are page furniture on the news portals and publisher sites
# seen so far. Extend when a new layout brings new furniture; each entry is a
# (text, reason) pair so the report can say why a line went.
_FURNITURE_LINES: dict[str, str] = {
    "컨텐츠로 건너뛰기": "skip-to-content link",
    "뉴스": "portal navigation",
    "원문보기": "link to the original article",
    "기상청 제공": "weather widget credit",
    "더보기": "'more' link",
    "AI 이슈 트렌드": "trending list header",
    "실시간": "trending list tab",
    "파워링크": "ad block header",
    "광고": "ad label",
    "AD": "ad label",
    "링크등록": "ad link",
    "당신만의 뉴스 Pick": "recommendation widget",
    "연합뉴스 하이라이트": "publisher highlights widget",
    "쇼핑 핫아이템": "shopping ad widget",
}
_SECTION_TEASERS = "전문가 코너"  # the columns listed under it are real news prose: teasers

_WEATHER_WORDS = "맑음|흐림|구름많음|구름조금|비|눈|소나기|비/눈|안개|황사"
_RULES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("weather", "weather widget", re.compile(rf"^•?\s*(?:{_WEATHER_WORDS})\s*\S*\s*-?\d+(?:\.\d+)?\s*(?:℃|°)$")),
    ("weather", "weather widget", re.compile(rf"^(?:{_WEATHER_WORDS})\s*/\s*-?\d+(?:\.\d+)?\s*°$")),
    ("page-date", "date the page was rendered (not the article's date)",
     re.compile(r"^\d{4}\.\d{2}\.\d{2}\s*\([월화수목금토일]\)$")),
    ("publisher-logo", "publisher logo alt text", re.compile(r"^.{1,20} 언론사 이미지$")),
    ("promo", "publisher promotion line", re.compile(r"^▶")),
    ("email", "reporter's e-mail (recorded in the byline metadata)",
     re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")),
    ("copyright", "copyright notice (recorded verbatim in the provenance)",
     re.compile(r"^(?:<저작권자.*>|\[.*무단\s*전재.*\])$")),
    ("photo-credit", "photo credit and usage notice", re.compile(r"^\[[^\]]*(?:자료사진|사진|제공)[^\]]*\]$")),
    ("category-note", "portal note on article categories", re.compile(r"^info icon")),
    ("trending-item", "trending list item", re.compile(r"^\d+\.\s*\d+\S")),
)  # fmt: skip
_GLUED_CREDIT = re.compile(r"^(?P<caption>.+?)\s*(?P<credit>\[[^\]]*자료사진[^\]]*\])$")
_DATELINE = re.compile(r"^\([^()=]{1,20}=[^()]{1,30}\)")
_TEASER_TITLE = re.compile(r"^\[[^\]]+\]\s*\S")


def _strip(line: str) -> str:
    # U+00A0 lines separate paragraphs on some sites; str.strip() covers it.
    return line.strip()


def _next_nonblank(lines: list[str], i: int) -> tuple[int, str]:
    for j in range(i + 1, len(lines)):
        if _strip(lines[j]):
            return j, _strip(lines[j])
    return len(lines), ""


def _classify(
    lines: list[str], publisher: str, notice: str = ""
) -> tuple[dict[int, Removal], set[int]]:
    """Removals by line index, and the indexes of copyright lines (article ends).
    ``notice`` is the page's own copyright line from the provenance, for layouts
    whose notice no rule knows yet (so a new publisher needs no code edit)."""
    removed: dict[int, Removal] = {}
    copyright_lines: set[int] = set()
    in_trending = False
    byline_header = re.compile(rf"^{re.escape(publisher)} [가-힣]{{2,4}}$")
    for i, raw in enumerate(lines):
        line = _strip(raw)

        def drop(rule: str, reason: str, i: int = i, raw: str = raw) -> None:
            removed[i] = Removal(i + 1, raw, rule, reason)

        if not line:
            drop("blank", "empty line or no-break space between paragraphs")
            continue
        if line in _FURNITURE_LINES:
            drop("furniture", _FURNITURE_LINES[line])
            in_trending = line in ("실시간", "AI 이슈 트렌드") or (in_trending and line == "실시간")
            continue
        if notice and line == notice:
            drop("copyright", "copyright notice (recorded verbatim in the provenance)")
            copyright_lines.add(i)
            continue
        if line == _SECTION_TEASERS:
            drop("section-header", "section header of the teaser list")
            continue
        if byline_header.match(line):
            drop(
                "portal-byline", "portal header: publisher and reporter (the dateline repeats them)"
            )
            continue
        for rule, reason, pattern in _RULES:
            if pattern.search(line):
                drop(rule, reason)
                if rule == "copyright":
                    copyright_lines.add(i)
                if rule == "trending-item":
                    in_trending = True
                break
        else:
            glued = _GLUED_CREDIT.match(line)
            if glued and _next_nonblank(lines, i)[1] == glued["caption"]:
                drop(
                    "alt-text",
                    "image alt text: caption and credit glued, repeated on the next lines",
                )
            elif (
                in_trending
                and i > 0
                and i - 1 in removed
                and removed[i - 1].rule == "trending-item"
            ):
                drop("trending-item", "trending list item (second rendering)")
            elif _is_weather_place(lines, i, line):
                drop("weather", "weather widget: location name")
            else:
                in_trending = False
    return removed, copyright_lines


def _is_weather_place(lines: list[str], i: int, line: str) -> bool:
    # The portal's weather widget prints the place on its own line, then the
    # weather ('서울' / '흐림 / 7.0 °').
    nxt = _next_nonblank(lines, i)[1]
    return len(line) <= 6 and bool(_RULES[1][2].match(nxt))


def _segments(lines: list[str], removed: dict[int, Removal], start: int, end: int) -> list[Segment]:
    """Typed segments of the article between line indexes [start, end)."""
    kept = [i for i in range(start, end) if i not in removed]
    segments: list[Segment] = []
    seen_body = False
    for n, i in enumerate(kept):
        text = _strip(lines[i])
        j, _ = _next_nonblank(lines, i)
        followed_by_credit = j in removed and removed[j].rule == "photo-credit"
        if n == 0:
            kind = HEADLINE
        elif followed_by_credit:
            kind = CAPTION
        elif not seen_body and not _DATELINE.match(text):
            kind = SUBHEADLINE
        else:
            kind = BODY
            seen_body = True
        segments.append(Segment(kind, text, i + 1))
    return segments


def _teasers(lines: list[str], removed: dict[int, Removal], start: int) -> list[list[Segment]]:
    """Teasers after the '전문가 코너' header: a '[rubric] title' line, then body lines."""
    teasers: list[list[Segment]] = []
    for i in range(start, len(lines)):
        if i in removed:
            continue
        text = _strip(lines[i])
        if _TEASER_TITLE.match(text) and not _DATELINE.match(text):
            teasers.append([Segment(HEADLINE, text, i + 1)])
        elif teasers:
            teasers[-1].append(Segment(BODY, text, i + 1))
        else:
            raise CorpusError(
                f"line {i + 1}: text under '{_SECTION_TEASERS}' before any teaser title: {text[:40]!r}; "
                "teasers must start with a '[rubric] title' line"
            )
    return teasers


def document_id(publisher_slug: str, text: str) -> str:
    """Stable id from the publisher and the clean text: 'yonhap-1a2b3c4d5e6f'."""
    digest = hashlib.sha256(f"{publisher_slug}\n{text}".encode()).hexdigest()
    return f"{publisher_slug}-{digest[:12]}"


def _document(segments: list[Segment], page: dict, article: dict, file: str) -> Document:
    text = "\n".join(s.text for s in segments)
    sentences: list[Sentence] = []
    offset = 0
    for seg in segments:
        if seg.kind in SINGLE_SENTENCE_KINDS:
            sentences.append(Sentence(offset, offset + len(seg.text)))
        else:
            sentences.extend(Sentence(offset + s, offset + e) for s, e in split_sentences(seg.text))
        offset += len(seg.text) + 1
    meta = DocumentMeta(
        publisher=page["publisher"],
        title=segments[0].text,
        doc_type=article["kind"],
        date=str(article["date"]),
        date_source=article["date_source"],
        date_note=" ".join(str(article.get("date_note", "")).split()),
        byline=article.get("byline", ""),
        url=page.get("url") or "",
        source_file=file,
        copyright=page.get("copyright", ""),
        truncated=article["kind"] == "teaser",
    )
    return Document(
        id=document_id(page["publisher_slug"], text),
        text=text,
        meta=meta,
        sentences=tuple(sentences),
    )


def clean_page(raw: str, page: dict) -> CleanPage:
    """Clean one raw page. ``page`` is its entry in ``sources/provenance.yaml``."""
    file = page["file"]
    text = unicodedata.normalize("NFC", raw)
    changed_lines = sum(line != unicodedata.normalize("NFC", line) for line in raw.split("\n"))
    normalizations = [("lines changed by NFC normalization", changed_lines)]
    # HTML &nbsp; arrives as U+00A0 inside sentences; tokenizers and models
    # treat it unlike a space. One character for one, so no offset moves.
    normalizations.append(("no-break spaces (U+00A0) replaced by spaces", text.count("\u00a0")))
    text = text.replace("\u00a0", " ")
    lines = text.split("\n")
    removed, copyright_lines = _classify(lines, page["publisher"], page.get("copyright") or "")
    if not copyright_lines:
        raise CorpusError(
            f"{file}: no copyright line found, so the article's end is unknown; pass the "
            "page's notice line as `konews add-article --copyright TEXT` (it is stored in "
            "provenance.yaml as 'copyright')"
        )
    end = min(copyright_lines)
    first = next((i for i in range(end) if i not in removed), None)
    if first is None:
        raise CorpusError(f"{file}: no article text before the copyright line {end + 1}")
    groups = [_segments(lines, removed, first, end)]
    section = next(
        (i for i in range(end, len(lines)) if _strip(lines[i]) == _SECTION_TEASERS), None
    )
    if section is not None:
        groups += _teasers(lines, removed, section + 1)
    else:
        for i in range(end, len(lines)):
            if i not in removed:
                removed[i] = Removal(i + 1, lines[i], "after-article", "after the article's end")
    articles = page["articles"]
    if len(articles) != len(groups):
        raise CorpusError(
            f"{file}: found {len(groups)} document(s) but sources/provenance.yaml lists "
            f"{len(articles)}; update the provenance or the cleaning rules"
        )
    docs = tuple(
        CleanDocument(_document(segs, page, art, file), tuple(segs))
        for segs, art in zip(groups, articles, strict=True)
    )
    return CleanPage(
        file, docs, tuple(sorted(removed.values(), key=lambda r: r.line)), tuple(normalizations)
    )
