"""The sentences to run a model on, and their gold, read through ``datasets.load_dataset``.

Going through the dataset's own loader (not its JSONL paths) means whatever the
dataset card declares for a config and split is benchmarked: a new split or a
new part of a split needs no change here. ClassLabel ids are decoded back to
names, so the rows are in the gold format of docs/EVALUATION.md.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from konews.errors import KoNewsError
from konews.evaluate import Rows

CONFIGS = ("entities", "ner_char")


@dataclass(frozen=True)
class Sentences:
    gold: Rows
    ids: list[str]
    texts: list[str]
    dataset: str
    config: str
    split: str

    @property
    def fingerprint(self) -> str:
        """sha256 of the gold rows: which data a leaderboard row was scored on."""
        blob = json.dumps(self.gold.rows, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


def _decode(value, feature):
    """``value`` with ClassLabel ids replaced by their names, following ``feature``."""
    from datasets import ClassLabel

    if isinstance(feature, ClassLabel):
        return feature.int2str(value) if isinstance(value, int) else value
    if isinstance(feature, dict) and isinstance(value, dict):
        return {k: _decode(v, feature.get(k)) for k, v in value.items()}
    inner = getattr(feature, "feature", None)
    if isinstance(feature, list) and feature:
        inner = feature[0]
    if inner is not None and isinstance(value, list):
        return [_decode(v, inner) for v in value]
    return value


def load_sentences(dataset: str | Path, config: str, split: str = "test") -> Sentences:
    """Gold rows and sentence texts of ``config``/``split`` of a KoNews dataset folder (or Hub id)."""
    if config not in CONFIGS:
        raise KoNewsError(f"config {config!r} cannot be benchmarked; choose {' or '.join(CONFIGS)}")
    from datasets import load_dataset

    try:
        ds = load_dataset(str(dataset), config, split=split)
    except (FileNotFoundError, ValueError, KeyError) as e:
        raise KoNewsError(
            f"cannot load split {split!r} of config {config!r} from {dataset}: {e}; "
            "give the dataset folder with --dataset DIR (built by `konews build`) and a split "
            "its card lists"
        ) from None
    features = ds.features
    rows, ids, texts = [], [], []
    for i, raw in enumerate(ds):
        row = {k: _decode(v, features[k]) for k, v in raw.items()}
        text = row.get("text") if config == "entities" else "".join(row.get("chars") or [])
        if not text:
            raise KoNewsError(
                f"{dataset} {config}/{split} row {i + 1} ({row.get('id')}): the sentence has no "
                "text (a `konews build --standoff` dataset?); restore it with `konews hydrate` first"
            )
        rows.append(row)
        ids.append(row["id"])
        texts.append(text)
    if not rows:
        raise KoNewsError(f"{dataset} {config}/{split} has no sentences")
    source = f"{dataset} ({config}/{split})"
    return Sentences(Rows(rows, source), ids, texts, str(dataset), config, split)
