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
