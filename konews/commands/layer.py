"""``konews layer``: the KLUE news layer's annotation workflow (see konews/layer/).

prepare            working chunks into annotation/klue/working/ (ignored by git: KLUE's text):
                   pass 1 pre-annotated from KLUE's spans, pass 2 bare (the fixed sample)
check CHUNK...     parse and check annotated chunks (exit 1 on any problem)
land FOLDER OUT    a whole pass folder -> standoff OUT.jsonl (+ OUT.notes.jsonl)
agreement A B      agreement of two landed passes on the sentences both annotated
tasks A [B] --out  Label Studio tasks of pass A (B's sentences replacing A's): the gold
                   candidate, to pass through `konews ls roundtrip`
gold EXPORT        the validated Label Studio export -> annotation/klue/gold.jsonl
errata             KLUE-NER errata of the gold -> annotation/klue/errata.jsonl, and a summary
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from konews.paths import KLUE_LAYER_DIR
from konews.records import Document

LAYER = KLUE_LAYER_DIR
WORK = LAYER / "working"
SAMPLE = LAYER / "pass2-sample.txt"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "layer",
        help="KLUE news layer: prepare, check and land annotation chunks; gold and errata",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "action",
        choices=[
            "prepare",
            "check",
            "land",
            "agreement",
            "adjudication",
            "tasks",
            "gold",
            "errata",
        ],
    )
    p.add_argument("paths", type=Path, nargs="*", help="chunks, folders or files (see above)")
    p.add_argument("--klue", type=Path, help="KLUE-NER v1.1 dev TSV (default: ../shared/...)")
    p.add_argument("--out", type=Path, help="prepare: the working folder; others: the output")
    p.add_argument("--chunk-size", type=int, default=50)
    p.add_argument("--quiet", action="store_true", help="check: only problems and the total")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.corpus.klue import load_klue
    from konews.layer.chunks import klue_texts, require_layer

    sentences, where = load_klue(args.klue)
    texts = klue_texts(sentences)
    require_layer(texts)
    action = {
        "prepare": lambda: _prepare(args, sentences, where),
        "check": lambda: _check(args, texts),
        "land": lambda: _land(args, texts),
        "agreement": lambda: _agreement(args, texts),
        "adjudication": lambda: _adjudication(args, texts),
        "tasks": lambda: _tasks(args, texts),
        "gold": lambda: _gold(args, texts),
        "errata": lambda: _errata(args, sentences, texts),
    }[args.action]
    return action()


def _need(args, n: int, usage: str) -> list[Path]:
    from konews.errors import KoNewsError

    if len(args.paths) != n:
        raise KoNewsError(f"{args.action}: usage: konews layer {args.action} {usage}")
    return args.paths


def _prepare(args, sentences, where: str) -> int:
    from konews.io import atomic_write_text
    from konews.layer.chunks import (
        klue_projection,
        layer_document,
        layer_sentences,
        pass2_sample,
        render_bare_chunk,
        render_chunk,
    )

    out = args.out or WORK
    layer = layer_sentences(sentences)
    sample = pass2_sample([s.id for s in layer])
    atomic_write_text(SAMPLE, "".join(f"{sid}\n" for sid in sample))
    size = args.chunk_size
    by_id = {s.id: s for s in layer}
    chosen = [by_id[sid] for sid in sample]
    for name, part_of, render, note in (
        ("pass1", layer, lambda p: render_chunk([klue_projection(s) for s in p], ""), ""),
        ("pass2", chosen, lambda p: render_bare_chunk([layer_document(s) for s in p], ""), ""),
    ):
        for n in range(0, len(part_of), size):
            part = part_of[n : n + size]
            path = out / name / f"chunk-{n // size:03d}.ann"
            if path.exists():
                print(f"{path}: exists, left as is")
                continue
            header = (
                f"# KLUE news layer, {name}, chunk {n // size:03d} ({len(part)} sentences from "
                f"{where}).\n"
                + (
                    "# Pre-annotated from KLUE-NER's human spans (QT split into MONEY by the "
                    "normalizer):\n# a proposal. Read every sentence against "
                    "annotation/GUIDELINES.md and correct it.\n"
                    if name == "pass1"
                    else "# Independent pass: bare text, annotate from the guidelines alone.\n"
                )
            )
            atomic_write_text(path, header + render(part) + note)
    print(
        f"{len(layer)} sentences in {out / 'pass1'}; {len(sample)} sampled for pass 2 "
        f"in {out / 'pass2'} (ids: {SAMPLE})"
    )
    return 0


def check_layer_document(doc: Document) -> list[str]:
    """Problems of one annotated layer sentence beyond what the markup parser checks: the
    gold validator's rules, run on the sentence's Label Studio task (``konews validate``'s
    path), so a chunk that checks clean is a task the gold accepts. Money values are not held
    to the normalizer (see ``money_disagreements``)."""
    from konews.labelstudio.tasks import tasks_from_documents
    from konews.labelstudio.validate import validate_task

    (task,) = tasks_from_documents([doc])
    task["id"] = 1  # one task on its own; the sentence id names it in the messages
    return [f"{doc.id}: {p}" for p in validate_task(task)]


def _check(args, texts: dict[str, str]) -> int:
    from konews.errors import KoNewsError
    from konews.layer.chunks import money_disagreements, read_chunk

    if not args.paths:
        raise KoNewsError("check: name the chunk files to check")
    problems = 0
    total: Counter = Counter()
    for path in args.paths:
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


def _land(args, texts: dict[str, str]) -> int:
    from konews.layer.passes import notes_path, read_pass_folder, require_ids, write_notes
    from konews.layer.standoff import write_gold

    folder, out = _need(args, 2, "FOLDER OUT.jsonl")
    landed = read_pass_folder(folder, texts, check_layer_document)
    if "pass2" in folder.name or "adjudicated" in folder.name:
        expected = SAMPLE.read_text(encoding="utf-8").split()
    else:
        expected = list(texts)
    require_ids(landed.documents, expected, str(folder))
    n = write_gold(out, landed.documents)
    write_notes(notes_path(out), landed.notes)
    print(f"wrote {n} sentences to {out} and {len(landed.notes)} notes to {notes_path(out)}")
    return 0


def _documents(path: Path, texts: dict[str, str]):
    from konews.layer.standoff import hydrate, read_gold

    return hydrate(read_gold(path), texts)


def _agreement(args, texts: dict[str, str]) -> int:
    from konews.io import write_json
    from konews.labelstudio.agreement import agreement_of_exports
    from konews.labelstudio.tasks import tasks_from_documents

    first, second = _need(args, 2, "A.jsonl B.jsonl [--out agreement.json]")
    a = {d.id: d for d in _documents(first, texts)}
    b = _documents(second, texts)
    both = [d.id for d in b if d.id in a]
    tasks_a = tasks_from_documents([a[i] for i in both])
    tasks_b = tasks_from_documents([d for d in b if d.id in a])
    report = agreement_of_exports(tasks_a, tasks_b, a=first.stem, b=second.stem)
    print(f"{len(both)} sentences annotated in both passes")
    print(report.markdown())
    if args.out:
        write_json(args.out, [standoff_report(report)])
        print(f"wrote the report to {args.out}")
    return 0


def standoff_report(report) -> dict:
    """The agreement report without KLUE's text: each disagreement as the sentence id, the
    layer, offsets and the two values (labels, money fields, event types, modalities and
    argument offsets), never the surface the report's text form quotes."""
    out = report.to_dict()
    out["disagreements"] = [
        {"id": d.doc_id, "kind": d.kind, "start": d.start, "end": d.end, "a": d.a, "b": d.b}
        for d in report.disagreements
    ]
    return out


def _adjudication(args, texts: dict[str, str]) -> int:
    from konews.io import atomic_write_text
    from konews.layer.chunks import render_adjudication
    from konews.layer.passes import notes_path, read_notes

    first, second = _need(args, 2, "PASS1.jsonl PASS2.jsonl [--out FOLDER]")
    a = {d.id: d for d in _documents(first, texts)}
    b = _documents(second, texts)
    notes = read_notes(notes_path(first))
    out = args.out or WORK / "adjudicate"
    size = args.chunk_size
    for n in range(0, len(b), size):
        part = b[n : n + size]
        body = [
            render_adjudication(a[d.id], d, [x for x in notes if x.sentence_id == d.id])
            for d in part
        ]
        header = (
            f"# KLUE news layer, adjudication, chunk {n // size:03d}: for each sentence, the two\n"
            "# passes and their differences (comments), then pass 1 to edit into the decision.\n"
        )
        atomic_write_text(out / f"chunk-{n // size:03d}.ann", header + "\n" + "\n".join(body))
    print(f"wrote {len(b)} sentences for adjudication to {out}")
    return 0


def _tasks(args, texts: dict[str, str]) -> int:
    from konews.errors import KoNewsError
    from konews.io import write_json
    from konews.labelstudio.tasks import tasks_from_documents
    from konews.layer.passes import merge

    if not 1 <= len(args.paths) <= 2 or args.out is None:
        raise KoNewsError("tasks: usage: konews layer tasks A.jsonl [ADJUDICATED.jsonl] --out F")
    docs = _documents(args.paths[0], texts)
    if len(args.paths) == 2:
        docs = merge(docs, _documents(args.paths[1], texts))
    write_json(args.out, tasks_from_documents(docs))
    print(f"wrote {len(docs)} tasks to {args.out} (they hold KLUE's text: do not commit)")
    return 0


def _gold(args, texts: dict[str, str]) -> int:
    """The pulled export is the gold when it holds exactly the annotations that were pushed
    (pass 1 with the adjudicated sentences in place): written standoff with the merged notes."""
    from konews.errors import KoNewsError
    from konews.gold.agreement import differences
    from konews.labelstudio.export import documents_from_export, load_export
    from konews.labelstudio.validate import validate_export
    from konews.layer.passes import merge, merge_notes, notes_path, read_notes, write_notes
    from konews.layer.standoff import GOLD_PATH, write_gold

    if len(args.paths) not in (2, 3):
        raise KoNewsError(
            "gold: usage: konews layer gold EXPORT.json PASS.jsonl [ADJUDICATED.jsonl] [--out F]"
        )
    export_path, *sources = args.paths
    export = load_export(export_path)
    # Money values are not held to the normalizer in the layer: they are what it is scored
    # against (the seed gold keeps that check, see `konews validate`).
    problems = [p for p in validate_export(export) if "normalizer" not in p.message]
    if problems:
        for p in problems[:30]:
            print(f"PROBLEM {p}")
        raise KoNewsError(f"{export_path}: {len(problems)} problem(s); nothing written")
    docs = documents_from_export(export)
    wrong = [d.id for d in docs if d.id not in texts or texts[d.id] != d.text]
    if wrong:
        raise KoNewsError(f"{export_path}: tasks whose text is not KLUE's: {', '.join(wrong[:5])}")
    expected = _documents(sources[0], texts)
    notes = read_notes(notes_path(sources[0]))
    if len(sources) == 2:
        adjudicated = _documents(sources[1], texts)
        expected = merge(expected, adjudicated)
        notes = merge_notes(notes, read_notes(notes_path(sources[1])), {d.id for d in adjudicated})
    pulled = {d.id: d for d in docs}
    lost = [d.id for d in expected if d.id not in pulled]
    changed = [x for d in expected if d.id in pulled for x in differences(d, pulled[d.id])]
    if lost or changed:
        shown = "\n  ".join(
            [*(f"{i}: not in the export" for i in lost[:10]), *map(str, changed[:20])]
        )
        raise KoNewsError(
            f"{export_path}: the export differs from what was pushed ({len(lost)} missing, "
            f"{len(changed)} differences):\n  {shown}\nnothing written"
        )
    out = args.out or GOLD_PATH
    n = write_gold(out, docs)
    write_notes(notes_path(out), notes)
    print(f"wrote {n} sentences to {out} and {len(notes)} notes to {notes_path(out)}")
    return 0


def _errata(args, sentences, texts: dict[str, str]) -> int:
    from konews.corpus.klue import klue_spans
    from konews.io import write_jsonl
    from konews.layer.errata import errata_of, summary, unmatched_notes
    from konews.layer.passes import notes_path, read_notes
    from konews.layer.standoff import GOLD_PATH

    gold = _documents(GOLD_PATH, texts)
    notes = read_notes(notes_path(GOLD_PATH))
    by_id = {s.id: s for s in sentences}
    errata = []
    for doc in gold:
        mine = [n for n in notes if n.sentence_id == doc.id]
        errata += errata_of(doc, klue_spans(by_id[doc.id]), mine)
    stray = unmatched_notes(errata, notes)
    out = args.out or LAYER / "errata.jsonl"
    write_jsonl(out, [e.to_json() for e in errata])
    counts = summary(errata)
    print(f"wrote {len(errata)} errata to {out}")
    for (reason, change), n in sorted(counts["change"].items()):
        print(f"  {reason:<11} {change:<15} {n}")
    for n in stray:
        print(f"note on a span the gold keeps as KLUE had it: {n.sentence_id} [{n.start}, {n.end})")
    return 0
