"""Checks of prediction rows shared by the scorers: each failure raises
``PredictionError`` naming the file and line and saying how to fix it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from typing import NoReturn

from konews.errors import PredictionError
from konews.evaluate.bootstrap import (
    Statistic,
)
from konews.evaluate.rows import Rows, doc_index, sentence_inventory
from konews.schema import is_exact_decimal

# --- validation helpers ----------------------------------------------------------------


def fail(where: str, message: str) -> NoReturn:
    raise PredictionError(f"{where}: {message}")


def is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def detect_config(row: dict) -> str | None:
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


def check_config(where: str, row: dict, config: str) -> None:
    found = detect_config(row)
    if found is not None and found != config:
        fix = (
            "score the per-config files instead"
            if found == "documents"
            else f"run with --config {found}, or give the {config} predictions file"
        )
        fail(
            where,
            f"this looks like a row of the {found} config (keys: {', '.join(sorted(row))}), "
            f"not {config}; {fix}",
        )


def check_span(where: str, obj: object, text: str, what: str) -> tuple[int, int]:
    if not isinstance(obj, dict):
        fail(where, f"{what} must be an object with 'start' and 'end', got {obj!r:.60}")
    start, end = obj.get("start"), obj.get("end")
    if not (is_int(start) and is_int(end)):
        fail(where, f"{what} needs integer 'start' and 'end' character offsets, got {obj!r:.80}")
    if not 0 <= start < end <= len(text):
        fail(
            where,
            f"{what} [{start}, {end}) is outside the sentence ({len(text)} characters) or empty; "
            "offsets are half-open Python string indices (code points) into the sentence text",
        )
    if "text" in obj and obj["text"] != text[start:end]:
        fail(
            where,
            f"{what} text {obj['text']!r} but the sentence has {text[start:end]!r} at "
            f"[{start}, {end}); offsets count code points (not bytes or UTF-16 units) in NFC text",
        )
    return start, end


def check_label(where: str, label: object, valid: Sequence[str], what: str = "label") -> str:
    if label not in valid:
        fail(where, f"unknown {what} {label!r}; valid: {', '.join(valid)}")
    return label


def check_no_overlap(where: str, spans: list[tuple], what: str = "spans") -> None:
    spans = sorted(spans)
    for a, b in pairwise(spans):
        if b[0] < a[1]:
            fail(
                where,
                f"overlapping {what} [{a[0]}, {a[1]}) and [{b[0]}, {b[1]}); "
                "predict at most one span per character (keep the longer one, for example)",
            )


def collect_by_id(
    gold_ids: Sequence[str], preds: Rows, config: str, allow_missing: bool
) -> tuple[dict[str, int], int]:
    """Map sentence id -> prediction row index; check ids are known, unique, complete."""
    known = set(gold_ids)
    by_id: dict[str, int] = {}
    for i, row in enumerate(preds.rows):
        where = preds.where(i)
        check_config(where, row, config)
        sid = row.get("id")
        if not isinstance(sid, str):
            fail(where, "every line needs the sentence 'id' (a string) as in the gold")
        if sid not in known:
            fail(where, f"unknown sentence id {sid!r}; ids must be those of the gold file")
        if sid in by_id:
            fail(where, f"sentence id {sid!r} occurs twice (first at {preds.where(by_id[sid])})")
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
class Scored:
    """What a config's scorer hands to the report: metrics, bootstrap statistics, facts."""

    metrics: dict
    stats: list[Statistic]
    info: dict


# --- ner_char -------------------------------------------------------------------------------


def check_tags(where: str, tags: object, n: int, valid: Sequence[str], what: str) -> list[str]:
    if not isinstance(tags, list):
        fail(where, f"'{what}' must be a list of BIO tags, one per character")
    if len(tags) != n:
        fail(where, f"{len(tags)} {what} for {n} characters; give exactly one tag per character")
    out = []
    valid_set = frozenset(valid)
    for t in tags:
        if is_int(t) and 0 <= t < len(valid):
            out.append(valid[t])  # ClassLabel ids, as a model's label ids
        elif t in valid_set:
            out.append(t)
        else:
            fail(where, f"unknown tag {t!r} in '{what}'; valid tags (or their ids): {valid}")
    return out


# --- money and events: mention/event rows keyed by sentence ------------------------------


def check_decimal(where: str, value: object, what: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, float):
        fail(where, f'{what} {value!r} is a JSON float; write amounts as exact strings, e.g. "1.5"')
    if not is_exact_decimal(value):
        fail(
            where,
            f"{what} {value!r:.40} is not an exact decimal string: write digits only, as a "
            'JSON string, in the currency\'s main unit, e.g. "14300000000" or "1.25" (no sign, '
            "spaces, separators, exponent or leading zeros)",
        )
    return Decimal(value)


def sentence_of(where: str, row: dict, inventory: dict[str, tuple[str, str]]) -> tuple[str, str]:
    sid = row.get("sentence_id")
    if not isinstance(sid, str):
        fail(where, "every line needs the 'sentence_id' (a string) of its sentence")
    if sid not in inventory:
        fail(
            where,
            f"unknown sentence id {sid!r}; ids must be those of the dataset's sentences "
            "(pass --sentences with the entities file when scoring against --gold)",
        )
    return sid, inventory[sid][1]


def inventory_of(gold: Rows, sentences: Rows | dict | None) -> dict[str, tuple[str, str]]:
    if isinstance(sentences, dict):
        return sentences
    inv = sentence_inventory(sentences) if sentences is not None else {}
    for sid, value in sentence_inventory(gold).items():
        inv.setdefault(sid, value)
    return inv


def docs_of(inventory: dict[str, tuple[str, str]]) -> tuple[dict[str, int], int]:
    idx, docs = doc_index([doc for doc, _ in inventory.values()])
    return dict(zip(inventory, idx.tolist(), strict=True)), len(docs)
