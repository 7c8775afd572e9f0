"""Scoring the ``entities`` config (spans) and the ``ner_char`` config (character BIO
tags, with KLUE-NER's own metrics)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from konews.errors import KoNewsError
from konews.evaluate.bootstrap import (
    Statistic,
)
from konews.evaluate.checks import (
    Scored,
    check_label,
    check_no_overlap,
    check_span,
    check_tags,
    collect_by_id,
    fail,
)
from konews.evaluate.klue_metric import KlueScores
from konews.evaluate.rows import SCHEMES, STANDOFF, Rows, doc_index, is_standoff, row_doc_id
from konews.evaluate.spans import MODES, SpanScores, score_spans, score_tags
from konews.evaluate.statistics import (
    category_f1,
    char_macro_f1_clean,
    char_macro_f1_klue,
    macro_f1,
    micro_f1,
)
from konews.schema import (
    ENTITY_LABELS,
    FINE_BIO_TAGS,
    KLUE_BIO_TAGS,
    KLUE_TAGS,
    klue_label,
)

KLUE_QUIRKS = {
    "entity_macro_f1": (
        "KLUE-baseline: seqeval strict IOB2 macro F1 over all sentences concatenated, with "
        "every ' ' character removed and an 'O' for [CLS] and [SEP] around each sentence; "
        "a predicted 'O' on a space inside an entity goes unpunished."
    ),
    "char_macro_f1": (
        "KLUE-baseline: scikit-learn macro F1 over all 13 character tags including 'O', "
        "zero_division=1 (a tag absent from gold and predictions scores 1.0), spaces removed, "
        "[CLS]/[SEP] counted as correct 'O's."
    ),
    "entity_macro_f1_clean": "Strict macro F1 on the unmodified characters (= strict.macro.f1).",
    "char_macro_f1_clean": (
        "Macro F1 over the 12 entity tags seen in gold or predictions: every character "
        "counted, no 'O', no [CLS]/[SEP], no free 1.0s."
    ),
}


def _span_stats(sc: SpanScores, prefix: str = "", full: bool = True) -> list[Statistic]:
    stats = [
        Statistic(f"{prefix}strict_micro_f1", sc.counts().f1, sc.doc_strict, micro_f1),
        Statistic(f"{prefix}strict_macro_f1", sc.macro()[2], sc.doc_strict, macro_f1),
    ]
    if full:
        stats += [
            Statistic(
                f"{prefix}{mode}_f1",
                sc.categories(mode).f1,
                sc.doc_categories[:, m],
                category_f1,
            )
            for m, mode in enumerate(MODES)
            if mode != "strict"
        ]
    return stats


def _gold_sentences(gold: Rows, keys: Sequence[str]) -> list[str]:
    ids = []
    for i, r in enumerate(gold.rows):
        if not isinstance(r.get("id"), str) or any(k not in r for k in keys):
            raise KoNewsError(f"{gold.where(i)}: a gold row needs 'id' and {', '.join(keys)}")
        if is_standoff(r):
            raise KoNewsError(f"{gold.where(i)}: {STANDOFF}")
        ids.append(r["id"])
    dup = [s for s, n in Counter(ids).items() if n > 1]
    if dup:
        raise KoNewsError(f"{gold.source}: sentence id {dup[0]!r} occurs more than once")
    return ids


def scored_entities(gold: Rows, preds: Rows, scheme: str, allow_missing: bool) -> Scored:
    if scheme not in SCHEMES:
        raise KoNewsError(f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    ids = _gold_sentences(gold, ("text", "entities"))
    texts = [r["text"] for r in gold.rows]
    gold_valid = ENTITY_LABELS if scheme == "fine" else (*ENTITY_LABELS, *KLUE_TAGS)
    gold_spans = []
    for i, r in enumerate(gold.rows):
        spans = []
        for e in r["entities"]:
            s, t = check_span(gold.where(i), e, r["text"], "gold entity")
            spans.append((s, t, check_label(gold.where(i), e.get("label"), gold_valid)))
        check_no_overlap(gold.where(i), spans, "gold entities")
        gold_spans.append(sorted(spans))

    by_id, missing = collect_by_id(ids, preds, "entities", allow_missing)
    pred_valid = ENTITY_LABELS if scheme == "fine" else KLUE_TAGS
    pred_spans = []
    for sid, text in zip(ids, texts, strict=True):
        if sid not in by_id:
            pred_spans.append([])
            continue
        i = by_id[sid]
        where, ents = preds.where(i), preds.rows[i].get("entities")
        if not isinstance(ents, list):
            fail(where, "'entities' must be a list of {start, end, label} (empty if none)")
        spans = []
        for e in ents:
            s, t = check_span(where, e, text, "entity")
            spans.append((s, t, check_label(where, e.get("label"), pred_valid)))
        check_no_overlap(where, spans, "entities")
        pred_spans.append(sorted(spans))

    doc_of, docs = doc_index([row_doc_id(r, r["id"]) for r in gold.rows])
    lengths = [len(t) for t in texts]

    def project(spans_per_sentence: list[list[tuple]]) -> list[list[tuple]]:
        return [
            [(s, t, klue_label(lb) if lb in ENTITY_LABELS else lb) for s, t, lb in spans]
            for spans in spans_per_sentence
        ]

    def drop_none(spans_per_sentence: list[list[tuple]]) -> list[list[tuple]]:
        return [[x for x in spans if x[2] is not None] for spans in spans_per_sentence]

    out_metrics: dict = {}
    stats: list[Statistic] = []
    klue_gold = drop_none(project(gold_spans))
    if scheme == "fine":
        fine = score_spans(gold_spans, pred_spans, ENTITY_LABELS, lengths, doc_of, len(docs))
        out_metrics["fine"] = fine.to_dict()
        stats += _span_stats(fine)
        klue = score_spans(
            klue_gold, drop_none(project(pred_spans)), KLUE_TAGS, lengths, doc_of, len(docs)
        )
        out_metrics["klue"] = klue.to_dict()
        stats += _span_stats(klue, "klue_", full=False)
    else:
        klue = score_spans(klue_gold, pred_spans, KLUE_TAGS, lengths, doc_of, len(docs))
        out_metrics["klue"] = klue.to_dict()
        stats += _span_stats(klue)
    info = {
        "sentences": len(ids),
        "documents": len(docs),
        "gold_items": sum(map(len, gold_spans)),
        "predicted_items": sum(map(len, pred_spans)),
        "missing_predictions": missing,
    }
    return Scored(out_metrics, stats, info)


def scored_ner_char(gold: Rows, preds: Rows, scheme: str, allow_missing: bool) -> Scored:
    if scheme not in SCHEMES:
        raise KoNewsError(f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    gold_key = "ner_tags" if scheme == "klue" else "fine_tags"
    valid = KLUE_BIO_TAGS if scheme == "klue" else FINE_BIO_TAGS
    labels = KLUE_TAGS if scheme == "klue" else ENTITY_LABELS
    ids = _gold_sentences(gold, ("chars", gold_key))
    chars = []
    gold_tags = []
    for i, r in enumerate(gold.rows):
        c = r["chars"]
        if not isinstance(c, list) or not all(isinstance(x, str) and len(x) == 1 for x in c):
            raise KoNewsError(f"{gold.where(i)}: 'chars' must be a list of single characters")
        chars.append(c)
        gold_tags.append(check_tags(gold.where(i), r[gold_key], len(c), valid, gold_key))

    by_id, missing = collect_by_id(ids, preds, "ner_char", allow_missing)
    pred_tags = []
    for sid, c in zip(ids, chars, strict=True):
        if sid not in by_id:
            pred_tags.append(["O"] * len(c))
            continue
        i = by_id[sid]
        row = preds.rows[i]
        key = "tags" if "tags" in row else gold_key  # a gold-format file scores as predictions
        if key not in row:
            fail(preds.where(i), f"every line needs 'tags': one {scheme} BIO tag per character")
        pred_tags.append(check_tags(preds.where(i), row[key], len(c), valid, key))

    doc_of, docs = doc_index([row_doc_id(r, r["id"]) for r in gold.rows])
    sc = score_tags(gold_tags, pred_tags, labels, doc_of, len(docs))
    out = {scheme: sc.to_dict()}
    stats = _span_stats(sc)
    if scheme == "klue":
        kl = KlueScores(chars, gold_tags, pred_tags, doc_of, len(docs))
        out["klue_ner"] = {
            "entity_macro_f1": kl.entity_macro_f1,
            "char_macro_f1": kl.char_macro_f1,
            "entity_macro_f1_clean": sc.macro()[2],
            "char_macro_f1_clean": kl.char_macro_f1_clean,
            "definitions": KLUE_QUIRKS,
        }
        stats += [
            Statistic("klue_entity_macro_f1", kl.entity_macro_f1, kl.doc_entity, macro_f1),
            Statistic("klue_char_macro_f1", kl.char_macro_f1, kl.doc_char, char_macro_f1_klue),
            Statistic(
                "clean_char_macro_f1",
                kl.char_macro_f1_clean,
                kl.doc_char_clean,
                char_macro_f1_clean,
            ),
        ]
    info = {
        "sentences": len(ids),
        "documents": len(docs),
        "gold_items": int(sc.tp.sum() + sc.fn.sum()),
        "predicted_items": int(sc.tp.sum() + sc.fp.sum()),
        "missing_predictions": missing,
    }
    return Scored(out, stats, info)
