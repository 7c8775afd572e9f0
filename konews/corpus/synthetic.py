"""Synthetic KoNews documents, generated from the schema.

``synthetic_documents(n, seed)`` makes documents that are valid in every
respect the gold is: NFC text, sentences with offsets, flat non-overlapping
entities of every label, a normalization for each MONEY span (plain, hedged,
ranged, vague, decimal, and restated amounts linked by ``equivalent_of``),
and events of every type whose arguments carry labels their role allows.
They feed the build benchmark, the property tests and the Label Studio bench.

The text is Korean-shaped news prose assembled from small word lists, not
real Korean news: use it to test machinery, never to measure a model.
Headlines sometimes start with an emoji, a character outside the BMP, so
code that counts UTF-16 units instead of code points gets caught.

Document ``i`` depends only on ``(seed, i)``, so ``synthetic_documents(10, s)``
is a prefix of ``synthetic_documents(20, s)``.
"""

from __future__ import annotations

import hashlib
import random
import string
from dataclasses import dataclass, field

from konews.records import Argument, Document, DocumentMeta, Entity, Event, Money, Sentence
from konews.schema import CURRENCIES, ENTITY_LABELS, EVENT_TYPES, MODALITIES, EventType

_SURFACES: dict[str, tuple[str, ...]] = {
    "PER": ("김민수", "이서연", "박지훈", "최유진", "알렉산더 왕", "샘 올트먼", "마크 저커버그", "왕"),
    "ORG": ("메타", "스케일AI", "삼성전자", "네이버", "카카오", "오픈AI", "퓨리오사AI", "한국투자증권"),
    "LOC": ("서울", "미국", "실리콘밸리", "부산", "캘리포니아", "판교", "싱가포르"),
    "DATE": ("13일", "지난달", "2024년 3월 5일", "올해", "내년 상반기", "10일(현지시간)"),
    "TIME": ("오후 3시", "이날 오전", "새벽 2시", "오전 10시 30분"),
    "QUANTITY": ("49%", "200명", "1,200명", "30%", "3곳", "절반 이상인 12개"),
    "PRODUCT": ("라마4", "챗GPT", "갤럭시 S25", "하이퍼클로바X", "제미나이", "에이닷"),
    "JOB_TITLE": ("CEO", "부사장", "창업자", "최고기술책임자", "대표", "수석연구원"),
    "WORK": ("기생충", "오징어 게임", "무한도전", "강남스타일", "토지"),
}  # fmt: skip
_CURRENCY_WORDS: dict[str, tuple[str, ...]] = {
    "KRW": ("원", " 원"),
    "USD": (" 달러", "달러"),
    "EUR": (" 유로",),
    "JPY": ("엔",),
    "CNY": (" 위안",),
    "GBP": (" 파운드",),
}
_VAGUE = ("수십억", "수백억", "수천만", "수조")
_HEADLINE_PREFIXES = ("", "", "", "[속보] ", "🚀 ", "[단독] ")
_ID_ALPHABET = string.ascii_letters + string.digits + "_-"

# Endings that follow a noun trigger ('투자') or a verb stem ('떠나'), per modality.
_NOUN_ENDINGS = {
    "asserted": "했다.",
    "planned": "할 예정이다.",
    "negated": "하지 않았다.",
    "reported": "한 것으로 알려졌다.",
}
_VERB_ENDINGS = {
    "asserted": "게 됐다.",
    "planned": "기로 했다.",
    "negated": "지 않았다.",
    "reported": "는 것으로 알려졌다.",
}
assert set(_NOUN_ENDINGS) == set(MODALITIES) == set(_VERB_ENDINGS), "one ending per modality"
assert set(_SURFACES) | {"MONEY"} == set(ENTITY_LABELS), "surfaces for every entity label"


@dataclass
class _Builder:
    """Accumulates one document's text and layers while it is written left to right."""

    rng: random.Random
    parts: list[str] = field(default_factory=list)
    length: int = 0
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    money: list[Money] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    sentence_start: int = 0

    def new_id(self) -> str:
        while True:  # Label Studio region ids are 10 random characters
            region = "".join(self.rng.choices(_ID_ALPHABET, k=10))
            if region not in self.ids:
                self.ids.add(region)
                return region

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def entity(self, label: str, surface: str | None = None) -> str:
        start, end = self.add(surface or self.rng.choice(_SURFACES[label]))
        entity_id = self.new_id()
        self.entities.append(Entity(entity_id, start, end, label))
        return entity_id

    def money_entity(self) -> str:
        """One MONEY span with its normalization; sometimes a restatement in parentheses."""
        first = self._one_money()
        if self.rng.random() < 0.15:
            self.add("(")
            self._one_money(currency="KRW", approximate=True)
            self.add(")")
            self.money[-1] = _replace_money(self.money[-1], equivalent_of=first)
        return first

    def _one_money(self, currency: str | None = None, approximate: bool | None = None) -> str:
        rng = self.rng
        currency = currency or rng.choice([c for c in _CURRENCY_WORDS if c in CURRENCIES])
        unit = rng.choice(_CURRENCY_WORDS[currency])
        kind = "approximate" if approximate else rng.choice(_MONEY_KINDS)
        amount_max = qualifier = None
        vague = approx = False
        if kind == "vague":
            surface, amount, vague = f"{rng.choice(_VAGUE)}{unit}", None, True
        elif kind == "decimal":
            tenths = rng.randint(11, 999)
            whole, frac = divmod(tenths, 10)
            number = f"{whole}.{frac}" if frac else str(whole)
            surface, amount = f"{number}억{unit}", str(tenths * 10**7)
        elif kind == "range":
            low = _amount(rng)
            high = low * rng.randint(2, 5)
            surface = f"{korean_number(low, rng)}~{korean_number(high, rng)}{unit}"
            amount, amount_max, qualifier = str(low), str(high), "range"
        else:
            value = _amount(rng)
            number = korean_number(value, rng)
            surface, amount = f"{number}{unit}", str(value)
            if kind == "approximate":
                surface, approx = rng.choice((f"약 {surface}", f"{surface} 가량")), True
            elif kind == "at_least":
                surface, qualifier = f"{surface} 이상", "at_least"
            elif kind == "at_most":
                surface, qualifier = f"최대 {surface}", "at_most"
        entity_id = self.entity("MONEY", surface)
        self.money.append(
            Money(entity_id, amount, currency, approx, qualifier, amount_max, vague=vague)
        )
        return entity_id

    def end_sentence(self, separator: str) -> None:
        self.sentences.append(Sentence(self.sentence_start, self.length))
        self.add(separator)
        self.sentence_start = self.length

    def text(self) -> str:
        return "".join(self.parts)

    def text_of(self, entity_id: str) -> str:
        entity = next(e for e in reversed(self.entities) if e.id == entity_id)
        return "".join(self.parts)[entity.start : entity.end]


_MONEY_KINDS = ("plain", "plain", "approximate", "at_least", "at_most", "range", "vague", "decimal")


def _replace_money(m: Money, *, equivalent_of: str) -> Money:
    return Money(
        m.entity_id, m.amount, m.currency, m.approximate, m.qualifier, m.amount_max,
        m.vague, equivalent_of,
    )  # fmt: skip


def _amount(rng: random.Random) -> int:
    """A positive integer amount such as 143억 or 19조6천억: one or two unit groups."""
    power = rng.choice((4, 8, 8, 12))
    value = rng.randint(1, 9999) * 10**power
    if power > 4 and rng.random() < 0.5:
        value += rng.randint(1, 9) * 10 ** (power - 1)
    return value


_UNITS = ((10**12, "조"), (10**8, "억"), (10**4, "만"), (1, ""))


def korean_number(value: int, rng: random.Random) -> str:
    """Write a positive integer with Korean myriad units, digit styles picked by ``rng``:
    ``19600000000000`` -> '19조6천억', '19조6000억' or '19조6,000억'."""
    if value <= 0:
        raise ValueError(f"korean_number needs a positive integer, got {value}")
    out = []
    for unit_value, unit in _UNITS:
        group = value // unit_value % 10000 if unit_value < 10**12 else value // unit_value
        if group:
            out.append(_group(group, rng) + unit)
    return "".join(out)


def _group(group: int, rng: random.Random) -> str:
    style = rng.choice(("digits", "comma", "mixed"))
    if style == "comma" or group >= 10000:
        return f"{group:,}"
    if style == "digits" or group < 1000:
        return str(group)
    thousands, rest = divmod(group, 1000)
    return f"{thousands}천{rest or ''}"


_JOSA = {"은": "는", "이": "가", "을": "를", "와": "과"}  # after a consonant -> after a vowel


def _josa(word: str, particle: str) -> str:
    """The particle form that fits ``word``'s last syllable: _josa("메타", "은") == "는"."""
    last = word[-1]
    has_final = "가" <= last <= "힣" and (ord(last) - ord("가")) % 28 != 0
    if particle == "와":
        return "과" if has_final else "와"
    return particle if has_final else _JOSA[particle]


def _headline(b: _Builder) -> None:
    rng = b.rng
    b.add(rng.choice(_HEADLINE_PREFIXES))
    b.entity("ORG")
    b.add(", ")
    b.entity("PRODUCT")
    b.add(rng.choice((" 공개…", " 출시 임박…", " 논란…")))
    b.entity("PER")
    b.add(" ")
    b.entity("JOB_TITLE")
    b.add(rng.choice((" 합류", " 사임", " 발언")))


def _profile(b: _Builder) -> None:
    """One sentence that holds every entity label once, and no event."""
    rng = b.rng
    b.entity("PER")
    b.add(" ")
    title = b.entity("JOB_TITLE")
    b.add(_josa(b.text_of(title), "은") + " ")
    b.entity("DATE")
    b.add(" ")
    b.entity("TIME")
    b.add(" ")
    b.entity("LOC")
    b.add("에서 열린 간담회에서 ")
    b.entity("ORG")
    b.add("의 ")
    b.entity("PRODUCT")
    b.add(rng.choice((" 이용자가 ", " 판매량이 ")))
    b.entity("QUANTITY")
    b.add(" 늘었고 '")
    b.entity("WORK")
    b.add("' 관련 매출은 ")
    b.money_entity()
    b.add("에 이른다고 말했다.")


def _event_sentence(b: _Builder, event_type: EventType) -> None:
    rng = b.rng
    arguments: list[Argument] = []
    roles = [r for r in event_type.roles if rng.random() < 0.75] or [event_type.roles[0]]
    if any(r.name == "partner" for r in roles):
        roles.insert(0, next(r for r in roles if r.name == "partner"))
    for position, role in enumerate(roles):
        label = rng.choice(role.labels)
        entity_id = b.money_entity() if label == "MONEY" else b.entity(label)
        arguments.append(Argument(role.name, entity_id))
        surface = b.text_of(entity_id)
        if position == 0:
            b.add(_josa(surface, rng.choice(("은", "이"))) + " ")
        else:
            b.add(rng.choice((_josa(surface, "와"), _josa(surface, "을"), "에", "의", "")) + " ")
    if rng.random() < 0.3:
        b.add(rng.choice(("이번에 ", "결국 ", "공식적으로 ")))
    trigger = rng.choice(event_type.triggers)
    modality = rng.choice(MODALITIES)
    verb = trigger.endswith("다") and len(trigger) > 1
    if verb:
        trigger = trigger[:-1]
    start, end = b.add(trigger)
    b.add((_VERB_ENDINGS if verb else _NOUN_ENDINGS)[modality])
    b.events.append(Event(b.new_id(), event_type.name, start, end, modality, tuple(arguments)))


def synthetic_document(seed: int, index: int) -> Document:
    """Document ``index`` of the synthetic corpus ``seed``."""
    rng = random.Random(f"konews-synthetic/{seed}/{index}")
    b = _Builder(rng)
    _headline(b)
    b.end_sentence("\n")
    n_events = rng.randint(2, 7)
    profile_at = rng.randrange(n_events + 1)
    for k in range(n_events + 1):
        if k == profile_at:
            _profile(b)
        else:
            _event_sentence(b, rng.choice(EVENT_TYPES))
        b.end_sentence("" if k == n_events else rng.choice((" ", " ", "\n")))
    text = b.text()
    digest = hashlib.sha256(f"synthetic/{seed}/{index}".encode()).hexdigest()
    doc_id = f"synthetic-{digest[:12]}"
    teaser = rng.random() < 0.1
    meta = DocumentMeta(
        publisher="합성뉴스",
        title=text[b.sentences[0].start : b.sentences[0].end],
        doc_type="teaser" if teaser else "article",
        date=f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        date_source=rng.choice(("stated", "inferred")),
        date_note="",
        byline=f"{rng.choice(_SURFACES['PER'])} 기자",
        url=f"https://news.example/{doc_id}",
        source_file=f"synthetic_{seed}.txt",
        copyright="synthetic text, no rights reserved",
        truncated=teaser,
    )
    return Document(
        id=doc_id,
        text=text,
        meta=meta,
        sentences=tuple(b.sentences),
        entities=tuple(b.entities),
        money=tuple(b.money),
        events=tuple(b.events),
    )


def synthetic_documents(n: int, seed: int = 0) -> list[Document]:
    """``n`` synthetic documents (see the module doc); deterministic in ``seed``."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    return [synthetic_document(seed, i) for i in range(n)]
