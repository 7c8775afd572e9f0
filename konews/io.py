"""Small I/O helpers: atomic writes, JSON and JSONL with Korean kept readable."""

from __future__ import annotations

import json
import os
import re
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
    """Parsed JSON of ``path``; a missing, unreadable, non-UTF-8, malformed or
    absurdly nested file, or one with lone surrogates (text no UTF-8 file can
    hold), is a ``KoNewsError`` naming the file (exit status 2 in the CLI)."""
    text = read_text(path)
    try:
        obj = json.loads(text)
    except RecursionError:
        raise KoNewsError(f"{path}: {_TOO_DEEP}") from None
    except ValueError as e:
        raise KoNewsError(
            f"{path}: not valid JSON ({e}); fix the file or export it again"
        ) from None
    if _MAYBE_SURROGATE.search(text):
        _check_surrogates(obj, str(path))
    return obj


def read_text(path: str | Path) -> str:
    """The UTF-8 text of ``path``; a missing file, a folder or bytes that are not
    UTF-8 are a ``KoNewsError`` naming the file (and line)."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise KoNewsError(f"{path}:{line}: {_not_utf8(e)}") from None


def read_bytes(path: str | Path) -> bytes:
    """The bytes of ``path``; a missing file or a folder is a ``KoNewsError``
    saying which (a folder is not reported as a missing file)."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise KoNewsError(describe_os_error(path, e)) from None


def describe_os_error(path: str | Path, e: OSError) -> str:
    """One line for an ``OSError`` on ``path``: what is wrong and how to fix it."""
    if isinstance(e, IsADirectoryError) or (
        Path(path).is_dir() and not isinstance(e, PermissionError)
    ):
        return f"{path}: a folder, not a file; pass the file inside it"
    if isinstance(e, FileNotFoundError):
        return f"{path}: no such file; check the path"
    if isinstance(e, PermissionError):
        return f"{path}: permission denied; check the file's permissions"
    return f"{path}: cannot read ({e.strerror or e}); check the path"


def check_output_path(path: str | Path, option: str = "--output") -> None:
    """Refuse, before any work is done, an output path that cannot be written:
    a folder, a path under a regular file, or a folder without write permission.
    A missing parent folder is fine (``atomic_write_bytes`` creates it)."""
    path = Path(path)
    if path.is_dir():
        raise KoNewsError(
            f"{option} {path}: a folder; pass a file name (a new one, or one to replace)"
        )
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise KoNewsError(f"{option} {path}: {parent} is a file, not a folder; choose another path")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise KoNewsError(
            f"{option} {path}: cannot write in {parent} (permission denied); choose a writable path"
        )


_TOO_DEEP = (
    "nested too deeply to read (thousands of brackets); this is not an export or a prediction file"
)
# A \uD800-\uDFFF escape: only then can json.loads produce a lone surrogate.
_MAYBE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def _not_utf8(e: UnicodeDecodeError) -> str:
    return f"not UTF-8 (byte {e.object[e.start]:#04x}); save the file as UTF-8"


def _check_surrogates(obj: object, where: str) -> None:
    """Refuse lone surrogates (``"\\ud800"`` escapes): they are not characters,
    cannot be written as UTF-8, and would crash a later step far from the input."""
    stack = [obj]
    while stack:
        x = stack.pop()
        if isinstance(x, str):
            try:
                x.encode("utf-8")
            except UnicodeEncodeError as e:
                raise KoNewsError(
                    f"{where}: a lone surrogate ({x[e.start]!a}) in {x[:30]!r}; "
                    "escape whole characters only (an unpaired \\ud800-\\udfff is not text)"
                ) from None
        elif isinstance(x, dict):
            stack.extend(x.keys())
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)


def jsonl_line(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(path: str | Path, rows: Iterable[object]) -> None:
    atomic_write_text(path, "".join(jsonl_line(r) + "\n" for r in rows))


def read_jsonl(path: str | Path) -> Iterator[tuple[int, object]]:
    """Yield ``(line_number, object)`` for each non-blank line; a bad line (not
    UTF-8, not JSON, nested too deeply, a lone surrogate) raises a ``KoNewsError``
    naming the file and line."""
    try:
        f = open(path, "rb")  # decoded per line below, so an error can name its line
    except OSError as e:
        raise KoNewsError(describe_os_error(path, e)) from None
    with f:
        lines = _CountingLines(_decoded(f, path))
        try:
            for obj in jsonlines.Reader(lines).iter(skip_empty=True):
                if lines.maybe_surrogate:
                    _check_surrogates(obj, f"{path}:{lines.count}")
                yield lines.count, obj
        except jsonlines.InvalidLineError as e:
            if "depth limit" in e.args[0]:  # the JSON decoder's own nesting limit
                raise KoNewsError(f"{path}:{e.lineno}: {_TOO_DEEP}") from None
            raise KoNewsError(
                f"{path}:{e.lineno}: not valid JSON ({e.args[0]}); each line must be one JSON object"
            ) from None
        except RecursionError:
            raise KoNewsError(f"{path}:{lines.count}: {_TOO_DEEP}") from None


def _decoded(f: Iterable[bytes], path: str | Path) -> Iterator[str]:
    for number, raw in enumerate(f, 1):
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise KoNewsError(f"{path}:{number}: {_not_utf8(e)}") from None


class _CountingLines:
    """Line iterator that remembers how many lines it has handed out, so rows
    read through ``jsonlines`` can be reported with their line number."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._it = iter(lines)
        self.count = 0
        self.maybe_surrogate = False

    def __iter__(self) -> _CountingLines:
        return self

    def __next__(self) -> str:
        line = next(self._it)
        self.count += 1
        self.maybe_surrogate = bool(_MAYBE_SURROGATE.search(line))
        return line
