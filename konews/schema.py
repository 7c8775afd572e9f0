"""The KoNews annotation schema: the single source of truth.

Entity labels, their projection onto KLUE-NER's tag set, money attributes,
event types with their argument roles, and modalities are defined here once.
The Label Studio labeling config, the Hugging Face features and the validators
are all generated from these tables (see ``labelstudio.config.label_config``,
``dataset.features.features`` and ``labelstudio.validate``), so changing the schema is a one-file
change plus a rebuild.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

SCHEMA_VERSION = "1.1.0"


class EntityLabel(str, Enum):
    PER = "PER"
    ORG = "ORG"
    LOC = "LOC"
    DATE = "DATE"
    TIME = "TIME"
    QUANTITY = "QUANTITY"
    MONEY = "MONEY"
    PRODUCT = "PRODUCT"
    JOB_TITLE = "JOB_TITLE"
    # Added in schema 1.1 for the KLUE news layer (decision D23): titled creative works are
    # frequent in general news and are neither products nor organizations. Appended last so
    # the ids of the earlier labels (and of their BIO tags) do not change.
    WORK = "WORK"

    def __str__(self) -> str:  # so f-strings and json show "PER", not "EntityLabel.PER"
        return self.value


ENTITY_LABELS: tuple[str, ...] = tuple(label.value for label in EntityLabel)

ENTITY_DESCRIPTIONS: dict[str, str] = {
    "PER": "A named person (full name, surname-only reference such as '왕', or given name).",
    "ORG": "A named organization: company, agency, news outlet, team, lab, institution.",
    "LOC": "A named geographical or political place: country, city, region, district.",
    "DATE": "A calendar expression: day, month, year, relative date ('13일', '지난달').",
    "TIME": "A clock time or part of day ('오후 3시', '이날 오전').",
    "QUANTITY": "A counted or measured amount with a numeral, incl. percentages and ages.",
    "MONEY": "A monetary amount with its currency, hedges included ('약 19조6천억원').",
    "PRODUCT": "A named product, model, service or software ('라마4', '챗GPT').",
    "JOB_TITLE": "A job title or position held by a person ('CEO', '부사장', '관세청장').",
    "WORK": "A titled creative work: film, drama, TV programme, album, song, book, game.",
}

# KLUE-NER v1.1 tags. Order of KLUE_BIO_TAGS is the ClassLabel order of the
# `klue/klue` `ner` config on the Hugging Face hub, so a KLUE-trained model's
# label ids line up with our `ner_char` config without a mapping table.
KLUE_TAGS: tuple[str, ...] = ("DT", "LC", "OG", "PS", "QT", "TI")
KLUE_BIO_TAGS: tuple[str, ...] = (
    "B-DT", "I-DT", "B-LC", "I-LC", "B-OG", "I-OG",
    "B-PS", "I-PS", "B-QT", "I-QT", "B-TI", "I-TI", "O",
)  # fmt: skip

# Projection of each fine label onto KLUE's six tags; None means the span
# becomes "O" in the KLUE view (KLUE has no product or job-title tag).
KLUE_PROJECTION: dict[str, str | None] = {
    "PER": "PS",
    "ORG": "OG",
    "LOC": "LC",
    "DATE": "DT",
    "TIME": "TI",
    "QUANTITY": "QT",
    "MONEY": "QT",
    "PRODUCT": None,
    "JOB_TITLE": None,
    "WORK": None,
}

FINE_BIO_TAGS: tuple[str, ...] = (
    "O",
    *(f"{prefix}-{label}" for label in ENTITY_LABELS for prefix in ("B", "I")),
)


# --- money -----------------------------------------------------------------

# ISO 4217 codes the normalizer and the annotation tool know. Extend here.
CURRENCIES: tuple[str, ...] = (
    "KRW", "USD", "EUR", "JPY", "CNY", "GBP", "HKD", "SGD", "TWD", "CAD", "AUD", "CHF",
    # schema 1.1 (decision D51): currencies met in general news; appended so that the
    # ClassLabel ids of the earlier ones do not change.
    "INR", "RUB", "VND", "THB", "IDR", "PHP", "MYR", "BRL", "MXN", "TRY", "AED", "SAR",
    "NZD", "SEK", "NOK", "DKK",
)  # fmt: skip


class Qualifier(str, Enum):
    AT_LEAST = "at_least"  # 이상, 넘는, 최소
    AT_MOST = "at_most"  # 이하, 최대, 미만
    RANGE = "range"  # 7천억~8천억원: amount is the lower, amount_max the upper bound

    def __str__(self) -> str:
        return self.value


QUALIFIERS: tuple[str, ...] = tuple(q.value for q in Qualifier)

# An amount is an exact decimal string in the currency's main unit: ASCII digits, no sign,
# separators, exponent, leading zeros or trailing fractional zeros ('14300000000', '1.25').
# One canonical spelling per value, so amounts compare as strings. re.ASCII keeps other
# scripts' digits out; fullmatch keeps a trailing newline out (``$`` would let it through).
_EXACT_DECIMAL = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]*[1-9])?", re.ASCII)


def is_exact_decimal(value: object) -> bool:
    """True when ``value`` is an amount string in the one spelling the schema allows."""
    return isinstance(value, str) and _EXACT_DECIMAL.fullmatch(value) is not None


# The values of a normalized money mention (``records.Money`` beyond its entity id and
# ``equivalent_of``), in the order rows, scores and reports list them.
MONEY_ATTRIBUTES: tuple[str, ...] = (
    "amount", "amount_max", "currency", "approximate", "qualifier", "vague",
)  # fmt: skip

# --- events ----------------------------------------------------------------


class Modality(str, Enum):
    ASSERTED = "asserted"  # stated as fact by the writer or an on-record source
    PLANNED = "planned"  # planned, expected, scheduled, intended (예정, 전망, 추진)
    NEGATED = "negated"  # stated not to have happened (않았다, 없다)
    REPORTED = "reported"  # hearsay: 전해졌다, 알려졌다, 소식통, 분석도 나온다

    def __str__(self) -> str:
        return self.value


MODALITIES: tuple[str, ...] = tuple(m.value for m in Modality)


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    labels: tuple[str, ...]  # entity labels an argument in this role may carry
    description: str


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    description: str
    roles: tuple[Role, ...]
    triggers: tuple[str, ...]  # typical trigger lemmas, for guidelines and baselines

    def role(self, name: str) -> Role | None:
        return next((r for r in self.roles if r.name == name), None)


_ACTOR = ("ORG", "PER")
_TIME = Role("time", ("DATE", "TIME"), "When the event happened or is to happen.")

EVENT_TYPES: tuple[EventType, ...] = (
    EventType(
        "INVESTMENT",
        "An investor puts money into, or buys a stake in, an organization.",
        (
            Role("investor", _ACTOR, "Who invests."),
            Role("investee", ("ORG",), "What is invested in."),
            Role("amount", ("MONEY",), "How much is invested."),
            Role("share", ("QUANTITY",), "The stake acquired, e.g. '49%'."),
            _TIME,
        ),
        ("투자", "출자", "지분 매입", "인수"),
    ),
    EventType(
        "ACQUISITION",
        "An organization or person acquires (control of) an organization or asset.",
        (
            Role("acquirer", _ACTOR, "Who acquires."),
            Role("acquired", ("ORG", "PRODUCT"), "What is acquired."),
            Role("amount", ("MONEY",), "The price."),
            _TIME,
        ),
        ("인수", "합병", "매수"),
    ),
    EventType(
        "VALUATION",
        "An organization is valued at an amount (by a deal, a round or analysts).",
        (
            Role("company", ("ORG",), "The valued organization."),
            Role("value", ("MONEY",), "The valuation."),
            _TIME,
        ),
        ("평가", "가치", "몸값"),
    ),
    EventType(
        "PARTNERSHIP",
        "Two or more parties start, have or deepen a collaboration or business relationship.",
        (
            Role("partner", _ACTOR, "A party (one argument per party)."),
            _TIME,
        ),
        ("파트너십", "협력", "제휴", "거래", "계약"),
    ),
    EventType(
        "PARTNERSHIP_END",
        "A collaboration or business relationship is ended or suspended.",
        (
            Role("partner", _ACTOR, "A party (one argument per party)."),
            _TIME,
        ),
        ("협력 중단", "거래 중단", "계약 해지", "결별"),
    ),
    EventType(
        "START_POSITION",
        "A person starts working for an employer: hiring, joining, appointment, promotion.",
        (
            Role("person", ("PER",), "Who starts."),
            Role("employer", ("ORG",), "Where."),
            Role("position", ("JOB_TITLE",), "The position taken up."),
            _TIME,
        ),
        ("영입", "합류", "승진", "선임", "임명", "취임", "옮기다", "입단", "이적"),
    ),
    EventType(
        "END_POSITION",
        "A person stops working for an employer: leaving, resigning, being fired, retiring.",
        (
            Role("person", ("PER",), "Who leaves."),
            Role("employer", ("ORG",), "Which employer is left."),
            Role("position", ("JOB_TITLE",), "The position left."),
            _TIME,
        ),
        ("떠나다", "사임", "퇴사", "이탈", "은퇴", "해임", "사퇴", "경질"),
    ),
    EventType(
        "LAYOFF",
        "An employer cuts jobs.",
        (
            Role("employer", ("ORG",), "Who cuts the jobs."),
            Role("count", ("QUANTITY",), "How many jobs."),
            _TIME,
        ),
        ("감축", "해고", "감원", "구조조정"),
    ),
    EventType(
        "FOUNDING",
        "An organization is founded.",
        (
            Role("founder", _ACTOR, "Who founds it."),
            Role("organization", ("ORG",), "What is founded."),
            Role("place", ("LOC",), "Where."),
            _TIME,
        ),
        ("창업", "설립", "창립"),
    ),
    EventType(
        "PRODUCT_RELEASE",
        "A product, model or service is released or launched.",
        (
            Role("developer", _ACTOR, "Who releases it."),
            Role("product", ("PRODUCT", "WORK"), "What is released (a product or a work)."),
            _TIME,
        ),
        ("출시", "공개", "발표", "선보이다", "개봉", "발매", "출간"),
    ),
)

EVENT_TYPE_NAMES: tuple[str, ...] = tuple(e.name for e in EVENT_TYPES)
EVENTS: dict[str, EventType] = {e.name: e for e in EVENT_TYPES}

# Relation label linking a restating money span to the one it restates:
# 143억 달러(약 19조6천억원) -> "약 19조6천억원" equivalent_of "143억 달러".
EQUIVALENT_OF = "equivalent_of"

ROLE_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(role.name for event in EVENT_TYPES for role in event.roles)
)


# One colour per entity label, then per event type, by position: a label appended
# at the end gets the next colour and everybody else keeps theirs. Label Studio
# draws them as they are (as a translucent highlight, hence no pale ones: JOB_TITLE
# was #fabed4 and nearly invisible); the HTML report lightens them for dark text.
_PALETTE: tuple[str, ...] = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6",
    "#bfef45", "#c2185b", "#469990", "#dcbeff", "#9a6324", "#800000", "#aaffc3",
    "#808000", "#ffd8b1", "#000075", "#a9a9a9", "#ffe119", "#fffac8", "#c9a0dc",
    "#7fb3d5",
)  # fmt: skip
LABEL_COLOURS: dict[str, str] = {
    label: _PALETTE[i % len(_PALETTE)] for i, label in enumerate(ENTITY_LABELS + EVENT_TYPE_NAMES)
}


def klue_label(label: str) -> str | None:
    """KLUE tag for a fine label (``"MONEY"`` -> ``"QT"``), None if it has none."""
    try:
        return KLUE_PROJECTION[label]
    except KeyError:
        raise ValueError(
            f"unknown entity label {label!r}; valid labels: {', '.join(ENTITY_LABELS)}"
        ) from None
