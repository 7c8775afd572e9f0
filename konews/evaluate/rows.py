"""Gold and prediction rows with their origin (file and line), and the gold's sentence inventory."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from konews.errors import KoNewsError, PredictionError
from konews.io import read_jsonl
from konews.paths import DATASET_DIR, data_file, shown, split_files

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
    files: list[str] = field(default_factory=list)  # per row, when read from several files

    def where(self, i: int) -> str:
        source = self.files[i] if self.files else self.source
        return f"{source}:{self.lines[i] if self.lines else i + 1}"

    @classmethod
    def read_many(cls, paths: Sequence[str | Path]) -> Rows:
        """The rows of several files in order (a split's files, one per part)."""
        parts = [cls.read(p) for p in paths]
        if len(parts) == 1:
            return parts[0]
        return cls(
            [r for part in parts for r in part.rows],
            " + ".join(part.source for part in parts),
            [n for part in parts for n in part.lines],
            [part.source for part in parts for _ in part.rows],
        )

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
    """The KoNews articles' file of a split (``gold_paths`` has every part's)."""
    return Path(dataset) / data_file(config, split)


def gold_paths(dataset: str | Path, config: str, split: str = "test") -> list[Path]:
    """The existing files of a split, one per part (KoNews articles, KLUE news layer)."""
    return split_files(dataset, config, split)


def load_gold(
    config: str,
    *,
    dataset: str | Path | None = None,
    gold: str | Path | None = None,
    split: str = "test",
    options: str = "--dataset DIR (the dataset folder) or --gold FILE",
) -> Rows:
    """Gold rows of ``config`` from ``gold`` (a JSONL file) or the dataset folder (every
    part's file of ``split``: the KoNews articles and, when built, the KLUE news layer).
    ``options`` names, for the error message, the options the caller accepts."""
    if config not in SCORED_CONFIGS:
        raise KoNewsError(f"unknown config {config!r}; choose one of {', '.join(SCORED_CONFIGS)}")
    if gold is not None:
        paths, missing = ([Path(gold)] if Path(gold).exists() else []), Path(gold)
    else:
        # the checkout's dataset/ by the one rule of konews.paths, from any working directory
        folder = dataset or shown(DATASET_DIR)
        paths, missing = gold_paths(folder, config, split), gold_path(folder, config, split)
    if not paths:
        raise KoNewsError(
            f"gold file {missing} not found; build the dataset with `konews build`, or pass {options}"
        )
    return Rows.read_many(paths)


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
