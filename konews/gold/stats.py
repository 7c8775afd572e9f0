"""Corpus statistics: counts per label, per document, money by currency, events by type.

``stats_markdown`` renders the tables that DATASHEET.md embeds between
``<!-- stats:begin -->`` and ``<!-- stats:end -->``; a test regenerates them from
the gold and fails when the datasheet differs, so the numbers are never typed by hand.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from konews.markdown import table as _table
from konews.records import Document
from konews.schema import ENTITY_LABELS, EVENT_TYPE_NAMES
from konews.text.segmentation import kiwi

BEGIN, END = "<!-- stats:begin -->", "<!-- stats:end -->"


def _morphemes(text: str) -> int:
    return len(kiwi().tokenize(text))


def corpus_stats(docs: Sequence[Document]) -> dict:
    """Counts as plain data (stable keys), for JSON output and the markdown tables."""
    labels = Counter(e.label for d in docs for e in d.entities)
    currencies = Counter(m.currency or "unknown" for d in docs for m in d.money)
    events = Counter(e.type for d in docs for e in d.events)
    args = Counter(a.role for d in docs for e in d.events for a in e.arguments)
    args_by_type: Counter[tuple[str, str]] = Counter(
        (e.type, a.role) for d in docs for e in d.events for a in e.arguments
    )
    modality = Counter(e.modality for d in docs for e in d.events)
    return {
        "documents": len(docs),
        "by_type": dict(Counter(d.meta.doc_type for d in docs)),
        "sentences": sum(len(d.sentences) for d in docs),
        "characters": sum(len(d.text) for d in docs),
        "eojeol": sum(len(d.text.split()) for d in docs),
        "morphemes": sum(_morphemes(d.text) for d in docs),
        "entities": sum(labels.values()),
        "entities_by_label": {label: labels.get(label, 0) for label in ENTITY_LABELS},
        "money": sum(currencies.values()),
        "money_by_currency": dict(sorted(currencies.items())),
        "money_flags": {
            "approximate": sum(m.approximate for d in docs for m in d.money),
            "vague": sum(m.vague for d in docs for m in d.money),
            "qualified": sum(m.qualifier is not None for d in docs for m in d.money),
            "equivalent_of": sum(m.equivalent_of is not None for d in docs for m in d.money),
        },
        "events": sum(events.values()),
        "events_by_type": {t: events.get(t, 0) for t in EVENT_TYPE_NAMES},
        "arguments": sum(args.values()),
        "arguments_by_type_role": {f"{t}.{r}": n for (t, r), n in sorted(args_by_type.items())},
        "modality": dict(sorted(modality.items())),
        "per_document": [
            {
                "id": d.id,
                "type": d.meta.doc_type,
                "publisher": d.meta.publisher,
                "sentences": len(d.sentences),
                "characters": len(d.text),
                "entities": dict(Counter(e.label for e in d.entities)),
                "money": len(d.money),
                "events": len(d.events),
            }
            for d in docs
        ],
    }


def stats_markdown(docs: Sequence[Document]) -> str:
    s = corpus_stats(docs)
    types = ", ".join(f"{n} {t}" for t, n in sorted(s["by_type"].items()))
    parts = [
        "#### Size",
        _table(["documents", "sentences", "characters", "eojeol (space tokens)", "morphemes (kiwipiepy)"],
               [[f"{s['documents']} ({types})", s["sentences"], s["characters"], s["eojeol"], s["morphemes"]]]),
        "#### Entities per label",
        _table(["label", *ENTITY_LABELS, "total"],
               [["mentions", *s["entities_by_label"].values(), s["entities"]]]),
        "#### Entities per document",
        _table(["document", "type", "sentences", "chars", *ENTITY_LABELS, "money", "events"],
               [[d["id"], d["type"], d["sentences"], d["characters"],
                 *(d["entities"].get(label, 0) for label in ENTITY_LABELS), d["money"], d["events"]]
                for d in s["per_document"]]),
        "#### Money mentions",
        _table(["currency", "mentions"], [[c, n] for c, n in s["money_by_currency"].items()]
               + [["total", s["money"]]]),
        _table(["approximate", "vague", "with qualifier", "equivalent_of (restatements)"],
               [list(s["money_flags"].values())]),
        "#### Events",
        _table(["type", "mentions"], [[t, n] for t, n in s["events_by_type"].items()] + [["total", s["events"]]]),
        _table(["modality", "mentions"], [[m, n] for m, n in s["modality"].items()]),
        _table(["type.role", "arguments"], [[k, n] for k, n in s["arguments_by_type_role"].items()]
               + [["total", s["arguments"]]]),
    ]  # fmt: skip
    return "\n\n".join(parts) + "\n"


def replace_between_markers(text: str, generated: str, begin: str = BEGIN, end: str = END) -> str:
    """``text`` with the block between the ``begin``/``end`` markers replaced by ``generated``."""
    try:
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
    except ValueError:
        raise ValueError(f"markers {begin} ... {end} not found") from None
    return f"{head}{begin}\n{generated}{end}{tail}"
