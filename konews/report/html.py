"""Error-analysis report: one self-contained HTML page of gold against predicted spans.

Every sentence is shown with its gold spans and, below, the predicted ones,
coloured per label in displaCy's style. Each mismatch gets exactly one marker
element, ``<mark class="mismatch" data-kind="...">``, around the span that
carries it (so a page can be checked by counting markers):

==============  ==========================================  ==============
kind            what                                        marked on
==============  ==========================================  ==============
missed          a gold span that no prediction overlaps     gold span
spurious        a prediction that overlaps no gold span     predicted span
wrong_label     same bounds, other label                    predicted span
wrong_boundary  overlapping, other bounds (any label)       predicted span
==============  ==========================================  ==============

The other half of a wrong label or wrong boundary is drawn as a counterpart
(``class="ent counterpart"``). Pairs are found as ``konews.evaluate.spans`` matches in
"exact" mode (nervaluate's): same-bounds pairs first, then each remaining
prediction, in start order, takes the first unclaimed overlapping gold span. So
the counts equal that mode's categories: exact ``incorrect`` = wrong_boundary,
``missed`` = missed, ``spurious`` = spurious.

The numbers (per-label strict F1, money detection) come from ``konews.evaluate``,
which also validates both files, so the page and ``konews evaluate`` agree. All
input text is escaped; the page has no external resources and its
Content-Security-Policy forbids loading any.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

from konews.io import atomic_write_text
from konews.records import Span
from konews.report.analysis import MISMATCH_KINDS, Mismatch, Report, SentenceView
from konews.schema import ENTITY_LABELS

KIND_TITLES = {
    "missed": "missed (gold only)",
    "spurious": "spurious (prediction only)",
    "wrong_label": "wrong label (same span)",
    "wrong_boundary": "wrong boundary (overlap)",
}
# displaCy's palette where spaCy has the label (PERSON, ORG, LOC, DATE, PRODUCT),
# distinct colours elsewhere so DATE/TIME and QUANTITY/MONEY can be told apart.
LABEL_COLORS: dict[str, str] = {
    "PER": "#aa9cfc",
    "ORG": "#7aecec",
    "LOC": "#ff9561",
    "DATE": "#bfe1d9",
    "TIME": "#9cc9cc",
    "QUANTITY": "#e4e7d2",
    "MONEY": "#ffeb80",
    "PRODUCT": "#bfeeb7",
    "JOB_TITLE": "#f0d0ff",
    "WORK": "#ffc0cb",
}
KIND_COLORS = {
    "missed": "#d62728",
    "spurious": "#ff7f0e",
    "wrong_label": "#9467bd",
    "wrong_boundary": "#1f77b4",
}


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


# --- rendering ------------------------------------------------------------------------


def _entity(text: str, span: Span, counterpart: str | None) -> str:
    label = esc(span.label)
    extra = f' counterpart" data-kind="{counterpart}' if counterpart else ""
    return (
        f'<mark class="ent{extra}" data-label="{label}">{esc(text[span.start : span.end])}'
        f'<span class="lbl">{label}</span></mark>'
    )


def describe(m: Mismatch, text: str) -> str:
    """ "gold '메타' ORG [11, 13)", with the predicted span after it where there is one."""

    def show(side: str, s: Span | None) -> str:
        return (
            "" if s is None else f"{side} '{text[s.start : s.end]}' {s.label} [{s.start}, {s.end})"
        )

    return ", ".join(x for x in (show("gold", m.gold), show("predicted", m.pred)) if x)


def render_line(text: str, spans: tuple[Span, ...], marks: dict[Span, tuple[str, Mismatch]]) -> str:
    """``text`` with ``spans`` as displaCy-style marks; ``marks[span] = (role, mismatch)``
    with role "marker" (wrap in the mismatch element) or "counterpart"."""
    out, at = [], 0
    for s in spans:
        out.append(esc(text[at : s.start]))
        role, m = marks.get(s, ("", None))
        ent = _entity(text, s, m.kind if role == "counterpart" else None)
        if role == "marker":
            tip = esc(f"{KIND_TITLES[m.kind]}: {describe(m, text)}")
            ent = f'<mark class="mismatch" data-kind="{m.kind}" title="{tip}">{ent}</mark>'
        out.append(ent)
        at = s.end
    out.append(esc(text[at:]))
    return "".join(out)


def _money_value(row: dict | None) -> str:
    if row is None:
        return "—"
    if row.get("vague"):
        value = "vague"
    else:
        amount = _grouped(row.get("amount"))
        q = row.get("qualifier")
        if q == "range":
            value = f"{amount}–{_grouped(row.get('amount_max'))}"
        else:
            value = {"at_least": "≥ ", "at_most": "≤ "}.get(q, "") + amount
    approx = "≈ " if row.get("approximate") else ""
    return f"{approx}{value} {row.get('currency') or '?'}"


def _grouped(amount: object) -> str:
    if amount is None:
        return "?"
    return f"{Decimal(str(amount)):,}"


def _money_table(s: SentenceView, with_pred: bool) -> str:
    head = "<tr><th>mention</th><th>gold</th>" + ("<th>predicted</th>" if with_pred else "")
    rows = [f'<table class="money">{head}</tr>']
    by_id = {g["id"]: g for g, _ in s.money if g is not None}
    for gold, pred in s.money:
        src = gold or pred
        mention = esc(s.text[src["start"] : src["end"]])
        restated = by_id.get((gold or {}).get("equivalent_of"))
        if restated is not None:  # 약 19조6천억원 restating 143억 달러
            mention += (
                f' <span class="eq">= {esc(s.text[restated["start"] : restated["end"]])}</span>'
            )
        cells = f"<td>{mention}</td><td>{esc(_money_value(gold))}</td>"
        if with_pred:
            same = (
                gold is not None and pred is not None and _money_value(gold) == _money_value(pred)
            )
            cells += (
                f'<td class="{"same" if same else "money-diff"}">{esc(_money_value(pred))}</td>'
            )
        rows.append(f"<tr>{cells}</tr>")
    return "".join(rows) + "</table>"


def _mismatch_list(s: SentenceView) -> str:
    items = "".join(
        f'<li data-kind="{m.kind}"><span class="k">{esc(KIND_TITLES[m.kind])}</span> '
        f"{esc(describe(m, s.text))}</li>"
        for m in s.mismatches
    )
    return f'<ul class="mismatches">{items}</ul>' if items else ""


def _sentence(s: SentenceView, money_preds: bool) -> str:
    gold_marks, pred_marks = {}, {}
    for m in s.mismatches:
        if m.kind == "missed":
            gold_marks[m.gold] = ("marker", m)
        else:
            pred_marks[m.pred] = ("marker", m)
            if m.gold is not None:
                gold_marks[m.gold] = ("counterpart", m)
    sid = esc(s.id)
    rows = [f'<div class="row"><span class="side">gold</span><p class="text">'
            f"{render_line(s.text, s.gold, gold_marks)}</p></div>"]  # fmt: skip
    if s.pred is not None:
        rows.append(
            '<div class="row pred"><span class="side">pred</span><p class="text">'
            f"{render_line(s.text, s.pred, pred_marks)}</p></div>"
        )
    money = _money_table(s, money_preds) if s.money else ""
    return (
        f'<section class="sent" id="{sid}" data-mismatches="{len(s.mismatches)}">'
        f'<a class="sid" href="#{esc(quote(s.id, safe=""))}">{sid}</a>'
        f"{''.join(rows)}{_mismatch_list(s)}{money}</section>"
    )


def _bars(report: Report) -> str:
    """Per-label strict P/R/F1 as CSS bars; on a gold-only page, entity counts."""
    if report.scores is None:
        counts = Counter(sp.label for s in report.sentences for sp in s.gold)
        top = max(counts.values(), default=1)
        rows = "".join(
            f'<tr><th><span class="sw" data-label="{lb}"></span>{lb}</th>'
            f'<td class="bar"><div data-label="{lb}" style="width:{100 * counts[lb] / top:.1f}%">'
            "</div></td>"
            f"<td>{counts[lb]}</td></tr>"
            for lb in ENTITY_LABELS
        )
        return f'<table class="bars"><tr><th>label</th><th></th><th>spans</th></tr>{rows}</table>'
    strict = report.scores["metrics"]["fine"]["strict"]
    rows = []
    for lb in ENTITY_LABELS:
        c = strict["per_label"][lb]
        seen = c["tp"] + c["fp"] + c["fn"] > 0
        rows.append(
            f'<tr><th><span class="sw" data-label="{lb}"></span>{lb}</th>'
            f'<td class="bar"><div style="width:{100 * c["f1"]:.1f}%"></div></td>'
            + (
                f'<td class="f1">{c["f1"]:.3f}</td><td>{c["precision"]:.3f}</td>'
                f"<td>{c['recall']:.3f}</td>"
                if seen
                else '<td class="f1">—</td><td>—</td><td>—</td>'
            )
            + f"<td>{c['tp']}</td><td>{c['fp']}</td><td>{c['fn']}</td></tr>"
        )
    micro, macro = strict["micro"], strict["macro"]
    rows.append(
        f'<tr class="avg"><th>micro</th><td class="bar"><div style="width:{100 * micro["f1"]:.1f}%">'
        f'</div></td><td class="f1">{micro["f1"]:.3f}</td><td>{micro["precision"]:.3f}</td>'
        f"<td>{micro['recall']:.3f}</td><td>{micro['tp']}</td><td>{micro['fp']}</td>"
        f"<td>{micro['fn']}</td></tr>"
        f'<tr class="avg"><th>macro</th><td class="bar"><div style="width:{100 * macro["f1"]:.1f}%">'
        f'</div></td><td class="f1">{macro["f1"]:.3f}</td><td>{macro["precision"]:.3f}</td>'
        f"<td>{macro['recall']:.3f}</td><td></td><td></td><td></td></tr>"
    )
    head = "<tr><th>label</th><th>strict F1</th><th>F1</th><th>P</th><th>R</th>"
    return (
        f'<table class="bars">{head}<th>TP</th><th>FP</th><th>FN</th></tr>{"".join(rows)}</table>'
    )


def _summary(report: Report) -> str:
    n_gold = sum(len(s.gold) for s in report.sentences)
    docs = list(dict.fromkeys(s.doc_id for s in report.sentences))
    facts = [f"{len(docs)} documents", f"{len(report.sentences)} sentences", f"{n_gold} gold spans"]
    parts = [f"<p>gold: <code>{esc(report.gold_source)}</code>"]
    if report.pred_source is not None:
        n_pred = sum(len(s.pred or ()) for s in report.sentences)
        facts.append(f"{n_pred} predicted spans")
        parts.append(f" · predictions: <code>{esc(report.pred_source)}</code>")
    parts.append(f"</p><p>{esc(', '.join(facts))}</p>")
    if report.pred_source is not None:
        counts = report.kind_counts()
        parts.append('<ul class="kinds">')
        for k in MISMATCH_KINDS:
            parts.append(
                f'<li><label><input type="checkbox" data-toggle="{k}" checked> '
                f'<mark class="legend" data-kind="{k}">{esc(KIND_TITLES[k])}</mark>'
                f' <b class="n" data-count="{k}">{counts[k]}</b></label></li>'
            )
        parts.append(
            '</ul><p><label><input type="checkbox" id="only"> only sentences with mismatches'
            '</label> · <span id="shown"></span> · keys <kbd>n</kbd>/<kbd>p</kbd>: next/previous'
            " mismatch</p>"
        )
    if report.money_scores is not None:
        m = report.money_scores["metrics"]
        parts.append(
            f"<p>money: detection F1 {m['detection']['f1']:.3f}, normalized F1 "
            f"{m['normalized']['f1']:.3f} ({m['attributes']['matched']} matched mentions)</p>"
        )
    parts.append(_bars(report))
    return "".join(parts)


def _toc(report: Report) -> str:
    by_doc: dict[str, list[SentenceView]] = defaultdict(list)
    for s in report.sentences:
        by_doc[s.doc_id].append(s)
    items = []
    for doc, sents in by_doc.items():
        n = sum(len(s.mismatches) for s in sents)
        links = "".join(
            f'<a href="#{esc(quote(s.id, safe=""))}" data-mismatches="{len(s.mismatches)}"'
            f' title="{esc(s.id)}">{esc(s.id.rsplit("-s", 1)[-1])}</a>'
            for s in sents
        )
        count = (
            f' <span class="n" data-n="{n}">{n}</span>' if report.pred_source is not None else ""
        )
        items.append(
            f'<li><a href="#{esc(quote("doc-" + doc, safe=""))}">{esc(doc)}</a>{count}'
            f'<div class="sl">{links}</div></li>'
        )
    return f'<nav id="toc"><h2>Contents</h2><ol>{"".join(items)}</ol></nav>'


def _documents(report: Report) -> str:
    by_doc: dict[str, list[SentenceView]] = defaultdict(list)
    for s in report.sentences:
        by_doc[s.doc_id].append(s)
    money_preds = report.money_scores is not None
    out = []
    for doc, sents in by_doc.items():
        meta = report.documents.get(doc, {})
        info = " · ".join(esc(meta[k]) for k in ("publisher", "date", "title") if meta.get(k))
        out.append(
            f'<article class="doc" id="{esc("doc-" + doc)}"><h2>{esc(doc)}</h2>'
            + (f'<p class="docmeta">{info}</p>' if info else "")
            + "".join(_sentence(s, money_preds) for s in sents)
            + "</article>"
        )
    return "".join(out)


def render_html(report: Report) -> str:
    gold_only = report.pred_source is None
    title = "KoNews gold" if gold_only else "KoNews error analysis"
    label_css = "".join(
        f'mark.ent[data-label="{lb}"],.sw[data-label="{lb}"],.bar div[data-label="{lb}"]'
        f"{{background:{c}}}"
        for lb, c in LABEL_COLORS.items()
    )
    kind_css = "".join(f'[data-kind="{k}"]{{--k:{c}}}' for k, c in KIND_COLORS.items())
    return (
        "<!DOCTYPE html>\n"
        '<html lang="ko"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_CSS}{label_css}{kind_css}</style></head>"
        f'<body data-mode="{"gold" if gold_only else "compare"}">'
        f"{_toc(report)}<main><header><h1>{esc(title)}</h1>{_summary(report)}</header>"
        f"{_documents(report)}</main><script>{_JS}</script></body></html>\n"
    )


_CSS = """
body{margin:0;font:15px/1.5 "Noto Sans CJK KR","NanumGothic","Apple SD Gothic Neo",
"Malgun Gothic",sans-serif;color:#222;background:#fff;display:flex}
#toc{position:sticky;top:0;height:100vh;overflow:auto;width:240px;flex:none;
border-right:1px solid #ddd;padding:0 12px;box-sizing:border-box;font-size:13px;background:#fafafa}
#toc ol{padding-left:18px}#toc li{margin:6px 0}
#toc .sl a{display:inline-block;min-width:2.4em;margin:1px;text-align:center;
border-radius:3px;background:#eee;color:#333;text-decoration:none;font-size:11px}
#toc .sl a:not([data-mismatches="0"]){background:#d62728;color:#fff}
#toc .n{background:#d62728;color:#fff;border-radius:8px;padding:0 6px;font-size:11px}#toc .n[data-n="0"]{background:#bbb}
body[data-mode=gold] #toc .sl a{background:#e8e8e8;color:#333}
main{flex:1;padding:0 28px 40vh;min-width:0;max-width:1100px}
h1{font-size:22px;margin:16px 0 4px}h2{font-size:17px;margin:28px 0 6px}
code{font-size:12px;background:#f3f3f3;padding:1px 4px}
.doc{border-top:2px solid #444;margin-top:18px}.docmeta{color:#666;margin:0 0 6px}
.sent{padding:8px 0 10px;border-bottom:1px solid #eee}
.sent:target{background:#fffbe6}
.sid{font:12px monospace;color:#888;text-decoration:none}
.row{display:flex;align-items:baseline;gap:10px}
.side{flex:none;width:36px;font:11px monospace;color:#999;text-transform:uppercase}
.text{margin:2px 0;line-height:2.4;white-space:pre-wrap;word-break:keep-all;overflow-wrap:anywhere}
.pred .text{border-left:3px solid #eee;padding-left:6px}
mark.ent{padding:.3em .45em;margin:0 .15em;line-height:1;border-radius:.35em;color:#222;
box-decoration-break:clone;-webkit-box-decoration-break:clone}
mark.ent .lbl{font-size:.7em;font-weight:bold;margin-left:.4rem;vertical-align:middle;
text-transform:uppercase}
mark.mismatch{background:none;outline:2px solid var(--k);outline-offset:1px;border-radius:.45em;
padding:.15em 0}
mark.mismatch[data-kind=missed],mark.mismatch[data-kind=spurious]{outline-style:dashed}
mark.legend{background:none;outline:2px solid var(--k);border-radius:.45em;padding:0 .3em}
mark.legend[data-kind=missed],mark.legend[data-kind=spurious]{outline-style:dashed}
mark.ent.counterpart{outline:2px dotted var(--k);outline-offset:1px}
body.hide-missed mark[data-kind=missed],body.hide-spurious mark[data-kind=spurious],
body.hide-wrong_label mark[data-kind=wrong_label],
body.hide-wrong_boundary mark[data-kind=wrong_boundary]{outline:none}
ul.mismatches{margin:2px 0 0 46px;padding:0;list-style:none;font-size:13px;color:#444}
ul.mismatches li::before{content:"";display:inline-block;width:10px;height:10px;
margin-right:6px;border-radius:2px;background:var(--k)}
ul.mismatches .k{font-weight:bold;color:var(--k)}
ul.kinds{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:6px 22px}
table.money{margin:6px 0 0 46px;border-collapse:collapse;font-size:13px}
table.money td,table.money th{border:1px solid #ddd;padding:2px 8px;text-align:left}
table.money td.money-diff{background:#fde2e1}table.money .eq{color:#888;font-size:12px}
table.bars{border-collapse:collapse;font-size:13px;margin:10px 0}
table.bars th,table.bars td{padding:2px 8px;text-align:right}table.bars th{text-align:left}
table.bars td.bar{width:260px;padding:2px 0}
table.bars td.bar div{height:14px;background:#4c78a8;border-radius:2px;min-width:1px}
table.bars tr.avg th{font-style:italic}table.bars tr.avg td.bar div{background:#888}
.sw{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;
vertical-align:-1px}
.sent[hidden],.doc[hidden]{display:none}
"""

# Reads only the DOM the server wrote (no data in the script itself), so
# untrusted text never reaches JavaScript source.
_JS = """
(function(){
var body=document.body,only=document.getElementById('only'),shown=document.getElementById('shown');
var toggles=[].slice.call(document.querySelectorAll('input[data-toggle]'));
function visibleKinds(){var on={};toggles.forEach(function(t){on[t.dataset.toggle]=t.checked;
body.classList.toggle('hide-'+t.dataset.toggle,!t.checked);});return on;}
function update(){var on=visibleKinds(),n=0;
document.querySelectorAll('.doc').forEach(function(doc){var any=false;
doc.querySelectorAll('.sent').forEach(function(s){var k=0;
s.querySelectorAll('mark.mismatch').forEach(function(m){if(on[m.dataset.kind])k++;});
s.hidden=!!(only&&only.checked&&k===0);s.dataset.visibleMismatches=k;
if(!s.hidden){any=true;n++;}});doc.hidden=!any;});
if(shown)shown.textContent=n+' sentences shown';}
toggles.forEach(function(t){t.addEventListener('change',update);});
if(only)only.addEventListener('change',update);
document.addEventListener('keydown',function(e){if(e.key!=='n'&&e.key!=='p')return;
var list=[].slice.call(document.querySelectorAll('.sent')).filter(function(s){
return !s.hidden&&s.dataset.visibleMismatches!=='0';});if(!list.length)return;
var y=window.scrollY+5,i;if(e.key==='n'){i=list.findIndex(function(s){return s.offsetTop>y;});
if(i<0)i=0;}else{i=-1;list.forEach(function(s,j){if(s.offsetTop<y-10)i=j;});
if(i<0)i=list.length-1;}location.hash=list[i].id;});
if(only&&/[?&]only=1(&|$)/.test(location.search))only.checked=true;
update();body.dataset.ready='1';
})();
"""


def write_report(path: str | Path, report: Report) -> None:
    atomic_write_text(path, render_html(report))
