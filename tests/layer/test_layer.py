"""The KLUE news layer's tooling on a small KLUE-format fixture of our own making.

The sentences below are invented (they are not KLUE's): the layer's code paths (pre-annotation,
chunks, landing, standoff, hydration from a TSV and from a hub-like dataset by position, errata)
run here without ../shared.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from konews.commands.layer import check_layer_document
from konews.corpus.klue import KlueSentence, read_klue_tsv
from konews.errors import KoNewsError
from konews.gold.markup import MarkupError
from konews.layer import chunks, errata, passes, sources, standoff
from konews.records import Argument, Entity, Event, Span

# id, text, KLUE spans (start, end, tag): invented sentences in KLUE's format.
FIXTURE = [
    ("klue-ner-v1_dev_00000-nsmc", "이 영화 정말 재밌다", []),
    (
        "klue-ner-v1_dev_00001-wikitree",
        "한빛전자는 13일 약 3억원을 들여 서울에 공장을 세웠다.",
        [(0, 4, "OG"), (6, 9, "DT"), (12, 15, "QT"), (20, 22, "LC")],
    ),
    (
        "klue-ner-v1_dev_00002-wikitree",
        "배우 김하늘 씨가 새 드라마 '푸른 바다'에 출연한다.",
        [(3, 6, "PS"), (17, 22, "PS")],
    ),
    ("klue-ner-v1_dev_00003-wikitree", "북한이 미사일 2발을 쐈다.", [(0, 2, "OG"), (8, 10, "QT")]),
]


def write_tsv(path: Path, rows=FIXTURE) -> Path:
    blocks = []
    for sid, text, spans in rows:
        tags = ["O"] * len(text)
        for s, e, tag in spans:
            tags[s] = f"B-{tag}"
            for i in range(s + 1, e):
                tags[i] = f"I-{tag}"
        lines = ["## " + sid + "\t" + text] + [f"{c}\t{t}" for c, t in zip(text, tags, strict=True)]
        blocks.append("\n".join(lines))
    path.write_text("## 토큰, 레이블 구분자 : \\t\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def klue(tmp_path) -> list[KlueSentence]:
    return read_klue_tsv(write_tsv(tmp_path / "dev.tsv"))


@pytest.fixture()
def texts(klue) -> dict[str, str]:
    return chunks.klue_texts(klue)


def test_only_wikitree_sentences_are_the_layer(klue):
    assert [s.id for s in chunks.layer_sentences(klue)] == [r[0] for r in FIXTURE[1:]]


def test_projection_splits_money_out_of_qt_with_the_normalizers_boundaries(klue):
    doc = chunks.klue_projection(klue[1])
    spans = [(doc.text[e.start : e.end], e.label) for e in doc.entities]
    # KLUE's QT '3억원' becomes MONEY with the hedge inside (the normalizer's span).
    assert spans == [("한빛전자", "ORG"), ("13일", "DATE"), ("약 3억원", "MONEY"), ("서울", "LOC")]
    (money,) = doc.money
    assert (money.amount, money.currency, money.approximate) == ("300000000", "KRW", True)
    # A QT the normalizer does not read as money stays QUANTITY.
    doc = chunks.klue_projection(klue[3])
    assert [(doc.text[e.start : e.end], e.label) for e in doc.entities] == [
        ("북한", "ORG"),
        ("2발", "QUANTITY"),
    ]


def test_pass2_sample_is_fixed_by_the_seed_and_keeps_file_order():
    ids = [f"klue-ner-v1_dev_{i:05d}-wikitree" for i in range(100)]
    sample = chunks.pass2_sample(ids, size=20)
    assert len(sample) == 20 and sample == sorted(sample)
    assert chunks.pass2_sample(list(reversed(ids)), size=20) == list(reversed(sample))


ANNOTATED = """# chunk for the test
klue-ner-v1_dev_00001-wikitree [한빛전자]{ORG}는 [13일]{DATE} [약 3억원]{MONEY}을 들여 [서울]{LOC}에 공장을 세웠다.
@money "약 3억원" amount=300000000 currency=KRW approximate

klue-ner-v1_dev_00002-wikitree 배우 [김하늘]{PER} 씨가 새 드라마 '[푸른 바다]{WORK}'에 출연한다.
@klue_error "푸른 바다" note="a drama title tagged PS"

klue-ner-v1_dev_00003-wikitree [북한]{LOC}이 미사일 [2발]{QUANTITY}을 쐈다.
"""
# With an event, a restatement and a repeated surface: what every rendering must keep.
RICH = """klue-ner-v1_dev_00001-wikitree [한빛전자]{ORG}는 [13일]{DATE} [약 3억원]{MONEY}을 들여 [서울]{LOC}에 공장을 세웠다.
@money "약 3억원" amount=300000000 currency=KRW approximate
@event INVESTMENT trigger=들여 modality=asserted investor=한빛전자 amount="약 3억원" time=13일
"""


def test_a_chunk_round_trips_through_standoff_and_hydration(tmp_path, texts):
    path = tmp_path / "chunk-000.ann"
    path.write_text(ANNOTATED, encoding="utf-8")
    chunk = chunks.read_chunk(path, texts)
    assert [d.id for d in chunk.documents] == list(texts)
    assert chunk.klue_errors == (
        errata.Note("klue-ner-v1_dev_00002-wikitree", 17, 22, "a drama title tagged PS"),
    )
    assert all(check_layer_document(d) == [] for d in chunk.documents)
    gold = tmp_path / "gold.jsonl"
    standoff.write_gold(gold, chunk.documents)
    content = gold.read_text(encoding="utf-8")
    for text in texts.values():  # standoff: no text, not even a fragment
        assert text[:4] not in content
    back = standoff.hydrate(standoff.read_gold(gold), texts)
    assert back == sorted(chunk.documents, key=lambda d: d.id)


def test_hydration_refuses_a_changed_text_and_names_the_sentence(tmp_path, texts):
    path = tmp_path / "chunk-000.ann"
    path.write_text(ANNOTATED, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    standoff.write_gold(gold, chunks.read_chunk(path, texts).documents)
    changed = {**texts, "klue-ner-v1_dev_00003-wikitree": "북한이 미사일 3발을 쐈다."}
    with pytest.raises(KoNewsError, match=r"klue-ner-v1_dev_00003-wikitree: the KLUE text's SHA"):
        standoff.hydrate(standoff.read_gold(gold), changed)
    missing = dict(texts)
    del missing["klue-ner-v1_dev_00001-wikitree"]
    with pytest.raises(KoNewsError, match="00001-wikitree: not in the KLUE source"):
        standoff.hydrate(standoff.read_gold(gold), missing)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "klue-ner-v1_dev_00001-wikitree 한빛전자는 13일 약 3억원을 들여 서울에 공장을 세웠다!",
            "differs",
        ),
        ("klue-ner-v1_dev_00009-wikitree 없는 문장", "not a sentence of the KLUE news layer"),
        ("@money x amount=1", "before any sentence"),
        (ANNOTATED + "\n" + ANNOTATED.splitlines()[1], "appears twice"),
        (ANNOTATED.replace('note="a drama title tagged PS"', ""), "@klue_error SURFACE note="),
        (ANNOTATED.replace("{WORK}", "{TITLE}"), "unknown label"),
    ],
)
def test_bad_chunks_are_refused_with_file_and_line(tmp_path, texts, content, message):
    path = tmp_path / "chunk-001.ann"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MarkupError, match=message) as err:
        chunks.read_chunk(path, texts)
    assert str(path) in str(err.value)


def test_check_applies_the_validator_rules(texts):
    (doc,) = [chunks.layer_document(KlueSentence(i, t, ("O",) * len(t))) for i, t in texts.items()][
        2:
    ]
    # A span with a leading space and an argument of the wrong label.
    bad = replace(
        doc,
        entities=(Entity("e1", 2, 10, "ORG"), Entity("e2", 8, 10, "QUANTITY")),
    )
    problems = check_layer_document(bad)
    assert any("overlap" in p for p in problems)
    wrong_role = replace(
        doc,
        entities=(Entity("e1", 0, 2, "LOC"),),
        events=(Event("t1", "LAYOFF", 11, 12, "asserted", (Argument("employer", "e1"),)),),
    )
    assert any("employer" in p for p in check_layer_document(wrong_role))


def test_land_merge_and_notes(tmp_path, texts):
    folder = tmp_path / "pass1-done"
    folder.mkdir()
    (folder / "chunk-000.ann").write_text(ANNOTATED, encoding="utf-8")
    landed = passes.read_pass_folder(folder, texts)
    passes.require_ids(landed.documents, list(texts), "pass1")
    with pytest.raises(KoNewsError, match="1 sentence"):
        passes.require_ids(landed.documents[:2], list(texts), "pass1")
    notes = tmp_path / "p.notes.jsonl"
    passes.write_notes(notes, landed.notes)
    assert passes.read_notes(notes) == list(landed.notes)
    adjudicated = [replace(landed.documents[2], entities=(), events=())]
    merged = passes.merge(landed.documents, adjudicated)
    assert merged[2].entities == () and merged[:2] == list(landed.documents[:2])


def test_errata_classify_changes_and_take_the_annotators_notes(tmp_path, klue, texts):
    path = tmp_path / "chunk-000.ann"
    path.write_text(ANNOTATED, encoding="utf-8")
    chunk = chunks.read_chunk(path, texts)
    by_id = {s.id: s for s in klue}
    from konews.corpus.klue import klue_spans

    found = []
    for doc in chunk.documents:
        found += errata.errata_of(doc, klue_spans(by_id[doc.id]), chunk.klue_errors)
    rows = {(e.sentence_id[-14:], e.change, e.reason) for e in found}
    assert rows == {
        # QT '3억원' -> MONEY '약 3억원': QT covers MONEY, so only the boundary changes
        # (hedges inside MONEY), a convention.
        ("00001-wikitree", "boundary", "convention"),
        # PS on a drama title -> WORK, flagged by the annotator.
        ("00002-wikitree", "label", "klue_error"),
        # OG '북한' -> LOC: D27.
        ("00003-wikitree", "label", "convention"),
    }
    (d27,) = [e for e in found if e.change == "label" and e.reason == "convention"]
    assert d27.rule.startswith("D27") and d27.klue == Span(0, 2, "OG")
    counts = errata.summary(found)
    assert counts["reason"] == {"convention": 2, "klue_error": 1}


def test_sources_prefer_the_given_path_and_refuse_a_missing_one(tmp_path, monkeypatch):
    tsv = write_tsv(tmp_path / "dev.tsv")
    found, message = sources.find_layer_texts(tsv, [])
    assert found is not None and set(found.texts) == {r[0] for r in FIXTURE[1:]}
    assert tsv.name in message and "/tmp/" not in message  # never a machine path
    monkeypatch.setenv(sources.ENV, str(tsv))
    assert sources.find_layer_texts(None, [])[0].texts == found.texts
    with pytest.raises(KoNewsError, match="a folder"):
        sources.find_layer_texts(tmp_path, [])
    with pytest.raises(KoNewsError, match="no such file"):
        sources.find_layer_texts(tmp_path / "nope.tsv", [])


def _hub_like(folder: Path, rows) -> Path:
    """A local dataset laid out like the hub's klue/klue ner validation split (no ids)."""
    names = ["B-DT", "I-DT", "B-LC", "I-LC", "B-OG", "I-OG", "B-PS", "I-PS",
             "B-QT", "I-QT", "B-TI", "I-TI", "O"]  # fmt: skip
    (folder / "data").mkdir(parents=True)
    with open(folder / "data" / "validation.jsonl", "w", encoding="utf-8") as f:
        for _, text, _ in rows:
            row = {"sentence": text, "tokens": list(text), "ner_tags": [12] * len(text)}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    yaml_names = "\n".join(f"              '{i}': {n}" for i, n in enumerate(names))
    (folder / "README.md").write_text(
        "---\nconfigs:\n- config_name: default\n  data_files:\n  - split: validation\n"
        "    path: data/validation.jsonl\ndataset_info:\n  features:\n  - name: sentence\n"
        "    dtype: string\n  - name: tokens\n    sequence: string\n  - name: ner_tags\n"
        f"    sequence:\n      class_label:\n        names:\n{yaml_names}\n---\n",
        encoding="utf-8",
    )
    return folder


def test_hub_texts_are_mapped_by_position_and_confirmed_by_hash(tmp_path, monkeypatch, texts):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "cache"))
    hub = _hub_like(tmp_path / "hub", FIXTURE)
    ids = list(texts)
    found = sources.texts_from_hub(ids, (str(hub), None))
    assert found.texts == texts
    path = tmp_path / "chunk-000.ann"
    path.write_text(ANNOTATED, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    standoff.write_gold(gold, chunks.read_chunk(path, texts).documents)
    assert len(standoff.hydrate(standoff.read_gold(gold), found.texts)) == 3
    # Rows in another order: the hash check catches every misplaced sentence.
    shuffled = _hub_like(tmp_path / "hub2", [FIXTURE[0], FIXTURE[2], FIXTURE[1], FIXTURE[3]])
    moved = sources.texts_from_hub(ids, (str(shuffled), None)).texts
    with pytest.raises(KoNewsError, match="2 sentence"):
        standoff.hydrate(standoff.read_gold(gold), moved)


def test_position_of_rejects_ids_that_are_not_klue_dev_ids():
    assert sources.position_of("klue-ner-v1_dev_02533-wikitree") == 2533
    with pytest.raises(KoNewsError, match=r"not a KLUE-NER v1\.1 dev sentence id"):
        sources.position_of("yonhap-8f4fdd8693d1")


def test_the_adjudication_sheet_shows_both_passes_and_parses_back_as_the_first(tmp_path, texts):
    path = tmp_path / "chunk-000.ann"
    path.write_text(ANNOTATED, encoding="utf-8")
    first = chunks.read_chunk(path, texts)
    second = [replace(d, entities=d.entities[:1], money=()) for d in first.documents]
    sheet = "\n".join(
        chunks.render_adjudication(a, b, [n for n in first.klue_errors if n.sentence_id == a.id])
        for a, b in zip(first.documents, second, strict=True)
    )
    assert "#   diff: [6, 9) '13일' entity removed: DATE → —" in sheet
    assert "#   pass2: klue-ner-v1_dev_00002-wikitree 배우 [김하늘]{PER}" in sheet
    (tmp_path / "sheet.ann").write_text(sheet, encoding="utf-8")
    back = chunks.read_chunk(tmp_path / "sheet.ann", texts)
    assert back.documents == first.documents and back.klue_errors == first.klue_errors


def test_rendered_chunks_keep_events_and_restatements(tmp_path, texts):
    # Regression: the chunk renderer once wrote only the sentence and @money lines, so the
    # adjudication sheets lost every @event and equivalent_of.
    path = tmp_path / "rich.ann"
    path.write_text(RICH, encoding="utf-8")
    (doc,) = chunks.read_chunk(path, texts).documents
    assert len(doc.events) == 1 and len(doc.events[0].arguments) == 3
    again = tmp_path / "again.ann"
    again.write_text(chunks.render_chunk([doc], "again"), encoding="utf-8")
    assert chunks.read_chunk(again, texts).documents == (doc,)
    (m,) = doc.money
    restated = replace(doc, money=(replace(m, equivalent_of="e1"),))
    again.write_text(chunks.render_chunk([restated], ""), encoding="utf-8")
    # equivalent_of must name a MONEY span in real data; here the round trip is the point.
    assert "equivalent_of=한빛전자" in again.read_text(encoding="utf-8")


# --- the committed layer against KLUE (skipped without ../shared) ----------------------

ROOT = Path(__file__).resolve().parents[2]
LAYER = ROOT / "annotation" / "klue"


def test_committed_standoff_files_hold_no_klue_text(klue_layer):
    # A 12-character window of every sentence must appear in no committed layer file.
    windows = {d.text[i : i + 12] for d in klue_layer for i in range(0, len(d.text) - 12, 25)}
    for path in [*LAYER.glob("*.jsonl"), *LAYER.glob("*.json"), ROOT / "dataset" / "README.md"]:
        content = path.read_text(encoding="utf-8")
        leaked = [w for w in windows if w in content]
        assert not leaked, f"{path.name} quotes KLUE text: {leaked[:3]}"


def test_the_layer_gold_passes_the_validator_rules(klue_layer):
    problems = [p for doc in klue_layer for p in check_layer_document(doc)]
    assert problems == []
    assert len(klue_layer) == 2534 and len({d.id for d in klue_layer}) == 2534


def test_the_committed_agreement_is_what_the_passes_give(klue_layer, tmp_path):
    from konews.cli import main
    from konews.io import read_json

    target = tmp_path / "agreement.json"
    code = main(
        ["layer", "agreement", str(LAYER / "pass1.jsonl"), str(LAYER / "pass2.jsonl"),
         "--out", str(target)]
    )  # fmt: skip
    assert code == 0
    assert read_json(target) == read_json(LAYER / "agreement.json")


def test_the_committed_errata_are_what_the_gold_and_klue_give(klue_layer):
    from konews.corpus.klue import DEFAULT_KLUE_DEV, klue_spans, read_klue_tsv
    from konews.io import read_jsonl

    klue = {s.id: s for s in read_klue_tsv(DEFAULT_KLUE_DEV)}
    notes = passes.read_notes(LAYER / "gold.notes.jsonl")
    found = []
    for doc in klue_layer:
        mine = [n for n in notes if n.sentence_id == doc.id]
        found += [e.to_json() for e in errata.errata_of(doc, klue_spans(klue[doc.id]), mine)]
    committed = [row for _, row in read_jsonl(LAYER / "errata.jsonl")]
    assert found == committed
    assert {r["reason"] for r in committed} == {"convention", "klue_error"}
    assert all(r["note"] for r in committed if r["reason"] == "klue_error")


def test_the_gold_is_pass_one_reviewed_with_the_adjudicated_sample(klue_layer):
    texts = {d.id: d.text for d in klue_layer}
    reviewed = standoff.hydrate(standoff.read_gold(LAYER / "pass1-reviewed.jsonl"), texts)
    adjudicated = standoff.hydrate(standoff.read_gold(LAYER / "adjudicated.jsonl"), texts)
    sample = (LAYER / "pass2-sample.txt").read_text(encoding="utf-8").split()
    assert [d.id for d in adjudicated] == sorted(sample) and len(sample) == 520
    merged = {d.id: d for d in passes.merge(reviewed, adjudicated)}
    assert {d.id: d for d in klue_layer} == merged


# --- property: chunk rendering and parsing are inverse -----------------------------------


def _sentence_documents(doc, first_index: int):
    """The sentences of a synthetic document as one-sentence layer documents (ids in KLUE's
    form), each with the entities, money and events that lie inside it."""
    from konews.records import Argument, Sentence

    out = []
    for k, s in enumerate(doc.sentences):
        inside = [e for e in doc.entities if s.start <= e.start and e.end <= s.end]
        ids = {e.id for e in inside}
        entities = tuple(replace(e, start=e.start - s.start, end=e.end - s.start) for e in inside)
        money = tuple(
            m
            for m in doc.money
            if m.entity_id in ids and (m.equivalent_of is None or m.equivalent_of in ids)
        )
        events = tuple(
            replace(
                v,
                trigger_start=v.trigger_start - s.start,
                trigger_end=v.trigger_end - s.start,
                arguments=tuple(Argument(a.role, a.entity_id) for a in v.arguments),
            )
            for v in doc.events
            if s.start <= v.trigger_start
            and v.trigger_end <= s.end
            and all(a.entity_id in ids for a in v.arguments)
        )
        text = doc.text[s.start : s.end]
        sid = f"klue-ner-v1_dev_{first_index + k:05d}-wikitree"
        base = chunks.layer_document(KlueSentence(sid, text, ("O",) * len(text)))
        out.append(
            replace(base, sentences=(Sentence(0, len(text)),), entities=entities, money=money,
                    events=events)
        )  # fmt: skip
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), index=st.integers(0, 50))
def test_rendered_chunks_parse_back_to_the_same_annotations(tmp_path_factory, seed, index):
    from konews.corpus.synthetic import synthetic_document
    from konews.dataset.rows import canonical

    docs = _sentence_documents(synthetic_document(seed, index), 0)
    texts = {d.id: d.text for d in docs}
    path = tmp_path_factory.mktemp("chunks") / "chunk-000.ann"
    path.write_text(chunks.render_chunk(docs, "property"), encoding="utf-8")
    back = chunks.read_chunk(path, texts).documents

    def layers(d):
        from konews.gold.agreement import layers as by_offsets

        return by_offsets(canonical(d))

    assert [d.id for d in back] == [d.id for d in docs]
    assert [layers(d) for d in back] == [layers(d) for d in docs]
