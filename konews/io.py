"""Small I/O helpers: atomic writes, JSON and JSONL with Korean kept readable."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import jsonlines

from konews.errors import KoNewsError


def atomic_write_text(path: str | Path, text: str, *, mode: int | None = None) -> None:
    """Write ``text`` (UTF-8, "\\n" line ends) atomically: see ``atomic_write_bytes``."""
    atomic_write_bytes(path, text.encode("utf-8"), mode=mode)


def atomic_write_bytes(path: str | Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` via a uniquely named temp file in the same folder
    and a rename, so a crash or an error never leaves a half-written file behind and
    concurrent writers never share a temp file. ``mode`` (e.g. 0o600 for
    credentials) is set before the rename, so the file is never visible with wider
    permissions; by default it gets what ``open()`` would give."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if mode is None:
            # mkstemp creates the file 0600; give it the mode a plain open() would.
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dumps_json(obj: object) -> str:
    """Deterministic, readable JSON (sorted keys off: callers control key order)."""
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def write_json(path: str | Path, obj: object) -> None:
    atomic_write_text(path, dumps_json(obj))


def read_json(path: str | Path) -> object:
    """Parsed JSON of ``path``; a missing, unreadable or malformed file is a
    ``KoNewsError`` naming the file (exit status 2 in the CLI, not a traceback)."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise KoNewsError(f"{path}: cannot read ({e.strerror or e}); check the path") from None
    except ValueError as e:
        raise KoNewsError(f"{path}: not valid JSON ({e})") from None


def jsonl_line(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(path: str | Path, rows: Iterable[object]) -> None:
    atomic_write_text(path, "".join(jsonl_line(r) + "\n" for r in rows))


def read_jsonl(path: str | Path) -> Iterator[tuple[int, object]]:
    """Yield ``(line_number, object)`` for each non-blank line; a bad line raises
    a ``KoNewsError`` naming the file and line."""
    with open(path, encoding="utf-8") as f:
        lines = _CountingLines(f)
        try:
            for obj in jsonlines.Reader(lines).iter(skip_empty=True):
                yield lines.count, obj
        except jsonlines.InvalidLineError as e:
            raise KoNewsError(
                f"{path}:{e.lineno}: not valid JSON ({e.args[0]}); each line must be one JSON object"
            ) from None


class _CountingLines:
    """Line iterator that remembers how many lines it has handed out, so rows
    read through ``jsonlines`` can be reported with their line number."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._it = iter(lines)
        self.count = 0

    def __iter__(self) -> _CountingLines:
        return self

    def __next__(self) -> str:
        line = next(self._it)
        self.count += 1
        return line
