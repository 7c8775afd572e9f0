"""`konews benchmark file` and the community leaderboard (konews.benchmark.leaderboard)."""

from __future__ import annotations

import json

import pytest

from konews.benchmark import leaderboard
from konews.cli import main
from konews.io import read_jsonl, write_jsonl


def _bench(capsys, *args) -> tuple[int, str, str]:
    code = main(["benchmark", "file", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("config", ["entities", "ner_char"])
def test_gold_as_predictions_scores_100_and_makes_a_row(dataset_dir, tmp_path, capsys, config):
    board = tmp_path / "board"
    out = tmp_path / "run"
    gold = dataset_dir / "data" / config / "test.jsonl"
    code, stdout, _ = _bench(capsys, gold, "--config", config, "--dataset", dataset_dir,
                             "--name", "gold", "--out", out, "--bootstrap", 50,
                             "--add-to-leaderboard", "--leaderboard", board)  # fmt: skip
    assert code == 0
    row = json.loads((out / "row.json").read_text(encoding="utf-8"))
    assert row["kind"] == "file" and row["config"] == config and row["split"] == "test"
    assert all(s["value"] == 1.0 for s in row["scores"].values())
    assert row["sentences_per_second"] is None and row["predictions_file"] == "test.jsonl"
    assert row["dataset"] == "dataset"  # never the machine's absolute path
    assert [r for _, r in read_jsonl(board / "community.jsonl")] == [row]
    page = (board / "COMMUNITY.md").read_text(encoding="utf-8")
    assert f"## {config} (test split)" in page and "| gold | file |" in page
    assert "added the row of 'gold'" in stdout


def test_a_rerun_replaces_its_row_and_other_rows_stay(dataset_dir, tmp_path, capsys):
    board = tmp_path / "board"
    gold = dataset_dir / "data" / "entities" / "test.jsonl"
    half = tmp_path / "half.jsonl"
    rows = [r for _, r in read_jsonl(gold)]
    write_jsonl(half, [{**r, "entities": r["entities"][:1]} for r in rows])
    common = [
        "--dataset",
        dataset_dir,
        "--bootstrap",
        0,
        "--add-to-leaderboard",
        "--leaderboard",
        board,
    ]
    for name, preds in (("a", gold), ("b", half), ("a", half)):
        code, _, _ = _bench(capsys, preds, "--name", name, "--out", tmp_path / name, *common)
        assert code == 0
    board_rows = [r for _, r in read_jsonl(board / "community.jsonl")]
    assert [r["name"] for r in board_rows] == ["a", "b"]
    assert board_rows[0]["scores"] == board_rows[1]["scores"] != {}
    assert board_rows[0]["scores"]["strict_micro_f1"]["value"] < 1.0


def test_a_bad_prediction_file_leaves_no_output(dataset_dir, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "nope", "entities": []}\n', encoding="utf-8")
    out, board = tmp_path / "run", tmp_path / "board"
    code, _, err = _bench(capsys, bad, "--dataset", dataset_dir, "--out", out,
                          "--add-to-leaderboard", "--leaderboard", board)  # fmt: skip
    assert code == 2 and f"{bad}:1: unknown sentence id 'nope'" in err
    assert not out.exists() and not board.exists()


def test_an_unknown_split_is_a_clear_error(dataset_dir, tmp_path, capsys):
    code, _, err = _bench(capsys, tmp_path / "x.jsonl", "--dataset", dataset_dir, "--split", "dev")
    assert code == 2 and "cannot load split 'dev'" in err


def test_render_orders_by_strict_f1_and_shows_endpoint_facts():
    base = {"config": "entities", "split": "test", "scheme": "fine", "date": "2026-11-25"}
    rows = [
        {**base, "name": "low", "kind": "hf", "model": "m", "parameters": 110_000_000,
         "device": "cpu", "batch_size": 8, "sentences_per_second": 12.5,
         "scores": {"strict_micro_f1": {"value": 0.5, "low": 0.4, "high": 0.6}}},
        {**base, "name": "high", "kind": "openai", "model": "llm", "requests": 71,
         "tokens": {"prompt": 70000, "completion": 5000}, "failures": 2,
         "scores": {"strict_micro_f1": {"value": 0.8, "low": None, "high": None}}},
    ]  # fmt: skip
    page = leaderboard.render(rows)
    high, low = page.index("| high |"), page.index("| low |")
    assert high < low
    assert "| 80.0 |" in page and "50.0 [40.0, 60.0]" in page and "110.0M" in page
    assert "71 requests, 70,000+5,000 tokens, 2 failed" in page and "cpu, batch 8" in page
