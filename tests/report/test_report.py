"""konews.report: mismatch classification, the HTML page, the CLI, and the page in Chromium.

The golden files in tests/data/report/ are six invented sentences in two
documents with known errors in the predictions: 2 missed (메타, 지난달),
1 spurious (회사), 1 wrong label (CEO as ORG), 1 wrong boundary (19조6천억원
for 약 19조6천억원); the money predictions miss the 이상 of 290억 달러 이상.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konews import evaluate
from konews.cli import main
from konews.evaluate.counts import Counts
from konews.evaluate.spans import score_spans
from konews.io import read_jsonl, write_jsonl
from konews.records import Span
from konews.report.analysis import build_report, classify
from konews.report.html import LABEL_COLORS, render_html
from konews.schema import ENTITY_LABELS

DATA = Path(__file__).resolve().parents[1] / "data" / "report"
EXPECTED = {"missed": 2, "spurious": 1, "wrong_label": 1, "wrong_boundary": 1}
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Page(HTMLParser):
    """Elements of a page as (tag, attrs) plus the text, for counting markers."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag: str, cls: str | None = None, **attrs) -> list[dict]:
        return [
            a
            for t, a in self.elements
            if t == tag
            and (cls is None or cls in (a.get("class") or "").split())
            and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]

    def kinds(self) -> Counter:
        return Counter(a["data-kind"] for a in self.find("mark", "mismatch"))


def golden_report(**kw):
    return build_report(
        evaluate.Rows.read(DATA / "gold_entities.jsonl"),
        evaluate.Rows.read(DATA / "predictions.jsonl"),
        **kw,
    )


def dataset_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "dataset"
    for config, name in (("entities", "gold_entities"), ("money", "gold_money")):
        (folder / "data" / config).mkdir(parents=True)
        shutil.copy(DATA / f"{name}.jsonl", folder / "data" / config / "test.jsonl")
    return folder


# --- classification ------------------------------------------------------------------

TEXT = "오픈AI는 지난달 챗GPT 새 버전을 공개했다."


def at(word: str, label: str, text: str = TEXT) -> Span:
    return Span(text.index(word), text.index(word) + len(word), label)


@pytest.mark.parametrize(
    ("gold", "pred", "kinds", "correct"),
    [
        ([at("오픈AI", "ORG")], [at("오픈AI", "ORG")], [], 1),
        ([at("오픈AI", "ORG")], [], ["missed"], 0),
        ([], [at("지난달", "DATE")], ["spurious"], 0),
        ([at("챗GPT", "PRODUCT")], [at("챗GPT", "ORG")], ["wrong_label"], 0),
        ([at("오픈AI", "ORG")], [at("오픈AI는", "ORG")], ["wrong_boundary"], 0),
        # Other bounds and another label is still one boundary error, not two mistakes.
        ([at("챗GPT 새 버전", "PRODUCT")], [at("챗GPT", "ORG")], ["wrong_boundary"], 0),
        # A gold span split in two: the first piece pairs with it, the second is spurious.
        (
            [at("챗GPT 새 버전", "PRODUCT")],
            [at("챗GPT", "PRODUCT"), at("버전", "PRODUCT")],
            ["wrong_boundary", "spurious"],
            0,
        ),
        # Two gold spans under one prediction: the first is paired, the second missed.
        (
            [at("오픈AI", "ORG"), at("지난달", "DATE")],
            [at("오픈AI는 지난달", "ORG")],
            ["wrong_boundary", "missed"],
            0,
        ),
    ],
)
def test_classify(gold, pred, kinds, correct):
    mismatches, n_correct = classify(gold, pred)
    assert [m.kind for m in mismatches] == kinds
    assert n_correct == correct


def test_classify_pairs_the_spans_it_names():
    gold, pred = at("오픈AI", "ORG"), at("오픈AI는", "ORG")
    (m,), _ = classify([gold], [pred])
    assert (m.gold, m.pred) == (gold, pred)


def test_an_overlap_under_one_percent_of_the_gold_span_is_no_pairing():
    # konews.evaluate.spans (after nervaluate) needs the overlap to cover 1% of the gold span.
    text = "가" * 150
    gold, pred = Span(0, 150, "ORG"), Span(149, 150, "ORG")
    assert [m.kind for m in classify([gold], [pred])[0]] == ["missed", "spurious"]
    assert len(text[gold.start : gold.end]) == 150


@st.composite
def side(draw, length: int = 30):
    """Non-overlapping spans over a sentence of ``length`` characters."""
    cuts = sorted(draw(st.sets(st.integers(0, length), max_size=10)))
    spans = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        spans.append(Span(a, b, draw(st.sampled_from(("ORG", "PER", "LOC")))))
    return spans


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(side(), side()), min_size=1, max_size=4))
def test_counts_equal_konews_metrics(sentences):
    """Oracle: the kinds are konews.evaluate.spans' exact-mode categories and strict counts."""
    kinds: Counter = Counter()
    correct = 0
    for gold, pred in sentences:
        found, n = classify(gold, pred)
        kinds.update(m.kind for m in found)
        correct += n
    sc = score_spans(
        [g for g, _ in sentences],
        [p for _, p in sentences],
        ("LOC", "ORG", "PER"),
        [30] * len(sentences),
    )
    exact = sc.categories("exact")
    assert (exact.correct, exact.incorrect, exact.missed, exact.spurious) == (
        correct + kinds["wrong_label"],
        kinds["wrong_boundary"],
        kinds["missed"],
        kinds["spurious"],
    )
    both = kinds["wrong_label"] + kinds["wrong_boundary"]
    assert sc.counts() == Counts(correct, kinds["spurious"] + both, kinds["missed"] + both)


def test_every_schema_label_has_a_colour():
    assert set(LABEL_COLORS) == set(ENTITY_LABELS)


# --- the page --------------------------------------------------------------------------


def test_page_has_one_marker_per_mismatch():
    page = Page(render_html(golden_report()))
    assert page.kinds() == EXPECTED
    per_sentence = [int(a["data-mismatches"]) for a in page.find("section", "sent")]
    assert per_sentence == [2, 1, 1, 1, 0, 0]
    # The other half of each wrong label / wrong boundary is drawn as a counterpart.
    counterparts = Counter(a["data-kind"] for a in page.find("mark", "counterpart"))
    assert counterparts == {"wrong_label": 1, "wrong_boundary": 1}
    # Every gold and predicted span is rendered once.
    assert len(page.find("mark", "ent")) == 15 + 14


def test_mismatches_are_listed_with_both_spans():
    page = Page(render_html(golden_report()))
    text = next(r["text"] for _, r in read_jsonl(DATA / "gold_entities.jsonl"))
    g0, p0 = text.index("약 19조6천억원"), text.index("19조6천억원")
    end = g0 + len("약 19조6천억원")
    listed = (
        f"gold '약 19조6천억원' MONEY [{g0}, {end}), predicted '19조6천억원' MONEY [{p0}, {end})"
    )
    assert listed in "".join(page.text)
    (marker,) = page.find("mark", "mismatch", data_kind="wrong_boundary")
    assert marker["title"] == f"wrong boundary (overlap): {listed}"


def test_page_links_every_sentence_and_lists_them_in_the_contents():
    page = Page(render_html(golden_report()))
    ids = [r["id"] for _, r in read_jsonl(DATA / "gold_entities.jsonl")]
    assert [a["id"] for a in page.find("section", "sent")] == ids
    anchors = {a["href"] for a in page.find("a", "sid")}
    assert anchors == {f"#{sid}" for sid in ids}
    toc = [a["href"] for a in page.find("a") if a.get("data-mismatches") is not None]
    assert toc == [f"#{sid}" for sid in ids]
    assert {a["id"] for a in page.find("article", "doc")} == {
        "doc-yonhap-0a1b2c3d4e5f",
        "doc-hankyung-9f8e7d6c5b4a",
    }


def test_f1_bars_show_the_scores_of_konews_evaluate():
    html = render_html(golden_report())
    gold = [r for _, r in read_jsonl(DATA / "gold_entities.jsonl")]
    pred = {r["id"]: r["entities"] for _, r in read_jsonl(DATA / "predictions.jsonl")}
    sc = score_spans(
        [[Span(e["start"], e["end"], e["label"]) for e in r["entities"]] for r in gold],
        [[Span(e["start"], e["end"], e["label"]) for e in pred[r["id"]]] for r in gold],
        ENTITY_LABELS,
        [len(r["text"]) for r in gold],
    )
    for label in ("ORG", "DATE", "MONEY", "JOB_TITLE", "PER"):
        c = sc.counts(label)
        row = (
            f'<span class="sw" data-label="{label}"></span>{label}</th><td class="bar">'
            f'<div style="width:{100 * c.f1:.1f}%"></div></td><td class="f1">{c.f1:.3f}</td>'
        )
        assert row in html
    assert f'<td class="f1">{sc.counts().f1:.3f}</td>' in html
    # TIME occurs on neither side: no score, not a misleading 0.
    assert '<span class="sw" data-label="TIME"></span>TIME</th><td class="bar">' in html
    assert sc.counts("TIME") == Counts()


def test_money_values_side_by_side():
    report = golden_report(
        money_gold=evaluate.Rows.read(DATA / "gold_money.jsonl"),
        money_predictions=evaluate.Rows.read(DATA / "money_predictions.jsonl"),
    )
    page = Page(render_html(report))
    assert len(page.find("table", "money")) == 2
    # 약 19조6천억원 has no prediction at its bounds, 19조6천억원 no gold, 이상 was lost.
    assert len(page.find("td", "money-diff")) == 3
    assert len(page.find("td", "same")) == 1
    text = "".join(page.text)
    assert "≥ 29,000,000,000 USD" in text
    assert "≈ 19,600,000,000,000 KRW" in text
    assert "money: detection F1 0.667, normalized F1 0.667" in text


def test_gold_page_renders_the_gold_alone():
    report = build_report(
        evaluate.Rows.read(DATA / "gold_entities.jsonl"),
        money_gold=evaluate.Rows.read(DATA / "gold_money.jsonl"),
    )
    html = render_html(report)
    page = Page(html)
    assert page.find("mark", "mismatch") == []
    assert page.find("div", "pred") == []
    assert len(page.find("mark", "ent")) == 15
    assert len(page.find("table", "money")) == 2
    assert page.find("body")[0]["data-mode"] == "gold"
    assert "= 143억 달러" in "".join(page.text)  # the restatement is shown to annotators


HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)><u>'


def test_untrusted_text_is_escaped():
    text = f"{HOSTILE} 삼성전자"
    sid = 'doc"><u>-s000'
    gold = [{"id": sid, "doc_id": 'doc"><u>', "text": text, "entities": [
        {"start": text.index("<script>"), "end": text.index("</script>"), "label": "ORG"}]}]  # fmt: skip
    pred = [{"id": sid, "entities": [
        {"start": text.index("삼성전자"), "end": len(text), "label": "ORG"}]}]  # fmt: skip
    docs = evaluate.Rows([{"id": 'doc"><u>', "title": HOSTILE, "publisher": "<i>연합</i>"}], "d")
    html = render_html(
        build_report(evaluate.Rows(gold, "g"), evaluate.Rows(pred, "p"), documents=docs)
    )
    page = Page(html)
    assert [t for t, _ in page.elements].count("script") == 1  # only the page's own
    assert not [t for t, _ in page.elements if t in ("img", "u", "i")]
    assert HOSTILE in "".join(page.text)  # shown as text, verbatim
    assert page.find("section", "sent")[0]["id"] == sid
    assert "http" not in html.replace("http-equiv", "")  # nothing loaded from anywhere


# --- the command -------------------------------------------------------------------------


def test_cli_writes_both_pages(tmp_path, capsys):
    folder = dataset_folder(tmp_path)
    out = tmp_path / "report.html"
    argv = [str(DATA / "predictions.jsonl"), "--dataset", str(folder), "-o", str(out)]
    assert (
        main(["report", *argv, "--money-predictions", str(DATA / "money_predictions.jsonl")]) == 0
    )
    assert "2 missed, 1 spurious, 1 wrong_label, 1 wrong_boundary" in capsys.readouterr().out
    page = Page(out.read_text(encoding="utf-8"))
    assert page.kinds() == EXPECTED
    assert len(page.find("td", "money-diff")) == 3
    gold_out = tmp_path / "gold.html"
    assert main(["report", "--gold", "--dataset", str(folder), "-o", str(gold_out)]) == 0
    assert Page(gold_out.read_text(encoding="utf-8")).kinds() == {}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "give a PREDICTIONS file, or --gold"),
        (["PRED", "--gold"], "give a PREDICTIONS file, or --gold"),
        (["--gold", "--money-predictions", "M"], "--money-predictions needs a PREDICTIONS"),
    ],
)
def test_cli_refuses_unclear_requests(tmp_path, capsys, argv, message):
    argv = [str(DATA / "predictions.jsonl") if a == "PRED" else a for a in argv]
    out = tmp_path / "r.html"
    assert main(["report", *argv, "--dataset", str(dataset_folder(tmp_path)), "-o", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_bad_predictions_name_file_and_line(tmp_path, capsys):
    rows = [r for _, r in read_jsonl(DATA / "predictions.jsonl")]
    rows[1]["entities"][0]["label"] = "PERSON"
    bad = tmp_path / "bad.jsonl"
    write_jsonl(bad, rows)
    out = tmp_path / "r.html"
    folder = dataset_folder(tmp_path)
    assert main(["report", str(bad), "--dataset", str(folder), "-o", str(out)]) == 2
    assert f"{bad}:2: unknown label 'PERSON'" in capsys.readouterr().err
    assert not out.exists()


def test_standoff_gold_asks_for_hydrate(tmp_path, capsys):
    folder = dataset_folder(tmp_path)
    path = folder / "data" / "entities" / "test.jsonl"
    write_jsonl(path, [{**r, "text": None} for _, r in read_jsonl(path)])
    assert main(["report", "--gold", "--dataset", str(folder), "-o", str(tmp_path / "g.html")]) == 2
    assert "konews hydrate" in capsys.readouterr().err


# --- in the browser -------------------------------------------------------------------------


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows of an 8-bit RGB/RGBA PNG (stdlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        (size,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + size]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + size
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(idat)), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, bpp, rows


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
)
def test_page_renders_in_headless_chromium(tmp_path):
    folder = dataset_folder(tmp_path)
    out = tmp_path / "report.html"
    assert main(["report", str(DATA / "predictions.jsonl"), "--dataset", str(folder),
                 "--money-predictions", str(DATA / "money_predictions.jsonl"), "-o", str(out)]) == 0  # fmt: skip

    def chromium(*args: str, query: str = "") -> subprocess.CompletedProcess:
        profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
        profile.mkdir()
        return subprocess.run(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, out.as_uri() + query],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

    dom = Page(chromium("--dump-dom").stdout)
    assert dom.kinds() == EXPECTED
    body = dom.find("body")[0]
    assert body.get("data-ready") == "1", "the page's script did not run"
    assert "6 sentences shown" in "".join(dom.text)  # written by the script
    # ?only=1 starts with the filter on: the two sentences without mismatches are hidden.
    filtered = Page(chromium("--dump-dom", query="?only=1").stdout)
    hidden = [a["id"] for a in filtered.find("section", "sent") if "hidden" in a]
    assert hidden == ["hankyung-9f8e7d6c5b4a-s001", "hankyung-9f8e7d6c5b4a-s002"]
    assert "4 sentences shown" in "".join(filtered.text)

    shot = tmp_path / "report.png"
    chromium("--window-size=1280,900", f"--screenshot={shot}")
    width, bpp, rows = png_pixels(shot.read_bytes())
    pixels = Counter(row[i : i + 3] for row in rows[::4] for i in range(0, width * bpp, bpp * 4))
    white = pixels[b"\xff\xff\xff"]
    assert len(pixels) > 50, "screenshot has almost no distinct colours"
    assert white < 0.95 * sum(pixels.values()), "screenshot is (nearly) blank"
    for colour in (LABEL_COLORS["ORG"], LABEL_COLORS["MONEY"]):  # displaCy marks drawn
        assert bytes.fromhex(colour[1:]) in pixels
