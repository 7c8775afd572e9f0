"""``konews baselines run`` end to end on a tiny hand-made dataset.

The dataset rows are written here in the formats of the dataset builder; the
training data is the made-up corpus of ``baselines_corpus`` written as a
KLUE-style TSV, or (``shared`` test) a slice of the real KLUE-NER dev file
copied into ``tmp_path`` only.
"""

from __future__ import annotations

import json
import shutil

import pytest
from baselines_corpus import corpus

from baselines.results import pct
from baselines.run import LEADERBOARD_DIR, NEEDS_KLUE, run_baselines
from konews.cli import main
from konews.corpus.klue import DEFAULT_KLUE_DEV, KlueSentence, read_klue_tsv
from konews.errors import KoNewsError
from konews.io import write_jsonl
from konews.records import Span
from konews.schema import klue_label
from konews.text.bio import spans_to_bio

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
    out.mkdir()
    (out / "RESULTS.partial.md").write_text("from a run that skipped crf\n", encoding="utf-8")
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
    assert all(o.skipped is None for o in result.outcomes) and result.complete
    assert not (out / "RESULTS.partial.md").exists()  # superseded by this complete run
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
    # the held-out sentences that chose the CRF's c1/c2 also score it: said where it shows
    heldout = markdown.split("## KLUE-NER held-out", 1)[1].split("\n## ", 1)[0]
    assert "also chose the CRF's c1/c2 among 1 setting, so its figure here is" in heldout


def _snapshot(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def leaderboard(tmp_path):
    """A copy of the committed leaderboard (RESULTS.md, results.json, predictions)."""
    out = tmp_path / "leaderboard"
    (out / "predictions").mkdir(parents=True)
    for name in ("RESULTS.md", "results.json"):
        shutil.copy(LEADERBOARD_DIR / name, out / name)
    for path in (LEADERBOARD_DIR / "predictions").glob("*.jsonl"):
        shutil.copy(path, out / "predictions" / path.name)
    return out


@pytest.mark.parametrize("given", ["absent.tsv", "a-directory"])
def test_a_given_klue_path_that_cannot_be_read_is_an_error_and_writes_nothing(
    dataset, leaderboard, tmp_path, capsys, given
):
    (tmp_path / "a-directory").mkdir()
    before = _snapshot(leaderboard)
    code = main(
        ["baselines", "run", "--dataset", str(dataset), "--out", str(leaderboard),
         "--bootstrap", "20", "--klue", str(tmp_path / given)]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert f"--klue {tmp_path / given}:" in err and "KLUE-NER v1.1 TSV" in err
    assert _snapshot(leaderboard) == before


@pytest.fixture
def no_klue(tmp_path, monkeypatch):
    """KLUE-NER absent where it is looked for by default: no file in ../shared and
    no hub (the real hub lookup offline retries for about 25 s before it fails)."""
    import konews.corpus.klue

    monkeypatch.setattr(konews.corpus.klue, "DEFAULT_KLUE_DEV", tmp_path / "no-shared" / "dev.tsv")

    def hub_unavailable(split="validation"):
        raise KoNewsError(f"cannot load klue/klue (ner) split {split!r}: offline, no cache")

    monkeypatch.setattr(konews.corpus.klue, "load_klue_hub", hub_unavailable)


def test_klue_absent_by_default_keeps_the_committed_leaderboard(
    dataset, leaderboard, no_klue, capsys
):
    before = _snapshot(leaderboard)
    result = run_baselines(dataset=dataset, out=leaderboard, bootstrap=20, leaderboard=True)
    skipped = {o.name: o.skipped for o in result.outcomes}
    assert skipped["rules"] is None
    for name in NEEDS_KLUE:
        assert "KLUE-NER not found" in skipped[name]
    assert not result.complete
    assert result.results_path == leaderboard / "RESULTS.partial.md"
    after = _snapshot(leaderboard)
    kept = {k: v for k, v in before.items() if not k.startswith("predictions/rules.")}
    assert {k: after[k] for k in kept} == kept  # leaderboard and skipped predictions untouched
    assert set(after) == set(before) | {"RESULTS.partial.md"}
    partial = (leaderboard / "RESULTS.partial.md").read_text(encoding="utf-8")
    out, err = capsys.readouterr()
    assert partial == out.removesuffix("\n")
    assert "## Skipped" in partial and "- **crf**: KLUE-NER not found" in partial
    assert "RESULTS.md and results.json keep the last complete run" in err


def test_klue_absent_with_another_out_writes_its_results_there_and_keeps_predictions(
    dataset, tmp_path, no_klue
):
    out = tmp_path / "out"
    earlier = out / "predictions" / "crf.entities.jsonl"  # from an older run
    earlier.parent.mkdir(parents=True)
    earlier.write_text("{}\n", encoding="utf-8")
    code = main(["baselines", "run", "--dataset", str(dataset), "--out", str(out),
                 "--bootstrap", "20"])  # fmt: skip
    assert code == 0
    saved = json.loads((out / "results.json").read_text(encoding="utf-8"))
    skipped = {b["name"]: b["skipped"] for b in saved["baselines"]}
    assert skipped["rules"] is None
    assert all("KLUE-NER not found" in skipped[name] for name in NEEDS_KLUE)
    assert earlier.read_text(encoding="utf-8") == "{}\n"  # not deleted
    assert (out / "predictions" / "rules.entities.jsonl").is_file()
    assert not (out / "RESULTS.partial.md").exists()
    markdown = (out / "RESULTS.md").read_text(encoding="utf-8")
    assert "## Skipped" in markdown and "- **crf**: KLUE-NER not found" in markdown


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


@pytest.mark.parametrize(
    ("change", "kept"),
    [
        (lambda r: r["baselines"][0]["figures"].update(heldout_chars_per_second=1.0), True),
        (lambda r: r["baselines"][0]["figures"].update(load_or_train_seconds=99.0), True),
        (lambda r: r["baselines"][0]["figures"].update(cached=True), True),
        (lambda r: r["facts"].update(test_sentences=70), False),
        (lambda r: r["baselines"][0].update(skipped="no KLUE"), False),
    ],
)
def test_results_differing_only_in_timings_are_not_rewritten(tmp_path, change, kept):
    # issue 11: a fresh clone's main job left results.json, RESULTS.md and the README
    # modified only because timings changed
    from baselines.run import _only_timings_differ

    committed = json.loads((LEADERBOARD_DIR / "results.json").read_text(encoding="utf-8"))
    path = tmp_path / "results.json"
    path.write_text(json.dumps(committed), encoding="utf-8")
    new = json.loads(json.dumps(committed))
    change(new)
    assert _only_timings_differ(path, new) is kept
