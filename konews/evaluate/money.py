"""Scoring the ``money`` config: detection P/R/F1 and normalization accuracy per attribute."""

from __future__ import annotations

from collections import defaultdict

from konews.evaluate.bootstrap import (
    Statistic,
)
from konews.evaluate.checks import (
    Scored,
    check_config,
    check_decimal,
    check_label,
    check_no_overlap,
    check_span,
    docs_of,
    fail,
    inventory_of,
    sentence_of,
)
from konews.evaluate.counts import set_counts
from konews.evaluate.rows import Rows
from konews.evaluate.statistics import (
    micro_f1,
)
from konews.schema import (
    CURRENCIES,
    MONEY_ATTRIBUTES,
    QUALIFIERS,
)


def _money_rows(rows: Rows, inventory: dict, *, is_gold: bool) -> dict[tuple, dict]:
    """``{(sentence id, start, end): normalized attributes}`` with all checks."""
    out: dict[tuple, dict] = {}
    per_sentence: dict[str, list] = defaultdict(list)
    where_of: dict[str, str] = {}
    for i, row in enumerate(rows.rows):
        where = rows.where(i)
        if not is_gold:
            check_config(where, row, "money")
        sid, text = sentence_of(where, row, inventory)
        start, end = check_span(where, row, text, "money mention")
        required = ("amount", "currency", "approximate", "qualifier")
        absent = [k for k in required if k not in row]
        if absent:
            fail(
                where,
                f"missing {', '.join(absent)}; write null for amount/currency/qualifier "
                "and false for approximate when not predicted",
            )
        currency = row["currency"]
        if currency is not None:
            check_label(where, currency, CURRENCIES, "currency")
        if row["qualifier"] is not None:
            check_label(where, row["qualifier"], QUALIFIERS, "qualifier")
        for key in ("approximate", "vague"):
            if not isinstance(row.get(key, False), bool):
                fail(where, f"'{key}' must be true or false, got {row[key]!r:.40}")
        per_sentence[sid].append((start, end))
        where_of[sid] = where
        out[(sid, start, end)] = {
            "amount": check_decimal(where, row["amount"], "amount"),
            "amount_max": check_decimal(where, row.get("amount_max"), "amount_max"),
            "currency": currency,
            "approximate": row["approximate"],
            "qualifier": row["qualifier"],
            "vague": row.get("vague", False),
        }
    for sid, spans in per_sentence.items():
        check_no_overlap(where_of[sid], spans, "money mentions in sentence " + sid)
    return out


def scored_money(gold: Rows, preds: Rows, sentences: Rows | dict | None) -> Scored:
    inventory = inventory_of(gold, sentences)
    g = _money_rows(gold, inventory, is_gold=True)
    p = _money_rows(preds, inventory, is_gold=False)
    doc_of, n_docs = docs_of(inventory)
    detection, det_docs = set_counts(set(g), set(p), doc_of, n_docs)
    matched = sorted(set(g) & set(p))
    attrs = {}
    for a in MONEY_ATTRIBUTES:
        right = sum(g[k][a] == p[k][a] for k in matched)
        attrs[a] = {"correct": right, "accuracy": right / len(matched) if matched else 0.0}
    all_right = sum(all(g[k][a] == p[k][a] for a in MONEY_ATTRIBUTES) for k in matched)
    attrs["all"] = {"correct": all_right, "accuracy": all_right / len(matched) if matched else 0.0}

    def value(d: dict) -> set:
        return {(*k, v["amount"], v["amount_max"], v["currency"]) for k, v in d.items()}

    normalized, norm_docs = set_counts(value(g), value(p), doc_of, n_docs)
    out = {
        "detection": detection.to_dict(),
        "normalized": normalized.to_dict(),
        "attributes": {"matched": len(matched), **attrs},
    }
    stats = [
        Statistic("detection_f1", detection.f1, det_docs, micro_f1),
        Statistic("normalized_f1", normalized.f1, norm_docs, micro_f1),
    ]
    info = {
        "sentences": len(inventory),
        "documents": n_docs,
        "gold_items": len(g),
        "predicted_items": len(p),
        "missing_predictions": None,
    }
    return Scored(out, stats, info)
