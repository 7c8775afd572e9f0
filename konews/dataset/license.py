"""The dataset's LICENSE file: the annotations' licence and the publishers' terms for the text.
The prose is the template ``konews/dataset/templates/license.md``."""

from __future__ import annotations

from collections import Counter

from konews.corpus.klue import is_layer_id
from konews.dataset.card import markdown_table, render_template
from konews.dataset.features import MARKER
from konews.records import Document

_RESTRICTIONS = (("재배포", "redistribution"), ("AI 학습", "use for AI training"))


def _restrictions(notices: dict[str, Counter]) -> list[tuple[str, list[str]]]:
    """(publisher, what its notice forbids) for the notices that forbid something,
    e.g. ('연합뉴스', ['redistribution', 'use for AI training'])."""
    out = []
    for publisher in sorted(notices):
        text = " ".join(notices[publisher])
        what = [english for korean, english in _RESTRICTIONS if korean in text and "금지" in text]
        if what:
            out.append((publisher, what))
    return out


def render_license(documents: list[Document]) -> str:
    notices: dict[str, Counter] = {}
    for d in documents:
        notices.setdefault(d.meta.publisher, Counter())[d.meta.copyright] += 1
    rows = [[p, n, f"`{notice}`" if notice else "(none printed)"]
            for p in sorted(notices) for notice, n in sorted(notices[p].items())]  # fmt: skip
    return render_template(
        "license.md",
        marker=MARKER,
        notices=markdown_table(["publisher", "documents", "notice"], rows),
        restrictions=_restrictions(notices),
        klue=any(is_layer_id(d.id) for d in documents),
    )
