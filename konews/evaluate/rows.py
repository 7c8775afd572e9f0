"""Gold and prediction rows with their origin (file and line), and the gold's sentence inventory."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from konews.errors import KoNewsError, PredictionError
from konews.io import read_jsonl
from konews.paths import DATASET_DIR, shown

SCORED_CONFIGS: tuple[str, ...] = ("entities", "ner_char", "money", "events")
SCHEMES: tuple[str, ...] = ("fine", "klue")
DEFAULT_SCHEME = {"entities": "fine", "ner_char": "klue"}


STANDOFF = (
    "the gold sentence has no text (a `konews build --standoff` dataset); restore the "
    "text with `konews hydrate --sources DIR` before scoring"
)


def is_standoff(row: dict) -> bool:
    text = row.get("text", row.get("sentence", ""))
    return text is None or (row.get("chars") == [] and bool(row.get("ner_tags")))


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
    options: str = "--dataset DIR (the dataset folder) or --gold FILE",
) -> Rows:
    """Gold rows of ``config`` from ``gold`` (a JSONL file) or the dataset folder.
    ``options`` names, for the error message, the options the caller accepts."""
    if config not in SCORED_CONFIGS:
        raise KoNewsError(f"unknown config {config!r}; choose one of {', '.join(SCORED_CONFIGS)}")
    # the checkout's dataset/ by the one rule of konews.paths, from any working directory
    path = (
        Path(gold) if gold is not None else gold_path(dataset or shown(DATASET_DIR), config, split)
    )
    if not path.exists():
        raise KoNewsError(
            f"gold file {path} not found; build the dataset with `konews build`, or pass {options}"
        )
    return Rows.read(path)


def sentence_inventory(rows: Rows) -> dict[str, tuple[str, str]]:
    """``{sentence id: (doc id, text)}`` from entities rows (id, text) or from
    money/events gold rows (sentence_id, sentence)."""
    out: dict[str, tuple[str, str]] = {}
    for i, r in enumerate(rows.rows):
        sid = r.get("sentence_id", r.get("id"))
        text = r.get("sentence", r.get("text"))
        if isinstance(sid, str) and is_standoff(r):
            raise KoNewsError(f"{rows.where(i)}: {STANDOFF}")
        if not isinstance(sid, str) or not isinstance(text, str):
            raise KoNewsError(
                f"{rows.where(i)}: a sentence row needs 'id' and 'text' (entities config) "
                "or 'sentence_id' and 'sentence' (money/events config)"
            )
        out.setdefault(sid, (row_doc_id(r, sid), text))
    return out


def row_doc_id(row: dict, sid: str) -> str:
    doc = row.get("doc_id")
    return doc if isinstance(doc, str) and doc else re.sub(r"-s\d+$", "", sid)


def doc_index(doc_ids: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    order = list(dict.fromkeys(doc_ids))
    index = {d: i for i, d in enumerate(order)}
    return np.fromiter((index[d] for d in doc_ids), np.int64, len(doc_ids)), order
