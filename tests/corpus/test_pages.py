"""Cleaning of raw pages (konews.corpus) on the real sources and on small made-up pages."""

from __future__ import annotations

import hashlib
import textwrap

import pytest

from konews.corpus.pages import clean_page, document_id
from konews.corpus.sources import clean_sources, load_provenance
from konews.errors import CorpusError
from konews.paths import SOURCES_DIR


@pytest.fixture(scope="module")
def pages():
    return clean_sources()


def _docs(pages):
    return [d for p in pages for d in p.documents]


def test_raw_sources_are_verbatim_copies_listed_in_provenance():
    for page in load_provenance():
        raw = (SOURCES_DIR / page["file"]).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == page["sha256"]


def test_seed_pages_give_two_articles_and_two_teasers(pages):
    kinds = [(d.document.meta.publisher, d.document.meta.doc_type) for d in _docs(pages)]
    assert kinds == [
        ("연합뉴스", "article"),
        ("조세금융신문", "article"),
        ("조세금융신문", "teaser"),
        ("조세금융신문", "teaser"),
    ]


@pytest.mark.parametrize(
    "furniture",
    ["컨텐츠로 건너뛰기", "흐림 / 7.0 °", "원문보기", "재판매 및 DB 금지", "satw@yna.co.kr", "▶", "저작권자",
     "허훈 트리플더블", "파워링크", "쇼핑 핫아이템", "구름많음동두천", "기상청 제공", "2026.02.04",
     "무단전재", "전문가 코너", "더보기", "info icon", "\u00a0"],
)  # fmt: skip
def test_page_furniture_is_dropped(pages, furniture):
    for d in _docs(pages):
        assert furniture not in d.document.text


@pytest.mark.parametrize(
    "kept",
    ['"메타, 스케일AI에 19조원대 투자 확정"…알렉산더 왕 영입', '"의결권 없는 지분 49% 매입"',
     "메타가 영입한 알렉산더 왕 스케일AI 창업자", "마크 저커버그 메타 CEO",
     "(서울=연합뉴스) 주종국 기자 = 차세대", "드로게는 우버 부사장을 역임했다.",
     "20조원 투자했는데…메타, 스케일AI와 파트너십 균열 조짐", "(조세금융신문=최주현 기자) 메타가",
     "회사를 떠나고 있다고 테크크런치는 전했다.", "[이명구 관세청장의 행정노트] 공정의 사닥다리",
     "80억 달러 수출국에서 1.3조 달러 무역 강국으로 정"],
)  # fmt: skip
def test_article_text_is_kept(pages, kept):
    assert any(kept in d.document.text for d in _docs(pages))


def test_every_raw_line_is_kept_or_accounted_for(pages):
    for page, prov in zip(pages, load_provenance(), strict=True):
        n_lines = len((SOURCES_DIR / prov["file"]).read_text(encoding="utf-8").split("\n"))
        kept = {s.line for d in page.documents for s in d.segments}
        removed = {r.line for r in page.removals}
        assert not kept & removed
        assert kept | removed == set(range(1, n_lines + 1))
        assert all(r.reason and r.rule for r in page.removals)


def test_segment_kinds_on_the_yonhap_page(pages):
    segs = pages[0].documents[0].segments
    assert [s.kind for s in segs[:4]] == ["headline", "subheadline", "caption", "body"]
    assert [s.text for s in segs if s.kind == "caption"] == [
        "메타가 영입한 알렉산더 왕 스케일AI 창업자",
        "마크 저커버그 메타 CEO",
    ]


def test_headlines_and_captions_are_single_sentences(pages):
    for clean in _docs(pages):
        doc = clean.document
        sentences = {doc.text[s.start : s.end] for s in doc.sentences}
        for seg in clean.segments:
            if seg.kind != "body":
                assert seg.text in sentences


def test_sentences_tile_the_text_without_whitespace_edges(pages):
    for clean in _docs(pages):
        doc = clean.document
        ends = [0]
        for s in doc.sentences:
            piece = doc.text[s.start : s.end]
            assert piece == piece.strip() and "\n" not in piece
            assert doc.text[ends[-1] : s.start].strip() == ""
            ends.append(s.end)
        assert doc.text[ends[-1] :].strip() == ""


def test_ids_are_stable_and_derived_from_publisher_and_text(pages):
    again = clean_sources()
    for a, b in zip(_docs(pages), _docs(again), strict=True):
        assert a.document == b.document
        assert a.document.id == document_id(a.document.id.split("-")[0], a.document.text)
    ids = [d.document.id for d in _docs(pages)]
    assert len(set(ids)) == len(ids)
    assert [i.split("-")[0] for i in ids] == ["yonhap", "tfmedia", "tfmedia", "tfmedia"]


def test_text_is_nfc_and_no_break_spaces_are_replaced(pages):
    import unicodedata

    for d in _docs(pages):
        assert unicodedata.is_normalized("NFC", d.document.text)
    assert dict(pages[1].normalizations)["no-break spaces (U+00A0) replaced by spaces"] == 17


_PAGE = {"file": "x.txt", "publisher": "가나일보", "publisher_slug": "gana", "copyright": "",
         "articles": [{"kind": "article", "date": "2025-01-02", "date_source": "stated"}]}  # fmt: skip


def test_small_page_with_caption_subheadline_and_promo():
    raw = textwrap.dedent("""\
        뉴스
        흐림 / 3.0 °
        가나일보 홍길동
        삼성, 신공장 착공
        "총 5천억원 투입"
        착공식 모습[가나일보 자료사진]

        착공식 모습
        [가나일보 자료사진]
        (서울=가나일보) 홍길동 기자 = 삼성전자가 5천억원을 투입한다. 완공은 2027년이다.
        ▶구독하기
        <저작권자(c) 가나일보, 무단 전재-재배포 금지>
        파워링크
        """)
    page = clean_page(raw, _PAGE)
    (clean,) = page.documents
    assert [(s.kind, s.text) for s in clean.segments] == [
        ("headline", "삼성, 신공장 착공"),
        ("subheadline", '"총 5천억원 투입"'),
        ("caption", "착공식 모습"),
        ("body", "(서울=가나일보) 홍길동 기자 = 삼성전자가 5천억원을 투입한다. 완공은 2027년이다."),
    ]
    doc = clean.document
    assert [doc.text[s.start : s.end] for s in doc.sentences][-2:] == [
        "(서울=가나일보) 홍길동 기자 = 삼성전자가 5천억원을 투입한다.",
        "완공은 2027년이다.",
    ]
    rules = {r.text.strip(): r.rule for r in page.removals}
    assert rules["가나일보 홍길동"] == "portal-byline"
    assert rules["착공식 모습[가나일보 자료사진]"] == "alt-text"
    assert rules["▶구독하기"] == "promo"
    assert rules["흐림 / 3.0 °"] == "weather"


def test_page_without_copyright_line_is_rejected_with_a_hint():
    with pytest.raises(CorpusError, match=r"no copyright line found.*--copyright TEXT"):
        clean_page("제목\n본문이다.\n", _PAGE)


def test_provenance_must_list_every_document():
    raw = (
        "제목\n(서울=가나일보) 본문이다.\n<저작권자(c) 가나일보>\n전문가 코너\n[칼럼] 제목\n본문.\n"
    )
    with pytest.raises(CorpusError, match=r"found 2 document.*lists 1"):
        clean_page(raw, _PAGE)


@pytest.fixture()
def sources_copy(tmp_path):
    import shutil

    shutil.copytree(SOURCES_DIR, tmp_path / "sources")
    return tmp_path / "sources"


def test_add_page_copies_verbatim_records_provenance_and_cleans(sources_copy, tmp_path):
    from konews.corpus.sources import add_page

    raw = "뉴스\n삼성, 신공장 착공\n(서울=가나일보) 홍길동 기자 = 삼성전자가 투자한다.\n<저작권자(c) 가나일보, 무단 전재 금지>\n"
    page = tmp_path / "new.txt"
    page.write_text(raw, encoding="utf-8")
    cleaned = add_page(
        page, publisher="가나일보", slug="gana", date="2025-01-02", sources=sources_copy
    )
    assert (sources_copy / "new.txt").read_bytes() == page.read_bytes()
    entry = load_provenance(sources_copy)[-1]
    assert entry["copyright"] == "<저작권자(c) 가나일보, 무단 전재 금지>"
    assert entry["sha256"] == hashlib.sha256(raw.encode()).hexdigest()
    (doc,) = [d.document for d in cleaned.documents]
    assert doc.id.startswith("gana-") and doc.meta.title == "삼성, 신공장 착공"
    assert [d.document.id for p in clean_sources(sources_copy) for d in p.documents][-1] == doc.id


def test_add_page_that_cannot_be_cleaned_writes_nothing(sources_copy, tmp_path):
    from konews.corpus.sources import add_page

    before = {p.name: p.read_bytes() for p in sources_copy.iterdir()}
    page = tmp_path / "bad.txt"
    page.write_text("제목\n본문뿐이다.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no copyright line"):
        add_page(page, publisher="가나일보", slug="gana", date="2025-01-02", sources=sources_copy)
    assert {p.name: p.read_bytes() for p in sources_copy.iterdir()} == before


@pytest.mark.parametrize(
    ("slug", "source", "match"), [("Gana!", "stated", "slug"), ("gana", "guess", "date source")]
)
def test_add_page_rejects_bad_arguments(sources_copy, tmp_path, slug, source, match):
    from konews.corpus.sources import add_page

    page = tmp_path / "p.txt"
    page.write_text("x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=match):
        add_page(
            page,
            publisher="가",
            slug=slug,
            date="2025-01",
            date_source=source,
            sources=sources_copy,
        )


_NEW_PAGE = "뉴스\n삼성, 신공장 착공\n(서울=가나일보) 홍길동 기자 = 삼성전자가 투자한다.\n"


def test_add_page_with_an_unknown_notice_needs_no_code_edit(sources_copy, tmp_path):
    # issue 11: a page whose notice no rule knows told the user to edit the code
    from konews.corpus.sources import add_page

    notice = "ⓒ 가나일보. All rights reserved."
    page = tmp_path / "new.txt"
    page.write_text(_NEW_PAGE + notice + "\n관련 기사\n", encoding="utf-8")
    cleaned = add_page(
        page, publisher="가나일보", slug="gana", date="2025-01", copyright=notice,
        sources=sources_copy,
    )  # fmt: skip
    assert load_provenance(sources_copy)[-1]["copyright"] == notice
    (doc,) = [d.document for d in cleaned.documents]
    assert doc.text.endswith("삼성전자가 투자한다.")
    # the stored notice is what later cleanings use: the page cleans again from the folder
    assert [d.document.id for p in clean_sources(sources_copy) for d in p.documents][-1] == doc.id


def test_add_page_refuses_a_byte_identical_copy_naming_the_original(sources_copy, tmp_path):
    from konews.corpus.sources import add_page

    original = load_provenance(sources_copy)[0]["file"]
    copy = tmp_path / "renamed.txt"
    copy.write_bytes((sources_copy / original).read_bytes())
    with pytest.raises(CorpusError, match=f"byte-identical to {original}"):
        add_page(copy, publisher="연합뉴스", slug="yonhap", date="2025-06", sources=sources_copy)
    assert not (sources_copy / "renamed.txt").exists()


@pytest.mark.parametrize("date", ["2025", "2025-13", "25-01-01", "2025-1-1"])
def test_add_page_refuses_dates_its_help_forbids(sources_copy, tmp_path, date):
    from konews.corpus.sources import add_page

    page = tmp_path / "p.txt"
    page.write_text(_NEW_PAGE + "<저작권자(c) 가나일보>\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="YYYY-MM-DD or YYYY-MM"):
        add_page(page, publisher="가나일보", slug="gana", date=date, sources=sources_copy)


def test_seed_document_ids_are_the_frozen_test_split(pages):
    from konews.corpus.splits import SEED_DOC_IDS, split_of

    ids = {d.document.id for d in _docs(pages)}
    assert ids == SEED_DOC_IDS
    assert {split_of(i) for i in ids} == {"test"}
