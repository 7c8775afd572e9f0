"""konews.evaluate.spans against its peers: seqeval (strict IOB2), nervaluate, KLUE-baseline.

The oracle tests run each peer on the same data and compare every number:
generated data (hypothesis), hand-written edge cases, and KLUE-NER dev with
corrupted predictions (skipped when ../shared is absent).
"""

from __future__ import annotations

import importlib.util
import random
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator
from seqeval.metrics import classification_report
from seqeval.metrics import f1_score as seqeval_f1
from seqeval.scheme import IOB2
from sklearn.metrics import f1_score as sklearn_f1

from konews.corpus.klue import DEFAULT_KLUE_DEV, read_klue_tsv
from konews.evaluate.counts import Categories, Counts
from konews.evaluate.klue_metric import KlueScores
from konews.evaluate.span_arrays import decode_codes, tag_codes
from konews.evaluate.spans import MODES, SpanScores, flatten_tags, score_spans, score_tags
from konews.evaluate.statistics import category_f1, macro_f1, micro_f1
from konews.records import Span
from konews.schema import KLUE_BIO_TAGS, KLUE_TAGS
from konews.text.bio import bio_to_spans, spans_to_bio

LABELS = ("LC", "OG", "PS")
TAGS = ("O", "B-LC", "I-LC", "B-OG", "I-OG", "B-PS", "I-PS")
NERVALUATE_MODE = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


# --- oracles ---------------------------------------------------------------------------


def assert_equals_seqeval(sc: SpanScores, gold: list, pred: list) -> None:
    """Micro, macro and per-type P/R/F1 equal seqeval strict IOB2 (to 1e-9; in
    practice bit for bit). seqeval's macro is nan when nothing is tagged; ours is 0."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # seqeval warns on zero division
        report = classification_report(gold, pred, mode="strict", scheme=IOB2, output_dict=True)
    for label, ours in [(lb, sc.counts(lb).scores()) for lb in sc.labels]:
        if label in report:
            theirs = report[label]
            assert ours == pytest.approx(
                (theirs["precision"], theirs["recall"], theirs["f1-score"]), abs=1e-9
            )
            assert sc.counts(label).support == theirs["support"]
        else:  # seqeval lists only types seen in gold or predictions
            assert sc.counts(label) == Counts()
    micro = report["micro avg"]
    assert sc.counts().scores() == pytest.approx(
        (micro["precision"], micro["recall"], micro["f1-score"]), abs=1e-9
    )
    macro = report["macro avg"]
    if np.isnan(macro["f1-score"]):
        assert sc.macro() == (0.0, 0.0, 0.0)
    else:
        assert sc.macro() == pytest.approx(
            (macro["precision"], macro["recall"], macro["f1-score"]), abs=1e-9
        )


def inclusive(spans: list[Span]) -> list[dict]:
    """nervaluate's entities: its ``end`` is inclusive (see STYLE.md)."""
    return [{"label": s.label, "start": s.start, "end": s.end - 1} for s in spans]


def assert_equals_nervaluate(sc: SpanScores, gold: list, pred: list) -> None:
    g = [inclusive(bio_to_spans(t)) for t in gold]
    p = [inclusive(bio_to_spans(t)) for t in pred]
    if not any(g) and not any(p):
        for mode in MODES:
            assert sc.categories(mode) == Categories()
        return
    result = Evaluator(g, p, tags=list(sc.labels), loader="dict").evaluate()
    for mode in MODES:
        nm = NERVALUATE_MODE[mode]
        pairs = [(sc.categories(mode), result["overall"][nm])]
        pairs += [
            (sc.categories(mode, lb), result["entities"][lb][nm]) for lb in result["entities"]
        ]
        for ours, theirs in pairs:
            assert (ours.correct, ours.incorrect, ours.partial, ours.missed, ours.spurious) == (
                theirs.correct,
                theirs.incorrect,
                theirs.partial,
                theirs.missed,
                theirs.spurious,
            )
            assert (ours.possible, ours.actual) == (theirs.possible, theirs.actual)
            assert ours.scores() == pytest.approx(
                (theirs.precision, theirs.recall, theirs.f1), abs=1e-9
            )


def klue_baseline(chars: list, gold: list, pred: list) -> tuple[float, float]:
    """KLUE-baseline's two metrics, built literally as its code does: spaces
    dropped, [CLS]/[SEP] as "O", sentences concatenated, label ids in its
    ``get_labels`` order, seqeval and scikit-learn called as in
    ``klue_baseline/metrics/functional.py``."""
    label_list = ["B-PS", "I-PS", "B-LC", "I-LC", "B-OG", "I-OG"]
    label_list += ["B-DT", "I-DT", "B-TI", "I-TI", "B-QT", "I-QT", "O"]
    flat_gold, flat_pred = [], []
    for c, g, p in zip(chars, gold, pred, strict=True):
        keep = [i for i, ch in enumerate(c) if ch != " "]
        flat_gold += ["O", *(g[i] for i in keep), "O"]
        flat_pred += ["O", *(p[i] for i in keep), "O"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        entity = seqeval_f1([flat_gold], [flat_pred], average="macro", mode="strict", scheme=IOB2)
    ids_gold = [label_list.index(t) for t in flat_gold]
    ids_pred = [label_list.index(t) for t in flat_pred]
    char = sklearn_f1(
        ids_gold,
        ids_pred,
        labels=list(range(len(label_list))),
        average="macro",
        zero_division=True,
    )
    return entity, char


# --- generated data ------------------------------------------------------------------------


@st.composite
def corpora(draw, tags=TAGS, max_sentences=6, max_len=14):
    lengths = draw(st.lists(st.integers(0, max_len), min_size=1, max_size=max_sentences))
    tag = st.sampled_from(tags)
    gold = [draw(st.lists(tag, min_size=n, max_size=n)) for n in lengths]
    pred = [draw(st.lists(tag, min_size=n, max_size=n)) for n in lengths]
    return gold, pred


@given(corpora())
def test_decode_codes_equals_bio_to_spans(corpus):
    gold, _ = corpus
    codes, starts = flatten_tags(gold, tag_codes(LABELS))
    arrays = decode_codes(codes, starts)
    ours = [[] for _ in gold]
    for s, e, k, i in zip(arrays.start, arrays.end, arrays.label, arrays.sent, strict=True):
        ours[i].append(Span(int(s - starts[i]), int(e - starts[i]), LABELS[k]))
    assert ours == [bio_to_spans(t) for t in gold]


@settings(max_examples=300, deadline=None)
@given(corpora())
def test_strict_scores_equal_seqeval_on_generated_data(corpus):
    gold, pred = corpus
    assert_equals_seqeval(score_tags(gold, pred, LABELS), gold, pred)


@settings(max_examples=300, deadline=None)
@given(corpora())
def test_categories_equal_nervaluate_on_generated_data(corpus):
    gold, pred = corpus
    assert_equals_nervaluate(score_tags(gold, pred, LABELS), gold, pred)


@settings(max_examples=100, deadline=None)
@given(corpora())
def test_score_spans_equals_score_tags(corpus):
    gold, pred = corpus
    by_tags = score_tags(gold, pred, LABELS).to_dict()
    by_spans = score_spans(
        [bio_to_spans(t) for t in gold], [bio_to_spans(t) for t in pred], LABELS, map(len, gold)
    ).to_dict()
    assert by_spans == by_tags


@settings(max_examples=200, deadline=None)
@given(corpora(tags=KLUE_BIO_TAGS, max_len=10), st.data())
def test_klue_metrics_equal_klue_baseline_on_generated_data(corpus, data):
    gold, pred = corpus
    chars = [
        data.draw(st.lists(st.sampled_from("가나 다"), min_size=len(t), max_size=len(t)))
        for t in gold
    ]
    kl = KlueScores(chars, gold, pred)
    entity, char = klue_baseline(chars, gold, pred)
    # seqeval's macro average of no types is nan; ours is 0.0 (documented).
    assert kl.entity_macro_f1 == pytest.approx(0.0 if np.isnan(entity) else entity, abs=1e-9)
    assert kl.char_macro_f1 == pytest.approx(char, abs=1e-9)


# --- edge cases ----------------------------------------------------------------------------

EDGE_CASES = {
    "empty predictions": ([["B-PS", "I-PS", "O", "B-OG"]], [["O", "O", "O", "O"]]),
    "empty gold": ([["O", "O", "O"]], [["B-LC", "O", "B-PS"]]),
    "both empty": ([["O", "O"], []], [["O", "O"], []]),
    "I- without B- in the prediction": ([["B-PS", "I-PS", "O"]], [["I-PS", "I-PS", "O"]]),
    "I- without B- in the gold": ([["O", "I-OG", "I-OG"]], [["O", "B-OG", "I-OG"]]),
    "I- of another type": ([["B-PS", "I-PS", "I-PS"]], [["B-PS", "I-OG", "I-PS"]]),
    "adjacent same-label spans": (
        [["B-PS", "I-PS", "B-PS", "I-PS"]],
        [["B-PS", "I-PS", "I-PS", "I-PS"]],
    ),
    "adjacent same-label spans, both right": (
        [["B-PS", "B-PS", "B-PS"]],
        [["B-PS", "B-PS", "B-PS"]],
    ),
    "entity at the end of the sentence": ([["O", "B-LC", "I-LC"]], [["O", "B-LC", "I-LC"]]),
    "type confusion on the same bounds": ([["B-LC", "I-LC", "O"]], [["B-OG", "I-OG", "O"]]),
}


@pytest.mark.parametrize("gold, pred", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_edge_cases_equal_seqeval_and_nervaluate(gold, pred):
    sc = score_tags(gold, pred, LABELS)
    assert_equals_seqeval(sc, gold, pred)
    assert_equals_nervaluate(sc, gold, pred)


def test_whitespace_inside_a_span_is_part_of_it():
    text = "한국 전력공사가 발표했다."
    gold = [Span(0, len("한국 전력공사"), "OG")]
    pred = [Span(0, len("한국"), "OG"), Span(len("한국 "), len("한국 전력공사"), "OG")]
    sc = score_spans([gold], [pred], KLUE_TAGS, [len(text)])
    assert sc.counts("OG") == Counts(tp=0, fp=2, fn=1)
    assert sc.categories("partial") == Categories(partial=1, spurious=1)
    gold_tags = spans_to_bio(len(text), gold)
    pred_tags = spans_to_bio(len(text), pred)
    assert_equals_seqeval(score_tags([gold_tags], [pred_tags], KLUE_TAGS), [gold_tags], [pred_tags])


def test_klue_entity_metric_forgives_an_o_on_a_space_inside_an_entity():
    # KLUE-baseline drops spaces before scoring: "한국 전력" tagged B I O I I
    # decodes to the same entity as the gold once the space is gone.
    chars = list("한국 전력")
    gold = [["B-OG", "I-OG", "I-OG", "I-OG", "I-OG"]]
    pred = [["B-OG", "I-OG", "O", "I-OG", "I-OG"]]
    kl = KlueScores([chars], gold, pred)
    assert kl.entity_macro_f1 == 1.0
    assert score_tags(gold, pred, KLUE_TAGS).macro()[2] == 0.0
    assert (kl.entity_macro_f1, kl.char_macro_f1) == pytest.approx(
        klue_baseline([chars], gold, pred)
    )


def test_klue_char_metric_credits_absent_tags_and_o():
    chars = [list("김씨")]
    gold = [["B-PS", "O"]]
    pred = [["O", "O"]]
    kl = KlueScores(chars, gold, pred)
    # 11 of the 13 tags never occur and score 1.0; O scores 2*3/(2*3+1) with [CLS]/[SEP]; B-PS 0.
    assert kl.char_macro_f1 == pytest.approx((11 + 6 / 7) / 13)
    assert kl.char_macro_f1 == pytest.approx(klue_baseline(chars, gold, pred)[1])
    assert kl.char_macro_f1_clean == 0.0  # only B-PS is seen, and it is missed


def test_confusion_counts_pair_spans_with_the_same_bounds():
    text = "삼성전자 이재용 회장이 서울에서"
    gold = [
        Span(0, len("삼성전자"), "OG"),
        Span(text.index("이재용"), text.index("이재용") + len("이재용"), "PS"),
        Span(text.index("서울"), text.index("서울") + len("서울"), "LC"),
    ]
    pred = [
        Span(0, len("삼성전자"), "OG"),
        Span(text.index("이재용"), text.index("이재용") + len("이재용"), "OG"),
        Span(text.index("회장"), text.index("회장") + len("회장"), "PS"),
    ]
    sc = score_spans([gold], [pred], KLUE_TAGS, [len(text)])
    assert sc.confusion_dict() == {"OG": {"OG": 1}, "PS": {"OG": 1}, "LC": {"O": 1}, "O": {"PS": 1}}


def test_counts_add_up_and_divide_safely():
    total = Counts(3, 1, 0) + Counts(1, 0, 4)
    assert total == Counts(4, 1, 4)
    assert total.scores() == pytest.approx((4 / 5, 4 / 8, 2 * (4 / 5) * (4 / 8) / (4 / 5 + 4 / 8)))
    assert Counts().scores() == (0.0, 0.0, 0.0)
    assert Counts(fp=2).scores() == (0.0, 0.0, 0.0)


def test_partial_matches_earn_half_credit():
    c = Categories(correct=2, partial=2, missed=1, spurious=1)
    assert (c.possible, c.actual) == (5, 5)
    assert c.scores() == pytest.approx((3 / 5, 3 / 5, 3 / 5))


def test_batch_statistics_agree_with_exact_values():
    rng = random.Random(1)
    gold = [[rng.choice(TAGS) for _ in range(12)] for _ in range(40)]
    pred = [[rng.choice(TAGS) for _ in range(12)] for _ in range(40)]
    sc = score_tags(gold, pred, LABELS)
    summed = sc.doc_strict.sum(0)[None]
    assert micro_f1(summed)[0] == pytest.approx(sc.counts().f1)
    assert macro_f1(summed)[0] == pytest.approx(sc.macro()[2])
    for m, mode in enumerate(MODES):
        cats = sc.doc_categories[:, m].sum(0)[None]
        assert category_f1(cats)[0] == pytest.approx(sc.categories(mode).f1)


# --- KLUE-NER dev ------------------------------------------------------------------------------


def load_bench():
    """scripts/bench_metrics.py, whose corruption the KLUE-NER dev tests share."""
    path = Path(__file__).resolve().parents[2] / "scripts" / "bench_metrics.py"
    spec = importlib.util.spec_from_file_location("bench_metrics", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = load_bench()


@pytest.fixture(scope="module")
def klue_dev():
    if not DEFAULT_KLUE_DEV.is_file():
        pytest.skip("KLUE-NER dev not found at ../shared/data/klue-ner-v1.1/klue-ner-v1.1_dev.tsv")
    sentences = read_klue_tsv(DEFAULT_KLUE_DEV)
    rng = random.Random(0)
    return sentences, [bench.corrupt(s.tags, rng) for s in sentences]


@pytest.mark.shared
def test_strict_scores_equal_seqeval_on_klue_dev(klue_dev):
    sentences, pred = klue_dev
    gold = [list(s.tags) for s in sentences]
    sc = score_tags(gold, pred, KLUE_TAGS)
    assert sc.counts().tp > 10_000 and sc.counts().fp > 500  # the corruption did something
    assert_equals_seqeval(sc, gold, pred)


@pytest.mark.shared
def test_the_benchmark_compares_identical_numbers(klue_dev):
    sentences, pred = klue_dev
    gold = [list(s.tags) for s in sentences[:500]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = classification_report(
            gold, pred[:500], mode="strict", scheme=IOB2, output_dict=True
        )
    assert bench.strict_from_tags(gold, pred[:500]) == bench.seqeval_numbers(report)


@pytest.mark.shared
def test_categories_equal_nervaluate_on_klue_dev(klue_dev):
    sentences, pred = klue_dev
    gold = [list(s.tags) for s in sentences]
    assert_equals_nervaluate(score_tags(gold, pred, KLUE_TAGS), gold, pred)


@pytest.mark.shared
def test_klue_metrics_equal_klue_baseline_on_klue_dev(klue_dev):
    # seqeval slows down badly on one long sequence (100 s for all of dev
    # concatenated), so the literal KLUE-baseline computation runs on the first
    # 1,000 sentences; ours covers all of them in the other tests.
    sentences, pred = klue_dev
    sentences, pred = sentences[:1000], pred[:1000]
    gold = [list(s.tags) for s in sentences]
    chars = [list(s.text) for s in sentences]
    kl = KlueScores(chars, gold, pred)
    entity, char = klue_baseline(chars, gold, pred)
    assert kl.entity_macro_f1 == pytest.approx(entity, abs=1e-9)
    assert kl.char_macro_f1 == pytest.approx(char, abs=1e-9)
    # The quirks matter: the clean metrics differ from KLUE's on real data.
    assert kl.char_macro_f1_clean < kl.char_macro_f1
    assert kl.entity_macro_f1 != score_tags(gold, pred, KLUE_TAGS).macro()[2]
