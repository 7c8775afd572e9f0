"""The card's and licence's prose templates: shipped in the wheel, strict, not HTML-escaped."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import jinja2
import pytest
import yaml

from konews.corpus.synthetic import synthetic_documents
from konews.dataset.build import build_dataset
from konews.dataset.card import render_template
from konews.dataset.license import render_license

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(p.name for p in (ROOT / "konews" / "dataset" / "templates").iterdir())

INSTALLED_BUILD = """
import sys
import konews
from konews.corpus.synthetic import synthetic_documents
from konews.dataset.build import build_dataset
assert konews.__file__.startswith(sys.argv[1]), konews.__file__
build_dataset(synthetic_documents(6, seed=2), sys.argv[2])
"""


def test_an_installed_wheel_renders_the_card_from_its_own_templates(tmp_path):
    """A non-editable install has only what the wheel holds: the package data must be in it.
    The wheel is built from a copy of the sources so that the checkout gets no build/."""
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "pyproject.toml", src)
    shutil.copy(ROOT / "README.md", src)
    for package in ("konews", "baselines"):
        shutil.copytree(
            ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__", "models")
        )
    wheel = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "wheel"), str(src)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert wheel.returncode == 0, wheel.stderr[-3000:]
    [built_wheel] = (tmp_path / "wheel").glob("konews-*.whl")
    installed = tmp_path / "installed"
    with zipfile.ZipFile(built_wheel) as archive:
        names = archive.namelist()
        archive.extractall(installed)
    assert {f"konews/dataset/templates/{name}" for name in TEMPLATES} <= set(names)
    env = {**os.environ, "PYTHONPATH": str(installed)}
    out = tmp_path / "dataset"
    run = subprocess.run(
        [sys.executable, "-c", INSTALLED_BUILD, str(installed), str(out)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    assert "## Dataset description" in (out / "README.md").read_text(encoding="utf-8")
    assert "## Annotations: CC BY-SA 4.0" in (out / "LICENSE.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_name_missing_from_the_context_is_an_error_not_a_hole(name):
    with pytest.raises(jinja2.UndefinedError):
        render_template(name)


def test_markdown_is_not_html_escaped(tmp_path):
    notice = "ⓒ A&B <뉴스> \"무단 전재\" 'X'"
    docs = synthetic_documents(6, seed=3)
    docs[0] = dataclasses.replace(docs[0], meta=dataclasses.replace(docs[0].meta, copyright=notice))
    assert f"`{notice}`" in render_license(docs)
    build_dataset(docs, tmp_path / "dataset")
    card = (tmp_path / "dataset" / "README.md").read_text(encoding="utf-8")
    header = yaml.safe_load(re.match(r"---\n(.*?)\n---\n", card, re.S)[1])
    assert "<" in header["size_categories"][0]
    assert not re.search(r"&(lt|gt|amp|quot|#\d+);", card)
