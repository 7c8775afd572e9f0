"""konews.evaluate and ``konews evaluate``: loading, validation, scoring, reports.

The gold is a five-sentence dataset folder written into ``tmp_path`` with all
four configs; offsets are found with ``text.index`` so none is typed by hand.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from konews import evaluate
from konews.cli import main
from konews.errors import KoNewsError, PredictionError
from konews.records import Span
from konews.schema import KLUE_BIO_TAGS, klue_label
from konews.text.bio import spans_to_bio

DOCS = {
    "yonhap-0000000000a1": [
        (
            "삼성전자는 15일 서울에서 19조6천억원 규모의 투자 계획을 발표했다.",
            [("삼성전자", "ORG"), ("15일", "DATE"), ("서울", "LOC"), ("19조6천억원", "MONEY")],
        ),
        (
            "이재용 회장은 약 143억 달러(약 19조6천억원)를 들여 미국 반도체 기업을 인수했다.",
            [
                ("이재용", "PER"),
                ("회장", "JOB_TITLE"),
                ("약 143억 달러", "MONEY"),
                ("약 19조6천억원", "MONEY"),
                ("미국", "LOC"),
            ],
        ),
    ],
    "hankyung-0000000000b2": [
        (
            "네이버는 오후 3시 새 AI 모델 하이퍼클로바X를 출시했다.",
            [("네이버", "ORG"), ("오후 3시", "TIME"), ("하이퍼클로바X", "PRODUCT")],
        ),
        ("카카오 직원 300명이 감원됐다.", [("카카오", "ORG"), ("300명", "QUANTITY")]),
    ],
    "yonhap-0000000000c3": [("특별한 개체가 없는 문장이다.", [])],
}
S = {  # short names for the sentence ids
    "invest": "yonhap-0000000000a1-s000",
    "acquire": "yonhap-0000000000a1-s001",
    "release": "hankyung-0000000000b2-s000",
    "layoff": "hankyung-0000000000b2-s001",
    "empty": "yonhap-0000000000c3-s000",
}
TEXT = {
    f"{doc}-s{k:03d}": text
    for doc, sentences in DOCS.items()
    for k, (text, _) in enumerate(sentences)
}


def at(sid: str, part: str) -> dict:
    start = TEXT[sid].index(part)
    return {"start": start, "end": start + len(part)}


def money_row(sid: str, part: str, amount: str, currency: str, approximate: bool) -> dict:
    return {
        "sentence_id": sid,
        **at(sid, part),
        "amount": amount,
        "currency": currency,
        "approximate": approximate,
        "qualifier": None,
    }


def event_row(sid: str, etype: str, trigger: str, args: list, modality: str | None) -> dict:
    row = {
        "sentence_id": sid,
        "type": etype,
        "trigger": at(sid, trigger),
        "arguments": [{"role": role, **at(sid, part)} for role, part in args],
    }
    if modality:
        row["modality"] = modality
    return row


GOLD_MONEY = [
    money_row(S["invest"], "19조6천억원", "19600000000000", "KRW", False),
    money_row(S["acquire"], "약 143억 달러", "14300000000", "USD", True),
    money_row(S["acquire"], "약 19조6천억원", "19600000000000", "KRW", True),
]
GOLD_EVENTS = [
    event_row(
        S["invest"],
        "INVESTMENT",
        "투자",
        [("investor", "삼성전자"), ("amount", "19조6천억원"), ("time", "15일")],
        "planned",
    ),
    event_row(
        S["acquire"],
        "ACQUISITION",
        "인수",
        [("acquirer", "이재용"), ("amount", "약 143억 달러")],
        "asserted",
    ),
    event_row(
        S["release"],
        "PRODUCT_RELEASE",
        "출시",
        [("developer", "네이버"), ("product", "하이퍼클로바X"), ("time", "오후 3시")],
        "asserted",
    ),
    event_row(
        S["layoff"], "LAYOFF", "감원", [("employer", "카카오"), ("count", "300명")], "asserted"
    ),
]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A dataset folder in the layout of ``konews build`` (the rows the brief specifies)."""
    root = tmp_path / "dataset"
    entities, ner_char = [], []
    for doc, sentences in DOCS.items():
        for k, (text, ents) in enumerate(sentences):
            sid = f"{doc}-s{k:03d}"
            rows = [{**at(sid, part), "label": label, "text": part} for part, label in ents]
            entities.append({"id": sid, "doc_id": doc, "text": text, "entities": rows})
            spans = [Span(e["start"], e["end"], e["label"]) for e in rows]
            ner_char.append(
                {
                    "id": sid,
                    "doc_id": doc,
                    "chars": list(text),
                    "ner_tags": spans_to_bio(len(text), spans, project=klue_label),
                    "fine_tags": spans_to_bio(len(text), spans),
                }
            )
    write_jsonl(root / "data/entities/test.jsonl", entities)
    write_jsonl(root / "data/ner_char/test.jsonl", ner_char)
    money = []
    for k, row in enumerate(GOLD_MONEY):
        sid = row["sentence_id"]
        money.append(
            {
                "id": f"{sid}-m{k}",
                "doc_id": sid.rsplit("-s", 1)[0],
                "sentence": TEXT[sid],
                "text": TEXT[sid][row["start"] : row["end"]],
                "amount_max": None,
                "vague": False,
                "equivalent_of": None,
                **row,
            }
        )
    write_jsonl(root / "data/money/test.jsonl", money)
    events = [
        {"id": f"{e['sentence_id']}-v0", "sentence": TEXT[e["sentence_id"]], **e}
        for e in GOLD_EVENTS
    ]
    write_jsonl(root / "data/events/test.jsonl", events)
    return root


def gold(dataset: Path, config: str) -> evaluate.Rows:
    return evaluate.load_gold(config, dataset=dataset)


def entity_predictions(dataset: Path) -> list[dict]:
    return [
        {
            "id": r["id"],
            "entities": [{k: e[k] for k in ("start", "end", "label")} for e in r["entities"]],
        }
        for r in gold(dataset, "entities").rows
    ]


# --- scoring ------------------------------------------------------------------------------------


@pytest.mark.parametrize("config", evaluate.SCORED_CONFIGS)
def test_the_gold_scored_against_itself_is_perfect(dataset, config):
    rows = gold(dataset, config)
    report = evaluate.score(config, rows, rows.rows, bootstrap=100)
    assert report["headline"] and all(v == 1.0 for v in report["headline"].values())
    intervals = report["bootstrap"]["intervals"]
    assert intervals.keys() == report["headline"].keys()
    assert all(iv == {"low": 1.0, "high": 1.0} for iv in intervals.values())
    # money and events without --sentences know only the documents of their gold rows
    assert report["documents"] == {"entities": 3, "ner_char": 3, "money": 1, "events": 2}[config]


def test_entities_mistakes_are_counted_per_label_and_in_the_klue_projection(dataset):
    preds = entity_predictions(dataset)
    release = next(p for p in preds if p["id"] == S["release"])
    product = next(e for e in release["entities"] if e["label"] == "PRODUCT")
    product["label"] = "ORG"  # 하이퍼클로바X as an organization
    invest = next(p for p in preds if p["id"] == S["invest"])
    invest["entities"] = [e for e in invest["entities"] if e["label"] != "LOC"]  # 서울 missed
    report = evaluate.score_entities(gold(dataset, "entities"), preds, bootstrap=0)
    fine = report["metrics"]["fine"]
    assert {k: fine["strict"]["micro"][k] for k in ("tp", "fp", "fn")} == {
        "tp": 12,
        "fp": 1,
        "fn": 2,
    }
    assert fine["strict"]["per_label"]["PRODUCT"]["fn"] == 1
    assert fine["strict"]["per_label"]["ORG"]["fp"] == 1
    assert fine["confusion"]["PRODUCT"] == {"ORG": 1}
    assert fine["confusion"]["LOC"] == {"LOC": 1, "O": 1}
    assert fine["type"]["categories"]["incorrect"] == 1
    # KLUE view: the gold PRODUCT has no KLUE tag and is dropped; the predicted ORG becomes OG.
    klue = report["metrics"]["klue"]
    assert (klue["strict"]["micro"]["tp"], klue["strict"]["micro"]["fp"]) == (11, 1)
    assert klue["strict"]["micro"]["fn"] == 1
    assert report["headline"]["klue_strict_micro_f1"] == klue["strict"]["micro"]["f1"]


def test_entities_in_klue_tags_are_scored_against_the_projected_gold(dataset):
    preds = [
        {
            "id": p["id"],
            "entities": [
                {**e, "label": klue_label(e["label"])}
                for e in p["entities"]
                if klue_label(e["label"])
            ],
        }
        for p in entity_predictions(dataset)
    ]
    report = evaluate.score_entities(gold(dataset, "entities"), preds, scheme="klue", bootstrap=0)
    assert list(report["metrics"]) == ["klue"]
    assert report["headline"]["strict_micro_f1"] == 1.0
    assert report["metrics"]["klue"]["strict"]["per_label"]["QT"]["support"] == 4


def test_allow_missing_scores_absent_sentences_as_empty(dataset):
    preds = [p for p in entity_predictions(dataset) if p["id"] != S["invest"]]
    report = evaluate.score_entities(
        gold(dataset, "entities"), preds, allow_missing=True, bootstrap=0
    )
    micro = report["metrics"]["fine"]["strict"]["micro"]
    assert report["missing_predictions"] == 1
    assert (micro["precision"], micro["fn"]) == (1.0, 4)


def test_ner_char_reports_klue_metrics_with_their_quirks_named(dataset):
    rows = gold(dataset, "ner_char")
    preds = []
    for r in rows.rows:
        tags = [KLUE_BIO_TAGS.index(t) for t in r["ner_tags"]]  # ClassLabel ids are accepted
        preds.append({"id": r["id"], "tags": tags})
    # Miss 300명 (QT) in the layoff sentence.
    layoff = next(p for p in preds if p["id"] == S["layoff"])
    span = at(S["layoff"], "300명")
    layoff["tags"][span["start"] : span["end"]] = [KLUE_BIO_TAGS.index("O")] * 4
    report = evaluate.score_ner_char(rows, preds, bootstrap=0)
    klue = report["metrics"]["klue_ner"]
    assert report["metrics"]["klue"]["strict"]["per_label"]["QT"]["fn"] == 1
    assert klue["entity_macro_f1_clean"] == report["headline"]["strict_macro_f1"]
    assert klue["entity_macro_f1"] == report["headline"]["klue_entity_macro_f1"]
    assert set(klue["definitions"]) == {
        "entity_macro_f1",
        "char_macro_f1",
        "entity_macro_f1_clean",
        "char_macro_f1_clean",
    }
    assert report["headline"]["clean_char_macro_f1"] == klue["char_macro_f1_clean"] < 1.0


def test_ner_char_fine_scheme_uses_the_fine_tags(dataset):
    rows = gold(dataset, "ner_char")
    preds = [{"id": r["id"], "tags": r["fine_tags"]} for r in rows.rows]
    report = evaluate.score_ner_char(rows, preds, scheme="fine", bootstrap=0)
    assert report["headline"]["strict_micro_f1"] == 1.0
    assert "JOB_TITLE" in report["metrics"]["fine"]["strict"]["per_label"]
    assert "klue_ner" not in report["metrics"]


def test_money_detection_and_attribute_accuracy(dataset):
    preds = [
        money_row(S["invest"], "19조6천억원", "19600000000000", "USD", False),  # wrong currency
        money_row(S["acquire"], "약 143억 달러", "14300000000", "USD", True),  # same amount
        money_row(S["release"], "3시", "3", "KRW", False),  # not money
    ]
    report = evaluate.score_money(
        gold(dataset, "money"),
        preds,
        sentences=evaluate.Rows.read(dataset / "data/entities/test.jsonl"),
        bootstrap=0,
    )
    m = report["metrics"]
    assert {k: m["detection"][k] for k in ("tp", "fp", "fn")} == {"tp": 2, "fp": 1, "fn": 1}
    assert m["attributes"]["matched"] == 2
    assert m["attributes"]["amount"]["correct"] == 2  # compared as decimals: "…0.0" == "…0"
    assert m["attributes"]["currency"]["accuracy"] == 0.5
    assert m["attributes"]["all"]["correct"] == 1
    assert {k: m["normalized"][k] for k in ("tp", "fp", "fn")} == {"tp": 1, "fp": 2, "fn": 2}
    assert report["documents"] == 3  # the sentence inventory brings the other documents


def test_events_follow_the_ace_definitions(dataset):
    preds = [
        event_row(
            S["invest"],
            "INVESTMENT",
            "투자",
            [("investor", "삼성전자"), ("share", "19조6천억원")],  # wrong role, time missed
            "asserted",  # gold: planned
        ),
        event_row(  # right trigger, wrong type
            S["acquire"],
            "INVESTMENT",
            "인수",
            [("investor", "이재용"), ("amount", "약 143억 달러")],
            None,
        ),
        event_row(  # trigger too long, arguments right
            S["release"],
            "PRODUCT_RELEASE",
            "출시했다",
            [("developer", "네이버"), ("product", "하이퍼클로바X"), ("time", "오후 3시")],
            "asserted",
        ),
    ]
    m = evaluate.score_events(gold(dataset, "events"), preds, bootstrap=0)["metrics"]
    expected = {
        "trigger_identification": (2, 1, 2),
        "trigger_classification": (1, 2, 3),
        "argument_identification": (5, 2, 5),  # event type and span, trigger not needed
        "argument_classification": (4, 3, 6),
        "argument_identification_anchored": (2, 5, 8),  # also the trigger's span and type
        "argument_classification_anchored": (1, 6, 9),
    }
    assert {k: (m[k]["tp"], m[k]["fp"], m[k]["fn"]) for k in expected} == expected
    assert m["trigger_classification"]["per_type"]["LAYOFF"]["fn"] == 1
    assert m["argument_classification"]["per_role"]["share"]["fp"] == 1
    assert m["modality"] == {"matched": 1, "correct": 0, "accuracy": 0.0}


# --- validation ---------------------------------------------------------------------------------


def set_first(rows, **change):
    rows[0]["entities"][0].update(change)


ENTITY_ERRORS = {
    "unknown id": (
        lambda rows: rows.__setitem__(1, {"id": "nope-s000", "entities": []}),
        r"pred\.jsonl:2: unknown sentence id 'nope-s000'",
    ),
    "duplicate id": (
        lambda rows: rows.__setitem__(1, dict(rows[0])),
        r"pred\.jsonl:2: .* occurs twice \(first at .*pred\.jsonl:1\)",
    ),
    "missing ids": (
        lambda rows: rows.pop(),
        r"no prediction for 1 of 5 sentences \(first: yonhap-0000000000c3-s000\).*--allow-missing",
    ),
    "offsets outside the text": (
        lambda rows: set_first(rows, end=500),
        r"pred\.jsonl:1: entity \[0, 500\) is outside the sentence \(\d+ characters\)",
    ),
    "empty span": (lambda rows: set_first(rows, end=0), r"pred\.jsonl:1: .* or empty"),
    "offsets not integers": (
        lambda rows: set_first(rows, start="0"),
        r"pred\.jsonl:1: entity needs integer 'start' and 'end'",
    ),
    "unknown label": (
        lambda rows: set_first(rows, label="PERSON"),
        r"pred\.jsonl:1: unknown label 'PERSON'; valid: PER, ORG, LOC, DATE",
    ),
    "KLUE label in the fine scheme": (
        lambda rows: set_first(rows, label="OG"),
        r"unknown label 'OG'; valid: PER, ORG",
    ),
    "overlapping spans": (
        lambda rows: rows[0]["entities"].append({"start": 2, "end": 6, "label": "ORG"}),
        r"pred\.jsonl:1: overlapping entities \[0, 4\) and \[2, 6\)",
    ),
    "text does not match the offsets": (
        lambda rows: set_first(rows, text="삼성"),
        r"pred\.jsonl:1: entity text '삼성' but the sentence has '삼성전자' .* code points",
    ),
    "entities not a list": (
        lambda rows: rows[0].__setitem__("entities", {}),
        r"pred\.jsonl:1: 'entities' must be a list",
    ),
    "a money file": (
        lambda rows: rows.__setitem__(0, GOLD_MONEY[0]),
        r"pred\.jsonl:1: this looks like a row of the money config .*--config money",
    ),
    "a ner_char file": (
        lambda rows: rows.__setitem__(0, {"id": rows[0]["id"], "tags": ["O"]}),
        r"pred\.jsonl:1: this looks like a row of the ner_char config",
    ),
}


@pytest.mark.parametrize("mutate, message", ENTITY_ERRORS.values(), ids=ENTITY_ERRORS.keys())
def test_bad_entity_predictions_are_rejected_with_file_and_line(dataset, tmp_path, mutate, message):
    rows = entity_predictions(dataset)
    mutate(rows)
    path = write_jsonl(tmp_path / "pred.jsonl", rows)
    with pytest.raises(PredictionError, match=message):
        evaluate.score_entities(gold(dataset, "entities"), evaluate.Rows.read(path))


def test_blank_lines_keep_line_numbers_right(dataset, tmp_path):
    rows = entity_predictions(dataset)
    rows[1]["entities"][0]["label"] = "PERSON"
    path = tmp_path / "pred.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text(lines[0] + "\n\n" + "\n".join(lines[1:]) + "\n", "utf-8")
    with pytest.raises(PredictionError, match=r"pred\.jsonl:3: unknown label"):
        evaluate.score_entities(gold(dataset, "entities"), evaluate.Rows.read(path))


NER_CHAR_ERRORS = {
    "too few tags": (lambda r: r["tags"].pop(), r"pred\.jsonl:1: \d+ tags for \d+ characters"),
    "unknown tag": (
        lambda r: r["tags"].__setitem__(0, "B-PER"),
        r"unknown tag 'B-PER' in 'tags'; valid tags \(or their ids\): \('B-DT'",
    ),
    "tag id out of range": (lambda r: r["tags"].__setitem__(0, 13), r"unknown tag 13"),
    "no tags": (lambda r: r.pop("tags"), r"every line needs 'tags'"),
}


@pytest.mark.parametrize("mutate, message", NER_CHAR_ERRORS.values(), ids=NER_CHAR_ERRORS.keys())
def test_bad_ner_char_predictions_are_rejected(dataset, tmp_path, mutate, message):
    rows = [{"id": r["id"], "tags": list(r["ner_tags"])} for r in gold(dataset, "ner_char").rows]
    mutate(rows[0])
    path = write_jsonl(tmp_path / "pred.jsonl", rows)
    with pytest.raises(PredictionError, match=message):
        evaluate.score_ner_char(gold(dataset, "ner_char"), evaluate.Rows.read(path))


MONEY_ERRORS = {
    "float amount": ({"amount": 1.5e10}, r"pred\.jsonl:1: amount 15000000000\.0 is a JSON float"),
    "not a number": ({"amount": "19조"}, r"amount '19조' is not an exact decimal string"),
    "unknown currency": ({"currency": "WON"}, r"unknown currency 'WON'; valid: KRW, USD"),
    "unknown qualifier": ({"qualifier": "about"}, r"unknown qualifier 'about'; valid: at_least"),
    "approximate not a bool": ({"approximate": "yes"}, r"'approximate' must be true or false"),
    "unknown sentence": ({"sentence_id": "x-s000"}, r"unknown sentence id 'x-s000'.*--sentences"),
    "events row": ({"trigger": {}}, r"this looks like a row of the events config"),
}


@pytest.mark.parametrize("change, message", MONEY_ERRORS.values(), ids=MONEY_ERRORS.keys())
def test_bad_money_predictions_are_rejected(dataset, tmp_path, change, message):
    rows = [dict(r) for r in GOLD_MONEY]
    rows[0].update(change)
    path = write_jsonl(tmp_path / "pred.jsonl", rows)
    with pytest.raises(PredictionError, match=message):
        evaluate.score_money(gold(dataset, "money"), evaluate.Rows.read(path))


def test_money_mentions_must_not_overlap(dataset, tmp_path):
    rows = [*GOLD_MONEY, money_row(S["acquire"], "143억 달러", "14300000000", "USD", False)]
    path = write_jsonl(tmp_path / "pred.jsonl", rows)
    with pytest.raises(PredictionError, match=r"overlapping money mentions in sentence"):
        evaluate.score_money(gold(dataset, "money"), evaluate.Rows.read(path))


@pytest.mark.parametrize(
    "change, message",
    [
        ({"type": "MERGER"}, r"unknown event type 'MERGER'; valid: INVESTMENT, ACQUISITION"),
        (
            {"arguments": [{"role": "acquirer", "start": 0, "end": 4}]},
            r"unknown INVESTMENT role 'acquirer'; valid: investor, investee, amount, share, time",
        ),
        ({"trigger": {"start": 3, "end": 99}}, r"trigger \[3, 99\) is outside the sentence"),
        ({"modality": "maybe"}, r"unknown modality 'maybe'; valid: asserted, planned"),
        ({"arguments": {}}, r"'arguments' must be a list"),
    ],
)
def test_bad_event_predictions_are_rejected(dataset, tmp_path, change, message):
    rows = [dict(r) for r in GOLD_EVENTS]
    rows[0].update(change)
    path = write_jsonl(tmp_path / "pred.jsonl", rows)
    with pytest.raises(PredictionError, match=message):
        evaluate.score_events(gold(dataset, "events"), evaluate.Rows.read(path))


# --- predictions from a model -----------------------------------------------------------------


def test_predictions_from_hugging_face_aggregated_output(dataset):
    def pipeline(text):  # what pipeline("ner", aggregation_strategy="simple") returns
        out = []
        for part, group in (("삼성전자", "OG"), ("이재용", "PS"), ("네이버", "OG")):
            if part in text:
                start = text.index(part)
                out.append(
                    {
                        "entity_group": group,
                        "score": 0.9,
                        "word": part,
                        "start": start,
                        "end": start + len(part),
                    }
                )
        return out

    rows = evaluate.predictions_from_callable(pipeline, gold(dataset, "entities"))
    assert [r["id"] for r in rows] == list(TEXT)
    report = evaluate.score_entities(gold(dataset, "entities"), rows, scheme="klue", bootstrap=0)
    micro = report["metrics"]["klue"]["strict"]["micro"]
    assert (micro["tp"], micro["fp"]) == (3, 0)


def test_predictions_from_token_level_output_are_merged_and_trimmed(dataset):
    def pipeline(text):  # per-token output, sentencepiece offsets with a leading space
        if not text.startswith("삼성전자"):
            return []
        seoul = text.index("서울")
        return [
            {"entity": "B-OG", "start": 0, "end": 2},
            {"entity": "I-OG", "start": 2, "end": 4},
            {"entity": "B-LC", "start": seoul - 1, "end": seoul + 2},  # " 서울"
            {"entity": "B-MISC", "start": seoul + 2, "end": seoul + 4},  # dropped by label_map
        ]

    rows = evaluate.predictions_from_callable(
        pipeline,
        gold(dataset, "entities"),
        label_map={"OG": "ORG", "LC": "LOC", "MISC": None},
    )
    seoul = TEXT[S["invest"]].index("서울")
    assert rows[0]["entities"] == [
        {"start": 0, "end": len("삼성전자"), "label": "ORG"},
        {"start": seoul, "end": seoul + len("서울"), "label": "LOC"},
    ]


def test_predictions_from_callable_give_tags_for_ner_char_rows(dataset):
    def model(text):
        return [Span(0, len("삼성전자"), "OG")] if text.startswith("삼성전자") else []

    rows = evaluate.predictions_from_callable(model, gold(dataset, "ner_char"))
    assert rows[0]["tags"][:5] == ["B-OG", "I-OG", "I-OG", "I-OG", "O"]
    report = evaluate.score_ner_char(gold(dataset, "ner_char"), rows, bootstrap=0)
    assert report["metrics"]["klue"]["strict"]["micro"]["tp"] == 1


def test_predictions_without_offsets_are_refused(dataset):
    with pytest.raises(PredictionError, match="no character offsets; use a fast tokenizer"):
        evaluate.predictions_from_callable(
            lambda text: [{"entity_group": "PS", "start": None, "end": None}],
            gold(dataset, "entities"),
        )


# --- CLI and reports ----------------------------------------------------------------------------


def run_cli(capsys, *args) -> tuple[int, str, str]:
    status = main(["evaluate", *map(str, args)])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_cli_prints_a_table_and_writes_the_json_report(dataset, tmp_path, capsys):
    pred = write_jsonl(tmp_path / "pred.jsonl", entity_predictions(dataset))
    out_file = tmp_path / "report.json"
    status, out, _ = run_cli(
        capsys, "--config", "entities", "--predictions", pred, "--dataset", dataset,
        "--bootstrap", 50, "--output", out_file,
    )  # fmt: skip
    assert status == 0
    assert re.search(r"strict_micro_f1\s+100\.00\s+\[100\.00, 100\.00\]", out)
    assert re.search(r"JOB_TITLE\s+100\.00", out)
    report = json.loads(out_file.read_text("utf-8"))
    assert report["bootstrap"]["resamples"] == 50 and report["predictions"] == str(pred)


def test_cli_json_and_markdown(dataset, capsys):
    gold_file = dataset / "data/events/test.jsonl"
    status, out, _ = run_cli(
        capsys, "--config", "events", "--predictions", gold_file, "--gold", gold_file, "--json"
    )
    assert status == 0 and json.loads(out)["headline"]["trigger_classification_f1"] == 1.0
    status, out, _ = run_cli(
        capsys, "--config", "events", "--predictions", gold_file, "--gold", gold_file,
        "--markdown", "--bootstrap", 0,
    )  # fmt: skip
    assert "| trigger_identification_f1 | 100.00 | - |" in out


def test_cli_money_uses_the_dataset_sentences(dataset, tmp_path, capsys):
    pred = write_jsonl(
        tmp_path / "pred.jsonl",
        [*GOLD_MONEY, money_row(S["layoff"], "300명", "300", "KRW", False)],
    )
    status, out, _ = run_cli(
        capsys, "--config", "money", "--predictions", pred, "--dataset", dataset, "--json"
    )
    assert status == 0 and json.loads(out)["metrics"]["detection"]["fp"] == 1


def test_cli_compare_runs_the_paired_test(dataset, tmp_path, capsys):
    good = write_jsonl(tmp_path / "a.jsonl", entity_predictions(dataset))
    worse_rows = entity_predictions(dataset)
    for r in worse_rows:
        r["entities"] = r["entities"][:1]
    worse = write_jsonl(tmp_path / "b.jsonl", worse_rows)
    status, out, _ = run_cli(
        capsys, "--config", "entities", "--compare", good, worse, "--dataset", dataset, "--json",
        "--bootstrap", 200,
    )  # fmt: skip
    assert status == 0
    result = json.loads(out)
    test = result["paired_bootstrap"]["tests"]["strict_micro_f1"]
    assert test["better"] == "a" and test["delta"] > 0 and 0.0 <= test["p_value"] <= 1.0
    assert result["a"]["headline"]["strict_micro_f1"] == 1.0
    status, out, _ = run_cli(
        capsys, "--config", "entities", "--compare", good, worse, "--dataset", dataset,
        "--bootstrap", 200,
    )  # fmt: skip
    assert re.search(r"strict_micro_f1\s+100\.00\s+\d+\.\d\d\s+\+\d+\.\d\d\s+a\s+0\.\d{3}", out)


def test_cli_errors_exit_with_status_2(dataset, tmp_path, capsys):
    rows = entity_predictions(dataset)
    rows[2]["entities"].append({"start": 0, "end": 1, "label": "NOPE"})
    pred = write_jsonl(tmp_path / "pred.jsonl", rows)
    status, _, err = run_cli(
        capsys, "--config", "entities", "--predictions", pred, "--dataset", dataset
    )
    assert status == 2
    assert re.search(r"konews evaluate: error: .*pred\.jsonl:3: unknown label 'NOPE'", err)
    status, _, err = run_cli(
        capsys, "--config", "entities", "--predictions", pred, "--dataset", tmp_path / "none"
    )
    assert status == 2 and "konews build" in err and "--gold FILE" in err


@pytest.mark.parametrize("config", evaluate.SCORED_CONFIGS)
def test_a_standoff_gold_asks_for_hydration(dataset, config):
    rows = gold(dataset, config).rows
    for r in rows:  # what `konews build --standoff` writes
        for key, empty in (("text", None), ("sentence", None), ("chars", [])):
            if key in r:
                r[key] = empty
    with pytest.raises(KoNewsError, match=r"gold:1: .*--standoff.*konews hydrate --sources DIR"):
        evaluate.score(config, rows, [], allow_missing=True, bootstrap=0)


def test_report_keys_are_documented(dataset):
    docs = (Path(__file__).resolve().parents[2] / "docs" / "EVALUATION.md").read_text("utf-8")
    documented = set(re.findall(r"`([a-z_0-9]+)`", docs))
    for config in evaluate.SCORED_CONFIGS:
        rows = gold(dataset, config)
        report = evaluate.score(config, rows, rows.rows, bootstrap=10)
        keys = set(report) | set(report["headline"]) | set(report["bootstrap"])
        keys |= set(report["metrics"])
        assert keys <= documented, f"{config}: undocumented keys {sorted(keys - documented)}"
    result = evaluate.compare("entities", gold(dataset, "entities"), [], [], allow_missing=True)
    keys = set(result) | set(result["paired_bootstrap"])
    keys |= set(next(iter(result["paired_bootstrap"]["tests"].values())))
    assert keys <= documented, f"compare: undocumented keys {sorted(keys - documented)}"


@pytest.mark.parametrize(
    "amount",
    [
        " 20_0000_0000_0000 ",
        "-5",
        "1e309",
        "14300000000.0",
        "0143",
        "1,000",
        "١٢٣",  # Arabic-Indic digits
        "5\n",
        20000000000000,  # a JSON number, not a string
        True,
        "",
    ],
)
def test_money_amounts_must_be_exact_decimal_strings(dataset, amount):
    # Issue 11: the docs require exact decimal strings; the evaluator used to accept any
    # Decimal-parsable value ('14300000000.0', ints, '1e309'), so a malformed file scored.
    row = money_row(S["acquire"], "약 143억 달러", "14300000000", "USD", True)
    row["amount"] = amount
    with pytest.raises(PredictionError, match=r"predictions:1: amount .* not an exact decimal"):
        evaluate.score_money(evaluate.load_gold("money", dataset=dataset), [row])
