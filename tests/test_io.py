"""konews.io: atomic writes and JSONL reading."""

from __future__ import annotations

import os
import stat

import pytest

from konews.errors import KoNewsError
from konews.io import atomic_write_text, read_jsonl, write_jsonl


def test_atomic_write_gives_the_umask_mode_not_0600(tmp_path):
    # regression: mkstemp's 0600 leaked into report pages and data files
    path = tmp_path / "out.txt"
    atomic_write_text(path, "가나다\n")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert path.read_text(encoding="utf-8") == "가나다\n"


def test_atomic_write_leaves_no_partial_file_on_error(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")

    from konews.io import atomic_write_bytes

    with pytest.raises(TypeError):
        atomic_write_bytes(path, "not bytes")  # type: ignore[arg-type]  # fails inside the write
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_jsonl_round_trip_keeps_korean_and_reports_line_numbers(tmp_path):
    path = tmp_path / "rows.jsonl"
    write_jsonl(path, [{"text": "메타"}, {"n": 2}])
    assert "메타" in path.read_text(encoding="utf-8")
    assert list(read_jsonl(path)) == [(1, {"text": "메타"}), (2, {"n": 2})]
    path.write_text('{"a": 1}\n\n{"b": 2}\n{broken\n', encoding="utf-8")
    rows = read_jsonl(path)
    assert next(rows) == (1, {"a": 1})
    assert next(rows) == (3, {"b": 2})
    with pytest.raises(KoNewsError, match=r"rows.jsonl:4: not valid JSON"):
        next(rows)


def test_atomic_write_with_a_mode_never_shows_wider_permissions(tmp_path):
    path = tmp_path / "login.json"
    atomic_write_text(path, "{}", mode=0o600)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("command", [["validate"], ["stats", "--gold"], ["agreement"]])
def test_a_missing_export_is_exit_2_not_a_traceback(tmp_path, capsys, command):
    # regression: FileNotFoundError tracebacks from konews validate/stats/agreement
    from konews.cli import main

    missing = tmp_path / "nope.json"
    assert main([*command, str(missing)]) == 2
    assert "nope.json: no such file" in capsys.readouterr().err


def test_read_json_names_a_malformed_file(tmp_path):
    from konews.io import read_json

    path = tmp_path / "bad.json"
    path.write_text("{oops", encoding="utf-8")
    with pytest.raises(KoNewsError, match=r"bad.json: not valid JSON"):
        read_json(path)
