"""The event baseline: a trigger lexicon and nearest compatible entities.

1. **Triggers** are the ``triggers`` of ``konews.schema.EVENT_TYPES`` matched on
   kiwipiepy's analysis: a noun trigger ('투자', '구조조정', '협력 중단') must be
   exactly one or more consecutive noun morphemes (so '투자자', one morpheme,
   is not '투자'); a verb trigger ('떠나다', '선보이다') matches a verb whose
   lemma it is ('떠났다'). Where triggers overlap, the longer one wins
   ('협력 중단' over '협력').
2. **Type**: a trigger listed under several types ('인수': INVESTMENT and
   ACQUISITION) takes the type whose roles the sentence's entities can fill
   best, then the type that lists it earlier in its trigger list.
3. **Arguments**: for each role in schema order, the nearest entity of an
   allowed label (``Role.labels``) not yet used by the event. Roles of the
   agent kind (investor, acquirer, founder, ...) prefer an entity followed by a
   subject or topic particle (이/가/은/는), the patient kind (investee,
   acquired, ...) one followed by an object or goal particle (을/를/에/에게),
   because Korean marks these roles on the noun. A partner role takes up to
   two entities. The entities are those of an entity tagger's *predictions*
   (the lexicon baseline by default), never the gold.
4. **Modality** by the first cue after the trigger: a negation right after it
   (합류하지 않았다) -> negated; 예정/전망/계획/추진/-기로/-할 것 -> planned;
   전해졌다/알려졌다/소식통 -> reported; otherwise asserted.

An event is kept only when it has at least one argument other than ``time``:
generic nouns such as '평가' or '공개' fire often, and an argument is the
cheapest evidence that a specific event is meant.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from baselines import FINE, Tagger
from baselines.morph import Morph, analyze
from konews.errors import KoNewsError
from konews.records import Span
from konews.schema import EVENT_TYPES, ROLE_NAMES, EventType, Role

_NOUN_TAGS = frozenset({"NNG", "NNP", "XR", "SL"})
_AGENT_ROLES = frozenset(
    {"investor", "acquirer", "company", "partner", "founder", "developer", "person"}
)
_PATIENT_ROLES = frozenset({"investee", "acquired", "organization", "product"})
# the heuristic's role groups must name schema roles: a renamed role fails at import
if not (_AGENT_ROLES | _PATIENT_ROLES) <= set(ROLE_NAMES):
    raise ImportError(
        f"roles not in konews.schema: {sorted((_AGENT_ROLES | _PATIENT_ROLES) - set(ROLE_NAMES))}"
    )
_SUBJECT_PARTICLES = frozenset({"이", "가", "은", "는", "도", "께서"})
_OBJECT_PARTICLES = frozenset({"을", "를", "에", "에게", "에서", "와", "과", "로", "으로"})
MAX_PARTNERS = 2

_NEGATED = re.compile(r"^\s?(?:하|되|시키)?지\s?(?:않|못)|^\s?(?:하|되)?지도\s?않|^\s?없")
_PLANNED = re.compile(r"예정|전망|계획|방침|추진|준비|[하되]기로|[할될] 것|할지|검토")
_REPORTED = re.compile(r"전해졌|전해진|알려졌|알려진|소식통|관측|것으로 보인|분석도 나")


@dataclass(frozen=True, slots=True)
class EventPrediction:
    type: str
    modality: str
    trigger_start: int
    trigger_end: int
    arguments: tuple[tuple[str, int, int], ...]  # (role, start, end)


@dataclass(frozen=True, slots=True)
class _Trigger:
    text: str
    types: tuple[tuple[EventType, int], ...]  # (type, index of the trigger in its list)
    verb: bool


def _trigger_table() -> dict[str, _Trigger]:
    table: dict[str, list] = {}
    for etype in EVENT_TYPES:
        for k, t in enumerate(etype.triggers):
            table.setdefault(t, []).append((etype, k))
    return {t: _Trigger(t, tuple(types), t.endswith("다")) for t, types in table.items()}


TRIGGERS = _trigger_table()


def find_triggers(text: str, morphs: Sequence[Morph]) -> list[tuple[int, int, _Trigger]]:
    """Non-overlapping trigger matches ``(start, end, trigger)``, longest first."""
    found = []
    for i, m in enumerate(morphs):
        if m.tag.startswith("V"):
            trig = TRIGGERS.get(m.lemma)
            if trig is not None and trig.verb:
                found.append((m.start, m.end, trig))
            continue
        if m.tag not in _NOUN_TAGS:
            continue
        j = i
        while j < len(morphs) and morphs[j].tag in _NOUN_TAGS:
            if j > i and morphs[j].start - morphs[j - 1].end > 1:
                break
            trig = TRIGGERS.get(text[m.start : morphs[j].end])
            if trig is not None and not trig.verb:
                found.append((m.start, morphs[j].end, trig))
            j += 1
    kept: list[tuple[int, int, _Trigger]] = []
    for start, end, trig in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if all(end <= s or e <= start for s, e, _ in kept):
            kept.append((start, end, trig))
    return sorted(kept, key=lambda f: f[0])


def _particle_after(span: Span, morphs: Sequence[Morph]) -> str | None:
    for m in morphs:
        if m.start == span.end and m.tag.startswith("J"):
            return m.form
    return None


def _role_kind(role: Role, etype: EventType) -> str:
    if role.name in _AGENT_ROLES or (role.name == "employer" and etype.name == "LAYOFF"):
        return "agent"
    if role.name in _PATIENT_ROLES:
        return "patient"
    return "any"


def _distance(span: Span, start: int, end: int) -> int:
    return start - span.end if span.end <= start else span.start - end if span.start >= end else 0


def assign_arguments(
    etype: EventType, start: int, end: int, entities: Sequence[Span], morphs: Sequence[Morph]
) -> tuple[tuple[str, int, int], ...]:
    """Arguments of an event of ``etype`` triggered at ``[start, end)``."""
    used: set[tuple[int, int]] = set()
    args = []
    free = [e for e in entities if e.end <= start or e.start >= end]
    particles = {(e.start, e.end): _particle_after(e, morphs) for e in free}
    for role in etype.roles:
        kind = _role_kind(role, etype)
        wanted = _SUBJECT_PARTICLES if kind == "agent" else _OBJECT_PARTICLES
        candidates = sorted(
            (e for e in free if e.label in role.labels and (e.start, e.end) not in used),
            key=lambda e: (
                kind != "any" and particles[(e.start, e.end)] not in wanted,
                _distance(e, start, end),
                e.start,
            ),
        )
        for e in candidates[: MAX_PARTNERS if role.name == "partner" else 1]:
            used.add((e.start, e.end))
            args.append((role.name, e.start, e.end))
    return tuple(sorted(args, key=lambda a: (a[1], a[0])))


def modality_of(text: str, end: int) -> str:
    """The modality cue nearest after a trigger ending at ``end`` (see module doc)."""
    rest = text[end:]
    if _NEGATED.search(rest[:6]):
        return "negated"
    cues = [(m.start(), "planned") for m in [_PLANNED.search(rest)] if m]
    cues += [(m.start(), "reported") for m in [_REPORTED.search(rest)] if m]
    return min(cues)[1] if cues else "asserted"


def _fillable(etype: EventType, entities: Sequence[Span]) -> int:
    labels = {e.label for e in entities}
    return sum(1 for r in etype.roles if r.name != "time" and labels & set(r.labels))


def extract_events(
    text: str, morphs: Sequence[Morph], entities: Sequence[Span]
) -> list[EventPrediction]:
    events = []
    for start, end, trig in find_triggers(text, morphs):
        etype, _ = min(trig.types, key=lambda tk: (-_fillable(tk[0], entities), tk[1], tk[0].name))
        args = assign_arguments(etype, start, end, entities, morphs)
        if not any(role != "time" for role, _, _ in args):
            continue
        events.append(EventPrediction(etype.name, modality_of(text, end), start, end, args))
    return events


class EventTagger:
    """Trigger lexicon + nearest compatible entity, over an entity tagger's output."""

    name = "events"

    def __init__(self, entities: Tagger) -> None:
        if entities.scheme != FINE:
            raise KoNewsError(
                f"the event baseline needs fine-schema entities (roles take PER, ORG, MONEY, ...); "
                f"tagger {entities.name!r} predicts {entities.scheme!r} labels"
            )
        self.entities = entities

    def predict_events(
        self, texts: list[str], entities: list[list[Span]] | None = None
    ) -> list[list[EventPrediction]]:
        """Events of each text; ``entities`` are the entity tagger's spans for
        ``texts`` if already computed (they are predicted here otherwise)."""
        if entities is None:
            entities = self.entities.predict(texts)
        return [
            extract_events(t, m, e) for t, m, e in zip(texts, analyze(texts), entities, strict=True)
        ]
