"""Writing the dataset folder: data files, card, atomic replacement, staleness check.

``build_dataset(documents, out)`` checks the documents (``konews.dataset.check``),
writes every config's rows (``konews.dataset.rows``) split by ``konews.corpus.splits``
into a temporary sibling of ``out``, renders the card (``konews.dataset.card``) and
only then swaps the new folder in, so bad gold or a crash leaves ``out`` as it
was. Rows are written in a fixed order with fixed key order, so the same
documents always give byte-identical files (``stale_files`` relies on it).

Each split has one file per part (``konews.paths.data_file``): the KoNews articles'
(committed) and the KLUE news layer's (``klue-<split>.jsonl``, holding KLUE's text, so
ignored by git). The card's example rows come from the KoNews articles only, so the
committed card never quotes KLUE's text.

What the build never does: drop documents that the folder had unless told
(``allow_removals``), delete files of the folder that it did not write (they are carried
over into the new folder), or leave the folder missing: the new folder is swapped in with one
atomic ``renameat2(RENAME_EXCHANGE)`` on Linux. Builds take a lock next to the folder, and
the temporary folders of a build that was killed are removed by the next one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from konews.corpus.splits import SPLITS, part_of, split_of
from konews.dataset.build_report import BuildReport, DataFile
from konews.dataset.card import render_card
from konews.dataset.check import prepare
from konews.dataset.features import CARD, CONFIGS, GENERATED_BY
from konews.dataset.license import render_license
from konews.dataset.rows import rows_of
from konews.errors import KoNewsError
from konews.io import jsonl_line
from konews.paths import PARTS, data_file
from konews.records import Document


def _count(stats: Counter, doc: Document) -> None:
    stats["documents"] += 1
    stats["sentences"] += len(doc.sentences)
    stats["characters"] += len(doc.text)
    stats["entities"] += len(doc.entities)
    stats["money"] += len(doc.money)
    stats["events"] += len(doc.events)
    stats[f"doc_type:{doc.meta.doc_type}"] += 1
    for e in doc.entities:
        stats[f"label:{e.label}"] += 1
    for m in doc.money:
        stats[f"currency:{m.currency}"] += 1
        stats[f"qualifier:{m.qualifier}"] += 1
        stats["money:approximate"] += m.approximate
        stats["money:vague"] += m.vague
        stats["money:equivalent_of"] += m.equivalent_of is not None
    for v in doc.events:
        stats[f"event:{v.type}"] += 1
        stats[f"modality:{v.modality}"] += 1
        stats["arguments"] += len(v.arguments)
        for a in v.arguments:
            stats[f"role:{a.role}"] += 1


def _is_example(config: str, row: dict) -> bool:
    """Rows worth showing in the card: ones that carry annotations."""
    if config == "entities":
        return len(row["entities"]) >= 2
    if config == "ner_char":
        return any(tag != "O" for tag in row["ner_tags"])
    if config == "events":
        return len(row["arguments"]) >= 2
    return True


def write_tree(
    documents: list[Document],
    folder: Path,
    *,
    standoff: bool = False,
    extra: dict[str, bytes] | None = None,
) -> BuildReport:
    """Write data files and card for prepared documents into an empty ``folder``;
    ``extra`` maps further file names to their bytes (the KLUE errata)."""
    report = BuildReport(standoff=standoff, stats={split: Counter() for split in SPLITS})
    by_part: dict[tuple[str, str], list[Document]] = {(p, s): [] for p in PARTS for s in SPLITS}
    for doc in documents:
        by_part[(part_of(doc.id), split_of(doc.id))].append(doc)
    for (part, split), docs in by_part.items():
        for doc in docs:
            _count(report.stats[split], doc)
            _count(report.stats.setdefault(f"{part}:{split}", Counter()), doc)
    for (part, split), docs in by_part.items():
        report.files += _write_split(docs, folder, split, part, standoff, report)
    report.files.sort(
        key=lambda f: (CONFIGS.index(f.config), SPLITS.index(f.split), PARTS.index(f.part))
    )
    examples = {}
    for config in CONFIGS:
        for split in reversed(SPLITS):  # prefer test, the seed documents
            if (config, split) in report.examples:
                examples[config] = report.examples[(config, split)]
                break
    report.examples = examples
    for name, data in (extra or {}).items():
        (folder / name).write_bytes(data)
        report.extra_files.append(name)
        if name == "klue_errata.jsonl":
            report.errata = [json.loads(line) for line in data.decode("utf-8").splitlines() if line]
    (folder / CARD).write_bytes(render_card(report, documents).encode("utf-8"))
    (folder / "LICENSE.md").write_bytes(render_license(documents).encode("utf-8"))
    return report


def _write_split(
    docs: list[Document], folder: Path, split: str, part: str, standoff: bool, report: BuildReport
) -> list[DataFile]:
    """Write every config's file of one split and part, one pass over the documents."""
    handles: dict[str, object] = {}
    digests = {config: hashlib.sha256() for config in CONFIGS}
    sizes, counts = Counter(), Counter()
    try:
        for doc in docs:
            for config, rows in rows_of(doc, standoff=standoff).items():
                for row in rows:
                    if config not in handles:
                        path = folder / data_file(config, split, part)
                        path.parent.mkdir(parents=True, exist_ok=True)
                        handles[config] = open(path, "wb")  # closed in finally
                        if part == "konews":  # the card quotes no KLUE text
                            report.first_rows[(config, split)] = row
                    data = (jsonl_line(row) + "\n").encode("utf-8")
                    handles[config].write(data)
                    digests[config].update(data)
                    sizes[config] += len(data)
                    counts[config] += 1
                    if (
                        part == "konews"
                        and (config, split) not in report.examples
                        and _is_example(config, row)
                    ):
                        report.examples[(config, split)] = row
    finally:
        for handle in handles.values():
            handle.close()
    # `datasets` cannot load a split with no rows, so empty splits get no file.
    return [
        DataFile(data_file(c, split, part), c, split, counts[c], sizes[c],
                 digests[c].hexdigest(), part)
        for c in CONFIGS
        if counts[c]
    ]  # fmt: skip


def _is_generated(folder: Path) -> bool:
    card = folder / CARD
    if not folder.exists() or not any(folder.iterdir()):
        return True
    return card.is_file() and GENERATED_BY in card.read_text(encoding="utf-8", errors="replace")


def is_generated_file(name: str) -> bool:
    """A file the build writes (and so may replace): data files, card, licence, errata."""
    parts = name.split("/")
    if len(parts) == 3 and parts[0] == "data" and parts[1] in CONFIGS:
        return parts[2].endswith(".jsonl")
    return name in (CARD, "LICENSE.md", *EXTRA_FILES)


def _document_ids(folder: Path) -> set[str]:
    """The ids of the documents a built folder holds (its ``documents`` rows, all parts)."""
    from konews.dataset.rows import read_rows

    if not (folder / "data" / "documents").is_dir():
        return set()
    try:
        return {row["id"] for row in read_rows(folder, "documents")}
    except (KoNewsError, KeyError, TypeError):
        return set()  # an unreadable old folder has nothing to protect row by row


def build_dataset(
    documents: Iterable[Document],
    out: str | Path,
    *,
    standoff: bool = False,
    extra: dict[str, bytes] | None = None,
    allow_removals: bool = False,
    expected_missing: Iterable[str] = (),
) -> BuildReport:
    """Check ``documents`` and (re)write the dataset folder ``out`` atomically:
    everything is written into a temporary sibling folder that replaces ``out``
    only when complete, so bad gold or a crash leaves ``out`` as it was.

    Refuses, naming them, to drop documents that ``out`` holds and ``documents`` lack,
    unless ``allow_removals`` (``expected_missing``: ids known to be left out on purpose,
    e.g. the KLUE layer when its text is not available). Files in ``out`` that the build
    does not write are carried over unchanged."""
    out = Path(out)
    docs = prepare(documents)
    if out.exists() and not out.is_dir():
        raise KoNewsError(f"{out}: is a file, not a folder; give --out a folder to build into")
    if not _is_generated(out):
        raise KoNewsError(
            f"{out}: exists and is not a dataset folder written by `konews build` (no generated "
            f"{CARD}); refusing to replace it. Pick another --out or remove it yourself"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    with _lock(out):
        _remove_leftovers(out)
        if not allow_removals:
            gone = sorted(_document_ids(out) - {d.id for d in docs} - set(expected_missing))
            if gone:
                shown = ", ".join(gone[:10]) + (
                    f" and {len(gone) - 10} more" if len(gone) > 10 else ""
                )
                raise KoNewsError(
                    f"{out}: this build would drop {len(gone)} document(s) the folder has: "
                    f"{shown}. Nothing was written. If the gold really lost them, rebuild with "
                    "--allow-removals; otherwise check the export you are building from"
                )
        tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.build-"))
        try:
            _chmod_like_mkdir(tmp)
            report = write_tree(docs, tmp, standoff=standoff, extra=extra)
            _carry_over_foreign_files(out, tmp)
            if out.exists():
                _swap(tmp, out)
                shutil.rmtree(tmp)  # now the old folder
            else:
                os.replace(tmp, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return report


EXTRA_FILES = ("klue_errata.jsonl",)


def foreign_files(folder: Path) -> list[str]:
    """Files of a built folder that the build did not write (a user's notes, .gitattributes)."""
    if not folder.is_dir():
        return []
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and not is_generated_file(p.relative_to(folder).as_posix())
    )


def _carry_over_foreign_files(old: Path, new: Path) -> None:
    for name in foreign_files(old):
        target = new / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(old / name, target)


@contextmanager
def _lock(out: Path):
    """One build at a time in ``out``'s parent folder (an flock on the folder itself, so no
    lock file is left behind), so a build never removes the temporary folder of another
    that is still running."""
    import fcntl  # POSIX only; KoNews runs on Linux and macOS

    fd = os.open(out.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _remove_leftovers(out: Path) -> None:
    """Temporary folders of builds that were killed before they could clean up."""
    for pattern in (f".{out.name}.build-*", f".{out.name}.old-*"):
        for path in out.parent.glob(pattern):
            shutil.rmtree(path, ignore_errors=True)


def _swap(new: Path, out: Path) -> None:
    """Exchange the folders ``new`` and ``out`` atomically, so ``out`` always exists.

    Python has no binding for renameat2(RENAME_EXCHANGE) (Linux >= 3.15, glibc >= 2.28),
    hence ctypes. Where it is missing (macOS, old kernels), two renames leave a moment in
    which ``out`` does not exist; a kill then leaves the old folder as a ``.old-`` sibling
    that the next build removes after putting the new folder in place."""
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(new), at_fdcwd, os.fsencode(out), rename_exchange) == 0:
            return
    old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
    os.replace(out, old / out.name)
    os.replace(new, out)
    os.replace(old / out.name, new)
    old.rmdir()


def _chmod_like_mkdir(path: Path) -> None:
    # mkdtemp makes the folder private (0700); the dataset is for everyone to read.
    umask = os.umask(0)
    os.umask(umask)
    path.chmod(0o777 & ~umask)


def _tree_files(folder: Path) -> dict[str, Path]:
    if not folder.is_dir():
        return {}
    return {
        p.relative_to(folder).as_posix(): p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def stale_files(
    documents: Iterable[Document],
    out: str | Path,
    *,
    standoff: bool = False,
    extra: dict[str, bytes] | None = None,
    unchecked: Iterable[str] = (),
) -> list[str]:
    """What differs between ``out`` and a fresh build of ``documents``: one line
    per missing, extra or changed file; empty when ``out`` is up to date.

    The KLUE layer's data files are generated and ignored by git: one that ``out`` lacks is
    not stale (``konews build`` writes it), one it has must be current. ``unchecked`` names
    files that cannot be compared here (the card, when the layer is not hydrated)."""
    docs = prepare(documents)
    skip = set(unchecked)
    with tempfile.TemporaryDirectory(prefix="konews-check-") as tmp:
        write_tree(docs, Path(tmp), standoff=standoff, extra=extra)
        fresh, current = _tree_files(Path(tmp)), _tree_files(Path(out))
        lines = [
            f"missing: {name}"
            for name in fresh
            if name not in current and not _is_layer_file(name) and name not in skip
        ]
        lines += [
            f"not generated by the build: {name}"
            for name in current
            if name not in fresh and name not in skip and not _is_layer_file(name)
        ]
        lines += [
            f"changed: {name}"
            for name in fresh
            if name in current
            and name not in skip
            and fresh[name].read_bytes() != current[name].read_bytes()
        ]
    return lines


def _is_layer_file(name: str) -> bool:
    return name.rsplit("/", 1)[-1].startswith("klue-")
