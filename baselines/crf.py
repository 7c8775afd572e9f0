"""The CRF baseline: a linear-chain CRF over characters, trained on KLUE-NER.

Each character is an item (KLUE-NER is annotated per character, spaces
included) with these features, all strings ("name=value" in crfsuite):

- the character and its neighbours within two, character bigrams and the
  trigram centred on it;
- its class (hangul, latin, digit, hanja, space, punct, other) and its
  neighbours' classes;
- the kiwipiepy morpheme that covers it: the tag (NNP, NNG, SN, JKS, ...),
  whether the character begins the morpheme (B) or continues it (I), tag and
  position together, the morpheme's form, and the tags covering the characters
  before and after;
- whether it begins or ends a space-separated word.

It predicts KLUE tags (``PS LC OG DT TI QT`` in BIO), so it is scored in the
KLUE projection of our gold. Training uses L-BFGS with elastic-net penalties;
``c1``/``c2`` are chosen on a small grid by strict micro F1 on the held-out
part of the KLUE data (``konews.corpus.klue.split_klue``), and the chosen model is
the one trained on the training part alone. The same held-out sentences then
score the CRF in RESULTS.md, so that figure is slightly optimistic (the model
never saw them, but they picked its c1/c2 among the grid's settings); the
spread of the held-out F1 over the grid, reported with it, bounds the effect.

Models are crfsuite's own binary files (``*.crfsuite``, read by
``pycrfsuite.Tagger``; no pickle), named by a fingerprint of the training data,
``FEATURES_VERSION`` and the hyperparameters, so a cached model is reused
exactly when it would be retrained identically.
"""

from __future__ import annotations

import os
import sys
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from baselines import KLUE
from baselines.cache import MODELS_DIR, fingerprint
from baselines.morph import Morph, analyze, kiwi_version
from konews.corpus.klue import KlueSentence, klue_spans
from konews.errors import KoNewsError
from konews.evaluate.spans import score_spans
from konews.io import read_json, write_json
from konews.records import Span
from konews.schema import KLUE_TAGS
from konews.text.bio import bio_to_spans

FEATURES_VERSION = 1
DEFAULT_GRID: tuple[tuple[float, float], ...] = ((0.05, 0.01), (0.05, 0.1), (0.2, 0.01), (0.2, 0.1))
DEFAULT_MAX_ITERATIONS = 100


# --- features -----------------------------------------------------------------


def char_class(c: str) -> str:
    if "가" <= c <= "힣" or "ᄀ" <= c <= "ᇿ" or "ㄱ" <= c <= "ㆎ":
        return "hangul"
    if c.isspace():
        return "space"
    if c.isdigit():
        return "digit"
    if c.isascii() and c.isalpha():
        return "latin"
    if "CJK" in unicodedata.name(c, ""):
        return "hanja"
    if unicodedata.category(c)[0] in "PS":
        return "punct"
    return "other"


def _covering(text: str, morphs: Sequence[Morph]) -> tuple[list[str], list[str], list[str]]:
    """Per character: the tag, B/I position and form of its first covering morpheme."""
    n = len(text)
    tags, pos, forms = ["_"] * n, ["_"] * n, ["_"] * n
    for m in morphs:
        for i in range(m.start, min(m.end, n)):
            if tags[i] == "_":
                tags[i], pos[i], forms[i] = m.tag, "B" if i == m.start else "I", m.form
    return tags, pos, forms


def sentence_features(text: str, morphs: Sequence[Morph]) -> list[list[str]]:
    """One list of crfsuite attribute strings per character of ``text``."""
    n = len(text)
    padded = "\x02\x02" + text + "\x03\x03"  # STX/ETX stand for "before"/"after" the text
    classes = [char_class(c) for c in text]
    tags, pos, forms = _covering(text, morphs)
    feats = []
    for i in range(n):
        p = i + 2
        c = padded[p]
        f = [
            "bias",
            f"c0={c}",
            f"c-1={padded[p - 1]}",
            f"c+1={padded[p + 1]}",
            f"c-2={padded[p - 2]}",
            f"c+2={padded[p + 2]}",
            f"c-1c0={padded[p - 1 : p + 1]}",
            f"c0c+1={padded[p : p + 2]}",
            f"c-1c0c+1={padded[p - 1 : p + 2]}",
            f"cls0={classes[i]}",
            f"cls-1={classes[i - 1] if i > 0 else 'BOS'}",
            f"cls+1={classes[i + 1] if i + 1 < n else 'EOS'}",
            f"mt={tags[i]}",
            f"mp={pos[i]}",
            f"mtp={tags[i]}:{pos[i]}",
            f"mf={forms[i]}",
            f"mt-1={tags[i - 1] if i > 0 else 'BOS'}",
            f"mt+1={tags[i + 1] if i + 1 < n else 'EOS'}",
        ]
        if i == 0 or text[i - 1].isspace():
            f.append("word_start")
        if i + 1 == n or text[i + 1].isspace():
            f.append("word_end")
        feats.append(f)
    return feats


def featurize(
    texts: Sequence[str], *, cache_dir: str | Path | None = None
) -> list[list[list[str]]]:
    morphs = analyze(texts, cache_dir=cache_dir)
    return [sentence_features(t, m) for t, m in zip(texts, morphs, strict=True)]


# --- training -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FitReport:
    """One trained model: its hyperparameters and measurements."""

    c1: float
    c2: float
    max_iterations: int
    model_file: str  # file name inside the models folder
    train_seconds: float
    model_bytes: int
    heldout_f1: float | None  # strict micro F1 on the KLUE held-out part
    cached: bool


def _fit(
    X: list, y: list, c1: float, c2: float, max_iterations: int, path: Path
) -> tuple[float, int]:
    """Train one CRF into ``path`` (via a temp file and a rename); ``(seconds, bytes)``."""
    import sklearn_crfsuite  # lazy: pulls in scikit-learn, needed only to train

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    crf = sklearn_crfsuite.CRF(
        algorithm="lbfgs",
        c1=c1,
        c2=c2,
        max_iterations=max_iterations,
        all_possible_transitions=True,
        model_filename=str(tmp),
    )
    t0 = time.perf_counter()
    try:
        crf.fit(X, y)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    seconds = time.perf_counter() - t0
    tmp.replace(path)
    return seconds, path.stat().st_size


def strict_micro_f1(gold: Sequence[Sequence[Span]], pred: Sequence[Sequence[Span]]) -> float:
    lengths = [max((s.end for s in (*g, *p)), default=0) for g, p in zip(gold, pred, strict=True)]
    return score_spans(gold, pred, KLUE_TAGS, lengths).counts().f1


def _progress(message: str) -> None:
    print(f"[crf] {message}", file=sys.stderr, flush=True)


class CrfTagger:
    """A trained character CRF. KLUE scheme."""

    name = "crf"
    scheme = KLUE

    def __init__(self, model_path: str | Path, *, report: dict | None = None) -> None:
        import pycrfsuite  # lazy: only a loaded model needs the CRF library

        self.model_path = Path(model_path)
        self.report = report or {}
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(self.model_path))
        except (OSError, ValueError) as e:
            raise KoNewsError(
                f"cannot open CRF model {self.model_path.name}: {e}; delete it and retrain"
            ) from None
        labels = set(self._tagger.labels())
        unknown = labels - {f"{p}-{t}" for t in KLUE_TAGS for p in "BI"} - {"O"}
        if unknown:
            raise KoNewsError(
                f"CRF model {self.model_path.name} has non-KLUE labels {sorted(unknown)}"
            )

    def tag(self, features: Sequence[Sequence[list[str]]]) -> list[list[str]]:
        return [self._tagger.tag(list(f)) if f else [] for f in features]

    def predict(self, texts: list[str]) -> list[list[Span]]:
        tags = self.tag(featurize(texts))
        return [bio_to_spans(t) for t in tags]

    @classmethod
    def train(
        cls,
        train: Sequence[KlueSentence],
        heldout: Sequence[KlueSentence],
        *,
        grid: Sequence[tuple[float, float]] = DEFAULT_GRID,
        max_iterations: int = DEFAULT_MAX_ITERATIONS,
        models_dir: str | Path = MODELS_DIR,
        workers: int = 2,
    ) -> CrfTagger:
        """Train one model per ``(c1, c2)`` in ``grid`` on ``train`` (reusing
        cached models), pick the best by strict micro F1 on ``heldout``, and
        return it; ``report`` holds every fit's figures and the selection."""
        models_dir = Path(models_dir)
        data_key = fingerprint(
            train, features=FEATURES_VERSION, kiwi=kiwi_version(), max_iterations=max_iterations
        )
        paths = {
            (c1, c2): models_dir / f"crf-{data_key}-c1_{c1}-c2_{c2}.crfsuite" for c1, c2 in grid
        }
        summary_path = models_dir / f"crf-{data_key}.json"
        summary = read_json(summary_path) if summary_path.is_file() else {"fits": {}}

        todo = [cp for cp, p in paths.items() if not p.is_file()]
        if todo:
            _progress(f"analysing {len(train)} training sentences with kiwipiepy")
            X = featurize([s.text for s in train], cache_dir=models_dir)
            y = [list(s.tags) for s in train]
            _progress(f"training {len(todo)} model(s) on {len(train)} sentences: {todo}")
            t0 = time.perf_counter()
            for (c1, c2), (seconds, size) in zip(
                todo, _fit_all(X, y, todo, max_iterations, paths, workers), strict=True
            ):
                summary["fits"][f"{c1},{c2}"] = {"train_seconds": seconds, "model_bytes": size}
                _progress(f"c1={c1} c2={c2}: {seconds:.1f} s, {size / 1e6:.1f} MB")
            summary["last_grid"] = {
                "fits": len(todo),
                "workers": workers,
                "wall_seconds": time.perf_counter() - t0,
            }
            del X, y

        gold = [klue_spans(s) for s in heldout]
        # The held-out scores are cached too, but only for the same held-out sentences.
        held_key = fingerprint(heldout)
        Xh = None
        fits = []
        for (c1, c2), path in paths.items():
            entry = summary["fits"].setdefault(f"{c1},{c2}", {})
            if entry.get("heldout_key") != held_key and heldout:
                if Xh is None:
                    Xh = featurize([s.text for s in heldout], cache_dir=models_dir)
                pred = [bio_to_spans(t) for t in cls(path).tag(Xh)]
                entry["heldout_f1"] = strict_micro_f1(gold, pred)
                entry["heldout_key"] = held_key
            fits.append(
                FitReport(
                    c1,
                    c2,
                    max_iterations,
                    path.name,
                    entry.get("train_seconds", float("nan")),
                    path.stat().st_size,
                    entry.get("heldout_f1") if heldout else None,
                    (c1, c2) not in todo,
                )
            )
        write_json(summary_path, summary)
        # On a tie, the stronger regularization: the smaller model.
        best = max(fits, key=lambda f: (f.heldout_f1 or 0.0, f.c1, f.c2))
        report = {
            "fingerprint": data_key,
            "features_version": FEATURES_VERSION,
            "train_sentences": len(train),
            "heldout_sentences": len(heldout),
            "selected": asdict(best),
            "grid": [asdict(f) for f in fits],
            "last_grid": summary.get("last_grid"),
        }
        return cls(models_dir / best.model_file, report=report)


def _fit_all(X, y, todo, max_iterations, paths, workers) -> list[tuple[float, int]]:
    """Fit the grid points, ``workers`` at a time (crfsuite trains on one core)."""
    if workers <= 1 or len(todo) == 1 or sys.platform == "win32":
        return [_fit(X, y, c1, c2, max_iterations, paths[(c1, c2)]) for c1, c2 in todo]
    import multiprocessing as mp

    global _SHARED
    _SHARED = (X, y)  # inherited by forked workers instead of being pickled per task
    try:
        ctx = mp.get_context("fork")
        with ctx.Pool(min(workers, len(todo))) as pool:
            return pool.starmap(
                _fit_shared, [(c1, c2, max_iterations, paths[(c1, c2)]) for c1, c2 in todo]
            )
    finally:
        _SHARED = None


_SHARED: tuple | None = None


def _fit_shared(c1: float, c2: float, max_iterations: int, path: Path) -> tuple[float, int]:
    assert _SHARED is not None
    return _fit(*_SHARED, c1, c2, max_iterations, path)
