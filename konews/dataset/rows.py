"""The Hugging Face dataset (``dataset/``): documents <-> rows, and reading a built folder.

The folder holds one JSONL file per config and split (``data/<config>/<split>.jsonl``,
written by ``konews.dataset.build``) and the card ``README.md`` whose YAML declares
every config's features, so ``datasets.load_dataset(folder, config)`` returns
typed data with no loading script. The features are generated
(``konews.dataset.features``) from ``konews.schema``: entity labels, KLUE and fine BIO tags, event types,
modalities, roles, currencies and qualifiers are ``ClassLabel``s whose names
are the schema's tuples, in the schema's order.

The configs (offsets are half-open code-point offsets; in the sentence-level
configs they are relative to the sentence):

- ``documents``: one row per document, every annotation layer at document
  offsets. It is lossless: ``documents_from_rows`` gives the documents back.
- ``entities``: one row per sentence with its entity spans (fine labels).
- ``ner_char``: one row per sentence in KLUE-NER's layout: characters, KLUE
  BIO tags (``schema.KLUE_BIO_TAGS`` order) and fine BIO tags.
- ``money``: one row per MONEY mention with its normalization.
- ``events``: one row per event: type, modality, trigger, arguments.

JSONL files hold labels as strings (readable, and ``datasets`` turns them into
ids via the declared ``ClassLabel``); ``read_rows`` reads them back as written.

A *standoff* build (``standoff=True``) writes the same rows with every piece
of publisher text set to null (``text``, span ``text``, ``title``; ``chars``
empty) and keeps ``text_sha256`` per document and per sentence, so
``konews.dataset.standoff.hydrate`` can restore the text from a user's copy of the pages.
"""

from __future__ import annotations

import dataclasses
import hashlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path

from konews import schema
from konews.corpus.splits import SPLITS, part_of
from konews.dataset.features import CARD, CONFIGS
from konews.errors import KoNewsError
from konews.io import read_jsonl
from konews.paths import split_files
from konews.records import Argument, Document, DocumentMeta, Entity, Event, Money, Sentence, Span
from konews.text.bio import spans_to_bio

_META_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(DocumentMeta))
_NULLED_META = ("title",)  # headlines are publisher text: null in standoff builds


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(doc: Document) -> Document:
    """The same document with its layers in a fixed order, so the order in which
    Label Studio lists regions and relations never changes the dataset."""
    entities = tuple(sorted(doc.entities, key=lambda e: (e.start, e.end, e.label, e.id)))
    position = {e.id: (e.start, e.end) for e in entities}
    role_rank = {name: i for i, name in enumerate(schema.ROLE_NAMES)}

    def argument_key(a: Argument) -> tuple:
        return (*position[a.entity_id], role_rank.get(a.role, len(role_rank)), a.role, a.entity_id)

    events = tuple(
        dataclasses.replace(v, arguments=tuple(sorted(v.arguments, key=argument_key)))
        for v in sorted(doc.events, key=lambda v: (v.trigger_start, v.trigger_end, v.type, v.id))
    )
    money = tuple(sorted(doc.money, key=lambda m: (*position[m.entity_id], m.entity_id)))
    return dataclasses.replace(
        doc,
        sentences=tuple(sorted(doc.sentences, key=lambda s: s.start)),
        entities=entities,
        money=money,
        events=events,
    )


# --- rows ----------------------------------------------------------------------


def _money_fields(m: Money) -> dict:
    return {name: getattr(m, name) for name in schema.MONEY_ATTRIBUTES}


def document_row(doc: Document, *, standoff: bool = False) -> dict:
    """The ``documents`` row of a canonical document (see ``canonical``)."""
    text = doc.text

    def surface(start: int, end: int) -> str | None:
        return None if standoff else text[start:end]

    entities = {e.id: e for e in doc.entities}
    meta = {name: getattr(doc.meta, name) for name in _META_FIELDS}
    if standoff:
        meta.update(dict.fromkeys(_NULLED_META))
    return {
        "id": doc.id,
        "source": part_of(doc.id),
        **meta,
        "text": None if standoff else text,
        "text_sha256": sha256_text(text),
        "sentences": [
            {"id": doc.sentence_id(i), "start": s.start, "end": s.end,
             "text_sha256": sha256_text(text[s.start : s.end])}
            for i, s in enumerate(doc.sentences)
        ],
        "entities": [
            {"id": e.id, "start": e.start, "end": e.end, "label": e.label,
             "text": surface(e.start, e.end)}
            for e in doc.entities
        ],
        "money": [
            {"entity_id": m.entity_id, "start": entities[m.entity_id].start,
             "end": entities[m.entity_id].end,
             "text": surface(entities[m.entity_id].start, entities[m.entity_id].end),
             **_money_fields(m), "equivalent_of": m.equivalent_of}
            for m in doc.money
        ],
        "events": [
            {"id": v.id, "type": v.type, "modality": v.modality,
             "trigger": {"start": v.trigger_start, "end": v.trigger_end,
                         "text": surface(v.trigger_start, v.trigger_end)},
             "arguments": [
                 {"role": a.role, "entity_id": a.entity_id, "start": entities[a.entity_id].start,
                  "end": entities[a.entity_id].end, "label": entities[a.entity_id].label,
                  "text": surface(entities[a.entity_id].start, entities[a.entity_id].end)}
                 for a in v.arguments
             ]}
            for v in doc.events
        ],
    }  # fmt: skip


def document_from_row(row: dict, *, text: str | None = None, title: str | None = None) -> Document:
    """The document a ``documents`` row holds. A standoff row (text null) needs
    ``text`` (and ``title``) from elsewhere; the text must match ``text_sha256``,
    and every sentence its own hash, or a ``KoNewsError`` says which does not."""
    doc_id = row["id"]
    text = row["text"] if row["text"] is not None else text
    if text is None:
        raise KoNewsError(
            f"document {doc_id}: the dataset is standoff (no text); run `konews hydrate "
            "--sources DIR` with your copy of the source pages first"
        )
    if sha256_text(text) != row["text_sha256"]:
        raise KoNewsError(
            f"document {doc_id}: text sha256 {sha256_text(text)[:12]}... differs from the "
            f"dataset's {row['text_sha256'][:12]}...; this is not the text that was annotated"
        )
    sentences = []
    for s in row["sentences"]:
        if sha256_text(text[s["start"] : s["end"]]) != s["text_sha256"]:
            raise KoNewsError(f"document {doc_id}: sentence {s['id']} does not match its sha256")
        sentences.append(Sentence(s["start"], s["end"]))
    meta = {name: row[name] for name in _META_FIELDS}
    if meta["title"] is None:
        meta["title"] = title if title is not None else ""
    return Document(
        id=doc_id,
        text=text,
        meta=DocumentMeta(**meta),
        sentences=tuple(sentences),
        entities=tuple(Entity(e["id"], e["start"], e["end"], e["label"]) for e in row["entities"]),
        money=tuple(
            Money(
                m["entity_id"],
                m["amount"],
                m["currency"],
                m["approximate"],
                m["qualifier"],
                m["amount_max"],
                m["vague"],
                m["equivalent_of"],
            )
            for m in row["money"]
        ),
        events=tuple(
            Event(
                v["id"],
                v["type"],
                v["trigger"]["start"],
                v["trigger"]["end"],
                v["modality"],
                tuple(Argument(a["role"], a["entity_id"]) for a in v["arguments"]),
            )
            for v in row["events"]
        ),
    )


def documents_from_rows(rows: Iterable[dict]) -> list[Document]:
    return [document_from_row(row) for row in rows]


def sentence_rows(doc: Document, *, standoff: bool = False) -> dict[str, list[dict]]:
    """Rows of the sentence-level configs for a canonical, checked document."""
    text = doc.text
    starts = [s.start for s in doc.sentences]

    def sentence_of(start: int) -> int:
        return bisect_right(starts, start) - 1

    entities = {e.id: e for e in doc.entities}
    by_sentence: dict[str, list[list]] = {
        name: [[] for _ in doc.sentences] for name in ("entities", "money", "events")
    }
    for e in doc.entities:
        by_sentence["entities"][sentence_of(e.start)].append(e)
    for m in doc.money:
        by_sentence["money"][sentence_of(entities[m.entity_id].start)].append(m)
    for v in doc.events:
        by_sentence["events"][sentence_of(v.trigger_start)].append(v)
    money_row_id = {
        m.entity_id: f"{doc.sentence_id(i)}-m{k}"
        for i, ms in enumerate(by_sentence["money"])
        for k, m in enumerate(ms)
    }
    rows: dict[str, list[dict]] = {name: [] for name in CONFIGS[1:]}
    source = part_of(doc.id)
    for i, s in enumerate(doc.sentences):
        sid = doc.sentence_id(i)
        sentence = text[s.start : s.end]
        digest = sha256_text(sentence)
        shown = None if standoff else sentence

        def rel(e: Entity, s: Sentence = s, sentence: str = sentence) -> dict:
            return {"start": e.start - s.start, "end": e.end - s.start, "label": e.label,
                    "text": None if standoff else sentence[e.start - s.start : e.end - s.start]}  # fmt: skip

        spans = [
            Span(e.start - s.start, e.end - s.start, e.label) for e in by_sentence["entities"][i]
        ]
        rows["entities"].append({
            "id": sid, "doc_id": doc.id, "source": source, "text": shown,
            "entities": [rel(e) for e in by_sentence["entities"][i]], "text_sha256": digest,
        })  # fmt: skip
        rows["ner_char"].append({
            "id": sid, "doc_id": doc.id, "source": source,
            "chars": [] if standoff else list(sentence),
            "ner_tags": spans_to_bio(len(sentence), spans, project=schema.klue_label),
            "fine_tags": spans_to_bio(len(sentence), spans), "text_sha256": digest,
        })  # fmt: skip
        for k, m in enumerate(by_sentence["money"][i]):
            span = rel(entities[m.entity_id])
            rows["money"].append({
                "id": f"{sid}-m{k}", "sentence_id": sid, "doc_id": doc.id, "source": source,
                "sentence": shown, "start": span["start"], "end": span["end"], "text": span["text"],
                **_money_fields(m),
                "equivalent_of": money_row_id.get(m.equivalent_of) if m.equivalent_of else None,
            })  # fmt: skip
        for k, v in enumerate(by_sentence["events"][i]):
            t0, t1 = v.trigger_start - s.start, v.trigger_end - s.start
            rows["events"].append({
                "id": f"{sid}-v{k}", "sentence_id": sid, "doc_id": doc.id, "source": source,
                "sentence": shown, "type": v.type, "modality": v.modality,
                "trigger": {"start": t0, "end": t1, "text": None if standoff else sentence[t0:t1]},
                "arguments": [{"role": a.role, **rel(entities[a.entity_id])} for a in v.arguments],
            })  # fmt: skip
    return rows


def rows_of(doc: Document, *, standoff: bool = False) -> dict[str, list[dict]]:
    """All configs' rows of one canonical, checked document, keyed by config."""
    return {
        "documents": [document_row(doc, standoff=standoff)],
        **sentence_rows(doc, standoff=standoff),
    }


# --- reading -------------------------------------------------------------------


def data_files(folder: str | Path, config: str, split: str | None = None) -> list[Path]:
    """The config's JSONL files in ``folder`` (both parts), in split order, or one split's."""
    if config not in CONFIGS:
        raise KoNewsError(f"unknown config {config!r}; valid: {', '.join(CONFIGS)}")
    return [p for s in SPLITS if split in (None, s) for p in split_files(folder, config, s)]


def read_rows(folder: str | Path, config: str, split: str | None = None) -> Iterator[dict]:
    """Rows of a config as written (labels as strings), all splits or one."""
    files = data_files(folder, config, split)
    if not files and not (Path(folder) / CARD).is_file():
        raise KoNewsError(f"{folder}: no dataset here; build it with `konews build --out {folder}`")
    for path in files:
        for line, row in read_jsonl(path):
            if not isinstance(row, dict):
                raise KoNewsError(
                    f"{path}:{line}: expected a JSON object (one {config} row), got {row!r:.40}; "
                    f"rebuild the folder with `konews build --out {folder}`"
                )
            yield row


def read_documents(folder: str | Path) -> list[Document]:
    """The documents of a full-text dataset folder (``documents`` config, all splits)."""
    if not data_files(folder, "documents"):
        raise KoNewsError(
            f"{folder}: no documents config (data/documents/<split>.jsonl); is this a KoNews "
            f"dataset folder? Build it with `konews build --out {folder}`"
        )
    documents = []
    for row in read_rows(folder, "documents"):
        try:
            documents.append(document_from_row(row))
        except (KeyError, TypeError, AttributeError) as e:
            # Rows are our own output; a hand-edited or foreign file lands here.
            raise KoNewsError(
                f"{folder}: documents row {str(row.get('id'))[:40]!r} is malformed ({type(e).__name__}: "
                f"{e}); rebuild the folder with `konews build --out {folder}`"
            ) from None
    return documents
