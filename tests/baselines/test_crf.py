"""The CRF baseline: features, training on a small made-up corpus, model files."""

from __future__ import annotations

import shutil

import pytest
from baselines_corpus import corpus

from baselines import KLUE, Tagger
from baselines.crf import CrfTagger, char_class, sentence_features
from baselines.morph import Morph
from konews.errors import KoNewsError
from konews.schema import KLUE_BIO_TAGS

GRID = ((0.05, 0.01), (0.5, 0.01))


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return tmp_path_factory.mktemp("crf-models")


@pytest.fixture(scope="module")
def trained(models) -> CrfTagger:
    sents = corpus(48)
    return CrfTagger.train(
        sents[:40], sents[40:], grid=GRID, max_iterations=30, models_dir=models, workers=1
    )


@pytest.mark.parametrize(
    ("char", "cls"),
    [("가", "hangul"), ("A", "latin"), ("7", "digit"), (" ", "space"), ("(", "punct"),
     ("%", "punct"), ("漢", "hanja"), ("ㄱ", "hangul")],
)  # fmt: skip
def test_char_class(char, cls):
    assert char_class(char) == cls


def test_features_carry_characters_classes_and_morphemes():
    text = "메타가 13일"
    morphs = [
        Morph("메타", "NNP", 0, 2, "메타"),
        Morph("가", "JKS", 2, 3, "가"),
        Morph("13", "SN", 4, 6, "13"),
        Morph("일", "NNB", 6, 7, "일"),
    ]
    feats = sentence_features(text, morphs)
    assert len(feats) == len(text)
    first, second, space, digit = feats[0], feats[1], feats[3], feats[4]
    assert {"c0=메", "c+1=타", "cls0=hangul", "mt=NNP", "mp=B", "mf=메타", "word_start"} <= set(
        first
    )
    assert {"mt=NNP", "mp=I", "mtp=NNP:I", "c-1c0=메타"} <= set(second)
    assert {"cls0=space", "mt=_", "mt-1=JKS", "mt+1=SN"} <= set(space)
    assert {"cls0=digit", "mt=SN", "word_start", "cls-1=space"} <= set(digit)
    assert "word_end" not in digit and "word_end" in feats[-1]


def test_trained_model_tags_klue_labels(trained):
    assert isinstance(trained, Tagger)
    assert trained.scheme == KLUE
    text = "누리소프트는 부산에 새 공장을 짓는다."
    spans = trained.predict([text, ""])
    assert spans[1] == []
    assert {s.label for s in spans[0]} <= {"PS", "LC", "OG", "DT", "TI", "QT"}
    assert [(text[s.start : s.end], s.label) for s in spans[0]] == [
        ("누리소프트", "OG"),
        ("부산", "LC"),
    ]


def test_selection_report_covers_the_grid(trained):
    report = trained.report
    assert [(g["c1"], g["c2"]) for g in report["grid"]] == list(GRID)
    best = max(g["heldout_f1"] for g in report["grid"])
    assert report["selected"]["heldout_f1"] == best
    assert all(g["model_bytes"] > 0 and not g["cached"] for g in report["grid"])


def test_model_file_is_crfsuite_not_pickle_and_round_trips(trained, tmp_path):
    data = trained.model_path.read_bytes()
    assert data[:4] == b"lCRF"  # crfsuite's magic number; a pickle starts with 0x80
    copy = tmp_path / "copy.crfsuite"
    shutil.copy(trained.model_path, copy)
    loaded = CrfTagger(copy)
    sents = corpus(48)
    texts = [s.text for s in sents]
    assert loaded.predict(texts) == trained.predict(texts)
    tags = [t for s in sents for t in s.tags]
    from baselines.crf import featurize

    predicted = [t for seq in loaded.tag(featurize(texts)) for t in seq]
    assert set(predicted) <= set(KLUE_BIO_TAGS)
    accuracy = sum(a == b for a, b in zip(tags, predicted, strict=True)) / len(tags)
    assert accuracy > 0.95


def test_cached_models_are_reused_and_new_settings_train(trained, models):
    sents = corpus(48)
    mtime = trained.model_path.stat().st_mtime_ns
    again = CrfTagger.train(
        sents[:40], sents[40:], grid=GRID, max_iterations=30, models_dir=models, workers=1
    )
    assert all(g["cached"] for g in again.report["grid"])
    assert again.model_path == trained.model_path
    assert trained.model_path.stat().st_mtime_ns == mtime
    other = CrfTagger.train(
        sents[:40], sents[40:], grid=((0.1, 0.1),), max_iterations=30, models_dir=models
    )
    assert not other.report["grid"][0]["cached"]
    assert len(list(models.glob("*.crfsuite"))) == len(GRID) + 1


def test_a_broken_model_file_is_refused(tmp_path):
    path = tmp_path / "bad.crfsuite"
    path.write_bytes(b"not a model")
    with pytest.raises(KoNewsError, match=r"cannot open CRF model bad\.crfsuite"):
        CrfTagger(path)
