"""The lexicon + morphology baseline, trained on a small made-up corpus."""

from __future__ import annotations

import json

import pytest
from baselines_corpus import ORGS, corpus

from baselines import FINE, Tagger
from baselines.lexicon import FORMAT_VERSION, LexiconTagger, proper_noun_runs
from baselines.morph import Morph, analyze
from konews.errors import KoNewsError
from konews.records import Span


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="module")
def tagger(models) -> LexiconTagger:
    return LexiconTagger.train(corpus(), models_dir=models)


def test_gazetteer_holds_training_names_with_fine_labels(tagger):
    assert tagger.gazetteer["한빛전자"] == "ORG"
    assert tagger.gazetteer["김하늘"] == "PER"
    assert tagger.gazetteer["부산"] == "LOC"


def test_predicts_names_and_rule_labels_on_new_sentences(tagger):
    text = "가람은행은 13일 대전에서 박구름 씨와 직원 30명을 만났다."
    spans = tagger.predict([text])[0]
    assert [(text[s.start : s.end], s.label) for s in spans] == [
        ("가람은행", "ORG"),
        ("13일", "DATE"),
        ("대전", "LOC"),
        ("박구름", "PER"),
        ("30명", "QUANTITY"),
    ]


def test_particles_stay_outside_and_interface(tagger):
    assert isinstance(tagger, Tagger)
    assert tagger.scheme == FINE
    texts = ["누리소프트가 왔다.", ""]
    out = tagger.predict(texts)
    assert out[0] == [Span(0, len("누리소프트"), "ORG")]
    assert out[1] == []


def test_model_is_cached_json_and_reloads_identically(tagger, models, tmp_path):
    files = sorted(models.glob("lexicon-*.json"))
    assert len(files) == 1
    model = json.loads(files[0].read_text(encoding="utf-8"))
    assert model["format"] == FORMAT_VERSION
    again = LexiconTagger.train(corpus(), models_dir=models)  # the cached file, not a retrain
    assert again.model == tagger.model
    copy = tmp_path / "copy.json"
    tagger.save(copy)
    texts = [f"{org}는 광주에 있다." for org in ORGS]
    assert LexiconTagger.load(copy).predict(texts) == tagger.predict(texts)


def test_other_training_data_gives_another_model_file(models):
    LexiconTagger.train(corpus(30), models_dir=models)
    assert len(list(models.glob("lexicon-*.json"))) == 2


def test_rejects_a_file_that_is_not_a_lexicon(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"kind": "something-else"}', encoding="utf-8")
    with pytest.raises(KoNewsError, match="not a KoNews lexicon model"):
        LexiconTagger.load(path)


def test_proper_noun_runs_join_spaced_names():
    text = "블레이크 라이블리가 왔다."
    morphs = [
        Morph("블레이크", "NNP", 0, 4, "블레이크"),
        Morph("라이블리", "NNP", 5, 9, "라이블리"),
    ]
    morphs.append(Morph("가", "JKS", 9, 10, "가"))
    assert proper_noun_runs(text, morphs) == [(0, len("블레이크 라이블리"), 0, 1)]


def test_analysis_offsets_are_code_points():
    text = "🚀 메타가 왔다."
    (morphs,) = analyze([text])
    meta = next(m for m in morphs if m.form == "메타")
    assert text[meta.start : meta.end] == "메타"
