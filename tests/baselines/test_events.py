"""The event baseline: triggers from the schema, argument assignment, modality."""

from __future__ import annotations

import pytest
from baselines_corpus import corpus

from baselines import EventExtractor
from baselines.crf import CrfTagger
from baselines.events import EventTagger, extract_events, find_triggers, modality_of
from baselines.lexicon import LexiconTagger
from baselines.morph import analyze
from konews.errors import KoNewsError
from konews.records import Span
from konews.schema import EVENTS


def span(text: str, part: str, label: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), label)


def triggers(text: str) -> list[tuple[str, tuple[str, ...]]]:
    (morphs,) = analyze([text])
    return [
        (text[s:e], tuple(t.name for t, _ in trig.types))
        for s, e, trig in find_triggers(text, morphs)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("메타가 스케일AI에 투자했다.", [("투자", ("INVESTMENT",))]),
        ("두 회사는 협력 중단을 선언했다.", [("협력 중단", ("PARTNERSHIP_END",))]),  # longest wins
        ("그는 회사를 떠났다.", [("떠났", ("END_POSITION",))]),  # verb trigger by lemma 떠나다
        ("투자자와 창업자가 모였다.", []),  # role nouns are one morpheme: not '투자', '창업'
        ("인수를 마쳤다.", [("인수", ("INVESTMENT", "ACQUISITION"))]),
    ],
)
def test_triggers_come_from_the_schema_lexicon(text, expected):
    assert triggers(text) == expected
    for _, types in expected:
        assert all(name in EVENTS for name in types)


def test_arguments_by_particles_and_distance():
    text = "메타는 스케일AI 지분 49%를 143억 달러에 인수했다고 전해졌다."
    entities = [
        span(text, "메타", "ORG"),
        span(text, "스케일AI", "ORG"),
        span(text, "49%", "QUANTITY"),
        span(text, "143억 달러", "MONEY"),
    ]
    (morphs,) = analyze([text])
    (event,) = extract_events(text, morphs, entities)
    # The share makes INVESTMENT fill more roles than ACQUISITION.
    assert event.type == "INVESTMENT"
    assert event.modality == "reported"
    assert text[event.trigger_start : event.trigger_end] == "인수"
    got = {role: text[s:e] for role, s, e in event.arguments}
    assert got == {
        "investor": "메타",
        "investee": "스케일AI",
        "share": "49%",
        "amount": "143억 달러",
    }


def test_subject_particle_decides_between_two_organizations():
    text = "스케일AI에 메타가 투자했다."
    entities = [span(text, "스케일AI", "ORG"), span(text, "메타", "ORG")]
    (morphs,) = analyze([text])
    (event,) = extract_events(text, morphs, entities)
    got = {role: text[s:e] for role, s, e in event.arguments}
    assert got == {"investor": "메타", "investee": "스케일AI"}


def test_an_event_needs_an_argument_other_than_time():
    text = "13일 투자를 발표했다."
    (morphs,) = analyze([text])
    assert extract_events(text, morphs, [span(text, "13일", "DATE")]) == []


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        ("왕이 메타에 합류했다.", "합류", "asserted"),
        ("왕이 메타에 합류하지 않았다.", "합류", "negated"),
        ("인력 여러 명도 메타에 합류할 전망이다.", "합류", "planned"),
        ("지분 49%를 매입하기로 했다.", "매입", "planned"),
        ("메타가 투자한 것으로 전해졌다.", "투자", "reported"),
    ],
)
def test_modality_cues(text, trigger, modality):
    end = text.index(trigger) + len(trigger)
    assert modality_of(text, end) == modality


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory) -> LexiconTagger:
    return LexiconTagger.train(corpus(), models_dir=tmp_path_factory.mktemp("lexicon"))


def test_event_tagger_uses_predicted_entities(lexicon):
    tagger = EventTagger(lexicon)
    assert isinstance(tagger, EventExtractor)
    texts = ["김하늘 씨가 누리소프트에 합류했다.", "날씨가 좋다."]
    events = tagger.predict_events(texts)
    assert events[1] == []
    (event,) = events[0]
    text = texts[0]
    assert event.type == "START_POSITION"
    assert {r: text[s:e] for r, s, e in event.arguments} == {
        "person": "김하늘",
        "employer": "누리소프트",
    }


def test_event_tagger_refuses_klue_scheme_entities(tmp_path):
    sents = corpus(12)
    crf = CrfTagger.train(sents[:10], sents[10:], grid=((0.1, 0.01),), max_iterations=5,
                          models_dir=tmp_path, workers=1)  # fmt: skip
    with pytest.raises(KoNewsError, match="needs fine-schema entities"):
        EventTagger(crf)
