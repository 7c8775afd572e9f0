"""A problem found in a Label Studio task (with its task, region and span), and
the guideline rules on one task's money values and events that
``konews.labelstudio.validate`` applies."""

from __future__ import annotations

import re
from dataclasses import dataclass

from konews.errors import LabelStudioFormatError
from konews.labelstudio.config import ENTITY, TRIGGER
from konews.labelstudio.results import (
    _money_fields,
    _relation,
)
from konews.schema import (
    CURRENCIES,
    EQUIVALENT_OF,
    EVENTS,
    MODALITIES,
    MONEY_ATTRIBUTES,
    is_exact_decimal,
)
from konews.text.money import find_money

# the region (or relation "from->to") a converter error names at the end of its ``where``
_PLACE = re.compile(r" (?:region|relation) (?P<region>.*)$")


@dataclass(frozen=True, slots=True)
class Problem:
    task: object  # Label Studio task id (or index when the task has none)
    region: str  # region id, relation "from->to", or "" for the task itself
    span: str  # "[start, end) 'surface'" when there is one
    message: str
    hint: str

    def __str__(self) -> str:
        where = f"task {self.task}"
        if self.region:
            where += f" region {self.region}"
        if self.span:
            where += f" {self.span}"
        return f"{where}: {self.message} — {self.hint}"


def sentence_index_of(sentences: list, start: int, end: int) -> int | None:
    for i, (s, e) in enumerate(sentences):
        if s <= start and end <= e:
            return i
    return None


def problem_of(tid: object, err: LabelStudioFormatError, span: str = "") -> Problem:
    """A converter error as a problem of the region it names."""
    place = _PLACE.search(getattr(err, "where", ""))
    return Problem(
        tid,
        place["region"] if place else "",
        span,
        getattr(err, "reason", str(err)),
        getattr(err, "hint", "export the full JSON of a KoNews project"),
    )


def span_text(text: str, span: tuple[int, int, str, str]) -> str:
    return f"[{span[0]}, {span[1]}) {text[span[0] : span[1]]!r}"


def check_money(tid, text, spans, money, unread, *, normalizer: bool = False) -> list[Problem]:
    """The money rules per MONEY region; with ``normalizer``, also agreement with the
    money normalizer, which is not a rule of valid gold (the KLUE layer's values are
    what the normalizer is scored against) but a check ``konews validate`` runs on
    the seed gold, whose values were written to agree with it."""
    problems: list[Problem] = []
    found: dict[tuple[int, int], object] = {}
    for m in find_money(text) if normalizer else ():
        found[(m.start, m.end)] = m
    for rid, span in spans.items():
        start, end, label, _ = span
        if label != "MONEY" or rid in unread:
            continue
        where = span_text(text, span)
        values = money.get(rid) or _money_fields({}, "")

        def add(message: str, hint: str, rid: str = rid, where: str = where) -> None:
            problems.append(Problem(tid, rid, where, message, hint))

        if values["currency"] not in CURRENCIES:
            add(f"currency {values['currency']!r} missing or not ISO 4217 in the schema",
                f"choose one of {', '.join(CURRENCIES)}")  # fmt: skip
        if values["vague"]:
            if values["amount"] is not None:
                add("vague money with an exact amount", "clear the amount or the vague flag")
        elif values["amount"] is None or not is_exact_decimal(values["amount"]):
            add(f"amount {values['amount']!r} is not an exact decimal string",
                "write digits only, e.g. 14300000000 for 143억 달러 (no commas, units or exponent)")  # fmt: skip
        if (values["qualifier"] == "range") != (values["amount_max"] is not None):
            add("amount_max goes with qualifier=range and only with it", "set both or neither")
        if not normalizer:
            continue
        m = found.get((start, end))
        if m is None:
            add("the money normalizer finds no mention with exactly this span",
                "check the span against GUIDELINES 3 (hedges inside, particles outside), "
                "or fix konews/text/money/ and add a test")  # fmt: skip
            continue
        for key in MONEY_ATTRIBUTES:
            value = getattr(m, key)
            if values[key] != value:
                add(f"{key} is {values[key]!r} but the normalizer reads {value!r}",
                    "correct the annotation, or fix konews/text/money/ and add a test")  # fmt: skip
    return problems


def check_events(tid, text, sentences, spans, modality, unread, relations, broken) -> list[Problem]:
    problems: list[Problem] = []
    for rid, span in spans.items():
        if span[3] == TRIGGER and rid not in modality and rid not in unread:
            problems.append(Problem(tid, rid, span_text(text, span), "trigger has no modality",
                                    f"choose one of {', '.join(MODALITIES)}"))  # fmt: skip
    restating: set[str] = set()  # MONEY spans with an equivalent_of
    for rel in relations:
        try:
            # the converter's reading: the arrow's direction decides which end is the source
            src, dst, role = _relation(rel, f"task {tid}")
        except LabelStudioFormatError as e:
            problems.append(problem_of(tid, e))
            continue
        where = f"{src}->{dst}"

        def add(message: str, hint: str, where: str = where) -> None:
            problems.append(Problem(tid, where, "", message, hint))

        if src in broken or dst in broken:
            continue
        if src not in spans or dst not in spans:
            add(
                "relation to a region that does not exist",
                "delete the relation or re-create the region",
            )
            continue
        s_start, s_end, s_label, s_from = spans[src]
        d_start, d_end, d_label, d_from = spans[dst]
        if role == EQUIVALENT_OF:
            if s_label != "MONEY" or d_label != "MONEY":
                add(
                    f"equivalent_of links {s_label} to {d_label}",
                    "equivalent_of links two MONEY spans",
                )
            elif src in restating:
                add(
                    "a second equivalent_of from the same span",
                    "a MONEY span restates at most one other",
                )
            restating.add(src)
            continue
        if s_from != TRIGGER or d_from != ENTITY:
            add(
                f"role {role!r} must go from a trigger to an entity",
                "draw the relation from the trigger",
            )
            continue
        etype = EVENTS[s_label]
        spec = etype.role(role)
        if spec is None:
            add(
                f"{etype.name} has no role {role!r}",
                f"roles: {', '.join(r.name for r in etype.roles)}",
            )
        elif d_label not in spec.labels:
            add(f"role {role!r} of {etype.name} takes {'/'.join(spec.labels)}, not {d_label}",
                "point the role at an entity of an allowed label")  # fmt: skip
        if sentences and sentence_index_of(sentences, s_start, s_end) != sentence_index_of(
            sentences, d_start, d_end
        ):
            add(
                "argument outside the trigger's sentence",
                "arguments are entities of the trigger's sentence",
            )
    return problems
