"""The lexicon + morphology baseline: names from a gazetteer and kiwipiepy's
proper nouns, dates, times, quantities and money from the rules.

Everything it knows about names is learned from training data only (KLUE-NER's
training part, ``konews.corpus.klue.split_klue``), never from the KoNews test documents:

1. A **gazetteer**: each KLUE ``PS``/``OG``/``LC`` span surface of two or more
   characters, kept when it is reliable in training, i.e. when it is that
   entity in at least half of the places where the matcher below would find it
   ('경찰' is an ``OG`` in most of its KLUE occurrences; '한국' a ``LC``).
2. A **proper-noun classifier** for what the gazetteer does not know: runs of
   kiwipiepy ``NNP``/``SL``/``SH`` morphemes ('블레이크 라이블리', 'KBS') are
   labelled PER/ORG/LOC or nothing by a naive Bayes model over the run's form,
   first and last syllable, script, length and the neighbouring morphemes
   ('씨', '대표', '측', '에서'), trained on the same KLUE part.

Matches must start and end on morpheme boundaries, so '서울' is not found in
'서울대' when kiwipiepy reads '서울대' as one morpheme, and particles stay out
('메타가' -> '메타'). Priority when spans overlap: rules (money first), then
the gazetteer (longest match), then the classifier.

The model is one JSON file (counts and entries; no pickle), cached under
``baselines/models/`` by a fingerprint of the training data.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from baselines import FINE, merge_layers
from baselines.cache import MODELS_DIR, fingerprint
from baselines.morph import Morph, analyze, kiwi_version
from baselines.rules import rule_spans
from konews.corpus.klue import KlueSentence, klue_spans
from konews.errors import KoNewsError
from konews.io import read_json, write_json
from konews.records import Span
from konews.schema import KLUE_PROJECTION

FORMAT_VERSION = 1
# KLUE tag -> fine label for the name labels, read off the schema's projection
NAME_LABELS = {KLUE_PROJECTION[f]: f for f in ("PER", "ORG", "LOC")}
NONE = "O"
MIN_RELIABILITY = 0.5  # entity share of a surface's occurrences to enter the gazetteer
MAX_SURFACE = 24
_CANDIDATE_TAGS = frozenset({"NNP", "SL", "SH"})
_ALPHA = 0.1  # additive smoothing of the naive Bayes counts


# --- matching ---------------------------------------------------------------


def boundaries(morphs: Sequence[Morph]) -> tuple[set[int], set[int]]:
    return {m.start for m in morphs}, {m.end for m in morphs}


def gazetteer_matches(text: str, morphs: Sequence[Morph], entries: dict[str, str]) -> list[Span]:
    """Every morpheme-aligned occurrence of a gazetteer surface (may overlap)."""
    starts, ends = boundaries(morphs)
    ends_sorted = sorted(ends)
    out = []
    for i in sorted(starts):
        for j in ends_sorted:
            if j <= i:
                continue
            if j - i > MAX_SURFACE:
                break
            label = entries.get(text[i:j])
            if label is not None:
                out.append(Span(i, j, label))
    return out


def proper_noun_runs(text: str, morphs: Sequence[Morph]) -> list[tuple[int, int, int, int]]:
    """``(start, end, first, last)``: runs of NNP/SL/SH morphemes with morpheme
    indices ``first..last``; two proper nouns separated by one space join
    ('블레이크 라이블리'), as do adjacent ones ('KB국민카드' -> SL + NNP)."""
    runs = []
    k = 0
    while k < len(morphs):
        if morphs[k].tag not in _CANDIDATE_TAGS:
            k += 1
            continue
        first = last = k
        while last + 1 < len(morphs) and morphs[last + 1].tag in _CANDIDATE_TAGS:
            gap = text[morphs[last].end : morphs[last + 1].start]
            if gap == "" or (gap == " " and morphs[last + 1].tag == morphs[last].tag == "NNP"):
                last += 1
            else:
                break
        runs.append((morphs[first].start, morphs[last].end, first, last))
        k = last + 1
    return runs


def _script(form: str) -> str:
    hangul = any("가" <= c <= "힣" for c in form)
    latin = any(c.isascii() and c.isalpha() for c in form)
    return "mixed" if hangul and latin else "hangul" if hangul else "latin" if latin else "other"


def run_features(text: str, morphs: Sequence[Morph], run: tuple[int, int, int, int]) -> list[str]:
    start, end, first, last = run
    form = text[start:end]
    nxt = morphs[last + 1] if last + 1 < len(morphs) else None
    prv = morphs[first - 1] if first > 0 else None
    feats = [
        f"w={form}",
        f"first={form[0]}",
        f"last={form[-1]}",
        f"script={_script(form)}",
        f"len={min(len(form), 6)}",
        f"space={' ' in form}",
    ]
    if nxt is not None and nxt.start - end <= 1:
        feats += [f"next={nxt.form}", f"nexttag={nxt.tag}", f"nextgap={nxt.start - end}"]
    else:
        feats.append("next=</s>")
    if prv is not None and start - prv.end <= 1:
        feats += [f"prev={prv.form}", f"prevtag={prv.tag}"]
    else:
        feats.append("prev=<s>")
    return feats


# --- training ---------------------------------------------------------------


def _covering_label(spans: Sequence[Span], start: int, end: int) -> str:
    for s in spans:
        if s.start <= start and end <= s.end and s.label in NAME_LABELS:
            return NAME_LABELS[s.label]
    return NONE


def train_lexicon(sentences: Sequence[KlueSentence], morphs: Sequence[Sequence[Morph]]) -> dict:
    """The model (a JSON-ready dict) learned from KLUE sentences and their analyses."""
    surface_labels: dict[str, Counter] = defaultdict(Counter)
    golds = [klue_spans(s) for s in sentences]
    for s, spans in zip(sentences, golds, strict=True):
        for span in spans:
            if span.label in NAME_LABELS and span.end - span.start >= 2:
                surface_labels[s.text[span.start : span.end]][NAME_LABELS[span.label]] += 1
    candidates = {surface: c.most_common(1)[0][0] for surface, c in surface_labels.items()}
    occurrences: Counter = Counter()
    for s, ms in zip(sentences, morphs, strict=True):
        for m in gazetteer_matches(s.text, ms, candidates):
            occurrences[s.text[m.start : m.end]] += 1
    entries = {}
    for surface, label in sorted(candidates.items()):
        hits = surface_labels[surface][label]
        # An occurrence the matcher cannot see (misaligned with kiwipiepy's
        # morphemes) still counts as one seen place.
        if hits / max(occurrences[surface], hits) >= MIN_RELIABILITY:
            entries[surface] = label

    classes: Counter = Counter()
    feature_counts: dict[str, Counter] = defaultdict(Counter)
    for s, ms, spans in zip(sentences, morphs, golds, strict=True):
        for run in proper_noun_runs(s.text, ms):
            label = _covering_label(spans, run[0], run[1])
            classes[label] += 1
            feature_counts[label].update(run_features(s.text, ms, run))
    return {
        "format": FORMAT_VERSION,
        "kind": "konews-lexicon",
        "gazetteer": entries,
        "classes": dict(classes),
        "features": {label: dict(c) for label, c in feature_counts.items()},
    }


# --- the tagger -------------------------------------------------------------


class LexiconTagger:
    """Gazetteer + proper-noun classifier + rules. Fine schema (PER/ORG/LOC and
    the rule labels)."""

    name = "lexicon"
    scheme = FINE

    def __init__(self, model: dict) -> None:
        if model.get("kind") != "konews-lexicon" or model.get("format") != FORMAT_VERSION:
            raise KoNewsError(
                f"not a KoNews lexicon model of format {FORMAT_VERSION} "
                f"(kind={model.get('kind')!r}, format={model.get('format')!r}); retrain it"
            )
        self.model = model
        self.gazetteer: dict[str, str] = model["gazetteer"]
        classes: dict[str, int] = model["classes"]
        total = sum(classes.values())
        self._prior = {c: math.log(n / total) for c, n in classes.items()}
        self._counts: dict[str, dict[str, int]] = model["features"]
        self._totals = {c: sum(f.values()) for c, f in self._counts.items()}
        self._vocab = len({f for fs in self._counts.values() for f in fs}) + 1

    @classmethod
    def train(
        cls, sentences: Sequence[KlueSentence], *, models_dir: str | Path | None = MODELS_DIR
    ) -> LexiconTagger:
        """Train on KLUE sentences, or load the cached model trained on the same data."""
        key = fingerprint(sentences, format=FORMAT_VERSION, kiwi=kiwi_version())
        path = Path(models_dir) / f"lexicon-{key}.json" if models_dir is not None else None
        if path is not None and path.is_file():
            return cls.load(path)
        morphs = analyze([s.text for s in sentences], cache_dir=models_dir)
        tagger = cls(train_lexicon(sentences, morphs))
        if path is not None:
            tagger.save(path)
        return tagger

    @classmethod
    def load(cls, path: str | Path) -> LexiconTagger:
        return cls(read_json(path))

    def save(self, path: str | Path) -> None:
        write_json(path, self.model)

    def classify(self, features: list[str]) -> str:
        best, best_score = NONE, -math.inf
        for c, prior in self._prior.items():
            counts, total = self._counts.get(c, {}), self._totals.get(c, 0)
            denom = math.log(total + _ALPHA * self._vocab)
            score = prior + sum(math.log(counts.get(f, 0) + _ALPHA) - denom for f in features)
            if score > best_score:
                best, best_score = c, score
        return best

    def name_spans(self, text: str, morphs: Sequence[Morph]) -> tuple[list[Span], list[Span]]:
        """``(gazetteer spans, classifier spans)`` of one text (layers may overlap)."""
        gaz = gazetteer_matches(text, morphs, self.gazetteer)
        nnp = []
        for run in proper_noun_runs(text, morphs):
            label = self.classify(run_features(text, morphs, run))
            if label != NONE:
                nnp.append(Span(run[0], run[1], label))
        return gaz, nnp

    def predict(self, texts: list[str]) -> list[list[Span]]:
        out = []
        for text, morphs in zip(texts, analyze(texts), strict=True):
            gaz, nnp = self.name_spans(text, morphs)
            out.append(merge_layers(rule_spans(text), gaz, nnp))
        return out
