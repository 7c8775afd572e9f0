"""One benchmark run: spans from a system -> prediction rows, the evaluate report, a row.

The output folder gets ``predictions.jsonl`` (the config's format of
docs/EVALUATION.md), ``report.json`` (the full ``konews evaluate`` report),
``row.json`` (the leaderboard row) and, for endpoints, ``failures.jsonl``.
Everything is scored before anything is written, and each file is written
atomically, so a failed run leaves no partial output.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import konews
from konews import evaluate
from konews.benchmark.sentences import Sentences
from konews.errors import KoNewsError
from konews.io import write_json, write_jsonl
from konews.schema import SCHEMA_VERSION, klue_label


@dataclass(frozen=True)
class Result:
    report: dict
    row: dict
    predictions: list[dict]
    evaluate_seconds: float


def scoring_scheme(config: str, system_scheme: str, requested: str | None) -> str:
    """The scheme to score in: a fine-label system can be projected onto KLUE, not back."""
    scheme = requested or (system_scheme if config == "entities" else "klue")
    if scheme == "fine" and system_scheme == "klue":
        raise KoNewsError(
            "the system predicts KLUE tags, which cannot be scored in the fine scheme; "
            "drop --scheme fine (KLUE tags are scored against the KLUE projection of the gold)"
        )
    return scheme


def prediction_rows(
    sents: Sentences, spans: Sequence[list], system_scheme: str, scheme: str
) -> list[dict]:
    """Rows in the config's prediction format, projecting fine labels onto KLUE if asked."""
    answers = iter(spans)
    project = klue_label if (system_scheme == "fine" and scheme == "klue") else None
    rows = evaluate.predictions_from_callable(
        lambda _text: next(answers), sents.gold, label_map=project
    )
    if sents.config == "entities":
        for row, text in zip(rows, sents.texts, strict=True):
            for e in row["entities"]:
                e["text"] = text[e["start"] : e["end"]]
    return rows


def _dataset_name(dataset: str) -> str:
    # an absolute path would put a machine's folder names into a tracked file
    return Path(dataset).name if Path(dataset).is_absolute() else dataset


def score_and_row(
    sents: Sentences,
    predictions: list[dict] | evaluate.Rows,
    *,
    name: str,
    kind: str,
    scheme: str | None,
    meta: dict,
    wall_seconds: float | None,
    bootstrap: int,
    seed: int,
) -> Result:
    started = time.perf_counter()
    report = evaluate.score(
        sents.config, sents.gold, predictions, scheme=scheme, bootstrap=bootstrap, seed=seed
    )
    seconds = time.perf_counter() - started
    intervals = (report.get("bootstrap") or {}).get("intervals", {})
    scores = {
        m: {"value": v, **{k: intervals.get(m, {}).get(k) for k in ("low", "high")}}
        for m, v in report["headline"].items()
    }
    n = report["sentences"]
    row = {
        "name": name,
        "kind": kind,
        "config": sents.config,
        "split": sents.split,
        "scheme": report["scheme"],
        "dataset": _dataset_name(sents.dataset),
        "data_sha256": sents.fingerprint,
        "sentences": n,
        "documents": report["documents"],
        "scores": scores,
        **meta,
        "wall_seconds": None if wall_seconds is None else round(wall_seconds, 3),
        "sentences_per_second": (round(n / wall_seconds, 2) if wall_seconds else None),
        "konews_version": konews.__version__,
        "schema_version": SCHEMA_VERSION,
        "date": dt.datetime.now(dt.timezone.utc).date().isoformat(),
    }
    rows = predictions.rows if isinstance(predictions, evaluate.Rows) else predictions
    return Result(report, row, rows, seconds)


def write_outputs(
    out: str | Path, result: Result, extra: dict[str, list[dict]] | None = None
) -> Path:
    out = Path(out)
    write_jsonl(out / "predictions.jsonl", result.predictions)
    write_json(out / "report.json", result.report)
    for name, rows in (extra or {}).items():
        write_jsonl(out / name, rows)
    write_json(out / "row.json", result.row)  # last: its presence says the run completed
    return out
