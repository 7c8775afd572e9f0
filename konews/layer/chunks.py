"""The KLUE news layer: the 2,534 Wikitree sentences of KLUE-NER v1.1 dev,
re-annotated in the KoNews schema.

KLUE's text is never committed (CC BY-SA 4.0, but the rule is that the repository holds
annotations only): every committed file of the layer is standoff, keyed by the KLUE sentence
id with the SHA-256 of the sentence's NFC text and ``[start, end)`` code-point offsets. The
text is put back ("hydrated") at build time from the KLUE TSV or the hub.

The annotators' working files (``annotation/klue/working/``, ignored by git because they hold
the text) are chunks of inline markup, one sentence per line, keyed by the KLUE id::

    # chunk 007, pass 1: pre-annotated from KLUE-NER's spans; read every sentence
    klue-ner-v1_dev_00076-wikitree [삼성전자]{ORG}는 [3억원]{MONEY}을 ...
    @money 3억원 amount=300000000 currency=KRW
    @event INVESTMENT trigger=투자 modality=asserted investor=삼성전자 amount=3억원
    @klue_error 삼성 note="KLUE tags 삼성 as PS; it is the company (OG)"

The ``@money``/``@event`` lines are those of ``konews.markup``; ``@klue_error SURFACE
note="..."`` says that the KLUE span at SURFACE (or KLUE's missing span there) is wrong by
KLUE's own guidelines, as opposed to a difference that a KoNews convention explains.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from konews.corpus.klue import KlueSentence, is_layer_id, klue_spans
from konews.errors import KoNewsError
from konews.gold.markup import MarkupError, _find, parse_markup, render_markup
from konews.layer.errata import Note
from konews.records import Document, DocumentMeta, Entity, Money, Sentence

PUBLISHER = "Wikitree (via KLUE-NER v1.1 dev)"
# KLUE tag -> KoNews label; QT is QUANTITY unless the money normalizer reads the span as money.
FROM_KLUE = {"PS": "PER", "LC": "LOC", "OG": "ORG", "DT": "DATE", "TI": "TIME", "QT": "QUANTITY"}
PASS2_SEED = "konews-klue-layer-pass2-v1"
PASS2_SIZE = 520  # >= 20% of 2,534 and >= 500, fixed before annotating
_ID_LINE = re.compile(r"^(klue-ner-v1_dev_\d{5}-wikitree) (.*)$")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def layer_sentences(klue: Iterable[KlueSentence]) -> list[KlueSentence]:
    """The Wikitree (news) sentences of KLUE-NER dev, in file order."""
    return [s for s in klue if is_layer_id(s.id)]


def layer_document(sentence: KlueSentence) -> Document:
    """A one-sentence KoNews document for a KLUE sentence (no annotations)."""
    meta = DocumentMeta(
        publisher=PUBLISHER,
        title="",
        doc_type="sentence",
        date="",
        date_source="unknown",
        date_note="KLUE-NER does not give publication dates",
        url="",
        source_file="klue-ner-v1.1_dev.tsv",
        copyright="CC BY-SA 4.0 (KLUE, Park et al. 2021; text from Wikitree)",
    )
    return Document(sentence.id, sentence.text, meta, (Sentence(0, len(sentence.text)),))


def pass2_sample(ids: Sequence[str], size: int = PASS2_SIZE) -> list[str]:
    """The sentences of the independent second pass: the ``size`` ids with the smallest
    SHA-256 under a fixed seed, in their original order (stable, machine independent)."""

    def key(sid: str) -> str:
        return hashlib.sha256(f"{PASS2_SEED}:{sid}".encode()).hexdigest()

    chosen = set(sorted(ids, key=key)[:size])
    return [sid for sid in ids if sid in chosen]


# --- pre-annotation ----------------------------------------------------------------------


def klue_projection(sentence: KlueSentence) -> Document:
    """KLUE's human spans in KoNews labels, the starting point of pass 1.

    QT spans become MONEY where the money normalizer reads a mention overlapping them, with
    the normalizer's boundaries (hedges inside) and values; every other tag maps one to one.
    Money mentions the normalizer finds outside any KLUE span are proposed too. All of it is a
    proposal: annotators read every sentence and correct it.
    """
    from konews.text.money import find_money

    doc = layer_document(sentence)
    mentions = find_money(sentence.text)
    entities: list[Entity] = []
    money: list[Money] = []
    used: set[int] = set()

    def add_money(i: int) -> None:
        m = mentions[i]
        used.add(i)
        eid = f"e{len(entities) + 1}"
        entities.append(Entity(eid, m.start, m.end, "MONEY"))
        money.append(
            Money(eid, m.amount, m.currency, m.approximate, m.qualifier, m.amount_max, m.vague)
        )

    for span in klue_spans(sentence):
        if span.label == "QT":
            hits = [
                i
                for i, m in enumerate(mentions)
                if m.start < span.end and span.start < m.end and i not in used
            ]
            if hits:
                for i in hits:
                    add_money(i)
                continue
        if any(e.start < span.end and span.start < e.end for e in entities):
            continue  # already covered by a money proposal with wider boundaries
        entities.append(
            Entity(f"e{len(entities) + 1}", span.start, span.end, FROM_KLUE[span.label])
        )
    for i, m in enumerate(mentions):
        if i not in used and not any(e.start < m.end and m.start < e.end for e in entities):
            add_money(i)
    entities.sort(key=lambda e: e.start)
    return replace(doc, entities=tuple(entities), money=tuple(money))


def _markup_line(doc: Document) -> list[str]:
    """The sentence line, @money and @event lines of ``doc`` in chunk form (KLUE id as the
    key): everything ``read_chunk`` reads back, so a rendered chunk round-trips."""
    lines = render_markup(doc).splitlines()[1:]  # drop the title comment
    out = []
    for line in lines:
        out.append(f"{doc.id} {line[5:]}" if line.startswith("s000 ") else line)
    by_id = {e.id: e for e in doc.entities}
    for m in doc.money:
        e = by_id[m.entity_id]
        fields = [_quote(_surface_ref(doc.text, e.start, e.end))]
        if m.amount is not None:
            fields.append(f"amount={m.amount}")
        if m.amount_max is not None:
            fields.append(f"amount_max={m.amount_max}")
        if m.currency:
            fields.append(f"currency={m.currency}")
        if m.qualifier:
            fields.append(f"qualifier={m.qualifier}")
        fields += [flag for flag in ("approximate", "vague") if getattr(m, flag)]
        if m.equivalent_of is not None:
            other = by_id[m.equivalent_of]
            fields.append("equivalent_of=" + _quote(_surface_ref(doc.text, other.start, other.end)))
        out.append("@money " + " ".join(fields))
    for ev in doc.events:
        fields = [
            ev.type,
            "trigger=" + _quote(_surface_ref(doc.text, ev.trigger_start, ev.trigger_end)),
            f"modality={ev.modality}",
        ]
        for a in ev.arguments:
            e = by_id[a.entity_id]
            fields.append(f"{a.role}=" + _quote(_surface_ref(doc.text, e.start, e.end)))
        out.append("@event " + " ".join(fields))
    return out


def _surface_ref(text: str, start: int, end: int) -> str:
    """The markup's way to name a span: its surface, with ``#n`` when it repeats."""
    surface = text[start:end]
    starts, at = [], text.find(surface)
    while at >= 0:  # overlapping occurrences, counted as konews.gold.markup counts them
        starts.append(at)
        at = text.find(surface, at + 1)
    return surface if len(starts) == 1 else f"{surface}#{starts.index(start) + 1}"


def _quote(surface: str) -> str:
    return shlex.quote(surface) if re.search(r"[\s'\"#=]", surface) else surface


def render_chunk(docs: Sequence[Document], header: str) -> str:
    lines = [f"# {line}" for line in header.splitlines()]
    for doc in docs:
        lines.append("")
        lines += _markup_line(doc)
    return "\n".join(lines) + "\n"


def render_bare_chunk(docs: Sequence[Document], header: str) -> str:
    """A chunk without any annotation: the independent second pass starts from this."""
    lines = [f"# {line}" for line in header.splitlines()]
    for doc in docs:
        lines += ["", f"{doc.id} {doc.text}"]
    return "\n".join(lines) + "\n"


# --- reading annotated chunks ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Chunk:
    documents: tuple[Document, ...]
    klue_errors: tuple[Note, ...]


def read_chunk(path: str | Path, texts: dict[str, str]) -> Chunk:
    """Parse an annotated chunk; ``texts`` maps KLUE ids to the hydrated sentence text.

    Raises ``MarkupError`` naming the file and line for anything that does not parse, for a
    sentence whose text differs from KLUE's, and for an id listed twice."""
    path = Path(path)
    content = path.read_text(encoding="utf-8")
    blocks: list[tuple[str, int, list[str]]] = []  # id, first line number, lines
    errors: list[Note] = []
    for lineno, line in enumerate(content.splitlines(), 1):
        m = _ID_LINE.match(line)
        if m:
            blocks.append((m.group(1), lineno, [f"s000 {m.group(2)}"]))
        elif line.strip() and not line.lstrip().startswith("#"):
            if not blocks:
                raise MarkupError(f"{path}:{lineno}: an @ line before any sentence line")
            blocks[-1][2].append(line)
        elif blocks:
            blocks[-1][2].append("")
    docs: list[Document] = []
    seen: set[str] = set()
    for sid, first, lines in blocks:
        if sid in seen:
            raise MarkupError(f"{path}:{first}: {sid} appears twice in the chunk")
        seen.add(sid)
        if sid not in texts:
            raise MarkupError(
                f"{path}:{first}: {sid} is not a sentence of the KLUE news layer "
                "(ids are KLUE-NER v1.1 dev ids ending in -wikitree)"
            )
        text = texts[sid]
        markup_lines = []
        for offset, line in enumerate(lines):
            if line.startswith("@klue_error"):
                errors.append(_klue_error(sid, text, line, f"{path}:{first + offset}"))
                markup_lines.append("")  # keep line numbers for parse_markup's messages
            else:
                markup_lines.append(line)
        base = layer_document(KlueSentence(sid, text, ("O",) * len(text)))
        padded = "\n" * (first - 1) + "\n".join(markup_lines)
        docs.append(parse_markup(base, padded, source=str(path)))
    return Chunk(tuple(docs), tuple(errors))


def _klue_error(sid: str, text: str, line: str, where: str) -> Note:
    try:
        tokens = shlex.split(line)
    except ValueError as e:
        raise MarkupError(f"{where}: cannot split the line ({e}); check the quotes") from None
    if len(tokens) != 3 or not tokens[2].startswith("note=") or len(tokens[2]) <= 5:
        raise MarkupError(
            f'{where}: write @klue_error SURFACE note="why KLUE is wrong by its own guidelines"'
        )
    start, end = _find(text, tokens[1], where)
    return Note(sid, start, end, tokens[2][5:])


def klue_texts(sentences: Iterable[KlueSentence]) -> dict[str, str]:
    return {s.id: s.text for s in layer_sentences(sentences)}


def money_disagreements(doc: Document) -> list[str]:
    """Where the annotated money values differ from what the normalizer reads (a warning for
    the annotator, never a rule: the layer's values are the reference the normalizer is
    scored against)."""
    from konews.text.money import find_money

    found = {(m.start, m.end): m for m in find_money(doc.text)}
    out = []
    by_id = {e.id: e for e in doc.entities}
    for m in doc.money:
        e = by_id[m.entity_id]
        surface = doc.text[e.start : e.end]
        theirs = found.get((e.start, e.end))
        if theirs is None:
            out.append(
                f"{doc.id}: MONEY {surface!r}: the normalizer finds no mention with this span"
            )
            continue
        for key in ("amount", "amount_max", "currency", "approximate", "qualifier", "vague"):
            if getattr(m, key) != getattr(theirs, key):
                out.append(
                    f"{doc.id}: MONEY {surface!r}: {key} is {getattr(m, key)!r}, "
                    f"the normalizer reads {getattr(theirs, key)!r}"
                )
    return out


def require_layer(texts: dict[str, str]) -> None:
    if not texts:
        raise KoNewsError(
            "no KLUE news-layer sentences found: the KLUE-NER v1.1 dev TSV is needed "
            "(--klue PATH, KONEWS_KLUE, or ../shared/data/klue-ner-v1.1/)"
        )


def render_adjudication(first: Document, second: Document, notes: Sequence[Note] = ()) -> str:
    """One sentence for the adjudicator: both passes as comments, their differences, and the
    first pass (with its ``@klue_error`` notes) as the editable starting point."""
    from konews.gold.agreement import differences

    def commented(doc: Document, name: str) -> list[str]:
        return [f"#   {name}: {line}" for line in _markup_line(doc)]

    found = differences(first, second)
    lines = commented(first, "pass1") + commented(second, "pass2")
    lines += [f"#   diff: {str(d).split(' ', 1)[1]}" for d in found] or ["#   (the passes agree)"]
    lines += _markup_line(first)
    for n in notes:
        ref = _surface_ref(first.text, n.start, n.end)
        lines.append(f"@klue_error {_quote(ref)} note={shlex.quote(n.note)}")
    return "\n".join(lines) + "\n"
