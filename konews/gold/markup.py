"""The annotators' working format: inline markup, one line per sentence.

Each annotation pass is a folder of ``<doc_id>.ann`` files
(``annotation/passes/pass1/``, ``pass2/``, ``adjudicated/``). Reading them is
how a pass becomes records, then Label Studio tasks (``konews.labelstudio``),
then, through a real server, the gold export. A file looks like::

    # any comment: borderline decisions are recorded here
    s004 [13일]{DATE} [블룸버그 통신]{ORG} 등에 따르면 [메타]{ORG}는 [143억 달러]{MONEY}를 투자해 ...
    @money 143억 달러 amount=14300000000 currency=USD
    @event INVESTMENT trigger=투자 modality=planned investor=메타 investee=스케일AI amount="143억 달러"

- ``sNNN`` is the sentence index in the document; removing the ``[...]{LABEL}``
  markup must give back the sentence text exactly (checked).
- ``@money SURFACE key=value ... flags`` normalizes the MONEY span SURFACE of the
  sentence above: ``amount``, ``amount_max``, ``currency``, ``qualifier``,
  ``equivalent_of=SURFACE``, and the flags ``approximate`` and ``vague``.
- ``@event TYPE trigger=SURFACE modality=M role=SURFACE ...`` adds an event;
  a role may repeat (two partners). The trigger is any substring of the
  sentence; arguments name entity spans of the sentence.
- A SURFACE that occurs more than once in the sentence takes ``#n`` (1-based
  occurrence): ``trigger=합류#2``. Values with spaces are quoted (shell rules).

This format exists because writing Label Studio JSON by hand is error-prone;
it holds exactly what the Label Studio config holds, nothing more.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import replace
from pathlib import Path

from konews.errors import KoNewsError
from konews.records import Argument, Document, Entity, Event, Money
from konews.schema import CURRENCIES, ENTITY_LABELS, EVENTS, MODALITIES, QUALIFIERS

_SPAN = re.compile(r"\[([^\[\]{}]+)\]\{([A-Z_]+)\}")
_SENTENCE = re.compile(r"^s(\d{3}) (.*)$")


class MarkupError(KoNewsError):
    pass


def strip_markup(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Plain text and ``(start, end, label)`` spans of one marked-up sentence."""
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    length = 0
    for m in _SPAN.finditer(line):
        out.append(line[pos : m.start()])
        length += m.start() - pos
        surface, label = m.group(1), m.group(2)
        spans.append((length, length + len(surface), label))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(line[pos:])
    return "".join(out), spans


def _find(text: str, surface: str, where: str) -> tuple[int, int]:
    surface, _, nth = surface.partition("#")
    n = int(nth) if nth.isdigit() else 1
    start = -1
    for _ in range(n):
        start = text.find(surface, start + 1)
        if start < 0:
            raise MarkupError(f"{where}: {surface!r} (occurrence {n}) is not in the sentence")
    if not nth and text.find(surface, start + 1) >= 0:
        raise MarkupError(
            f"{where}: {surface!r} occurs more than once in the sentence; write {surface}#1 or #2"
        )
    return start, start + len(surface)


def _pairs(tokens: list[str], where: str) -> tuple[list[tuple[str, str]], set[str]]:
    pairs, flags = [], set()
    for tok in tokens:
        key, eq, value = tok.partition("=")
        if eq:
            pairs.append((key, value))
        else:
            flags.add(key)
    return pairs, flags


def parse_markup(doc: Document, content: str, *, source: str = "<markup>") -> Document:
    """``doc`` (text and sentences, no annotations) with the annotations of ``content``."""
    entities: list[Entity] = []
    money: list[Money] = []
    events: list[Event] = []
    seen: set[int] = set()
    current: int | None = None  # sentence index of the last sentence line
    by_offset: dict[tuple[int, int], Entity] = {}

    def entity_at(base: int, text: str, surface: str, where: str) -> Entity:
        s, e = _find(text, surface, where)
        ent = by_offset.get((base + s, base + e))
        if ent is None:
            raise MarkupError(
                f"{where}: {surface!r} is not an annotated entity span in the sentence"
            )
        return ent

    for lineno, raw in enumerate(content.splitlines(), 1):
        line = raw.rstrip("\n")
        where = f"{source}:{lineno}"
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _SENTENCE.match(line)
        if m:
            index = int(m.group(1))
            if index >= len(doc.sentences):
                raise MarkupError(
                    f"{where}: s{index:03d} but the document has {len(doc.sentences)} sentences"
                )
            if index in seen:
                raise MarkupError(f"{where}: s{index:03d} appears twice")
            seen.add(index)
            current = index
            sent = doc.sentences[index]
            expected = doc.text[sent.start : sent.end]
            plain, spans = strip_markup(m.group(2))
            if plain != expected:
                at = next(
                    (i for i, (a, b) in enumerate(zip(plain, expected, strict=False)) if a != b),
                    min(len(plain), len(expected)),
                )
                raise MarkupError(
                    f"{where}: s{index:03d} without markup differs from the document text at char {at}: "
                    f"{plain[max(0, at - 10) : at + 10]!r} vs {expected[max(0, at - 10) : at + 10]!r}; "
                    "markup must only add [surface]{LABEL} around text"
                )
            for s, e, label in spans:
                if label not in ENTITY_LABELS:
                    raise MarkupError(
                        f"{where}: unknown label {label!r}; valid: {', '.join(ENTITY_LABELS)}"
                    )
                ent = Entity(f"e{len(entities) + 1}", sent.start + s, sent.start + e, label)
                entities.append(ent)
                by_offset[(ent.start, ent.end)] = ent
            continue
        if current is None:
            raise MarkupError(f"{where}: an @ line before any sentence line")
        sent = doc.sentences[current]
        text = doc.text[sent.start : sent.end]
        try:
            tokens = shlex.split(line.strip())
        except ValueError as e:
            raise MarkupError(f"{where}: cannot split the line ({e}); check the quotes") from None
        kind = tokens[0]
        if kind == "@money":
            if len(tokens) < 2:
                raise MarkupError(f"{where}: @money needs the span surface first")
            ent = entity_at(sent.start, text, tokens[1], where)
            if ent.label != "MONEY":
                raise MarkupError(f"{where}: {tokens[1]!r} is {ent.label}, not MONEY")
            pairs, flags = _pairs(tokens[2:], where)
            values = dict(pairs)
            unknown = (
                set(values) - {"amount", "amount_max", "currency", "qualifier", "equivalent_of"}
            ) | (flags - {"approximate", "vague"})
            if unknown:
                raise MarkupError(f"{where}: unknown @money keys {sorted(unknown)}")
            if values.get("currency") not in (*CURRENCIES, None):
                raise MarkupError(f"{where}: currency {values['currency']!r} not in {CURRENCIES}")
            if values.get("qualifier") not in (*QUALIFIERS, None):
                raise MarkupError(f"{where}: qualifier {values['qualifier']!r} not in {QUALIFIERS}")
            equivalent = values.get("equivalent_of")
            money.append(
                Money(
                    entity_id=ent.id,
                    amount=values.get("amount"),
                    currency=values.get("currency"),
                    approximate="approximate" in flags,
                    qualifier=values.get("qualifier"),
                    amount_max=values.get("amount_max"),
                    vague="vague" in flags,
                    equivalent_of=entity_at(sent.start, text, equivalent, where).id
                    if equivalent
                    else None,
                )
            )
        elif kind == "@event":
            if len(tokens) < 2 or tokens[1] not in EVENTS:
                raise MarkupError(f"{where}: @event needs a type from {', '.join(EVENTS)}")
            etype = EVENTS[tokens[1]]
            pairs, flags = _pairs(tokens[2:], where)
            if flags:
                raise MarkupError(
                    f"{where}: stray words {sorted(flags)}; arguments are role=SURFACE"
                )
            trigger = modality = None
            args: list[Argument] = []
            for key, value in pairs:
                if key == "trigger":
                    trigger = _find(text, value, where)
                elif key == "modality":
                    if value not in MODALITIES:
                        raise MarkupError(f"{where}: modality {value!r} not in {MODALITIES}")
                    modality = value
                elif etype.role(key) is None:
                    roles = ", ".join(r.name for r in etype.roles)
                    raise MarkupError(f"{where}: {etype.name} has no role {key!r}; roles: {roles}")
                else:
                    args.append(Argument(key, entity_at(sent.start, text, value, where).id))
            if trigger is None or modality is None:
                raise MarkupError(f"{where}: @event needs trigger=SURFACE and modality=...")
            events.append(
                Event(
                    f"t{len(events) + 1}",
                    etype.name,
                    sent.start + trigger[0],
                    sent.start + trigger[1],
                    modality,
                    tuple(args),
                )
            )
        else:
            raise MarkupError(f"{where}: unknown line {kind!r}; expected sNNN, @money, @event or #")
    return replace(doc, entities=tuple(entities), money=tuple(money), events=tuple(events))


def read_pass(folder: Path, documents: list[Document]) -> list[Document]:
    """Annotated documents of one pass folder (``<doc_id>.ann`` per document)."""
    out = []
    for doc in documents:
        path = Path(folder) / f"{doc.id}.ann"
        if not path.exists():
            raise MarkupError(f"{path}: missing; every document needs a file in the pass folder")
        out.append(parse_markup(doc, path.read_text(encoding="utf-8"), source=str(path)))
    return out


def render_markup(doc: Document) -> str:
    """The inverse of ``parse_markup`` (entities and their values; events and
    money lines follow their sentence). Used to start a pass from the bare text."""
    lines = [f"# {doc.id}  {doc.meta.title}"]
    for i, sent in enumerate(doc.sentences):
        text = doc.text[sent.start : sent.end]
        inside = sorted(
            (e for e in doc.entities if sent.start <= e.start and e.end <= sent.end),
            key=lambda e: e.start,
        )
        parts, pos = [], sent.start
        for e in inside:
            parts.append(doc.text[pos : e.start])
            parts.append(f"[{doc.text[e.start : e.end]}]{{{e.label}}}")
            pos = e.end
        parts.append(doc.text[pos : sent.end])
        lines.append(f"s{i:03d} " + "".join(parts))
        assert strip_markup("".join(parts))[0] == text
    return "\n".join(lines) + "\n"
