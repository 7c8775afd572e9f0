"""Score predictions against the KoNews gold.

The public API (README, docs/EVALUATION.md) is re-exported here, so
``from konews import evaluate`` then ``evaluate.score(...)`` works:

- ``load_gold`` / ``gold_path``: the gold rows of a built dataset config;
- ``score`` and one entry point per config (``score_entities``,
  ``score_ner_char``, ``score_money``, ``score_events``), each returning a
  JSON-ready report;
- ``compare``: two systems on the same gold, with the paired bootstrap test;
- ``predictions_from_callable``: ``entities`` rows from any tagger callable.

Modules: ``rows`` (rows and their origin), ``checks`` (prediction checks),
``entities`` / ``money`` / ``events`` (one scorer per config), ``counts``,
``spans``, ``span_arrays``, ``klue_metric`` and ``statistics`` (the span
metrics), ``bootstrap``, ``scoring`` (the report and compare), ``adapters``.
"""

from konews.evaluate.adapters import predictions_from_callable
from konews.evaluate.events import EVENT_METRICS
from konews.evaluate.money import MONEY_ATTRIBUTES
from konews.evaluate.rows import (
    DEFAULT_SCHEME,
    SCHEMES,
    SCORED_CONFIGS,
    Rows,
    gold_path,
    gold_paths,
    load_gold,
    sentence_inventory,
)
from konews.evaluate.scoring import (
    compare,
    score,
    score_entities,
    score_events,
    score_money,
    score_ner_char,
)

__all__ = [
    "DEFAULT_SCHEME",
    "EVENT_METRICS",
    "MONEY_ATTRIBUTES",
    "SCHEMES",
    "SCORED_CONFIGS",
    "Rows",
    "compare",
    "gold_path",
    "gold_paths",
    "load_gold",
    "predictions_from_callable",
    "score",
    "score_entities",
    "score_events",
    "score_money",
    "score_ner_char",
    "sentence_inventory",
]
