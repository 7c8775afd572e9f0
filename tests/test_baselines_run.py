"""``konews baselines run`` end to end on a tiny hand-made dataset.

The dataset rows are written here in the formats of the dataset builder; the
training data is the made-up corpus of ``baselines_corpus`` written as a
KLUE-style TSV, or (``shared`` test) a slice of the real KLUE-NER dev file
copied into ``tmp_path`` only.
"""

from __future__ import annotations

import json

import pytest
from baselines_corpus import corpus

from baselines.results import pct
from baselines.run import run_baselines
from konews.bio import spans_to_bio
from konews.cli import main
from konews.io import write_jsonl
from konews.klue import DEFAULT_KLUE_DEV, KlueSentence, read_klue_tsv
from konews.records import Span
from konews.schema import klue_label

DOC_A, DOC_B = "toy-aaaaaaaaaaaa", "toy-bbbbbbbbbbbb"
SENTENCES = [
    (f"{DOC_A}-s000", "누리소프트는 13일 직원 200명을 뽑았다."),
    (f"{DOC_A}-s001", "가람은행이 누리소프트에 143억 달러를 투자했다."),
    (f"{DOC_B}-s000", "김하늘 씨가 한빛전자에 합류했다."),
]
ENTITIES = {
    SENTENCES[0][0]: [("누리소프트", "ORG"), ("13일", "DATE"), ("200명", "QUANTITY")],
    SENTENCES[1][0]: [("가람은행", "ORG"), ("누리소프트", "ORG"), ("143억 달러", "MONEY")],
    SENTENCES[2][0]: [("김하늘", "PER"), ("한빛전자", "ORG")],
}


def _span(text: str, part: str) -> dict:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def write_dataset(folder) -> None:
    entities, ner_char, money, events = [], [], [], []
    for sid, text in SENTENCES:
        doc = sid.rsplit("-s", 1)[0]
        ents = [{**_span(text, part), "label": label} for part, label in ENTITIES[sid]]
        entities.append({"id": sid, "doc_id": doc, "text": text, "entities": ents})
        spans = [Span(e["start"], e["end"], e["label"]) for e in ents]
        ner_char.append({
            "id": sid, "doc_id": doc, "chars": list(text),
            "ner_tags": spans_to_bio(len(text), spans, project=klue_label),
            "fine_tags": spans_to_bio(len(text), spans),
        })  # fmt: skip
    sid, text = SENTENCES[1]
    money.append({
        "id": f"{sid}-m0", "sentence_id": sid, "doc_id": DOC_A, "sentence": text,
        **_span(text, "143억 달러"), "amount": "14300000000", "amount_max": None,
        "currency": "USD", "approximate": False, "qualifier": None, "vague": False,
        "equivalent_of": None,
    })  # fmt: skip
    events.append({
        "id": f"{sid}-v0", "sentence_id": sid, "doc_id": DOC_A, "sentence": text,
        "type": "INVESTMENT", "modality": "asserted", "trigger": _span(text, "투자"),
        "arguments": [
            {"role": "investor", "label": "ORG", **_span(text, "가람은행")},
            {"role": "amount", "label": "MONEY", **_span(text, "143억 달러")},
        ],
    })  # fmt: skip
    sid, text = SENTENCES[2]
    events.append({
        "id": f"{sid}-v0", "sentence_id": sid, "doc_id": DOC_B, "sentence": text,
        "type": "START_POSITION", "modality": "asserted", "trigger": _span(text, "합류"),
        "arguments": [
            {"role": "person", "label": "PER", **_span(text, "김하늘")},
            {"role": "employer", "label": "ORG", **_span(text, "한빛전자")},
        ],
    })  # fmt: skip
    configs = {"entities": entities, "ner_char": ner_char, "money": money, "events": events}
    for config, rows in configs.items():
        write_jsonl(folder / "data" / config / "test.jsonl", rows)


def write_klue_tsv(path, sentences: list[KlueSentence]) -> None:
    blocks = []
    for s in sentences:
        lines = [f"## {s.id}\t{s.text}"] + [
            f"{c}\t{t}" for c, t in zip(s.text, s.tags, strict=True)
        ]
        blocks.append("\n".join(lines) + "\n")
    path.write_text("## 주석 : ##\n" + "\n".join(blocks), encoding="utf-8")


@pytest.fixture
def dataset(tmp_path):
    folder = tmp_path / "dataset"
    write_dataset(folder)
    return folder


def test_full_run_writes_predictions_results_and_leaderboard(dataset, tmp_path, capsys):
    klue = tmp_path / "toy.tsv"
    write_klue_tsv(klue, corpus(60))
    out = tmp_path / "out"
    result = run_baselines(
        dataset=dataset,
        klue=klue,
        out=out,
        models_dir=tmp_path / "models",
        bootstrap=50,
        crf_grid=((0.1, 0.01),),
        crf_max_iterations=20,
        workers=1,
    )
    assert [o.name for o in result.outcomes] == ["rules", "lexicon", "crf", "events"]
    assert all(o.skipped is None for o in result.outcomes)
    names = sorted(p.name for p in (out / "predictions").iterdir())
    assert names == [
        "crf.entities.jsonl",
        "crf.ner_char.jsonl",
        "events.events.jsonl",
        "lexicon.entities.jsonl",
        "lexicon.ner_char.jsonl",
        "rules.entities.jsonl",
        "rules.money.jsonl",
        "rules.ner_char.jsonl",
    ]
    rows = [
        json.loads(x) for x in (out / "predictions" / "rules.money.jsonl").read_text().splitlines()
    ]
    assert rows == [
        {"sentence_id": SENTENCES[1][0], **{k: v for k, v in _span(SENTENCES[1][1], "143억 달러").items() if k != "text"},
         "amount": "14300000000", "currency": "USD", "approximate": False, "qualifier": None,
         "amount_max": None, "vague": False}
    ]  # fmt: skip

    saved = json.loads((out / "results.json").read_text(encoding="utf-8"))
    by_name = {b["name"]: b for b in saved["baselines"]}
    money = by_name["rules"]["reports"]["money"]
    assert money["headline"]["detection_f1"] == 1.0
    assert by_name["crf"]["reports"]["entities"]["scheme"] == "klue"
    # Tags derived from the same spans score the same as the spans.
    for name in ("rules", "lexicon", "crf"):
        reports = by_name[name]["reports"]
        klue_spans_f1 = reports["entities"]["headline"][
            "strict_micro_f1" if name == "crf" else "klue_strict_micro_f1"
        ]
        assert reports["ner_char"]["headline"]["strict_micro_f1"] == klue_spans_f1
        assert "klue_char_macro_f1" in reports["klue_heldout_char"]["headline"]
    assert by_name["crf"]["figures"]["selected"]["c1"] == 0.1
    assert by_name["events"]["figures"]["predicted_events"] >= 1

    markdown = (out / "RESULTS.md").read_text(encoding="utf-8")
    assert markdown == capsys.readouterr().out.removesuffix("\n")
    lexicon_f1 = by_name["lexicon"]["reports"]["entities"]["headline"]["strict_micro_f1"]
    assert f"| lexicon | {pct(lexicon_f1)} [" in markdown
    for section in ("## Entities", "## KLUE-NER held-out", "## Money", "## Events", "## CRF"):
        assert section in markdown
    assert str(tmp_path) not in markdown  # no machine paths in the leaderboard


def test_missing_klue_skips_the_trained_baselines_and_keeps_the_rules(dataset, tmp_path):
    out = tmp_path / "out"
    stale = out / "predictions" / "crf.entities.jsonl"  # from an older run
    stale.parent.mkdir(parents=True)
    stale.write_text("{}\n", encoding="utf-8")
    code = main(
        ["baselines", "run", "--dataset", str(dataset), "--out", str(out), "--bootstrap", "20",
         "--klue", str(tmp_path / "absent.tsv")]
    )  # fmt: skip
    assert code == 0
    saved = json.loads((out / "results.json").read_text(encoding="utf-8"))
    skipped = {b["name"]: b["skipped"] for b in saved["baselines"]}
    assert skipped["rules"] is None
    for name in ("lexicon", "crf", "events"):
        assert "KLUE-NER file not found" in skipped[name]
    assert not stale.exists()
    assert (out / "predictions" / "rules.entities.jsonl").is_file()
    markdown = (out / "RESULTS.md").read_text(encoding="utf-8")
    assert "## Skipped" in markdown and "- **crf**: KLUE-NER file not found" in markdown


def test_unknown_baseline_name_is_an_error(dataset, tmp_path, capsys):
    code = main(["baselines", "run", "--dataset", str(dataset), "--only", "rules,bert"])
    assert code == 2
    assert "unknown baseline(s) ['bert']" in capsys.readouterr().err


def test_missing_dataset_says_how_to_build_it(tmp_path, capsys):
    code = main(["baselines", "run", "--dataset", str(tmp_path / "none"), "--only", "rules"])
    assert code == 2
    assert "konews build" in capsys.readouterr().err


@pytest.mark.shared
@pytest.mark.skipif(not DEFAULT_KLUE_DEV.is_file(), reason="KLUE-NER dev TSV not in ../shared")
def test_run_on_a_slice_of_klue(dataset, tmp_path):
    # A slice of the real file, in tmp_path only (KLUE text is never committed).
    klue = tmp_path / "klue-slice.tsv"
    write_klue_tsv(klue, read_klue_tsv(DEFAULT_KLUE_DEV)[:400])
    result = run_baselines(
        dataset=dataset,
        klue=klue,
        out=tmp_path / "out",
        models_dir=tmp_path / "models",
        only=("lexicon", "crf"),
        bootstrap=20,
        crf_grid=((0.1, 0.01),),
        crf_max_iterations=30,
        workers=1,
    )
    for o in result.outcomes:
        heldout = o.reports["klue_heldout"]
        assert heldout["sentences"] == result.facts["klue_heldout_sentences"] > 0
        # Trained on 360 sentences, both find a good share of KLUE's entities.
        assert heldout["headline"]["strict_micro_f1"] > 0.3
