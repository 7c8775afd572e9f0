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
lexicon's entities) is skipped with the reason when KLUE-NER cannot be found;
the others still run.
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from baselines import FINE, KLUE, Tagger, project_to_klue
from baselines.cache import MODELS_DIR
from konews.bio import spans_to_bio
from konews.errors import KoNewsError
from konews.io import atomic_write_text, write_json, write_jsonl
from konews.klue import KlueSentence, klue_spans, load_klue, split_klue
from konews.records import Span
from konews.schema import klue_label

REPO_ROOT = Path(__file__).resolve().parents[1]
BASELINE_NAMES = ("rules", "lexicon", "crf", "events")
HELDOUT_FRACTION = 0.1


def _log(message: str) -> None:
    print(f"[baselines] {message}", file=sys.stderr, flush=True)


def shown(path: Path) -> str:
    """``path`` as written in reports: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        try:
            return str(Path("..") / path.resolve().relative_to(REPO_ROOT.parent))
        except ValueError:
            return path.name


# --- the test split ---------------------------------------------------------------


@dataclass
class TestSplit:
    """The dataset's test split: entities rows (one per sentence) and the gold
    of the money and events configs when present."""

    folder: Path
    entities: list[dict]
    ner_char: list[dict] | None
    money: list[dict] | None
    events: list[dict] | None

    @property
    def ids(self) -> list[str]:
        return [r["id"] for r in self.entities]

    @property
    def texts(self) -> list[str]:
        return [r["text"] for r in self.entities]


def load_test_split(folder: str | Path) -> TestSplit:
    from konews.evaluate import gold_path, load_gold

    folder = Path(folder)
    entities = load_gold("entities", dataset=folder).rows
    if any(r.get("text") is None for r in entities):
        raise KoNewsError(
            f"{shown(folder)} is a standoff build (no text); restore the text with "
            "`konews hydrate --sources DIR` before running the baselines"
        )
    rest = {}
    for config in ("ner_char", "money", "events"):
        path = gold_path(folder, config)
        rest[config] = load_gold(config, dataset=folder).rows if path.is_file() else None
    return TestSplit(folder, entities, rest["ner_char"], rest["money"], rest["events"])


# --- prediction rows ----------------------------------------------------------------


def entity_rows(ids: Sequence[str], spans: Sequence[Sequence[Span]]) -> list[dict]:
    return [
        {"id": sid, "entities": [{"start": s.start, "end": s.end, "label": s.label} for s in ss]}
        for sid, ss in zip(ids, spans, strict=True)
    ]


def tag_rows(
    ids: Sequence[str], texts: Sequence[str], spans: Sequence[Sequence[Span]], scheme: str
) -> list[dict]:
    """``ner_char`` prediction rows: KLUE BIO tags per character (fine spans projected)."""
    project = klue_label if scheme == FINE else None
    return [
        {"id": sid, "tags": spans_to_bio(len(text), ss, project=project)}
        for sid, text, ss in zip(ids, texts, spans, strict=True)
    ]


def money_rows(ids: Sequence[str], texts: Sequence[str]) -> list[dict]:
    from konews.money import find_money

    rows = []
    for sid, text in zip(ids, texts, strict=True):
        for m in find_money(text):
            rows.append(
                {
                    "sentence_id": sid,
                    "start": m.start,
                    "end": m.end,
                    "amount": m.amount,
                    "currency": m.currency,
                    "approximate": m.approximate,
                    "qualifier": m.qualifier,
                    "amount_max": m.amount_max,
                    "vague": m.vague,
                }
            )
    return rows


def event_rows(ids: Sequence[str], events: Sequence[Sequence]) -> list[dict]:
    return [
        {
            "sentence_id": sid,
            "type": e.type,
            "modality": e.modality,
            "trigger": {"start": e.trigger_start, "end": e.trigger_end},
            "arguments": [{"role": r, "start": s, "end": t} for r, s, t in e.arguments],
        }
        for sid, evs in zip(ids, events, strict=True)
        for e in evs
    ]


def klue_gold_rows(sentences: Sequence[KlueSentence]) -> tuple[list[dict], list[dict]]:
    """KLUE sentences as ``entities`` and ``ner_char`` gold rows (each sentence its
    own document, so the bootstrap resamples sentences)."""
    entities = [
        {
            "id": s.id,
            "doc_id": s.id,
            "text": s.text,
            "entities": entity_rows([s.id], [klue_spans(s)])[0]["entities"],
        }
        for s in sentences
    ]
    chars = [
        {"id": s.id, "doc_id": s.id, "chars": list(s.text), "ner_tags": list(s.tags)}
        for s in sentences
    ]
    return entities, chars


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


def _timed(fn: Callable, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def run_baselines(
    *,
    dataset: str | Path = REPO_ROOT / "dataset",
    klue: str | Path | None = None,
    out: str | Path = REPO_ROOT / "baselines",
    models_dir: str | Path = MODELS_DIR,
    only: Sequence[str] = BASELINE_NAMES,
    bootstrap: int = 1000,
    seed: int = 0,
    crf_grid: Sequence[tuple[float, float]] | None = None,
    crf_max_iterations: int | None = None,
    workers: int = 2,
) -> RunResult:
    """Run the baselines in ``only``; write predictions, results.json and RESULTS.md under ``out``."""
    from konews import evaluate

    unknown = [n for n in only if n not in BASELINE_NAMES]
    if unknown:
        raise KoNewsError(f"unknown baseline(s) {unknown}; choose from {', '.join(BASELINE_NAMES)}")
    out = Path(out)
    preds_dir = out / "predictions"
    test = load_test_split(dataset)
    ids, texts = test.ids, test.texts
    _log(f"test split: {len(ids)} sentences from {shown(test.folder)}")

    klue_error = None
    train: list[KlueSentence] = []
    held: list[KlueSentence] = []
    klue_source = None
    if any(n in only for n in ("lexicon", "crf", "events")):
        try:
            sentences, klue_source = load_klue(klue)
            if klue is not None:
                klue_source = shown(Path(klue))  # no machine paths in the reports
            train, held = split_klue(sentences, HELDOUT_FRACTION)
            _log(
                f"KLUE-NER: {len(train)} training and {len(held)} held-out sentences from {klue_source}"
            )
        except KoNewsError as e:
            klue_error = str(e)
            _log(f"KLUE-NER unavailable, skipping lexicon, crf and events: {e}")
    klue_gold, klue_char_gold = klue_gold_rows(held) if held else (None, None)
    held_texts = [s.text for s in held]

    def score(config: str, gold: list[dict], rows: list[dict], **kw) -> dict:
        if "sentences" in kw:
            kw["sentences"] = evaluate.Rows.of(kw["sentences"], "sentences")
        return evaluate.score(config, gold, rows, bootstrap=bootstrap, seed=seed, **kw)

    def score_tagger(o: Outcome, tagger: Tagger, spans: list[list[Span]]) -> None:
        rows = entity_rows(ids, spans)
        write_jsonl(preds_dir / f"{tagger.name}.entities.jsonl", rows)
        o.reports["entities"] = score("entities", test.entities, rows, scheme=tagger.scheme)
        rows = tag_rows(ids, texts, spans, tagger.scheme)
        write_jsonl(preds_dir / f"{tagger.name}.ner_char.jsonl", rows)
        if test.ner_char is not None:
            o.reports["ner_char"] = score("ner_char", test.ner_char, rows, scheme=KLUE)
        if klue_gold is not None:
            _log(f"{tagger.name}: tagging {len(held)} KLUE held-out sentences")
            held_spans, seconds = _timed(tagger.predict, held_texts)
            if tagger.scheme == FINE:
                held_spans = [project_to_klue(s) for s in held_spans]
            held_ids = [s.id for s in held]
            o.reports["klue_heldout"] = score(
                "entities", klue_gold, entity_rows(held_ids, held_spans), scheme=KLUE
            )
            o.reports["klue_heldout_char"] = score(
                "ner_char",
                klue_char_gold,
                tag_rows(held_ids, held_texts, held_spans, KLUE),
                scheme=KLUE,
            )
            chars = sum(map(len, held_texts))
            o.figures["heldout_chars_per_second"] = chars / seconds if seconds else None

    outcomes: list[Outcome] = []
    lexicon = None
    lexicon_spans = None
    for name in only:
        if name == "rules":
            from baselines.rules import RuleTagger

            o = Outcome("rules", "money (normalizer), dates, times, quantities by pattern", FINE)
            tagger = RuleTagger()
            _log("rules: tagging the test split")
            score_tagger(o, tagger, tagger.predict(texts))
            rows = money_rows(ids, texts)
            write_jsonl(preds_dir / "rules.money.jsonl", rows)
            if test.money is not None:
                o.reports["money"] = score("money", test.money, rows, sentences=test.entities)
            outcomes.append(o)
        elif name == "lexicon":
            o = Outcome(
                "lexicon", "gazetteer + kiwipiepy proper nouns (learned on KLUE) + rules", FINE
            )
            if klue_error:
                o.skipped = klue_error
            else:
                from baselines.lexicon import LexiconTagger

                _log("lexicon: training (or loading the cached model)")
                lexicon, seconds = _timed(lambda: LexiconTagger.train(train, models_dir=models_dir))
                o.figures["load_or_train_seconds"] = seconds
                o.figures["gazetteer_entries"] = len(lexicon.gazetteer)
                lexicon_spans = lexicon.predict(texts)
                score_tagger(o, lexicon, lexicon_spans)
            outcomes.append(o)
        elif name == "crf":
            o = Outcome(
                "crf", "character CRF with kiwipiepy morpheme features, trained on KLUE", KLUE
            )
            if klue_error:
                o.skipped = klue_error
            else:
                from baselines.crf import DEFAULT_GRID, DEFAULT_MAX_ITERATIONS, CrfTagger

                crf = CrfTagger.train(
                    train,
                    held,
                    grid=crf_grid or DEFAULT_GRID,
                    max_iterations=crf_max_iterations or DEFAULT_MAX_ITERATIONS,
                    models_dir=models_dir,
                    workers=workers,
                )
                o.figures.update(crf.report)
                _log("crf: tagging the test split")
                score_tagger(o, crf, crf.predict(texts))
                o.figures.update(_crf_throughput(crf, held_texts))
            outcomes.append(o)
        elif name == "events":
            o = Outcome("events", "trigger lexicon + nearest compatible entity (lexicon entities)")
            if klue_error:
                o.skipped = klue_error
            else:
                from baselines.events import EventTagger
                from baselines.lexicon import LexiconTagger

                if lexicon is None:
                    lexicon = LexiconTagger.train(train, models_dir=models_dir)
                    lexicon_spans = lexicon.predict(texts)
                _log("events: extracting events from the test split")
                events = EventTagger(lexicon).predict_events(texts, lexicon_spans)
                rows = event_rows(ids, events)
                write_jsonl(preds_dir / "events.events.jsonl", rows)
                if test.events is not None:
                    o.reports["events"] = score(
                        "events", test.events, rows, sentences=test.entities
                    )
                o.figures["predicted_events"] = len(rows)
            outcomes.append(o)

    facts = {
        "dataset": shown(test.folder),
        "test_sentences": len(ids),
        "test_documents": len({r.get("doc_id") or r["id"] for r in test.entities}),
        "klue_source": klue_source,
        "klue_train_sentences": len(train),
        "klue_heldout_sentences": len(held),
        "bootstrap_resamples": bootstrap,
        "seed": seed,
        "versions": _versions(),
    }
    result = RunResult(outcomes, facts)
    write_json(
        out / "results.json", {"facts": facts, "baselines": [_outcome_json(o) for o in outcomes]}
    )
    from baselines.results import render_results

    markdown = render_results(result)
    atomic_write_text(out / "RESULTS.md", markdown)
    print(markdown)
    return result


def _crf_throughput(crf, texts: list[str]) -> dict:
    """Tagging speed on the KLUE held-out sentences, with and without kiwipiepy."""
    from baselines.crf import featurize

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
    from importlib.metadata import version

    import konews

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
