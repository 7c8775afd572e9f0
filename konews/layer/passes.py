"""Annotation passes of the KLUE news layer: from annotated chunks to committed standoff.

``land`` reads every chunk of a pass folder, checks each sentence, and writes the pass as
standoff JSON lines (``annotation/klue/<pass>.jsonl``) with the annotators' ``@klue_error``
notes beside it (``<pass>.notes.jsonl``): what is committed of a pass, since the chunks hold
KLUE's text. ``merge`` makes the layer's gold candidate: pass 1, with the adjudicated version
of every doubly annotated sentence in place of pass 1's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from konews.errors import KoNewsError
from konews.io import read_jsonl, write_jsonl
from konews.layer.chunks import read_chunk
from konews.layer.errata import Note
from konews.records import Document


@dataclass(frozen=True, slots=True)
class Pass:
    documents: tuple[Document, ...]
    notes: tuple[Note, ...]


def read_pass_folder(
    folder: str | Path,
    texts: Mapping[str, str],
    check: Callable[[Document], list[str]] = lambda doc: [],
) -> Pass:
    """All chunks (``chunk-*.ann``) of ``folder``; raises ``KoNewsError`` listing every
    problem (file:line or sentence id) when any chunk does not parse or ``check`` finds
    problems in a sentence (the command passes the gold validator's rules)."""
    folder = Path(folder)
    paths = sorted(folder.glob("chunk-*.ann"))
    if not paths:
        raise KoNewsError(f"{folder}: no chunk-*.ann files")
    docs: list[Document] = []
    notes: list[Note] = []
    problems: list[str] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            chunk = read_chunk(path, texts)
        except KoNewsError as e:
            problems.append(str(e))
            continue
        for doc in chunk.documents:
            if doc.id in seen:
                problems.append(f"{path}: {doc.id} is also in {seen[doc.id]}")
            seen[doc.id] = path
            problems += [f"{path}: {p}" for p in check(doc)]
        docs += chunk.documents
        notes += chunk.klue_errors
    if problems:
        raise KoNewsError(
            f"{folder}: {len(problems)} problem(s); fix them with `konews layer check`:\n  "
            + "\n  ".join(problems[:30])
        )
    return Pass(tuple(docs), tuple(notes))


def require_ids(docs: Sequence[Document], expected: Iterable[str], where: str) -> None:
    have = {d.id for d in docs}
    missing = [i for i in expected if i not in have]
    if missing:
        raise KoNewsError(
            f"{where}: {len(missing)} sentence(s) not annotated, e.g. {', '.join(missing[:5])}"
        )


def notes_path(standoff: str | Path) -> Path:
    standoff = Path(standoff)
    return standoff.with_name(standoff.stem + ".notes.jsonl")


def write_notes(path: str | Path, notes: Iterable[Note]) -> None:
    rows = sorted(
        ({"id": n.sentence_id, "start": n.start, "end": n.end, "note": n.note} for n in notes),
        key=lambda r: (r["id"], r["start"], r["end"]),
    )
    write_jsonl(path, rows)


def read_notes(path: str | Path) -> list[Note]:
    path = Path(path)
    if not path.is_file():
        return []
    out = []
    for lineno, row in read_jsonl(path):
        try:
            out.append(Note(row["id"], row["start"], row["end"], row["note"]))
        except (KeyError, TypeError) as e:
            raise KoNewsError(f"{path}:{lineno}: malformed note ({e})") from None
    return out


def merge(first: Sequence[Document], adjudicated: Sequence[Document]) -> list[Document]:
    """``first`` with each sentence of ``adjudicated`` in place of its own."""
    better = {d.id: d for d in adjudicated}
    unknown = sorted(set(better) - {d.id for d in first})
    if unknown:
        raise KoNewsError(f"adjudicated sentences not in the first pass: {', '.join(unknown[:5])}")
    return [better.get(d.id, d) for d in first]


def merge_notes(
    first: Iterable[Note], adjudicated: Iterable[Note], adjudicated_ids: set[str]
) -> list[Note]:
    return [n for n in first if n.sentence_id not in adjudicated_ids] + list(adjudicated)
