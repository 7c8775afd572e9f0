"""The konews entry point: subcommand discovery, error exit status, closed pipes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from konews.cli import build_parser, main


def test_every_command_module_registers_a_subcommand():
    import pkgutil

    import konews.commands

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    modules = {m.name for m in pkgutil.iter_modules(konews.commands.__path__)}
    assert len(sub.choices) >= len(modules)
    for name in (
        "corpus",
        "validate",
        "build",
        "evaluate",
        "money",
        "stats",
        "ls",
        "agreement",
        "report",
    ):
        assert name in sub.choices


def test_bad_input_exits_2_with_the_message(tmp_path, capsys):
    missing = tmp_path / "nope.jsonl"
    status = main(["evaluate", "--config", "entities", "--predictions", str(missing)])
    assert status == 2
    assert "nope.jsonl" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["corpus", "--explain"], ["money", "143억 달러와 5천만원"]])
def test_a_closed_pipe_is_not_a_crash(args):
    # regression: `konews corpus --explain | head` printed a BrokenPipeError traceback
    proc = subprocess.run(
        f"{sys.executable} -m konews {' '.join(repr(a) for a in args)} | head -c 1",
        shell=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "Traceback" not in proc.stderr, proc.stderr


def test_validate_and_stats_find_the_gold_from_any_directory(tmp_path, monkeypatch, capsys):
    # regression: the default gold path was relative to the working directory, so from
    # elsewhere the gold was not found (or, given by path, skipped its corpus check)
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    assert "gold.json: 0 problem(s)" in capsys.readouterr().out
    assert main(["stats"]) == 0
    assert "| 4 (2 article, 2 teaser) |" in capsys.readouterr().out
