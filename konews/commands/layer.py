"""``konews layer``: the annotators' tooling for the KLUE news layer (see konews/klue_layer.py).

- ``prepare`` writes the working chunks (pass 1 pre-annotated from KLUE's spans, pass 2 bare)
  into ``annotation/klue/work/`` (ignored by git: they hold KLUE's text).
- ``check CHUNK...`` parses and validates annotated chunks; exit 1 on any problem.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

WORK = Path("annotation/klue/work")
SAMPLE = Path("annotation/klue/pass2-sample.txt")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "layer",
        help="KLUE news layer: prepare annotation chunks, check annotated chunks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("action", choices=["prepare", "check"])
    p.add_argument("chunks", type=Path, nargs="*", help="check: annotated chunk files")
    p.add_argument("--klue", type=Path, help="KLUE-NER v1.1 dev TSV (default: ../shared/...)")
    p.add_argument("--out", type=Path, default=WORK, help="prepare: the working folder")
    p.add_argument("--chunk-size", type=int, default=50)
    p.add_argument("--quiet", action="store_true", help="check: only problems and the total")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.klue import load_klue
    from konews.klue_layer import klue_texts, require_layer

    sentences, where = load_klue(args.klue)
    texts = klue_texts(sentences)
    require_layer(texts)
    if args.action == "prepare":
        return _prepare(args, sentences, where)
    return _check(args, texts)


def _prepare(args, sentences, where: str) -> int:
    from konews.io import atomic_write_text
    from konews.klue_layer import (
        klue_projection,
        layer_document,
        layer_sentences,
        pass2_sample,
        render_bare_chunk,
        render_chunk,
    )

    layer = layer_sentences(sentences)
    ids = [s.id for s in layer]
    sample = pass2_sample(ids)
    atomic_write_text(SAMPLE, "".join(f"{sid}\n" for sid in sample))
    size = args.chunk_size
    for n in range(0, len(layer), size):
        part = layer[n : n + size]
        header = (
            f"KLUE news layer, pass 1, chunk {n // size:03d} ({len(part)} sentences from {where}).\n"
            "Pre-annotated from KLUE-NER's human spans (QT split into MONEY by the normalizer):\n"
            "a proposal. Read every sentence against annotation/GUIDELINES.md and correct it."
        )
        path = args.out / "pass1" / f"chunk-{n // size:03d}.ann"
        if path.exists():
            print(f"{path}: exists, left as is")
            continue
        atomic_write_text(path, render_chunk([klue_projection(s) for s in part], header))
    by_id = {s.id: s for s in layer}
    chosen = [by_id[sid] for sid in sample]
    for n in range(0, len(chosen), size):
        part = chosen[n : n + size]
        header = (
            f"KLUE news layer, pass 2 (independent), chunk {n // size:03d} ({len(part)} sentences).\n"
            "Bare text: annotate from the guidelines alone."
        )
        path = args.out / "pass2" / f"chunk-{n // size:03d}.ann"
        if path.exists():
            print(f"{path}: exists, left as is")
            continue
        atomic_write_text(path, render_bare_chunk([layer_document(s) for s in part], header))
    print(
        f"{len(layer)} sentences in {args.out / 'pass1'}; {len(sample)} sampled for pass 2 "
        f"in {args.out / 'pass2'} (ids: {SAMPLE})"
    )
    return 0


def _check(args, texts: dict[str, str]) -> int:
    from konews.errors import KoNewsError
    from konews.klue_layer import check_layer_document, money_disagreements, read_chunk

    if not args.chunks:
        raise KoNewsError("check: name the chunk files to check")
    problems = 0
    total: Counter = Counter()
    for path in args.chunks:
        try:
            chunk = read_chunk(path, texts)
        except (KoNewsError, OSError) as e:
            print(f"PROBLEM {e}")
            problems += 1
            continue
        found = [p for doc in chunk.documents for p in check_layer_document(doc)]
        for p in found:
            print(f"PROBLEM {path}: {p}")
        problems += len(found)
        for doc in chunk.documents:
            for w in money_disagreements(doc):
                print(f"warning {path}: {w}")
        labels = Counter(e.label for d in chunk.documents for e in d.entities)
        total.update(labels)
        total["sentences"] += len(chunk.documents)
        total["events"] += sum(len(d.events) for d in chunk.documents)
        total["money"] += sum(len(d.money) for d in chunk.documents)
        total["klue_errors"] += len(chunk.klue_errors)
        if not args.quiet:
            print(
                f"{path}: {len(chunk.documents)} sentences, {sum(labels.values())} entities, "
                f"{sum(len(d.events) for d in chunk.documents)} events, "
                f"{len(chunk.klue_errors)} klue_error notes"
            )
    print(f"total: {dict(total)}; {problems} problem(s)")
    return 1 if problems else 0
