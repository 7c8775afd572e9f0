"""The konews entry point: subcommand discovery, error exit status, closed pipes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def test_a_closed_pipe_does_not_turn_a_failure_into_success(tmp_path):
    # issue 11: `konews validate broken.json | head -n 1` exited 0 under pipefail
    broken = tmp_path / "broken.json"
    broken.write_text("[" + ",".join(['{"id": 1}'] * 2000) + "]")
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c",
         f"{sys.executable} -m konews validate {broken} 2>&1 | head -n 1"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode != 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("repeat", range(3))
def test_a_closed_pipe_keeps_a_success(tmp_path, repeat):
    # the documented choice (konews/cli.py): the command's own status, whatever the
    # timing. The output (about 1 MB) is far larger than a pipe's buffer, so the
    # pipe does close while the command still writes.
    text = tmp_path / "many.txt"
    text.write_text("5억원과 3천만 달러. " * 5000, encoding="utf-8")
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c",
         f"{sys.executable} -m konews money --file {text} | head -c 1"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


def test_validate_and_stats_find_the_gold_from_any_directory(tmp_path, monkeypatch, capsys):
    # regression: the default gold path was relative to the working directory, so from
    # elsewhere the gold was not found (or, given by path, skipped its corpus check)
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 0
    assert "gold.json: 0 problem(s)" in capsys.readouterr().out
    assert main(["stats"]) == 0
    assert "| 4 (2 article, 2 teaser) |" in capsys.readouterr().out


def test_one_rule_for_default_paths(tmp_path):
    # issue 11: validate/stats/corpus found the checkout from anywhere, evaluate/report/
    # build --check did not. The rule: the checkout around the working directory,
    # else the one the package was loaded from (konews/paths.py).
    from konews.paths import PACKAGE_ROOT, find_checkout

    root = Path(__file__).resolve().parents[2]
    assert find_checkout(root / "docs") == root
    assert find_checkout(tmp_path) == PACKAGE_ROOT
    clone = tmp_path / "clone"
    (clone / "konews").mkdir(parents=True)
    (clone / "konews" / "paths.py").write_text("")
    (clone / "pyproject.toml").write_text("")
    assert find_checkout(clone / "konews") == clone


@pytest.mark.parametrize("where", ["docs", "outside"])
@pytest.mark.parametrize(
    "args",
    [
        ["build", "--check"],
        ["evaluate", "--config", "money", "--predictions", "{root}/dataset/data/money/test.jsonl",
         "--bootstrap", "0"],
        ["report", "--gold", "--output", "{tmp}/gold.html"],
        ["validate"],
    ],
)  # fmt: skip
def test_commands_find_the_checkout_from_another_directory(where, args, tmp_path):
    root = Path(__file__).resolve().parents[2]
    cwd = root / "docs" if where == "docs" else tmp_path
    argv = [a.format(root=root, tmp=tmp_path) for a in args]
    proc = subprocess.run(
        [sys.executable, "-m", "konews", *argv], cwd=cwd, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
