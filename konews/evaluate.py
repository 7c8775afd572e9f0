"""Score predictions against the KoNews gold: loading, validation, reports.

One entry point per dataset config, each taking gold rows (as in
``dataset/data/<config>/<split>.jsonl``) and predictions (rows in the formats
of docs/EVALUATION.md) and returning a JSON-ready report:

- ``score_entities``: strict / exact / partial / type span scores, in the fine
  schema and in the KLUE projection.
- ``score_ner_char``: the same on character BIO tags, plus KLUE-NER's own two
  metrics exactly as KLUE-baseline computes them and clean variants.
- ``score_money``: detection P/R/F1 and normalization accuracy.
- ``score_events``: ACE-style trigger and argument identification/classification.
- ``compare``: two systems on the same gold, with the paired bootstrap test.

Predictions are validated before anything is scored; every problem raises
``PredictionError`` naming the file and line and saying how to fix it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from pathlib import Path
from typing import NoReturn

import numpy as np

import konews
from konews import metrics
from konews.bio import spans_to_bio
from konews.bootstrap import (
    DEFAULT_CONFIDENCE,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    Statistic,
    bootstrap_intervals,
    paired_bootstrap,
)
from konews.errors import KoNewsError, PredictionError
from konews.io import read_jsonl
from konews.records import Span
from konews.schema import (
    CURRENCIES,
    ENTITY_LABELS,
    EVENT_TYPE_NAMES,
    EVENTS,
    FINE_BIO_TAGS,
    KLUE_BIO_TAGS,
    KLUE_TAGS,
    MODALITIES,
    QUALIFIERS,
    SCHEMA_VERSION,
    klue_label,
)

CONFIGS: tuple[str, ...] = ("entities", "ner_char", "money", "events")
SCHEMES: tuple[str, ...] = ("fine", "klue")
DEFAULT_SCHEME = {"entities": "fine", "ner_char": "klue"}
MONEY_ATTRIBUTES = ("amount", "amount_max", "currency", "approximate", "qualifier", "vague")
EVENT_METRICS = (
    "trigger_identification",
    "trigger_classification",
    "argument_identification",
    "argument_classification",
    "argument_identification_anchored",
    "argument_classification_anchored",
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


# --- rows with their origin ---------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """JSON rows and where each came from (file and line), for error messages."""

    rows: list[dict]
    source: str
    lines: list[int] = field(default_factory=list)

    def where(self, i: int) -> str:
        return f"{self.source}:{self.lines[i] if self.lines else i + 1}"

    @classmethod
    def read(cls, path: str | Path) -> Rows:
        if not Path(path).is_file():
            raise KoNewsError(f"{path}: no such file")
        rows, lines = [], []
        for line, obj in read_jsonl(path):
            if not isinstance(obj, dict):
                raise PredictionError(f"{path}:{line}: expected a JSON object, got {obj!r:.60}")
            rows.append(obj)
            lines.append(line)
        return cls(rows, str(path), lines)

    @classmethod
    def of(cls, rows: Rows | Iterable[dict], source: str) -> Rows:
        if isinstance(rows, Rows):
            return rows
        rows = list(rows)
        for i, r in enumerate(rows):
            if not isinstance(r, dict):
                raise PredictionError(f"{source}:{i + 1}: expected a dict, got {r!r:.60}")
        return cls(rows, source)


def gold_path(dataset: str | Path, config: str, split: str = "test") -> Path:
    return Path(dataset) / "data" / config / f"{split}.jsonl"


def load_gold(
    config: str,
    *,
    dataset: str | Path | None = None,
    gold: str | Path | None = None,
    split: str = "test",
) -> Rows:
    """Gold rows of ``config`` from ``gold`` (a JSONL file) or the dataset folder."""
    if config not in CONFIGS:
        raise KoNewsError(f"unknown config {config!r}; choose one of {', '.join(CONFIGS)}")
    path = Path(gold) if gold is not None else gold_path(dataset or "dataset", config, split)
    if not path.is_file():
        raise KoNewsError(
            f"gold file {path} not found; build the dataset with `konews build`, "
            "or pass --dataset DIR (the dataset folder) or --gold FILE"
        )
    return Rows.read(path)


def sentence_inventory(rows: Rows) -> dict[str, tuple[str, str]]:
    """``{sentence id: (doc id, text)}`` from entities rows (id, text) or from
    money/events gold rows (sentence_id, sentence)."""
    out: dict[str, tuple[str, str]] = {}
    for i, r in enumerate(rows.rows):
        sid = r.get("sentence_id", r.get("id"))
        text = r.get("sentence", r.get("text"))
        if isinstance(sid, str) and _is_standoff(r):
            raise KoNewsError(f"{rows.where(i)}: {STANDOFF}")
        if not isinstance(sid, str) or not isinstance(text, str):
            raise KoNewsError(
                f"{rows.where(i)}: a sentence row needs 'id' and 'text' (entities config) "
                "or 'sentence_id' and 'sentence' (money/events config)"
            )
        out.setdefault(sid, (_doc_id(r, sid), text))
    return out


def _doc_id(row: dict, sid: str) -> str:
    doc = row.get("doc_id")
    return doc if isinstance(doc, str) and doc else re.sub(r"-s\d+$", "", sid)


def _doc_index(doc_ids: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    order = list(dict.fromkeys(doc_ids))
    index = {d: i for i, d in enumerate(order)}
    return np.fromiter((index[d] for d in doc_ids), np.int64, len(doc_ids)), order


# --- validation helpers ----------------------------------------------------------------


def _fail(where: str, message: str) -> NoReturn:
    raise PredictionError(f"{where}: {message}")


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _detect_config(row: dict) -> str | None:
    """The config whose prediction (or gold) format this row's keys belong to."""
    if "sentences" in row:
        return "documents"
    if {"tags", "ner_tags", "chars"} & row.keys():
        return "ner_char"
    if {"trigger", "arguments"} & row.keys():
        return "events"
    if {"amount", "currency"} & row.keys():
        return "money"
    if "entities" in row:
        return "entities"
    return None


def _check_config(where: str, row: dict, config: str) -> None:
    found = _detect_config(row)
    if found is not None and found != config:
        fix = (
            "score the per-config files instead"
            if found == "documents"
            else f"run with --config {found}, or give the {config} predictions file"
        )
        _fail(
            where,
            f"this looks like a row of the {found} config (keys: {', '.join(sorted(row))}), "
            f"not {config}; {fix}",
        )


def _check_span(where: str, obj: object, text: str, what: str) -> tuple[int, int]:
    if not isinstance(obj, dict):
        _fail(where, f"{what} must be an object with 'start' and 'end', got {obj!r:.60}")
    start, end = obj.get("start"), obj.get("end")
    if not (_is_int(start) and _is_int(end)):
        _fail(where, f"{what} needs integer 'start' and 'end' character offsets, got {obj!r:.80}")
    if not 0 <= start < end <= len(text):
        _fail(
            where,
            f"{what} [{start}, {end}) is outside the sentence ({len(text)} characters) or empty; "
            "offsets are half-open Python string indices (code points) into the sentence text",
        )
    if "text" in obj and obj["text"] != text[start:end]:
        _fail(
            where,
            f"{what} text {obj['text']!r} but the sentence has {text[start:end]!r} at "
            f"[{start}, {end}); offsets count code points (not bytes or UTF-16 units) in NFC text",
        )
    return start, end


def _check_label(where: str, label: object, valid: Sequence[str], what: str = "label") -> str:
    if label not in valid:
        _fail(where, f"unknown {what} {label!r}; valid: {', '.join(valid)}")
    return label


def _check_no_overlap(where: str, spans: list[tuple], what: str = "spans") -> None:
    spans = sorted(spans)
    for a, b in pairwise(spans):
        if b[0] < a[1]:
            _fail(
                where,
                f"overlapping {what} [{a[0]}, {a[1]}) and [{b[0]}, {b[1]}); "
                "predict at most one span per character (keep the longer one, for example)",
            )


def _collect_by_id(
    gold_ids: Sequence[str], preds: Rows, config: str, allow_missing: bool
) -> tuple[dict[str, int], int]:
    """Map sentence id -> prediction row index; check ids are known, unique, complete."""
    known = set(gold_ids)
    by_id: dict[str, int] = {}
    for i, row in enumerate(preds.rows):
        where = preds.where(i)
        _check_config(where, row, config)
        sid = row.get("id")
        if not isinstance(sid, str):
            _fail(where, "every line needs the sentence 'id' (a string) as in the gold")
        if sid not in known:
            _fail(where, f"unknown sentence id {sid!r}; ids must be those of the gold file")
        if sid in by_id:
            _fail(where, f"sentence id {sid!r} occurs twice (first at {preds.where(by_id[sid])})")
        by_id[sid] = i
    missing = [s for s in gold_ids if s not in by_id]
    if missing and not allow_missing:
        raise PredictionError(
            f"{preds.source}: no prediction for {len(missing)} of {len(gold_ids)} sentences "
            f"(first: {', '.join(missing[:5])}); write one line per sentence (an empty list "
            "when nothing is found), or pass --allow-missing to score them as empty"
        )
    return by_id, len(missing)


# --- entities ------------------------------------------------------------------------------


@dataclass
class _Scored:
    """What a config's scorer hands to the report: metrics, bootstrap statistics, facts."""

    metrics: dict
    stats: list[Statistic]
    info: dict


def _span_stats(sc: metrics.SpanScores, prefix: str = "", full: bool = True) -> list[Statistic]:
    stats = [
        Statistic(f"{prefix}strict_micro_f1", sc.counts().f1, sc.doc_strict, metrics.micro_f1),
        Statistic(f"{prefix}strict_macro_f1", sc.macro()[2], sc.doc_strict, metrics.macro_f1),
    ]
    if full:
        stats += [
            Statistic(
                f"{prefix}{mode}_f1",
                sc.categories(mode).f1,
                sc.doc_categories[:, m],
                metrics.category_f1,
            )
            for m, mode in enumerate(metrics.MODES)
            if mode != "strict"
        ]
    return stats


STANDOFF = (
    "the gold sentence has no text (a `konews build --standoff` dataset); restore the "
    "text with `konews hydrate --sources DIR` before scoring"
)


def _is_standoff(row: dict) -> bool:
    text = row.get("text", row.get("sentence", ""))
    return text is None or (row.get("chars") == [] and bool(row.get("ner_tags")))


def _gold_sentences(gold: Rows, keys: Sequence[str]) -> list[str]:
    ids = []
    for i, r in enumerate(gold.rows):
        if not isinstance(r.get("id"), str) or any(k not in r for k in keys):
            raise KoNewsError(f"{gold.where(i)}: a gold row needs 'id' and {', '.join(keys)}")
        if _is_standoff(r):
            raise KoNewsError(f"{gold.where(i)}: {STANDOFF}")
        ids.append(r["id"])
    dup = [s for s, n in Counter(ids).items() if n > 1]
    if dup:
        raise KoNewsError(f"{gold.source}: sentence id {dup[0]!r} occurs more than once")
    return ids


def _entities(gold: Rows, preds: Rows, scheme: str, allow_missing: bool) -> _Scored:
    if scheme not in SCHEMES:
        raise KoNewsError(f"unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    ids = _gold_sentences(gold, ("text", "entities"))
    texts = [r["text"] for r in gold.rows]
    gold_valid = ENTITY_LABELS if scheme == "fine" else (*ENTITY_LABELS, *KLUE_TAGS)
    gold_spans = []
    for i, r in enumerate(gold.rows):
        spans = []
        for e in r["entities"]:
            s, t = _check_span(gold.where(i), e, r["text"], "gold entity")
            spans.append((s, t, _check_label(gold.where(i), e.get("label"), gold_valid)))
        _check_no_overlap(gold.where(i), spans, "gold entities")
        gold_spans.append(sorted(spans))

    by_id, missing = _collect_by_id(ids, preds, "entities", allow_missing)
    pred_valid = ENTITY_LABELS if scheme == "fine" else KLUE_TAGS
    pred_spans = []
    for sid, text in zip(ids, texts, strict=True):
        if sid not in by_id:
            pred_spans.append([])
            continue
        i = by_id[sid]
        where, ents = preds.where(i), preds.rows[i].get("entities")
        if not isinstance(ents, list):
            _fail(where, "'entities' must be a list of {start, end, label} (empty if none)")
        spans = []
        for e in ents:
            s, t = _check_span(where, e, text, "entity")
            spans.append((s, t, _check_label(where, e.get("label"), pred_valid)))
        _check_no_overlap(where, spans, "entities")
        pred_spans.append(sorted(spans))

    doc_of, docs = _doc_index([_doc_id(r, r["id"]) for r in gold.rows])
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
        fine = metrics.score_spans(
            gold_spans, pred_spans, ENTITY_LABELS, lengths, doc_of, len(docs)
        )
        out_metrics["fine"] = fine.to_dict()
        stats += _span_stats(fine)
        klue = metrics.score_spans(
            klue_gold, drop_none(project(pred_spans)), KLUE_TAGS, lengths, doc_of, len(docs)
        )
        out_metrics["klue"] = klue.to_dict()
        stats += _span_stats(klue, "klue_", full=False)
    else:
        klue = metrics.score_spans(klue_gold, pred_spans, KLUE_TAGS, lengths, doc_of, len(docs))
        out_metrics["klue"] = klue.to_dict()
        stats += _span_stats(klue)
    info = {
        "sentences": len(ids),
        "documents": len(docs),
        "gold_items": sum(map(len, gold_spans)),
        "predicted_items": sum(map(len, pred_spans)),
        "missing_predictions": missing,
    }
    return _Scored(out_metrics, stats, info)


# --- ner_char -------------------------------------------------------------------------------


def _tags(where: str, tags: object, n: int, valid: Sequence[str], what: str) -> list[str]:
    if not isinstance(tags, list):
        _fail(where, f"'{what}' must be a list of BIO tags, one per character")
    if len(tags) != n:
        _fail(where, f"{len(tags)} {what} for {n} characters; give exactly one tag per character")
    out = []
    valid_set = frozenset(valid)
    for t in tags:
        if _is_int(t) and 0 <= t < len(valid):
            out.append(valid[t])  # ClassLabel ids, as a model's label ids
        elif t in valid_set:
            out.append(t)
        else:
            _fail(where, f"unknown tag {t!r} in '{what}'; valid tags (or their ids): {valid}")
    return out


def _ner_char(gold: Rows, preds: Rows, scheme: str, allow_missing: bool) -> _Scored:
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
        gold_tags.append(_tags(gold.where(i), r[gold_key], len(c), valid, gold_key))

    by_id, missing = _collect_by_id(ids, preds, "ner_char", allow_missing)
    pred_tags = []
    for sid, c in zip(ids, chars, strict=True):
        if sid not in by_id:
            pred_tags.append(["O"] * len(c))
            continue
        i = by_id[sid]
        row = preds.rows[i]
        key = "tags" if "tags" in row else gold_key  # a gold-format file scores as predictions
        if key not in row:
            _fail(preds.where(i), f"every line needs 'tags': one {scheme} BIO tag per character")
        pred_tags.append(_tags(preds.where(i), row[key], len(c), valid, key))

    doc_of, docs = _doc_index([_doc_id(r, r["id"]) for r in gold.rows])
    sc = metrics.score_tags(gold_tags, pred_tags, labels, doc_of, len(docs))
    out = {scheme: sc.to_dict()}
    stats = _span_stats(sc)
    if scheme == "klue":
        kl = metrics.KlueScores(chars, gold_tags, pred_tags, doc_of, len(docs))
        out["klue_ner"] = {
            "entity_macro_f1": kl.entity_macro_f1,
            "char_macro_f1": kl.char_macro_f1,
            "entity_macro_f1_clean": sc.macro()[2],
            "char_macro_f1_clean": kl.char_macro_f1_clean,
            "definitions": KLUE_QUIRKS,
        }
        stats += [
            Statistic("klue_entity_macro_f1", kl.entity_macro_f1, kl.doc_entity, metrics.macro_f1),
            Statistic(
                "klue_char_macro_f1", kl.char_macro_f1, kl.doc_char, metrics.char_macro_f1_klue
            ),
            Statistic(
                "clean_char_macro_f1",
                kl.char_macro_f1_clean,
                kl.doc_char_clean,
                metrics.char_macro_f1_clean,
            ),
        ]
    info = {
        "sentences": len(ids),
        "documents": len(docs),
        "gold_items": int(sc.tp.sum() + sc.fn.sum()),
        "predicted_items": int(sc.tp.sum() + sc.fp.sum()),
        "missing_predictions": missing,
    }
    return _Scored(out, stats, info)


# --- money and events: mention/event rows keyed by sentence ------------------------------


def _decimal(where: str, value: object, what: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        _fail(
            where, f'{what} {value!r} is a JSON float; write amounts as exact strings, e.g. "1.5"'
        )
    if not (_is_int(value) or isinstance(value, str)):
        _fail(where, f"{what} must be a decimal string or null, got {value!r:.40}")
    try:
        d = Decimal(value)
    except InvalidOperation:
        _fail(where, f'{what} {value!r} is not a decimal number; write e.g. "14300000000"')
    if not d.is_finite():
        _fail(where, f"{what} {value!r} is not a finite number")
    return d


def _sentence_of(where: str, row: dict, inventory: dict[str, tuple[str, str]]) -> tuple[str, str]:
    sid = row.get("sentence_id")
    if not isinstance(sid, str):
        _fail(where, "every line needs the 'sentence_id' (a string) of its sentence")
    if sid not in inventory:
        _fail(
            where,
            f"unknown sentence id {sid!r}; ids must be those of the dataset's sentences "
            "(pass --sentences with the entities file when scoring against --gold)",
        )
    return sid, inventory[sid][1]


def _money_rows(rows: Rows, inventory: dict, *, is_gold: bool) -> dict[tuple, dict]:
    """``{(sentence id, start, end): normalized attributes}`` with all checks."""
    out: dict[tuple, dict] = {}
    per_sentence: dict[str, list] = defaultdict(list)
    where_of: dict[str, str] = {}
    for i, row in enumerate(rows.rows):
        where = rows.where(i)
        if not is_gold:
            _check_config(where, row, "money")
        sid, text = _sentence_of(where, row, inventory)
        start, end = _check_span(where, row, text, "money mention")
        required = ("amount", "currency", "approximate", "qualifier")
        absent = [k for k in required if k not in row]
        if absent:
            _fail(
                where,
                f"missing {', '.join(absent)}; write null for amount/currency/qualifier "
                "and false for approximate when not predicted",
            )
        currency = row["currency"]
        if currency is not None:
            _check_label(where, currency, CURRENCIES, "currency")
        if row["qualifier"] is not None:
            _check_label(where, row["qualifier"], QUALIFIERS, "qualifier")
        for key in ("approximate", "vague"):
            if not isinstance(row.get(key, False), bool):
                _fail(where, f"'{key}' must be true or false, got {row[key]!r:.40}")
        per_sentence[sid].append((start, end))
        where_of[sid] = where
        out[(sid, start, end)] = {
            "amount": _decimal(where, row["amount"], "amount"),
            "amount_max": _decimal(where, row.get("amount_max"), "amount_max"),
            "currency": currency,
            "approximate": row["approximate"],
            "qualifier": row["qualifier"],
            "vague": row.get("vague", False),
        }
    for sid, spans in per_sentence.items():
        _check_no_overlap(where_of[sid], spans, "money mentions in sentence " + sid)
    return out


def _set_counts(
    gold: set, pred: set, doc_of: dict[str, int], n_docs: int
) -> tuple[metrics.Counts, np.ndarray]:
    """Counts of tuples whose first element is a sentence id, in total and per document."""
    per_doc = np.zeros((n_docs, 3), dtype=np.int64)
    for items, col in ((gold & pred, 0), (pred - gold, 1), (gold - pred, 2)):
        for t in items:
            per_doc[doc_of[t[0]], col] += 1
    tp, fp, fn = (int(x) for x in per_doc.sum(0))
    return metrics.Counts(tp, fp, fn), per_doc


def _grouped_counts(gold: set, pred: set, key: Callable) -> dict[str, dict]:
    groups = sorted({key(t) for t in gold | pred})
    out = {}
    for g in groups:
        gs = {t for t in gold if key(t) == g}
        ps = {t for t in pred if key(t) == g}
        c = metrics.Counts(len(gs & ps), len(ps - gs), len(gs - ps))
        out[g] = {**c.to_dict(), "support": c.support}
    return out


def _inventory(gold: Rows, sentences: Rows | dict | None) -> dict[str, tuple[str, str]]:
    if isinstance(sentences, dict):
        return sentences
    inv = sentence_inventory(sentences) if sentences is not None else {}
    for sid, value in sentence_inventory(gold).items():
        inv.setdefault(sid, value)
    return inv


def _docs_of(inventory: dict[str, tuple[str, str]]) -> tuple[dict[str, int], int]:
    idx, docs = _doc_index([doc for doc, _ in inventory.values()])
    return dict(zip(inventory, idx.tolist(), strict=True)), len(docs)


def _money(gold: Rows, preds: Rows, sentences: Rows | dict | None) -> _Scored:
    inventory = _inventory(gold, sentences)
    g = _money_rows(gold, inventory, is_gold=True)
    p = _money_rows(preds, inventory, is_gold=False)
    doc_of, n_docs = _docs_of(inventory)
    detection, det_docs = _set_counts(set(g), set(p), doc_of, n_docs)
    matched = sorted(set(g) & set(p))
    attrs = {}
    for a in MONEY_ATTRIBUTES:
        right = sum(g[k][a] == p[k][a] for k in matched)
        attrs[a] = {"correct": right, "accuracy": right / len(matched) if matched else 0.0}
    all_right = sum(all(g[k][a] == p[k][a] for a in MONEY_ATTRIBUTES) for k in matched)
    attrs["all"] = {"correct": all_right, "accuracy": all_right / len(matched) if matched else 0.0}

    def value(d: dict) -> set:
        return {(*k, v["amount"], v["amount_max"], v["currency"]) for k, v in d.items()}

    normalized, norm_docs = _set_counts(value(g), value(p), doc_of, n_docs)
    out = {
        "detection": detection.to_dict(),
        "normalized": normalized.to_dict(),
        "attributes": {"matched": len(matched), **attrs},
    }
    stats = [
        Statistic("detection_f1", detection.f1, det_docs, metrics.micro_f1),
        Statistic("normalized_f1", normalized.f1, norm_docs, metrics.micro_f1),
    ]
    info = {
        "sentences": len(inventory),
        "documents": n_docs,
        "gold_items": len(g),
        "predicted_items": len(p),
        "missing_predictions": None,
    }
    return _Scored(out, stats, info)


def _event_rows(rows: Rows, inventory: dict, *, is_gold: bool) -> list[tuple]:
    """``(sentence id, trigger start, trigger end, type, modality, ((role, start, end), ...))``."""
    out = []
    for i, row in enumerate(rows.rows):
        where = rows.where(i)
        if not is_gold:
            _check_config(where, row, "events")
        sid, text = _sentence_of(where, row, inventory)
        etype = _check_label(where, row.get("type"), EVENT_TYPE_NAMES, "event type")
        ts, te = _check_span(where, row.get("trigger"), text, "trigger")
        modality = row.get("modality")
        if modality is not None:
            _check_label(where, modality, MODALITIES, "modality")
        args = row.get("arguments", [])
        if not isinstance(args, list):
            _fail(where, "'arguments' must be a list of {role, start, end} (empty if none)")
        roles = [r.name for r in EVENTS[etype].roles]
        parsed = []
        for a in args:
            s, e = _check_span(where, a, text, "argument")
            parsed.append((_check_label(where, a.get("role"), roles, f"{etype} role"), s, e))
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


def _events(gold: Rows, preds: Rows, sentences: Rows | dict | None) -> _Scored:
    inventory = _inventory(gold, sentences)
    g_events = _event_rows(gold, inventory, is_gold=True)
    p_events = _event_rows(preds, inventory, is_gold=False)
    doc_of, n_docs = _docs_of(inventory)
    g, p = _event_tuples(g_events), _event_tuples(p_events)
    out: dict = {}
    stats = []
    for name in EVENT_METRICS:
        counts, per_doc = _set_counts(g[name], p[name], doc_of, n_docs)
        out[name] = counts.to_dict()
        stats.append(Statistic(f"{name}_f1", counts.f1, per_doc, metrics.micro_f1))
    out["trigger_classification"]["per_type"] = _grouped_counts(
        g["trigger_classification"], p["trigger_classification"], lambda t: t[3]
    )
    out["argument_classification"]["per_type"] = _grouped_counts(
        g["argument_classification"], p["argument_classification"], lambda t: t[1]
    )
    out["argument_classification"]["per_role"] = _grouped_counts(
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
    return _Scored(out, stats, info)


# --- public API --------------------------------------------------------------------------------


def _scored(
    config: str,
    gold: Rows,
    preds: Rows,
    *,
    scheme: str | None,
    allow_missing: bool,
    sentences: Rows | dict | None,
) -> _Scored:
    if config == "entities":
        return _entities(gold, preds, scheme or "fine", allow_missing)
    if config == "ner_char":
        return _ner_char(gold, preds, scheme or "klue", allow_missing)
    if config == "money":
        return _money(gold, preds, sentences)
    if config == "events":
        return _events(gold, preds, sentences)
    raise KoNewsError(f"unknown config {config!r}; choose one of {', '.join(CONFIGS)}")


def _report(
    config: str,
    scheme: str | None,
    gold: Rows,
    preds: Rows,
    scored: _Scored,
    bootstrap: int,
    seed: int,
) -> dict:
    report = {
        "konews_version": konews.__version__,
        "schema_version": SCHEMA_VERSION,
        "config": config,
        "scheme": (scheme or DEFAULT_SCHEME[config]) if config in DEFAULT_SCHEME else None,
        "gold": gold.source,
        "predictions": preds.source,
        **scored.info,
        "headline": {s.name: s.value for s in scored.stats},
        "bootstrap": None,
        "metrics": scored.metrics,
    }
    if bootstrap:
        report["bootstrap"] = {
            "resamples": bootstrap,
            "seed": seed,
            "confidence": DEFAULT_CONFIDENCE,
            "unit": "document",
            "intervals": bootstrap_intervals(scored.stats, resamples=bootstrap, seed=seed),
        }
    return report


def score(
    config: str,
    gold: Rows | Iterable[dict],
    predictions: Rows | Iterable[dict],
    *,
    scheme: str | None = None,
    allow_missing: bool = False,
    sentences: Rows | dict | None = None,
    bootstrap: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> dict:
    """The JSON report (keys in docs/EVALUATION.md) of ``predictions`` against ``gold``.

    ``bootstrap`` resamples documents that many times for 95% intervals (0: none).
    ``sentences`` (money, events): the sentences predictions may refer to, as
    entities-config rows; by default the sentences of the gold rows.
    """
    gold = Rows.of(gold, "gold")
    preds = Rows.of(predictions, "predictions")
    scored = _scored(
        config, gold, preds, scheme=scheme, allow_missing=allow_missing, sentences=sentences
    )
    return _report(config, scheme, gold, preds, scored, bootstrap, seed)


def score_entities(gold, predictions, *, scheme="fine", **kw) -> dict:
    return score("entities", gold, predictions, scheme=scheme, **kw)


def score_ner_char(gold, predictions, *, scheme="klue", **kw) -> dict:
    return score("ner_char", gold, predictions, scheme=scheme, **kw)


def score_money(gold, predictions, **kw) -> dict:
    return score("money", gold, predictions, **kw)


def score_events(gold, predictions, **kw) -> dict:
    return score("events", gold, predictions, **kw)


def compare(
    config: str,
    gold: Rows | Iterable[dict],
    predictions_a: Rows | Iterable[dict],
    predictions_b: Rows | Iterable[dict],
    *,
    scheme: str | None = None,
    allow_missing: bool = False,
    sentences: Rows | dict | None = None,
    bootstrap: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> dict:
    """Reports of systems A and B and the paired bootstrap test of every headline metric."""
    if bootstrap < 1:
        raise KoNewsError("--compare needs bootstrap resamples (--bootstrap N with N >= 1)")
    gold = Rows.of(gold, "gold")
    preds = [Rows.of(predictions_a, "A"), Rows.of(predictions_b, "B")]
    kw = {"scheme": scheme, "allow_missing": allow_missing, "sentences": sentences}
    parts = [_scored(config, gold, p, **kw) for p in preds]
    reports = [
        _report(config, scheme, gold, p, part, bootstrap, seed)
        for p, part in zip(preds, parts, strict=True)
    ]
    return {
        "konews_version": konews.__version__,
        "schema_version": SCHEMA_VERSION,
        "config": config,
        "scheme": reports[0]["scheme"],
        "gold": gold.source,
        "a": reports[0],
        "b": reports[1],
        "paired_bootstrap": {
            "resamples": bootstrap,
            "seed": seed,
            "unit": "document",
            "tests": paired_bootstrap(
                parts[0].stats, parts[1].stats, resamples=bootstrap, seed=seed
            ),
        },
    }


def predictions_from_callable(
    fn: Callable[[str], Iterable],
    gold: Rows | Iterable[dict],
    *,
    label_map: dict[str, str | None] | Callable[[str], str | None] | None = None,
    strip_whitespace: bool = True,
) -> list[dict]:
    """Prediction rows from a function ``text -> spans``, one row per gold sentence.

    ``fn`` may return ``Span``s, ``(start, end, label)`` tuples, dicts with
    ``start``/``end``/``label``, or a Hugging Face token-classification
    pipeline's output: aggregated (``entity_group``) or per token (``entity``
    with B-/I- prefixes, merged here into spans). ``label_map`` renames labels
    (None drops the span). Whitespace at span edges is trimmed (sentencepiece
    offsets often include the leading space). Entities rows get ``entities``
    rows back; ner_char rows (with ``chars``) get ``tags``.
    """
    rows = Rows.of(gold, "gold").rows
    out = []
    for r in rows:
        text = r["text"] if "text" in r else "".join(r["chars"])
        spans = _spans_from_output(fn(text), text, label_map, strip_whitespace, r.get("id"))
        if "chars" in r and "text" not in r:
            try:
                tags = spans_to_bio(len(text), [Span(s, e, lb) for s, e, lb in spans])
            except ValueError as e:
                raise PredictionError(f"sentence {r['id']}: {e}") from None
            out.append({"id": r["id"], "tags": tags})
        else:
            out.append(
                {
                    "id": r["id"],
                    "entities": [{"start": s, "end": e, "label": lb} for s, e, lb in spans],
                }
            )
    return out


def _spans_from_output(items, text, label_map, strip, sid) -> list[tuple[int, int, str]]:
    raw: list[tuple[int, int, str, str]] = []  # start, end, label, BIO prefix
    for it in items:
        if isinstance(it, Span):
            raw.append((it.start, it.end, it.label, "B"))
        elif isinstance(it, tuple):
            raw.append((it[0], it[1], it[2], "B"))
        elif isinstance(it, dict):
            if it.get("start") is None or it.get("end") is None:
                raise PredictionError(
                    f"sentence {sid}: model output {it!r:.80} has no character offsets; "
                    "use a fast tokenizer (pipeline offsets need offset mapping)"
                )
            if "label" in it or "entity_group" in it:
                raw.append((it["start"], it["end"], it.get("label", it.get("entity_group")), "B"))
            else:
                tag = str(it["entity"])
                prefix, label = (tag[0], tag[2:]) if tag[:2] in ("B-", "I-") else ("I", tag)
                if label != "O":
                    raw.append((it["start"], it["end"], label, prefix))
        else:
            raise PredictionError(f"sentence {sid}: cannot read model output {it!r:.80}")
    merged: list[list] = []
    for start, end, label, prefix in sorted(raw, key=lambda x: x[0]):
        last = merged[-1] if merged else None
        if (
            prefix == "I"
            and last is not None
            and last[2] == label
            and last[1] <= start
            and not text[last[1] : start].strip()
        ):
            last[1] = end  # a word piece continuing the entity
        else:
            merged.append([start, end, label])
    spans = []
    for start, end, label in merged:
        if label_map is not None:
            label = label_map(label) if callable(label_map) else label_map.get(label, label)
            if label is None:
                continue
        if strip:
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
        if start < end:
            spans.append((start, end, label))
    return spans
