"""`konews build` never loses data: removals need consent, foreign files survive, the folder
always exists (even when the build is killed), and killed builds leave nothing behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from konews.cli import main
from konews.corpus.synthetic import synthetic_documents
from konews.dataset.build import build_dataset, foreign_files
from konews.dataset.rows import read_documents
from konews.errors import KoNewsError
from konews.io import write_json
from konews.labelstudio.tasks import tasks_from_documents

DOCS = synthetic_documents(12, seed=5)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("keep", [0, 1, 11])
def test_a_build_that_would_drop_documents_refuses_and_names_them(tmp_path, keep):
    out = tmp_path / "dataset"
    build_dataset(DOCS, out)
    before = _tree(out)
    with pytest.raises(
        KoNewsError, match=rf"would drop {12 - keep} document\(s\).*--allow-removals"
    ):
        build_dataset(DOCS[:keep], out)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


def test_removals_go_through_when_allowed(tmp_path):
    out = tmp_path / "dataset"
    build_dataset(DOCS, out)
    build_dataset(DOCS[:3], out, allow_removals=True)
    assert sorted(d.id for d in read_documents(out)) == sorted(d.id for d in DOCS[:3])


def test_an_empty_export_does_not_wipe_the_dataset_through_the_cli(tmp_path, capsys):
    annotation = tmp_path / "annotation"
    write_json(annotation / "gold.json", tasks_from_documents(DOCS))
    out = tmp_path / "dataset"
    assert main(["build", "--annotation", str(annotation), "--out", str(out)]) == 0
    before = _tree(out)
    write_json(annotation / "gold.json", [])
    assert main(["build", "--annotation", str(annotation), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "would drop 12 document(s)" in err and "Nothing was written" in err
    assert _tree(out) == before


def test_files_the_build_did_not_write_are_kept(tmp_path):
    out = tmp_path / "dataset"
    build_dataset(DOCS, out)
    (out / ".gitattributes").write_text("*.jsonl linguist-generated\n", encoding="utf-8")
    (out / "NOTES.md").write_text("my notes\n", encoding="utf-8")
    (out / "data" / "mine").mkdir()
    (out / "data" / "mine" / "x.txt").write_text("x", encoding="utf-8")
    assert foreign_files(out) == [".gitattributes", "NOTES.md", "data/mine/x.txt"]
    changed = [replace(DOCS[0], entities=DOCS[0].entities[:1], money=(), events=()), *DOCS[1:]]
    build_dataset(changed, out)
    assert (out / "NOTES.md").read_text(encoding="utf-8") == "my notes\n"
    assert (out / ".gitattributes").is_file() and (out / "data" / "mine" / "x.txt").is_file()


def test_out_pointing_at_a_file_is_a_one_line_error(tmp_path, capsys):
    annotation = tmp_path / "annotation"
    write_json(annotation / "gold.json", tasks_from_documents(DOCS))
    target = tmp_path / "file.txt"
    target.write_text("not a folder", encoding="utf-8")
    assert main(["build", "--annotation", str(annotation), "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert "a file, not a folder" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "not a folder"


def test_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path):
    out = tmp_path / "dataset"
    build_dataset(DOCS, out)
    for name in (".dataset.build-abc123", ".dataset.old-def456"):
        (tmp_path / name / "data").mkdir(parents=True)
    build_dataset(DOCS, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]


KILLED = """
import sys
from konews.corpus.synthetic import synthetic_documents
from konews.dataset.build import build_dataset
build_dataset(synthetic_documents(int(sys.argv[2]), seed=int(sys.argv[3])), sys.argv[1],
              allow_removals=True)
"""


def test_sigkill_at_random_points_never_loses_the_dataset(tmp_path):
    """SIGKILL a build after a random delay, many times: ``dataset/`` is always a complete
    build (the old one or the new one), and the next build leaves no stray folder."""
    out = tmp_path / "dataset"
    build_dataset(synthetic_documents(200, seed=1), out)
    complete = {_tree(out)["README.md"]}
    rng = random.Random(7)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    for attempt in range(12):
        seed = 2 + attempt % 2  # two alternating versions of the data
        proc = subprocess.Popen([sys.executable, "-c", KILLED, str(out), "200", str(seed)], env=env)
        time.sleep(rng.uniform(0.3, 2.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert out.is_dir(), f"attempt {attempt}: dataset/ is missing after a kill"
        docs = read_documents(out)  # parses every row of the documents config
        assert len(docs) == 200
        card = _tree(out)["README.md"]
        complete.add(card)
    # at most: the first build and the two versions the killed builds were writing
    assert len(complete) <= 3
    build_dataset(synthetic_documents(200, seed=1), out, allow_removals=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset"]
