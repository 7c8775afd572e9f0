"""``konews baselines run``: train, predict, score, and write the leaderboard.

For each baseline: train it (or reuse the cached model whose fingerprint
matches), predict on the test split of the dataset folder, write the
predictions under ``<out>/predictions/<name>.<config>.jsonl`` in the formats
of docs/EVALUATION.md, score them with ``konews.evaluate`` (bootstrap 95%
intervals over documents), score the entity taggers also on the held-out part
of KLUE-NER (so the domain gap shows), and write ``<out>/RESULTS.md`` and
``<out>/results.json``. The Markdown is printed too: what the file says is what
the command printed.

A baseline that needs KLUE-NER (lexicon, crf, and events, which takes the
lexicon's entities) is skipped with the reason when KLUE-NER cannot be found
where it is looked for by default (``../shared``, then the hub); the others
still run. A skipped baseline's predictions of an earlier run are kept, and a
run that skipped any baseline never overwrites the committed leaderboard
(``baselines/RESULTS.md``, ``results.json``): its Markdown goes to
``RESULTS.partial.md`` instead. A ``--klue`` path that was given but cannot be
read is an error, before anything is written.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import konews
from baselines import FINE, KLUE, Tagger, project_to_klue
from baselines.cache import MODELS_DIR
from baselines.crf import DEFAULT_GRID, DEFAULT_MAX_ITERATIONS, CrfTagger, featurize
from baselines.data import TestSplit, _check_readable, layer_sentences, load_test_split, shown
from baselines.events import EventTagger
from baselines.lexicon import LexiconTagger
from baselines.predictions import entity_rows, event_rows, klue_gold_rows, money_rows, tag_rows
from baselines.results import render_results
from baselines.rules import RuleTagger
from konews import evaluate
from konews.corpus.klue import KlueSentence, load_klue, split_klue
from konews.errors import KoNewsError
from konews.io import atomic_write_text, write_json, write_jsonl
from konews.paths import REPO_ROOT
from konews.records import Span

BASELINE_NAMES = ("rules", "lexicon", "crf", "events")
HELDOUT_FRACTION = 0.1
LEADERBOARD_DIR = REPO_ROOT / "baselines"
PARTIAL_RESULTS = "RESULTS.partial.md"


def _log(message: str) -> None:
    print(f"[baselines] {message}", file=sys.stderr, flush=True)


# --- the run ------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one baseline produced: reports per evaluation, figures, or why it was skipped."""

    name: str
    description: str
    scheme: str | None = None
    reports: dict[str, dict] = field(
        default_factory=dict
    )  # "entities", "money", "events", "klue_heldout"
    figures: dict = field(default_factory=dict)
    skipped: str | None = None


@dataclass
class RunResult:
    outcomes: list[Outcome]
    facts: dict
    results_path: Path  # RESULTS.md, or RESULTS.partial.md when the leaderboard was kept

    @property
    def complete(self) -> bool:
        """Every baseline ran: the run can stand for the whole leaderboard."""
        ran = {o.name for o in self.outcomes if not o.skipped}
        return ran == set(BASELINE_NAMES)


_TIMING_KEYS = ("_seconds", "_per_second")


def _volatile(key: object) -> bool:
    # timings, and whether a model came from the cache (true on every run but the first)
    return str(key).endswith(_TIMING_KEYS) or key == "cached"


def _without_timings(value: object) -> object:
    """``value`` without its volatile figures: timings and cache hits."""
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if not _volatile(k)}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


def _only_timings_differ(path: Path, results: dict) -> bool:
    """True when ``path`` holds these results up to timing figures (so it is kept)."""
    if not path.is_file():
        return False
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return False
    # a JSON round trip, so tuples and lists compare alike
    new = json.loads(json.dumps(results))
    return _without_timings(old) == _without_timings(new)


def _timed(fn: Callable, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def run_baselines(
    *,
    dataset: str | Path = REPO_ROOT / "dataset",
    klue: str | Path | None = None,
    out: str | Path = LEADERBOARD_DIR,
    models_dir: str | Path = MODELS_DIR,
    only: Sequence[str] = BASELINE_NAMES,
    bootstrap: int = 1000,
    seed: int = 0,
    crf_grid: Sequence[tuple[float, float]] | None = None,
    crf_max_iterations: int | None = None,
    workers: int = 2,
    leaderboard: bool | None = None,
) -> RunResult:
    """Run the baselines in ``only``; write predictions, results.json and RESULTS.md under ``out``.

    ``leaderboard``: ``out`` holds the committed leaderboard, which only a run
    of every baseline may replace (default: ``out`` is ``baselines/`` and
    ``only`` names every baseline). When such a run skips a baseline, its
    Markdown is written to ``out/RESULTS.partial.md`` and RESULTS.md and
    results.json are left as they were.
    """
    unknown = [n for n in only if n not in BASELINE_NAMES]
    if unknown:
        raise KoNewsError(f"unknown baseline(s) {unknown}; choose from {', '.join(BASELINE_NAMES)}")
    if leaderboard is None:
        leaderboard = is_leaderboard(out) and set(only) == set(BASELINE_NAMES)
    if klue is not None:
        _check_readable(Path(klue))  # a path the user gave is never silently skipped
    run = _Run(Path(out), Path(models_dir), load_test_split(dataset), bootstrap, seed)
    _log(f"test split: {len(run.ids)} sentences from {shown(run.test.folder)}")
    if any(n in NEEDS_KLUE for n in only):
        run.load_klue(klue)
    steps = {"rules": run.rules, "lexicon": run.lexicon, "events": run.events}
    steps["crf"] = lambda o: run.crf(o, crf_grid, crf_max_iterations, workers)
    outcomes = []
    for name in only:
        o = Outcome(name, DESCRIPTIONS[name], SCHEME_OF.get(name))
        if name in NEEDS_KLUE and run.klue_error:
            # Its predictions of an earlier run stay: they are what the
            # committed leaderboard scored, and this run has nothing better.
            o.skipped = run.klue_error
        else:
            steps[name](o)
        outcomes.append(o)

    skipped = [o.name for o in outcomes if o.skipped]
    partial = leaderboard and bool(skipped)
    result = RunResult(
        outcomes, run.facts(), run.out / (PARTIAL_RESULTS if partial else "RESULTS.md")
    )
    markdown = render_results(result)
    if partial:
        atomic_write_text(result.results_path, markdown)
        _log(
            f"skipped {', '.join(skipped)}, so {shown(run.out / 'RESULTS.md')} and "
            f"results.json keep the last complete run; this run's results are in "
            f"{shown(result.results_path)}. Give --klue PATH to run every baseline."
        )
    else:
        results = {"facts": result.facts, "baselines": [_outcome_json(o) for o in outcomes]}
        if _only_timings_differ(run.out / "results.json", results):
            # Timings vary from run to run and machine to machine; rewriting the
            # committed results for them alone would leave a fresh clone's main
            # job with modified files. The scores are what the files are for.
            _log(
                f"scores unchanged: {shown(run.out / 'results.json')} and "
                f"{shown(result.results_path)} kept as committed (only timings differ)"
            )
        else:
            write_json(run.out / "results.json", results)
            atomic_write_text(result.results_path, markdown)
        if result.complete:
            # a complete run supersedes the results of an earlier partial one
            (run.out / PARTIAL_RESULTS).unlink(missing_ok=True)
    print(markdown)
    return result


def is_leaderboard(out: str | Path) -> bool:
    """``out`` is the folder of the committed leaderboard (``baselines/``)."""
    return Path(out).resolve() == LEADERBOARD_DIR.resolve()


NEEDS_KLUE = ("lexicon", "crf", "events")
DESCRIPTIONS = {
    "rules": "money (normalizer), dates, times, quantities by pattern",
    "lexicon": "gazetteer + kiwipiepy proper nouns (learned on KLUE) + rules",
    "crf": "character CRF with kiwipiepy morpheme features, trained on KLUE",
    "events": "trigger lexicon + nearest compatible entity (lexicon entities)",
}
SCHEME_OF = {"rules": FINE, "lexicon": FINE, "crf": KLUE}


class _Run:
    """The state one run shares between the baselines: the test split, the
    KLUE parts, where outputs go, and the lexicon that the events reuse."""

    def __init__(self, out: Path, models_dir: Path, test: TestSplit, bootstrap: int, seed: int):
        self.out, self.models_dir, self.test = out, models_dir, test
        self.preds_dir = out / "predictions"
        self.bootstrap, self.seed = bootstrap, seed
        self.ids, self.texts = test.ids, test.texts
        self.train: list[KlueSentence] = []
        self.held: list[KlueSentence] = []
        self.klue_source: str | None = None
        self.klue_error: str | None = None
        self.selection = "klue_heldout"  # or "validation": the layer's validation split
        self._lexicon = None
        self._lexicon_spans: list[list[Span]] | None = None

    # --- data ---------------------------------------------------------------------

    def load_klue(self, klue: str | Path | None) -> None:
        """Read KLUE-NER: a given path must read (errors propagate); when none is
        given and none is found, the baselines that need it are skipped."""
        if klue is not None:
            try:
                sentences, _ = load_klue(klue)
            except (OSError, UnicodeDecodeError) as e:
                raise KoNewsError(f"--klue {klue}: cannot read it as UTF-8 text ({e})") from None
            self.klue_source = shown(Path(klue))  # no machine paths in the reports
        else:
            try:
                sentences, self.klue_source = load_klue(None)
            except KoNewsError as e:
                self.klue_error = str(e)
                _log(f"KLUE-NER unavailable, skipping {', '.join(NEEDS_KLUE)}: {e}")
                return
        layer_train = layer_sentences(self.test.folder, "train")
        if layer_train:
            # The KLUE news layer is in the dataset: its test sentences are KLUE dev sentences,
            # so the learned baselines see only KLUE's movie-review (nsmc) sentences and the
            # layer's train split, and choose their settings on the layer's validation split.
            self.train = [s for s in sentences if s.id.endswith("-nsmc")] + layer_train
            self.held = layer_sentences(self.test.folder, "validation")
            self.selection = "validation"
        else:
            self.train, self.held = split_klue(sentences, HELDOUT_FRACTION)
            self.selection = "klue_heldout"
        self.held_ids = [s.id for s in self.held]
        self.held_texts = [s.text for s in self.held]
        self.klue_gold, self.klue_char_gold = klue_gold_rows(self.held)
        _log(
            f"KLUE-NER: {len(self.train)} training and {len(self.held)} held-out sentences "
            f"from {self.klue_source}"
        )

    def facts(self) -> dict:
        return {
            "dataset": shown(self.test.folder),
            "test_sentences": len(self.ids),
            "test_documents": len({r.get("doc_id") or r["id"] for r in self.test.entities}),
            "klue_source": self.klue_source,
            "klue_train_sentences": len(self.train),
            "klue_heldout_sentences": len(self.held),
            "selection": self.selection,
            "test_parts": {part: len(ids) for part, ids in sorted(self.test.parts().items())},
            "bootstrap_resamples": self.bootstrap,
            "seed": self.seed,
            "versions": _versions(),
        }

    # --- scoring ------------------------------------------------------------------

    def score(self, config: str, gold: list[dict], rows: list[dict], **kw) -> dict:
        if "sentences" in kw:
            kw["sentences"] = evaluate.Rows.of(kw["sentences"], "sentences")
        return evaluate.score(config, gold, rows, bootstrap=self.bootstrap, seed=self.seed, **kw)

    def score_parts(self, o: Outcome, config: str, gold: list[dict], rows: list[dict], **kw):
        """Score the whole test split as ``o.reports[config]`` and, when it has both parts,
        each part as ``o.reports[f"{config}:{part}"]`` (gold and predictions restricted to the
        part's sentences, each part with its own bootstrap)."""
        o.reports[config] = self.score(config, gold, rows, **kw)
        for part, ids in self.test.parts().items():
            key = "sentence_id" if config in ("money", "events") else "id"
            part_kw = dict(kw)
            if "sentences" in kw:
                part_kw["sentences"] = [r for r in kw["sentences"] if r["id"] in ids]
            o.reports[f"{config}:{part}"] = self.score(
                config,
                [r for r in gold if r[key] in ids],
                [r for r in rows if r.get(key) in ids],
                **part_kw,
            )

    def score_tagger(self, o: Outcome, tagger: Tagger, spans: list[list[Span]]) -> None:
        """Write and score a span tagger's predictions on the test split (entities and
        ner_char, per part) and score it on the selection set (the KLUE news layer's
        validation split, or KLUE-NER's held-out part when the dataset has no layer)."""
        test = self.test
        rows = entity_rows(self.ids, spans)
        write_jsonl(self.preds_dir / f"{tagger.name}.entities.jsonl", rows)
        self.score_parts(o, "entities", test.entities, rows, scheme=tagger.scheme)
        rows = tag_rows(self.ids, self.texts, spans, tagger.scheme)
        write_jsonl(self.preds_dir / f"{tagger.name}.ner_char.jsonl", rows)
        if test.ner_char is not None:
            self.score_parts(o, "ner_char", test.ner_char, rows, scheme=KLUE)
        if not self.held:
            return
        _log(f"{tagger.name}: tagging {len(self.held)} KLUE held-out sentences")
        held_spans, seconds = _timed(tagger.predict, self.held_texts)
        if tagger.scheme == FINE:
            held_spans = [project_to_klue(s) for s in held_spans]
        rows = entity_rows(self.held_ids, held_spans)
        o.reports["klue_heldout"] = self.score("entities", self.klue_gold, rows, scheme=KLUE)
        rows = tag_rows(self.held_ids, self.held_texts, held_spans, KLUE)
        o.reports["klue_heldout_char"] = self.score(
            "ner_char", self.klue_char_gold, rows, scheme=KLUE
        )
        chars = sum(map(len, self.held_texts))
        o.figures["heldout_chars_per_second"] = chars / seconds if seconds else None

    # --- the baselines --------------------------------------------------------------

    def rules(self, o: Outcome) -> None:
        tagger = RuleTagger()
        _log("rules: tagging the test split")
        self.score_tagger(o, tagger, tagger.predict(self.texts))
        rows = money_rows(self.ids, self.texts)
        write_jsonl(self.preds_dir / "rules.money.jsonl", rows)
        if self.test.money is not None:
            self.score_parts(o, "money", self.test.money, rows, sentences=self.test.entities)

    def lexicon_tagger(self):
        """The lexicon tagger and its test-split spans, trained or loaded once per run."""
        if self._lexicon is None:
            _log("lexicon: training (or loading the cached model)")
            self._lexicon = LexiconTagger.train(self.train, models_dir=self.models_dir)
            self._lexicon_spans = self._lexicon.predict(self.texts)
        return self._lexicon, self._lexicon_spans

    def lexicon(self, o: Outcome) -> None:
        (tagger, spans), seconds = _timed(self.lexicon_tagger)
        o.figures["load_or_train_seconds"] = seconds
        o.figures["gazetteer_entries"] = len(tagger.gazetteer)
        self.score_tagger(o, tagger, spans)

    def crf(self, o: Outcome, grid, max_iterations, workers: int) -> None:
        tagger = CrfTagger.train(
            self.train,
            self.held,
            grid=grid or DEFAULT_GRID,
            max_iterations=max_iterations or DEFAULT_MAX_ITERATIONS,
            models_dir=self.models_dir,
            workers=workers,
        )
        o.figures.update(tagger.report)
        _log("crf: tagging the test split")
        self.score_tagger(o, tagger, tagger.predict(self.texts))
        o.figures.update(_crf_throughput(tagger, self.held_texts))

    def events(self, o: Outcome) -> None:
        lexicon, spans = self.lexicon_tagger()
        _log("events: extracting events from the test split")
        events = EventTagger(lexicon).predict_events(self.texts, spans)
        rows = event_rows(self.ids, events)
        write_jsonl(self.preds_dir / "events.events.jsonl", rows)
        if self.test.events is not None:
            self.score_parts(o, "events", self.test.events, rows, sentences=self.test.entities)
        o.figures["predicted_events"] = len(rows)


def _crf_throughput(crf, texts: list[str]) -> dict:
    """Tagging speed on the KLUE held-out sentences, with and without kiwipiepy."""
    if not texts:
        return {}
    chars = sum(map(len, texts))
    features, t_features = _timed(featurize, texts)
    _, t_tag = _timed(crf.tag, features)
    return {
        "throughput_chars_per_second": chars / (t_features + t_tag),
        "crf_only_chars_per_second": chars / t_tag if t_tag else None,
        "throughput_chars": chars,
    }


def _versions() -> dict:
    return {
        "python": platform.python_version(),
        "konews": konews.__version__,
        "kiwipiepy": version("kiwipiepy"),
        "sklearn-crfsuite": version("sklearn-crfsuite"),
        "python-crfsuite": version("python-crfsuite"),
    }


def _outcome_json(o: Outcome) -> dict:
    return {
        "name": o.name,
        "description": o.description,
        "scheme": o.scheme,
        "skipped": o.skipped,
        "figures": o.figures,
        "reports": o.reports,
    }
