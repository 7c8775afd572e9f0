"""The documentation of `konews benchmark` shows what the code does."""

from __future__ import annotations

import json
import re
from pathlib import Path

from konews.benchmark import leaderboard
from konews.benchmark.prompt import HAND_WRITTEN, build_prompt

ROOT = Path(__file__).resolve().parents[2]


def test_evaluation_md_shows_the_prompt_as_sent():
    doc = (ROOT / "docs" / "EVALUATION.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- prompt:begin -->\n```text\n(.*?)```\n<!-- prompt:end -->", doc, re.S)
    assert block, "docs/EVALUATION.md lost its prompt block"
    prompt = build_prompt()
    assert block.group(1) == prompt.system + "\n"
    user, assistant = prompt.shots[-1]
    assert f"```text\n{user}\n{assistant}\n```" in doc
    assert json.loads(assistant)["entities"] == [
        {"text": s, "label": lb} for s, lb in HAND_WRITTEN[-1][1]
    ]


def test_the_hand_written_examples_are_consistent_and_not_test_sentences(dataset_dir):
    from konews.io import read_jsonl

    for text, items in HAND_WRITTEN:
        assert all(surface in text for surface, _ in items)
    test = {r["text"] for _, r in read_jsonl(dataset_dir / "data" / "entities" / "test.jsonl")}
    assert not test & {text for text, _ in HAND_WRITTEN}


def test_community_page_is_rendered_from_its_rows():
    board = ROOT / "baselines"
    assert (board / leaderboard.PAGE).read_text(encoding="utf-8") == leaderboard.render(
        leaderboard.read_rows(board)
    ), "baselines/COMMUNITY.md is stale: rerun a `konews benchmark ... --add-to-leaderboard`"


def _folder_with_train_split(root: Path) -> Path:
    from konews.io import write_jsonl

    card = (
        "---\nconfigs:\n- config_name: entities\n  data_files:\n"
        "  - split: train\n    path: data/entities/train.jsonl\n"
        "  - split: test\n    path: data/entities/test.jsonl\n---\n"
    )
    (root / "data" / "entities").mkdir(parents=True)
    (root / "README.md").write_text(card, encoding="utf-8")

    def row(i, text, ents):
        entities = [
            {"start": text.index(s), "end": text.index(s) + len(s), "label": lb} for s, lb in ents
        ]
        return {"id": f"d{i}-s000", "doc_id": f"d{i}", "text": text, "entities": entities}

    write_jsonl(root / "data" / "entities" / "train.jsonl", [
        row(0, "별일 없는 하루였다.", []),
        row(1, "기아는 5일 신차를 내놓았다.", [("기아", "ORG"), ("5일", "DATE")]),
        row(2, "박지성 위원이 수원을 찾았다.", [("박지성", "PER"), ("수원", "LOC")]),
        row(3, "쿠팡이 대구에 물류센터를 지었다.", [("쿠팡", "ORG"), ("대구", "LOC")]),
    ])  # fmt: skip
    write_jsonl(
        root / "data" / "entities" / "test.jsonl",
        [row(9, "토스가 상장을 미뤘다.", [("토스", "ORG")])],
    )
    return root


def test_examples_come_from_the_train_split_and_never_from_the_scored_one(tmp_path):
    from konews.benchmark.prompt import prompt_for

    folder = _folder_with_train_split(tmp_path / "ds")
    prompt = prompt_for(str(folder), "test", n=2)
    assert prompt.examples_source == "first 2 train sentences with entities"
    assert [user for user, _ in prompt.shots] == [
        "기아는 5일 신차를 내놓았다.",
        "박지성 위원이 수원을 찾았다.",
    ]
    assert json.loads(prompt.shots[1][1]) == {
        "entities": [{"text": "박지성", "label": "PER"}, {"text": "수원", "label": "LOC"}]
    }
    scoring_train = prompt_for(str(folder), "train")
    assert [u for u, _ in scoring_train.shots] == [text for text, _ in HAND_WRITTEN]
    assert prompt_for(str(folder), "test", n=0).shots == ()
    # the KoNews articles have no train split: the hand-written examples; with the KLUE news
    # layer built, its train split gives them
    layer_built = (ROOT / "dataset" / "data" / "entities" / "klue-train.jsonl").is_file()
    source = prompt_for(str(ROOT / "dataset"), "test").examples_source
    assert (
        not source.startswith("hand-written") if layer_built else source.startswith("hand-written")
    )
