"""Inter-annotator agreement over Label Studio exports: every pair of annotations of a
task, or two annotators' exports."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from konews.errors import KoNewsError
from konews.gold.agreement import Agreement, agreement
from konews.labelstudio.export import annotations_of_task, documents_from_export, load_export
from konews.records import Document


def agreement_of_tasks(export: Sequence[Mapping]) -> list[Agreement]:
    """Agreement between the annotators of tasks with several annotations, one
    report per pair of annotators (Label Studio user ids), over the tasks both
    annotated. Tasks with fewer than two live annotations are left out."""
    by_pair: dict[tuple[str, str], list[tuple[Document, Document]]] = defaultdict(list)
    for index, task in enumerate(load_export(export)):
        anns = annotations_of_task(task, index)
        for i, x in enumerate(anns):
            for y in anns[i + 1 :]:
                (na, da), (nb, db) = sorted(
                    ((_annotator(x), x.document), (_annotator(y), y.document)), key=lambda t: t[0]
                )
                by_pair[(na, nb)].append((da, db))
    return [agreement(docs, a=f"annotator {na}", b=f"annotator {nb}")
            for (na, nb), docs in sorted(by_pair.items())]  # fmt: skip


def _annotator(ann) -> str:
    who = ann.completed_by
    if isinstance(who, Mapping):
        who = who.get("email") or who.get("id")
    return str(who)


def agreement_of_exports(
    export_a, export_b, *, a: str = "A", b: str = "B", annotation: str | int = "latest"
) -> Agreement:
    """Agreement of two exports (e.g. two annotation passes) on the documents
    annotated in both, matched by ``doc_id``; the ids of documents annotated on
    one side only are listed in ``unmatched``."""
    docs_a = {d.id: d for d in documents_from_export(export_a, annotation=annotation,
                                                      skip_unannotated=True)}  # fmt: skip
    docs_b = {d.id: d for d in documents_from_export(export_b, annotation=annotation,
                                                      skip_unannotated=True)}  # fmt: skip
    shared = [k for k in docs_a if k in docs_b]
    if not shared:
        raise KoNewsError(f"{a} and {b} have no annotated document in common (by doc_id)")
    report = agreement(((docs_a[k], docs_b[k]) for k in shared), a=a, b=b)
    report.unmatched = sorted(docs_a.keys() ^ docs_b.keys())
    return report
