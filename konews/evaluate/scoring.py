"""The scoring entry points and their JSON report (see ``konews.evaluate`` for the API).

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

Predictions are validated before anything is scored (``konews.evaluate.checks``);
every problem raises ``PredictionError`` naming the file and line and saying how
to fix it. Each config's scorer is its own module (``entities``, ``money``, ``events``).
"""

from __future__ import annotations

from collections.abc import Iterable

import konews
from konews.errors import KoNewsError
from konews.evaluate.bootstrap import (
    DEFAULT_CONFIDENCE,
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    bootstrap_intervals,
    paired_bootstrap,
)
from konews.evaluate.checks import Scored
from konews.evaluate.entities import scored_entities, scored_ner_char
from konews.evaluate.events import scored_events
from konews.evaluate.money import scored_money
from konews.evaluate.rows import DEFAULT_SCHEME, SCORED_CONFIGS, Rows
from konews.schema import (
    SCHEMA_VERSION,
)

# --- public API --------------------------------------------------------------------------------


def _scored(
    config: str,
    gold: Rows,
    preds: Rows,
    *,
    scheme: str | None,
    allow_missing: bool,
    sentences: Rows | dict | None,
) -> Scored:
    if config == "entities":
        return scored_entities(gold, preds, scheme or "fine", allow_missing)
    if config == "ner_char":
        return scored_ner_char(gold, preds, scheme or "klue", allow_missing)
    if config == "money":
        return scored_money(gold, preds, sentences)
    if config == "events":
        return scored_events(gold, preds, sentences)
    raise KoNewsError(f"unknown config {config!r}; choose one of {', '.join(SCORED_CONFIGS)}")


def _report(
    config: str,
    scheme: str | None,
    gold: Rows,
    preds: Rows,
    scored: Scored,
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
