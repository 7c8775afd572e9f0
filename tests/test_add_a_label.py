"""Adding an entity label is a change to ``konews/schema.py`` alone, then regenerating.

In a copy of the package and the annotation, the test adds a label to the schema
(the enum, its description and its KLUE projection: all in schema.py), relabels one
gold span with it (the annotators' part), regenerates the labeling config, builds
the dataset and loads it with ``datasets.load_dataset``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from datasets import load_dataset

ROOT = Path(__file__).resolve().parents[1]
NEW = "EVENT_NAME"
SCHEMA_EDITS = (  # (anchor in schema.py, what goes after it)
    ('    WORK = "WORK"\n', f'    {NEW} = "{NEW}"\n'),
    (
        'game.",\n',
        f'    "{NEW}": "A named event: festival, tournament, expo (\'부산국제영화제\').",\n',
    ),
    ('    "WORK": None,\n', f'    "{NEW}": None,\n'),
)


def _konews(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(repo), "HF_DATASETS_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "konews", *args],
        cwd=repo, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def _relabel_one_span(gold: Path) -> str:
    """Give the new label to one entity that no relation uses; its surface text."""
    export = json.loads(gold.read_text(encoding="utf-8"))
    for task in export:
        result = task["annotations"][0]["result"]
        linked = {r[k] for r in result if r["type"] == "relation" for k in ("from_id", "to_id")}
        for r in result:
            if r.get("from_name") == "entity" and r["id"] not in linked:
                if r["value"]["labels"] != ["MONEY"]:  # MONEY carries money values
                    r["value"]["labels"] = [NEW]
                    gold.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
                    return task["data"]["text"][r["value"]["start"] : r["value"]["end"]]
    pytest.fail("no entity outside every relation in the gold")


def test_a_label_added_in_the_schema_alone_builds_and_loads(tmp_path):
    repo = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__")
    for folder in ("konews", "baselines"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=ignore)
    (repo / "annotation").mkdir()
    for name in ("gold.json", "label_config.xml"):
        shutil.copy(ROOT / "annotation" / name, repo / "annotation" / name)
    schema = repo / "konews" / "schema.py"
    text = schema.read_text(encoding="utf-8")
    for anchor, added in SCHEMA_EDITS:
        assert text.count(anchor) == 1, f"schema.py changed: {anchor!r} is not unique"
        text = text.replace(anchor, anchor + added)
    schema.write_text(text, encoding="utf-8")
    surface = _relabel_one_span(repo / "annotation" / "gold.json")

    stale = _konews(repo, "ls", "config", "--check")
    assert stale.returncode == 1 and "stale" in stale.stderr
    regenerated = _konews(repo, "ls", "config")
    assert regenerated.returncode == 0, regenerated.stderr
    config = (repo / "annotation" / "label_config.xml").read_text(encoding="utf-8")
    assert f'<Label value="{NEW}"' in config
    built = _konews(repo, "build", "--annotation", "annotation", "--out", "dataset")
    assert built.returncode == 0, built.stderr

    cache = str(tmp_path / "cache")
    ner = load_dataset(str(repo / "dataset"), "ner_char", split="test", cache_dir=cache)
    names = ner.features["fine_tags"].feature.names
    assert f"B-{NEW}" in names and f"I-{NEW}" in names
    entities = load_dataset(str(repo / "dataset"), "entities", split="test", cache_dir=cache)
    label = entities.features["entities"].feature["label"]
    found = [
        row["text"][e["start"] : e["end"]]
        for row in entities
        for e in row["entities"]
        if label.int2str(e["label"]) == NEW
    ]
    assert found == [surface]
