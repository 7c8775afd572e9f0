"""Writing the dataset folder: data files, card, atomic replacement, staleness check.

``build_dataset(documents, out)`` checks the documents (``konews.dataset.check``),
writes every config's rows (``konews.dataset.rows``) split by ``konews.corpus.splits``
into a temporary sibling of ``out``, renders the card (``konews.dataset.card``) and
only then swaps the new folder in, so bad gold or a crash leaves ``out`` as it
was. Rows are written in a fixed order with fixed key order, so the same
documents always give byte-identical files (``stale_files`` relies on it).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from konews.corpus.splits import SPLITS, split_of
from konews.dataset.build_report import BuildReport, DataFile
from konews.dataset.card import render_card
from konews.dataset.check import prepare
from konews.dataset.features import CARD, CONFIGS, GENERATED_BY
from konews.dataset.license import render_license
from konews.dataset.rows import rows_of
from konews.errors import KoNewsError
from konews.io import jsonl_line
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


def write_tree(documents: list[Document], folder: Path, *, standoff: bool = False) -> BuildReport:
    """Write data files and card for prepared documents into an empty ``folder``."""
    report = BuildReport(standoff=standoff, stats={split: Counter() for split in SPLITS})
    by_split: dict[str, list[Document]] = {split: [] for split in SPLITS}
    for doc in documents:
        by_split[split_of(doc.id)].append(doc)
    for split in SPLITS:
        for doc in by_split[split]:
            _count(report.stats[split], doc)
    for split in SPLITS:
        report.files += _write_split(by_split[split], folder, split, standoff, report)
    report.files.sort(key=lambda f: (CONFIGS.index(f.config), SPLITS.index(f.split)))
    examples = {}
    for config in CONFIGS:
        for split in reversed(SPLITS):  # prefer test, the seed documents
            if (config, split) in report.examples:
                examples[config] = report.examples[(config, split)]
                break
    report.examples = examples
    (folder / CARD).write_bytes(render_card(report, documents).encode("utf-8"))
    (folder / "LICENSE.md").write_bytes(render_license(documents).encode("utf-8"))
    return report


def _write_split(
    docs: list[Document], folder: Path, split: str, standoff: bool, report: BuildReport
) -> list[DataFile]:
    """Write every config's file of one split, one pass over the documents."""
    handles: dict[str, object] = {}
    digests = {config: hashlib.sha256() for config in CONFIGS}
    sizes, counts = Counter(), Counter()
    try:
        for doc in docs:
            for config, rows in rows_of(doc, standoff=standoff).items():
                for row in rows:
                    if config not in handles:
                        path = folder / "data" / config / f"{split}.jsonl"
                        path.parent.mkdir(parents=True, exist_ok=True)
                        handles[config] = open(path, "wb")  # closed in finally
                        report.first_rows[(config, split)] = row
                    data = (jsonl_line(row) + "\n").encode("utf-8")
                    handles[config].write(data)
                    digests[config].update(data)
                    sizes[config] += len(data)
                    counts[config] += 1
                    if (config, split) not in report.examples and _is_example(config, row):
                        report.examples[(config, split)] = row
    finally:
        for handle in handles.values():
            handle.close()
    # `datasets` cannot load a split with no rows, so empty splits get no file.
    return [
        DataFile(f"data/{c}/{split}.jsonl", c, split, counts[c], sizes[c], digests[c].hexdigest())
        for c in CONFIGS
        if counts[c]
    ]


def _is_generated(folder: Path) -> bool:
    card = folder / CARD
    if not folder.exists() or not any(folder.iterdir()):
        return True
    return card.is_file() and GENERATED_BY in card.read_text(encoding="utf-8", errors="replace")


def build_dataset(
    documents: Iterable[Document], out: str | Path, *, standoff: bool = False
) -> BuildReport:
    """Check ``documents`` and (re)write the dataset folder ``out`` atomically:
    everything is written into a temporary sibling folder that replaces ``out``
    only when complete, so bad gold or a crash leaves ``out`` as it was."""
    out = Path(out)
    docs = prepare(documents)
    if not _is_generated(out):
        raise KoNewsError(
            f"{out}: exists and is not a dataset folder written by `konews build` (no generated "
            f"{CARD}); refusing to replace it. Pick another --out or remove it yourself"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.build-"))
    try:
        _chmod_like_mkdir(tmp)
        report = write_tree(docs, tmp, standoff=standoff)
        if out.exists():
            old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
            os.replace(out, old / out.name)
            os.replace(tmp, out)
            shutil.rmtree(old)
        else:
            os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return report


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
    documents: Iterable[Document], out: str | Path, *, standoff: bool = False
) -> list[str]:
    """What differs between ``out`` and a fresh build of ``documents``: one line
    per missing, extra or changed file; empty when ``out`` is up to date."""
    docs = prepare(documents)
    with tempfile.TemporaryDirectory(prefix="konews-check-") as tmp:
        write_tree(docs, Path(tmp), standoff=standoff)
        fresh, current = _tree_files(Path(tmp)), _tree_files(Path(out))
        lines = [f"missing: {name}" for name in fresh if name not in current]
        lines += [f"not generated by the build: {name}" for name in current if name not in fresh]
        lines += [
            f"changed: {name}"
            for name in fresh
            if name in current and fresh[name].read_bytes() != current[name].read_bytes()
        ]
    return lines
