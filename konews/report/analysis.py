"""The error analysis: each sentence's mismatches between gold and predicted spans, classified."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from konews import evaluate
from konews.errors import KoNewsError
from konews.records import Span

MISMATCH_KINDS: tuple[str, ...] = ("missed", "spurious", "wrong_label", "wrong_boundary")


@dataclass(frozen=True, slots=True)
class Mismatch:
    kind: str
    gold: Span | None
    pred: Span | None

    @property
    def start(self) -> int:
        return min(s.start for s in (self.gold, self.pred) if s is not None)


def _overlaps(p: Span, g: Span) -> bool:
    """konews.evaluate.spans' (nervaluate's) test: the overlap is at least 1% of the gold span."""
    o = min(p.end, g.end) - max(p.start, g.start)
    return o > 0 and o * 100 >= g.end - g.start


def classify(gold: list[Span], pred: list[Span]) -> tuple[list[Mismatch], int]:
    """The mismatches of one sentence, in text order, and the number of correct spans."""
    pred_at = {(p.start, p.end): p for p in pred}
    out: list[Mismatch] = []
    correct = 0
    paired: set[tuple[int, int]] = set()
    for g in gold:
        p = pred_at.get((g.start, g.end))
        if p is None:
            continue
        paired.add((g.start, g.end))
        if p.label == g.label:
            correct += 1
        else:
            out.append(Mismatch("wrong_label", g, p))
    left_gold = sorted((g for g in gold if (g.start, g.end) not in paired), key=_pos)
    claimed: set[int] = set()
    for p in sorted((p for p in pred if (p.start, p.end) not in paired), key=_pos):
        hit = next(
            (i for i, g in enumerate(left_gold) if i not in claimed and _overlaps(p, g)), None
        )
        if hit is None:
            out.append(Mismatch("spurious", None, p))
        else:
            claimed.add(hit)
            out.append(Mismatch("wrong_boundary", left_gold[hit], p))
    out += [Mismatch("missed", g, None) for i, g in enumerate(left_gold) if i not in claimed]
    return sorted(out, key=lambda m: (m.start, MISMATCH_KINDS.index(m.kind))), correct


def _pos(s: Span) -> tuple[int, int]:
    return s.start, s.end


@dataclass(frozen=True, slots=True)
class SentenceView:
    id: str
    doc_id: str
    text: str
    gold: tuple[Span, ...]
    pred: tuple[Span, ...] | None  # None: gold-only page
    mismatches: tuple[Mismatch, ...]
    correct: int
    money: tuple[tuple[dict | None, dict | None], ...]  # (gold row, predicted row) pairs


@dataclass(frozen=True)
class Report:
    sentences: list[SentenceView]
    gold_source: str
    pred_source: str | None
    scores: dict | None  # konews.evaluate report of the entities config
    money_scores: dict | None  # ... of the money config, with money predictions
    documents: dict[str, dict]  # doc id -> documents row (title, publisher, date)

    def kind_counts(self) -> Counter:
        return Counter(m.kind for s in self.sentences for m in s.mismatches)


def _spans(rows: list[dict]) -> tuple[Span, ...]:
    return tuple(sorted((Span(e["start"], e["end"], e["label"]) for e in rows), key=_pos))


def _require_text(gold: evaluate.Rows) -> None:
    for i, r in enumerate(gold.rows):
        if not isinstance(r.get("text"), str):
            raise KoNewsError(
                f"{gold.where(i)}: the sentence has no text (a standoff build?); "
                "restore it with `konews hydrate` first, or point --dataset at a full-text build"
            )


def build_report(
    gold: evaluate.Rows,
    predictions: evaluate.Rows | None = None,
    *,
    money_gold: evaluate.Rows | None = None,
    money_predictions: evaluate.Rows | None = None,
    documents: evaluate.Rows | None = None,
    allow_missing: bool = False,
) -> Report:
    """Compare ``predictions`` (entities format) with ``gold`` (entities config rows);
    without predictions the report shows the gold alone. Both are validated by
    ``konews.evaluate`` (a gold-only report scores empty predictions to validate
    the gold), which raises ``PredictionError``/``KoNewsError`` naming file and line."""
    _require_text(gold)
    if money_predictions is not None and (predictions is None or money_gold is None):
        raise KoNewsError("money predictions need entity predictions and the money gold")
    gold_only = predictions is None
    empty = evaluate.Rows([{"id": r.get("id"), "entities": []} for r in gold.rows], "(none)")
    scores = evaluate.score(
        "entities", gold, empty if gold_only else predictions,
        allow_missing=allow_missing, bootstrap=0,
    )  # fmt: skip
    money_scores = None
    money_pairs: dict[str, dict[tuple[int, int], list]] = defaultdict(dict)
    if money_gold is not None:
        evaluate.score("money", money_gold, [], sentences=gold, bootstrap=0)
        for r in money_gold.rows:
            money_pairs[r["sentence_id"]][(r["start"], r["end"])] = [r, None]
    if money_predictions is not None:
        money_scores = evaluate.score(
            "money", money_gold, money_predictions, sentences=gold, bootstrap=0
        )
        for r in money_predictions.rows:
            money_pairs[r["sentence_id"]].setdefault((r["start"], r["end"]), [None, None])[1] = r
    preds = {} if gold_only else {r["id"]: r["entities"] for r in predictions.rows}
    sentences = []
    for r in gold.rows:
        g = _spans(r["entities"])
        p = None if gold_only else _spans(preds.get(r["id"], []))
        mismatches, correct = ([], len(g)) if p is None else classify(list(g), list(p))
        money = money_pairs.get(r["id"], {})
        sentences.append(
            SentenceView(
                r["id"], r.get("doc_id") or r["id"].rsplit("-s", 1)[0], r["text"], g, p, tuple(mismatches),
                correct, tuple(tuple(money[k]) for k in sorted(money)),
            )
        )  # fmt: skip
    docs = {d["id"]: d for d in documents.rows if isinstance(d.get("id"), str)} if documents else {}
    return Report(
        sentences,
        gold.source,
        None if gold_only else predictions.source,
        None if gold_only else scores,
        money_scores,
        docs,
    )


def report_from_dataset(
    dataset: str | Path,
    predictions: str | Path | None = None,
    *,
    split: str = "test",
    money_predictions: str | Path | None = None,
    allow_missing: bool = False,
) -> Report:
    """``build_report`` on a dataset folder's entities (and money, documents) files."""
    gold = evaluate.load_gold("entities", dataset=dataset, split=split, options="--dataset DIR")
    money_paths = evaluate.gold_paths(dataset, "money", split)
    docs_paths = evaluate.gold_paths(dataset, "documents", split)
    if money_predictions is not None and not money_paths:
        raise KoNewsError(
            f"{evaluate.gold_path(dataset, 'money', split)}: no money gold to compare "
            "--money-predictions with"
        )
    return build_report(
        gold,
        None if predictions is None else evaluate.Rows.read(predictions),
        money_gold=evaluate.Rows.read_many(money_paths) if money_paths else None,
        money_predictions=None if money_predictions is None else evaluate.Rows.read(money_predictions),
        documents=evaluate.Rows.read_many(docs_paths) if docs_paths else None,
        allow_missing=allow_missing,
    )  # fmt: skip
