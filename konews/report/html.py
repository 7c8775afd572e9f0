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
input text is escaped (the page is a Jinja2 template, ``templates/report.html.j2``,
with autoescape; its CSS and JS are the files in ``static/``); the page has no
external resources and its Content-Security-Policy forbids loading any.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import jinja2

from konews.io import atomic_write_text
from konews.records import Span
from konews.report.analysis import MISMATCH_KINDS, Mismatch, Report, SentenceView
from konews.schema import ENTITY_LABELS, LABEL_COLOURS

KIND_TITLES = {
    "missed": "missed (gold only)",
    "spurious": "spurious (prediction only)",
    "wrong_label": "wrong label (same span)",
    "wrong_boundary": "wrong boundary (overlap)",
}


def _lightened(colour: str, keep: float = 0.45) -> str:
    """``colour`` mixed with white, so black label text stays readable on it."""
    rgb = (int(colour[k : k + 2], 16) for k in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * keep):02x}" for c in rgb)


# the schema's colours (the ones Label Studio shows), lightened for a solid background
LABEL_COLORS: dict[str, str] = {lb: _lightened(LABEL_COLOURS[lb]) for lb in ENTITY_LABELS}
KIND_COLORS = {
    "missed": "#d62728",
    "spurious": "#ff7f0e",
    "wrong_label": "#9467bd",
    "wrong_boundary": "#1f77b4",
}


# --- the page's data (the template, templates/report.html.j2, draws it) -------------


def describe(m: Mismatch, text: str) -> str:
    """ "gold '메타' ORG [11, 13)", with the predicted span after it where there is one."""

    def show(side: str, s: Span | None) -> str:
        return (
            "" if s is None else f"{side} '{text[s.start : s.end]}' {s.label} [{s.start}, {s.end})"
        )

    return ", ".join(x for x in (show("gold", m.gold), show("predicted", m.pred)) if x)


def _segments(text: str, spans: tuple[Span, ...], marks: dict) -> list[dict]:
    """``text`` cut at ``spans``; ``marks[span] = (role, mismatch)`` with role "marker"
    (wrapped in the mismatch element) or "counterpart"."""
    out, at = [], 0
    for s in spans:
        out.append({"surface": text[at : s.start], "label": None})
        role, m = marks.get(s, ("", None))
        out.append({
            "surface": text[s.start : s.end], "label": s.label,
            "counterpart": m.kind if role == "counterpart" else None,
            "marker": m.kind if role == "marker" else None,
            "tip": f"{KIND_TITLES[m.kind]}: {describe(m, text)}" if m is not None else "",
        })  # fmt: skip
        at = s.end
    out.append({"surface": text[at:], "label": None})
    return out


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


def _money_rows(s: SentenceView) -> list[dict]:
    by_id = {g["id"]: g for g, _ in s.money if g is not None}
    rows = []
    for gold, pred in s.money:
        src = gold or pred
        restated = by_id.get((gold or {}).get("equivalent_of"))  # 약 19조6천억원 = 143억 달러
        gold_value, pred_value = _money_value(gold), _money_value(pred)
        rows.append({
            "mention": s.text[src["start"] : src["end"]],
            "restated": None if restated is None else s.text[restated["start"] : restated["end"]],
            "gold": gold_value, "pred": pred_value,
            "same": gold is not None and pred is not None and gold_value == pred_value,
        })  # fmt: skip
    return rows


def _sentence(s: SentenceView) -> dict:
    gold_marks, pred_marks = {}, {}
    for m in s.mismatches:
        if m.kind == "missed":
            gold_marks[m.gold] = ("marker", m)
        else:
            pred_marks[m.pred] = ("marker", m)
            if m.gold is not None:
                gold_marks[m.gold] = ("counterpart", m)
    return {
        "id": s.id,
        "gold": _segments(s.text, s.gold, gold_marks),
        "pred": None if s.pred is None else _segments(s.text, s.pred, pred_marks),
        "mismatches": [{"kind": m.kind, "text": describe(m, s.text)} for m in s.mismatches],
        "money": _money_rows(s) if s.money else [],
    }


def _bars(report: Report) -> dict:
    """Per-label strict P/R/F1; on a gold-only page, entity counts."""
    if report.scores is None:
        counts = Counter(sp.label for s in report.sentences for sp in s.gold)
        return {
            "counts": [(lb, counts[lb]) for lb in ENTITY_LABELS],
            "top": max(counts.values(), default=1),
        }
    strict = report.scores["metrics"]["fine"]["strict"]
    labels = []
    for lb in ENTITY_LABELS:
        c = strict["per_label"][lb]
        labels.append((lb, c, c["tp"] + c["fp"] + c["fn"] > 0))
    return {
        "counts": None,
        "labels": labels,
        "averages": [("micro", strict["micro"]), ("macro", strict["macro"])],
    }


def _documents(report: Report) -> list[dict]:
    by_doc: dict[str, list[SentenceView]] = defaultdict(list)
    for s in report.sentences:
        by_doc[s.doc_id].append(s)
    out = []
    for doc, sents in by_doc.items():
        meta = report.documents.get(doc, {})
        out.append({
            "id": doc,
            "info": [meta[k] for k in ("publisher", "date", "title") if meta.get(k)],
            "mismatches": sum(len(s.mismatches) for s in sents),
            "sentences": [_sentence(s) for s in sents],
        })  # fmt: skip
    return out


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("konews.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["urlquote"] = lambda value: quote(str(value), safe="")
    return env.get_template("report.html.j2")


def _static(name: str) -> str:
    return resources.files("konews.report").joinpath("static", name).read_text(encoding="utf-8")


def render_html(report: Report) -> str:
    gold_only = report.pred_source is None
    n_gold = sum(len(s.gold) for s in report.sentences)
    documents = _documents(report)
    facts = [f"{len(documents)} documents", f"{len(report.sentences)} sentences",
             f"{n_gold} gold spans"]  # fmt: skip
    if not gold_only:
        facts.append(f"{sum(len(s.pred or ()) for s in report.sentences)} predicted spans")
    return _template().render(
        title="KoNews gold" if gold_only else "KoNews error analysis",
        gold_only=gold_only,
        report=report,
        facts=facts,
        kinds=MISMATCH_KINDS,
        kind_titles=KIND_TITLES,
        kind_counts=None if gold_only else report.kind_counts(),
        money=None if report.money_scores is None else report.money_scores["metrics"],
        money_preds=report.money_scores is not None,
        bars=_bars(report),
        documents=documents,
        label_colors=LABEL_COLORS,
        kind_colors=KIND_COLORS,
        css=_static("report.css"),
        js=_static("report.js"),
    )


def write_report(path: str | Path, report: Report) -> None:
    atomic_write_text(path, render_html(report))
