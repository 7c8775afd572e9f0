"""README's commands, run for real so the README cannot rot.

Blocks marked ``<!-- readme-test -->`` (shell) or ``<!-- readme-test: python -->``
run in a fresh clone of the repository (committed state plus the working tree's
generated data, copied), with the ``konews`` of this environment on PATH; a
block marked ``<!-- readme-test: output -->`` right after one must equal what it
printed. The two setup commands (``scripts/run-all.sh``, ``scripts/test.sh``)
are not run here: the test command is what CI runs, and the main job's steps
(validate, build --check, baselines) are the commands tested here and in
tests/test_baselines_run.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_BLOCK = re.compile(
    r"<!-- readme-test(?:: (?P<kind>\w+)(?: (?P<needs>\w+))?)? -->\n```(?P<lang>\w*)\n"
    r"(?P<body>.*?)```",
    re.S,
)
# A block marked `<!-- readme-test: python klue -->` shows the KLUE news layer: it runs when
# the layer was built (its files are generated from KLUE-NER, never committed).
_LAYER_BUILT = ROOT / "dataset" / "data" / "entities" / "klue-test.jsonl"


def readme_blocks() -> list[tuple[str, str, str | None, str | None]]:
    """``(kind, body, expected_output, needs)`` for every marked block, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = list(_BLOCK.finditer(text))
    out = []
    for i, m in enumerate(blocks):
        kind = m["kind"] or "shell"
        if kind == "output":
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        expected = nxt["body"] if nxt is not None and nxt["kind"] == "output" else None
        out.append((kind, m["body"], expected, m["needs"]))
    return out


def test_readme_has_tested_blocks():
    kinds = [k for k, _, _, _ in readme_blocks()]
    assert kinds.count("shell") >= 3 and kinds.count("python") >= 2


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    dest = tmp_path_factory.mktemp("readme") / "konews"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(dest)], check=True)
    # the clone has the committed files; bring over uncommitted generated data so
    # the test also runs on a working tree (in CI the clone is the same commit)
    for rel in ("dataset", "baselines/predictions", "annotation"):
        if (ROOT / rel).exists():
            shutil.rmtree(dest / rel, ignore_errors=True)
            shutil.copytree(ROOT / rel, dest / rel)
    return dest


@pytest.mark.parametrize("index", range(len(readme_blocks())))
def test_readme_block_runs(clone, index, tmp_path):
    kind, body, expected, needs = readme_blocks()[index]
    if needs == "klue" and not _LAYER_BUILT.is_file():
        pytest.skip("needs the KLUE news layer built: `konews build` with KLUE-NER available")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "HF_DATASETS_CACHE": str(tmp_path / "hf"),  # never a stale cache (see recipes)
    }
    if kind == "python":
        cmd = [sys.executable, "-c", body]
    else:
        cmd = ["bash", "-euo", "pipefail", "-c", body]
    proc = subprocess.run(cmd, cwd=clone, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, (
        f"README block {index} failed:\n{body}\n{proc.stdout}\n{proc.stderr}"
    )
    if expected is not None:
        assert proc.stdout == expected


def test_leaderboard_in_readme_is_results_md():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- results:begin -->\n", 1)[1].split("<!-- results:end -->", 1)[0]
    results = ROOT / "baselines" / "RESULTS.md"
    if not results.exists():
        pytest.skip("baselines/RESULTS.md not generated yet: run `konews baselines run`")
    assert block == results.read_text(encoding="utf-8"), (
        "run `konews baselines run` to refresh the README"
    )
