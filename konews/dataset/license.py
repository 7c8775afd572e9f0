"""The dataset's LICENSE file: the annotations' licence and the publishers' terms for the text."""

from __future__ import annotations

from collections import Counter

from konews.corpus.klue import is_layer_id
from konews.dataset.card import markdown_table
from konews.dataset.features import MARKER
from konews.records import Document

_RESTRICTIONS = (("재배포", "redistribution"), ("AI 학습", "use for AI training"))


def _restrictions(notices: dict[str, Counter]) -> str:
    """'The notice of 연합뉴스 forbids redistribution and use for AI training. ', from the notices."""
    out = []
    for publisher in sorted(notices):
        text = " ".join(notices[publisher])
        what = [english for korean, english in _RESTRICTIONS if korean in text and "금지" in text]
        if what:
            out.append(f"The notice of {publisher} forbids {' and '.join(what)}. ")
    return "".join(out)


def render_license(documents: list[Document]) -> str:
    notices: dict[str, Counter] = {}
    for d in documents:
        notices.setdefault(d.meta.publisher, Counter())[d.meta.copyright] += 1
    rows = [[p, n, f"`{notice}`" if notice else "(none printed)"]
            for p in sorted(notices) for notice, n in sorted(notices[p].items())]  # fmt: skip
    return "\n\n".join([
        "# Licenses of the KoNews dataset",
        MARKER,
        "KoNews mixes two kinds of material with different owners.",
        "## Annotations: CC BY-SA 4.0\n\nThe annotations (spans, labels, money normalizations, "
        "events, ids, offsets, sentence boundaries, hashes and statistics) are licensed under the "
        "Creative Commons Attribution-ShareAlike 4.0 International license.",
        "## Texts: their publishers'\n\nThe article texts and headlines belong to their "
        "publishers and are not licensed by KoNews. Their notices, verbatim from the pages:",
        markdown_table(["publisher", "documents", "notice"], rows),
        _restrictions(notices)
        + "Use the full-text folder only where your jurisdiction's exceptions for research allow "
        "it; to share the "
        "dataset, share a standoff build (`konews build --standoff`), from which users restore "
        "the text out of their own copies of the pages with `konews hydrate`.",
        *([_KLUE] if any(is_layer_id(d.id) for d in documents) else []),
    ]) + "\n"  # fmt: skip


_KLUE = (
    "## The KLUE news layer: CC BY-SA 4.0, attribution to KLUE\n\n"
    "The sentences of the KLUE news layer (`source` = `klue`, files `data/*/klue-*.jsonl`) are "
    "the Wikitree news sentences of the KLUE-NER v1.1 dev set (Park et al., *KLUE: Korean "
    "Language Understanding Evaluation*, NeurIPS Datasets and Benchmarks 2021), licensed CC "
    "BY-SA 4.0 by the KLUE authors; the texts come from Wikitree. KoNews's re-annotation and the "
    "errata (`klue_errata.jsonl`) are CC BY-SA 4.0 too, as ShareAlike requires. The KoNews "
    "repository holds only the annotations (ids, offsets, text hashes); `konews build` puts the "
    "text back from KLUE-NER (`--klue PATH`, `../shared/data/klue-ner-v1.1/`, or the Hugging "
    "Face hub's `klue/klue`), so these files are generated, never committed."
)
