"""The KLUE news layer's committed gold: standoff JSON lines, hydrated at build time.

``annotation/klue/gold.jsonl`` holds one line per sentence, sorted by id, with no text::

    {"id": "klue-ner-v1_dev_00076-wikitree", "text_sha256": "9f2c...", "length": 57,
     "entities": [{"id": "e1", "start": 0, "end": 4, "label": "ORG"}, ...],
     "money": [{"entity": "e3", "amount": "300000000", "amount_max": null, "currency": "KRW",
                "approximate": false, "qualifier": null, "vague": false, "equivalent_of": null}],
     "events": [{"id": "t1", "type": "INVESTMENT", "trigger": [5, 7], "modality": "asserted",
                 "arguments": [{"role": "investor", "entity": "e1"}]}]}

Offsets are ``[start, end)`` code-point indices into the NFC sentence text whose SHA-256 (of
its UTF-8 bytes) is ``text_sha256``. ``hydrate`` puts KLUE's text back and refuses, naming the
sentence, when a hash differs: offsets into another text would silently mark the wrong
characters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from konews.errors import KoNewsError
from konews.io import read_jsonl, write_jsonl
from konews.layer.chunks import layer_document
from konews.paths import KLUE_LAYER_DIR
from konews.records import Argument, Document, Entity, Event, Money

GOLD_PATH = KLUE_LAYER_DIR / "gold.jsonl"
_MONEY_FIELDS = ("amount", "amount_max", "currency", "approximate", "qualifier", "vague")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class StandoffSentence:
    """One annotated layer sentence without its text: ``document`` has an empty text of the
    right length's placeholder only after ``hydrate``; before, use the fields."""

    id: str
    text_sha256: str
    length: int
    entities: tuple[Entity, ...]
    money: tuple[Money, ...]
    events: tuple[Event, ...]


def to_standoff(doc: Document) -> dict:
    """The standoff line of an annotated layer sentence."""
    return {
        "id": doc.id,
        "text_sha256": sha256_text(doc.text),
        "length": len(doc.text),
        "entities": [
            {"id": e.id, "start": e.start, "end": e.end, "label": e.label} for e in doc.entities
        ],
        "money": [
            {
                "entity": m.entity_id,
                **{k: getattr(m, k) for k in _MONEY_FIELDS},
                "equivalent_of": m.equivalent_of,
            }
            for m in doc.money
        ],
        "events": [
            {
                "id": ev.id,
                "type": ev.type,
                "trigger": [ev.trigger_start, ev.trigger_end],
                "modality": ev.modality,
                "arguments": [{"role": a.role, "entity": a.entity_id} for a in ev.arguments],
            }
            for ev in doc.events
        ],
    }


def write_gold(path: str | Path, docs: Iterable[Document]) -> int:
    """Write the standoff gold atomically, sorted by id. Returns the number of sentences."""
    lines = sorted((to_standoff(d) for d in docs), key=lambda row: row["id"])
    ids = [row["id"] for row in lines]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise KoNewsError(f"{path}: sentence ids listed twice: {', '.join(dup[:5])}")
    write_jsonl(path, lines)
    return len(lines)


def _sentence(row: Mapping, where: str) -> StandoffSentence:
    try:
        entities = tuple(Entity(e["id"], e["start"], e["end"], e["label"]) for e in row["entities"])
        money = tuple(
            Money(m["entity"], **{k: m[k] for k in _MONEY_FIELDS},
                  equivalent_of=m["equivalent_of"])
            for m in row["money"]
        )  # fmt: skip
        events = tuple(
            Event(
                ev["id"], ev["type"], ev["trigger"][0], ev["trigger"][1], ev["modality"],
                tuple(Argument(a["role"], a["entity"]) for a in ev["arguments"]),
            )
            for ev in row["events"]
        )  # fmt: skip
        return StandoffSentence(
            row["id"], row["text_sha256"], row["length"], entities, money, events
        )
    except (KeyError, TypeError, IndexError, ValueError) as e:
        raise KoNewsError(
            f"{where}: malformed standoff line ({type(e).__name__}: {e}); "
            "regenerate it with `konews layer land`"
        ) from None


def read_gold(path: str | Path = GOLD_PATH) -> list[StandoffSentence]:
    """The standoff gold; a missing file is an empty layer (the seed part builds alone)."""
    path = Path(path)
    if not path.is_file():
        return []
    return [_sentence(row, f"{path}:{lineno}") for lineno, row in read_jsonl(path)]


def hydrate(sentences: Iterable[StandoffSentence], texts: Mapping[str, str]) -> list[Document]:
    """Documents with KLUE's text put back. Raises ``KoNewsError`` listing every sentence
    whose text is missing from ``texts`` or whose hash or length differs."""
    from konews.corpus.klue import KlueSentence

    docs, problems = [], []
    for s in sentences:
        text = texts.get(s.id)
        if text is None:
            problems.append(f"{s.id}: not in the KLUE source")
            continue
        if sha256_text(text) != s.text_sha256 or len(text) != s.length:
            problems.append(
                f"{s.id}: the KLUE text's SHA-256 is {sha256_text(text)[:12]}…, the annotation "
                f"expects {s.text_sha256[:12]}… (is this KLUE-NER v1.1 dev?)"
            )
            continue
        base = layer_document(KlueSentence(s.id, text, ("O",) * len(text)))
        docs.append(replace(base, entities=s.entities, money=s.money, events=s.events))
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise KoNewsError(
            f"cannot hydrate the KLUE news layer: {len(problems)} sentence(s) do not match:\n  "
            f"{shown}{more}\nPass the KLUE-NER v1.1 dev TSV with --klue PATH (or KONEWS_KLUE)."
        )
    return docs
