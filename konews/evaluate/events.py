"""Scoring the ``events`` config: ACE-style trigger and argument identification and
classification."""

from __future__ import annotations

from konews.evaluate.bootstrap import (
    Statistic,
)
from konews.evaluate.checks import (
    Scored,
    check_config,
    check_label,
    check_span,
    docs_of,
    fail,
    inventory_of,
    sentence_of,
)
from konews.evaluate.counts import grouped_counts, set_counts
from konews.evaluate.rows import Rows
from konews.evaluate.statistics import (
    micro_f1,
)
from konews.schema import (
    EVENT_TYPE_NAMES,
    EVENTS,
    MODALITIES,
)

EVENT_METRICS = (
    "trigger_identification",
    "trigger_classification",
    "argument_identification",
    "argument_classification",
    "argument_identification_anchored",
    "argument_classification_anchored",
)


def _event_rows(rows: Rows, inventory: dict, *, is_gold: bool) -> list[tuple]:
    """``(sentence id, trigger start, trigger end, type, modality, ((role, start, end), ...))``."""
    out = []
    for i, row in enumerate(rows.rows):
        where = rows.where(i)
        if not is_gold:
            check_config(where, row, "events")
        sid, text = sentence_of(where, row, inventory)
        etype = check_label(where, row.get("type"), EVENT_TYPE_NAMES, "event type")
        ts, te = check_span(where, row.get("trigger"), text, "trigger")
        modality = row.get("modality")
        if modality is not None:
            check_label(where, modality, MODALITIES, "modality")
        args = row.get("arguments", [])
        if not isinstance(args, list):
            fail(where, "'arguments' must be a list of {role, start, end} (empty if none)")
        roles = [r.name for r in EVENTS[etype].roles]
        parsed = []
        for a in args:
            s, e = check_span(where, a, text, "argument")
            parsed.append((check_label(where, a.get("role"), roles, f"{etype} role"), s, e))
        out.append((sid, ts, te, etype, modality, tuple(parsed)))
    return out


def _event_tuples(events: list[tuple]) -> dict[str, set]:
    """The tuples each event metric matches (see docs/EVALUATION.md)."""
    t: dict[str, set] = {name: set() for name in EVENT_METRICS}
    for sid, ts, te, etype, _, args in events:
        t["trigger_identification"].add((sid, ts, te))
        t["trigger_classification"].add((sid, ts, te, etype))
        for role, s, e in args:
            t["argument_identification"].add((sid, etype, s, e))
            t["argument_classification"].add((sid, etype, s, e, role))
            t["argument_identification_anchored"].add((sid, ts, te, etype, s, e))
            t["argument_classification_anchored"].add((sid, ts, te, etype, s, e, role))
    return t


def scored_events(gold: Rows, preds: Rows, sentences: Rows | dict | None) -> Scored:
    inventory = inventory_of(gold, sentences)
    g_events = _event_rows(gold, inventory, is_gold=True)
    p_events = _event_rows(preds, inventory, is_gold=False)
    doc_of, n_docs = docs_of(inventory)
    g, p = _event_tuples(g_events), _event_tuples(p_events)
    out: dict = {}
    stats = []
    for name in EVENT_METRICS:
        counts, per_doc = set_counts(g[name], p[name], doc_of, n_docs)
        out[name] = counts.to_dict()
        stats.append(Statistic(f"{name}_f1", counts.f1, per_doc, micro_f1))
    out["trigger_classification"]["per_type"] = grouped_counts(
        g["trigger_classification"], p["trigger_classification"], lambda t: t[3]
    )
    out["argument_classification"]["per_type"] = grouped_counts(
        g["argument_classification"], p["argument_classification"], lambda t: t[1]
    )
    out["argument_classification"]["per_role"] = grouped_counts(
        g["argument_classification"], p["argument_classification"], lambda t: t[4]
    )
    gold_modality: dict[tuple, str] = {}
    for sid, ts, te, etype, modality, _ in g_events:
        gold_modality.setdefault((sid, ts, te, etype), modality)
    judged = [
        (modality, gold_modality[(sid, ts, te, etype)])
        for sid, ts, te, etype, modality, _ in p_events
        if modality is not None and (sid, ts, te, etype) in gold_modality
    ]
    right = sum(m == gm for m, gm in judged)
    out["modality"] = {
        "matched": len(judged),
        "correct": right,
        "accuracy": right / len(judged) if judged else 0.0,
    }
    info = {
        "sentences": len(inventory),
        "documents": n_docs,
        "gold_items": len(g_events),
        "predicted_items": len(p_events),
        "missing_predictions": None,
    }
    return Scored(out, stats, info)
