"""Statistics of the KLUE news layer, per split, and of its errata against KLUE-NER.

``layer_markdown`` renders the tables that DATASHEET.md embeds between
``<!-- stats-klue:begin -->`` and ``<!-- stats-klue:end -->`` (a test regenerates them from
the gold when KLUE's text is available, so the numbers are never typed by hand).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from konews.corpus.splits import SPLITS, split_of
from konews.gold.stats import corpus_stats
from konews.markdown import table as _table
from konews.records import Document
from konews.schema import ENTITY_LABELS, EVENT_TYPE_NAMES, MODALITIES

BEGIN, END = "<!-- stats-klue:begin -->", "<!-- stats-klue:end -->"


def layer_markdown(docs: Sequence[Document], errata: Iterable[Mapping] = ()) -> str:
    by_split = {s: [d for d in docs if split_of(d.id) == s] for s in SPLITS}
    stats = {s: corpus_stats(part) for s, part in by_split.items()}
    every = corpus_stats(docs)
    cols = [*SPLITS, "total"]

    def row(name: str, get) -> list:
        return [name, *(get(stats[s]) for s in SPLITS), get(every)]

    size = _table(
        ["", *cols],
        [row("sentences", lambda x: x["sentences"]), row("characters", lambda x: x["characters"]),
         row("eojeol (space tokens)", lambda x: x["eojeol"]),
         row("morphemes (kiwipiepy)", lambda x: x["morphemes"]),
         row("entities", lambda x: x["entities"]), row("money mentions", lambda x: x["money"]),
         row("events", lambda x: x["events"]), row("event arguments", lambda x: x["arguments"])],
    )  # fmt: skip
    labels = _table(
        ["label", *cols],
        [row(lab, lambda x, lab=lab: x["entities_by_label"][lab]) for lab in ENTITY_LABELS],
    )
    currencies = sorted(every["money_by_currency"])
    money = _table(
        ["money", *cols],
        [row(c, lambda x, c=c: x["money_by_currency"].get(c, 0)) for c in currencies]
        + [row(flag, lambda x, f=flag: x["money_flags"][f]) for flag in every["money_flags"]],
    )
    events = _table(
        ["event type", *cols],
        [row(t, lambda x, t=t: x["events_by_type"][t]) for t in EVENT_TYPE_NAMES]
        + [row(f"modality {m}", lambda x, m=m: x["modality"].get(m, 0)) for m in MODALITIES],
    )
    parts = [
        "#### KLUE news layer: size per split",
        size,
        "#### KLUE news layer: entities per label and split",
        labels,
        "#### KLUE news layer: money mentions (by currency; flags)",
        money,
        "#### KLUE news layer: events per type and modality",
        events,
    ]
    rows = list(errata)
    if rows:
        parts += ["#### Errata against KLUE-NER v1.1 dev", errata_markdown(rows)]
    return "\n\n".join(parts) + "\n"


def errata_tables(rows: Sequence[Mapping]) -> tuple[str, str]:
    """Errata counts per change and per label, each split by reason (the datasheet and the
    dataset card show the same two tables)."""
    reasons = ("convention", "klue_error")
    by_change = Counter((r["reason"], r["change"]) for r in rows)
    by_label = Counter((r["reason"], (r["klue"] or r["konews"])[2]) for r in rows)
    changes = _table(
        ["change", *reasons, "total"],
        [[c, *(by_change[(r, c)] for r in reasons), sum(by_change[(r, c)] for r in reasons)]
         for c in sorted({c for _, c in by_change})]
        + [["total", *(sum(n for (r, _), n in by_change.items() if r == x) for x in reasons),
            len(rows)]],
    )  # fmt: skip
    labels = _table(
        ["KLUE tag (changed, dropped) or KoNews label (added)", *reasons, "total"],
        [[lab, *(by_label[(r, lab)] for r in reasons), sum(by_label[(r, lab)] for r in reasons)]
         for lab in sorted({lab for _, lab in by_label})],
    )  # fmt: skip
    return changes, labels


def errata_markdown(rows: Sequence[Mapping]) -> str:
    return "\n\n".join(errata_tables(rows))


AGREEMENT_BEGIN, AGREEMENT_END = "<!-- agreement-klue:begin -->", "<!-- agreement-klue:end -->"


def agreement_markdown(report: Mapping) -> str:
    """The pass-1 / pass-2 agreement on the doubly annotated sample, from the report that
    ``konews layer agreement --out`` writes (``annotation/klue/agreement.json``)."""

    def pct(x: float) -> str:
        return f"{100 * x:.1f}"

    ent, money, events = report["entities"], report["money"], report["events"]
    rows = [
        [f"entity {label}, strict F1", pct(c["f1"]), f"{c['tp'] + c['fn']} / {c['tp'] + c['fp']}"]
        for label, c in ent["per_label"].items()
    ]
    rows += [
        ["**entities, strict micro F1**", f"**{pct(ent['micro']['f1'])}**",
         f"{ent['micro']['tp'] + ent['micro']['fn']} / {ent['micro']['tp'] + ent['micro']['fp']}"],
        ["Cohen's κ on character labels", pct(ent["char_kappa"]), ""],
        ["MONEY spans, F1", pct(money["spans"]["f1"]), f"{money['matched']} matched"],
        ["money values identical on shared spans", pct(money["value_agreement"]),
         f"{money['identical']} of {money['matched']}"],
        ["event triggers (span + type), F1", pct(events["triggers"]["f1"]),
         f"{events['triggers']['tp'] + events['triggers']['fn']} / "
         f"{events['triggers']['tp'] + events['triggers']['fp']}"],
        ["event arguments (role + span), F1", pct(events["arguments"]["f1"]), ""],
        ["whole events (trigger, type, modality, arguments), F1", pct(events["events"]["f1"]), ""],
    ]  # fmt: skip
    if events.get("modality_agreement") is not None:
        rows.append(["modality on shared triggers", pct(events["modality_agreement"]), ""])
    return (
        f"Pass 1 vs pass 2 on the {report['documents']} doubly annotated sentences, before "
        "adjudication (`konews layer agreement annotation/klue/pass1.jsonl "
        "annotation/klue/pass2.jsonl`; report with every disagreement in "
        "`annotation/klue/agreement.json`). Support: pass 1 / pass 2.\n\n"
        + _table(["layer", "agreement", "support"], rows)
        + "\n"
    )
