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


# --- every other bash block of the README and the annotators' guide (issue 11) -------------------
#
# Each line of every unmarked ```bash block runs, in order, in the clone, except the
# lines below, which need what a test cannot have offline; each says where it is
# exercised instead. Files the text names as the reader's own (their page, their
# Label Studio exports) are made first by ``_user_files``, from the repository's data.
NOT_RUN_OFFLINE = {
    r"^bash scripts/(run-all|test)\.sh": "the setup commands: CI runs them",
    r"^python3\.11 -m venv|^\.venv/bin/pip install": "installation (scripts/test.sh does it)",
    r"^konews ls (serve|push|queue|pull|roundtrip)\b": "needs a Label Studio server: "
    "tests/labelstudio run these steps against a live one",
    r"^konews benchmark openai\b": "needs an LLM endpoint: tests/benchmark/test_bench_endpoint.py "
    "runs this line against a local chat-completions server",
    r"^--concurrency": "the continuation of the endpoint line above",
    r"^konews layer\b": "needs KLUE-NER's text beside the clone: tests/layer run each step on a "
    "KLUE-format fixture and check the committed layer against KLUE",
}
GUIDES = ("README.md", "docs/ANNOTATORS.md")
_BASH = re.compile(r"(?P<marker><!-- readme-test[^>]*-->\n)?```bash\n(?P<body>.*?)```", re.S)


def guide_blocks() -> list[tuple[str, int, str]]:
    """``(guide, index, body)`` of every unmarked bash block, exempt lines dropped."""
    out = []
    for guide in GUIDES:
        text = (ROOT / guide).read_text(encoding="utf-8")
        for i, m in enumerate(_BASH.finditer(text)):
            if m["marker"]:
                continue  # run by test_readme_block_runs
            lines = [
                line
                for line in m["body"].splitlines()
                if not any(re.search(p, line.strip()) for p in NOT_RUN_OFFLINE)
            ]
            if any(line.strip() for line in lines):
                out.append((guide, i, "\n".join(lines)))
    return out


def _user_files(clone: Path) -> None:
    """The reader's own files the guides name: a new page, two passes' exports, and
    one export with two annotations per task."""
    import json

    page = clone / "page.txt"
    if not page.exists():
        page.write_text(
            "뉴스\n가나전자, 신공장에 5천억원 투자\n(서울=연합뉴스) 홍길동 기자 = 가나전자가 "
            "신공장에 5천억원을 투자한다.\n<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>\n",
            encoding="utf-8",
        )
    exports = []
    for name in ("pass1", "pass2"):
        out = clone / f"{name}.json"
        subprocess.run(
            [sys.executable, "-m", "konews", "pass", "tasks", f"annotation/passes/{name}",
             "--out", str(out)],
            cwd=clone, check=True, capture_output=True,
        )  # fmt: skip
        exports.append(json.loads(out.read_text(encoding="utf-8")))
    by_doc = {t["data"]["doc_id"]: t for t in exports[1]}
    merged = []
    for n, task in enumerate(exports[0], 1):
        other = by_doc[task["data"]["doc_id"]]["annotations"][0]
        task["id"] = n
        task["annotations"] = [
            {**task["annotations"][0], "completed_by": 1},
            {**other, "completed_by": 2},
        ]
        merged.append(task)
    (clone / "export.json").write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")


def test_every_guide_command_is_run_or_exempt_with_a_reason():
    blocks = guide_blocks()
    assert {g for g, _, _ in blocks} == set(GUIDES)
    run = "\n".join(body for _, _, body in blocks)
    for command in ("konews add-article", "konews agreement", "konews build", "konews validate"):
        assert command in run


@pytest.fixture(scope="module")
def user_clone(clone, tmp_path_factory) -> Path:
    """The clone as its reader has it: with their page and exports, made once."""
    dest = tmp_path_factory.mktemp("guides") / "konews"
    shutil.copytree(clone, dest, symlinks=True)
    _user_files(dest)
    return dest


@pytest.mark.parametrize(("guide", "index", "body"), guide_blocks(), ids=lambda x: str(x)[:20])
def test_guide_block_runs(user_clone, guide, index, body, tmp_path):
    # each block on a fresh copy: a block adds a page or rebuilds dataset/
    clone = tmp_path / "konews"
    shutil.copytree(user_clone, clone, symlinks=True)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
    }
    proc = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", body], cwd=clone, env=env, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, (
        f"{guide} block {index} failed:\n{body}\n{proc.stdout}\n{proc.stderr}"
    )
    assert "Traceback" not in proc.stderr
