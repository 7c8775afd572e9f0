"""Frozen records for documents and their annotation layers.

Every offset is a half-open ``[start, end)`` interval of Python ``str``
indices (Unicode code points) into ``Document.text``, which is NFC. Label
Studio 1.23 counts the same way (code points, not UTF-16 units); tools that
count bytes or UTF-16 units need a conversion, see ``docs`` in GUIDELINES.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from konews.schema import ENTITY_LABELS


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled character span. The only span convention in KoNews."""

    start: int
    end: int
    label: str

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"span [{self.start}, {self.end}) is empty or negative")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention. ``id`` is the Label Studio region id in the gold."""

    id: str
    start: int
    end: int
    label: str

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"entity {self.id}: span [{self.start}, {self.end}) is empty")
        if self.label not in ENTITY_LABELS:
            raise ValueError(
                f"entity {self.id}: unknown label {self.label!r}; valid: {', '.join(ENTITY_LABELS)}"
            )

    @property
    def span(self) -> Span:
        return Span(self.start, self.end, self.label)


@dataclass(frozen=True, slots=True)
class Money:
    """Normalization of one MONEY entity (``entity_id``).

    ``amount`` and ``amount_max`` are exact decimal strings in the currency's
    main unit, with no exponent and no trailing zeros after a decimal point
    ('143억 달러' -> "14300000000", '$1.25' -> "1.25"). ``amount`` is None
    exactly when ``vague`` is true ('수십억 달러').
    """

    entity_id: str
    amount: str | None
    currency: str | None
    approximate: bool = False
    qualifier: str | None = None
    amount_max: str | None = None
    vague: bool = False
    equivalent_of: str | None = None  # entity id of the MONEY span this one restates


@dataclass(frozen=True, slots=True)
class Argument:
    role: str
    entity_id: str


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    trigger_start: int
    trigger_end: int
    modality: str
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """Provenance of a document. Dates are ISO 8601; ``date_source`` says how
    the date was obtained: "stated" (printed on the page) or "inferred"
    (reasoned from the text; ``date_note`` says how)."""

    publisher: str
    title: str
    doc_type: str  # "article" | "teaser"
    date: str
    date_source: str
    date_note: str = ""
    byline: str = ""
    url: str = ""
    source_file: str = ""
    copyright: str = ""
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    meta: DocumentMeta
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] = ()
    money: tuple[Money, ...] = ()
    events: tuple[Event, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def sentence_id(self, index: int) -> str:
        """``<doc id>-sNNN``; a one-sentence document of kind "sentence" (the KLUE news
        layer) keeps its own id, so the layer's sentence ids are KLUE's ids verbatim."""
        if self.meta.doc_type == "sentence" and len(self.sentences) == 1:
            return self.id
        return sentence_id(self.id, index)

    def entity(self, entity_id: str) -> Entity:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(f"document {self.id}: no entity with id {entity_id!r}")

    def sentence_index(self, start: int, end: int) -> int | None:
        """Index of the sentence containing ``[start, end)``, None if it crosses a boundary."""
        for i, s in enumerate(self.sentences):
            if s.start <= start and end <= s.end:
                return i
        return None


def sentence_id(doc_id: str, index: int) -> str:
    return f"{doc_id}-s{index:03d}"


def is_iso_date(value: str) -> bool:
    parts = value.split("-")
    if not 1 <= len(parts) <= 3 or [len(p) for p in parts] != [4, 2, 2][: len(parts)]:
        return False
    try:
        date(*(int(p) for p in parts), *[1] * (3 - len(parts)))
    except ValueError:
        return False
    return all(p.isascii() and p.isdigit() for p in parts)
