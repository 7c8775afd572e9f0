"""Currencies: the currency words, symbols and codes of an amount, the
English scale words, and the words that only look like a currency.

- a currency word in a longer word or used as another unit is not a
  currency: see ``NON_CURRENCY`` (``3원색``, ``V8엔진``, ``위안부``,
  ``체중을 10파운드 줄였다``).
"""

from __future__ import annotations

import re

# Non-currency readings of the currency words, with what keeps each out:
# currency word -> (regex of what may not follow it, examples that are not money).
# Words that can follow a money amount stay allowed even when they also start
# another word: 원인 (3억원인 주택: copula), 원가량, 원정도, 원미만, 원짜리, 원권, 원선.
NON_CURRENCY: dict[str, tuple[str, tuple[str, ...]]] = {
    "원": (
        # 원칙 principle, 원소 element, 원자 atom, 원룸 studio, 원형 circle,
        # 원숭이 monkey, 원전 nuclear plant, 원색 primary colour, 원뿔 cone,
        # 원년 first year, 원주민 natives, 원화 the won itself (but 원화폐 is money)
        "칙|소|자|룸|형|숭|전|색|뿔|년|주민|화(?!폐)",
        ("5원칙을 세웠다", "118원소", "1원자로", "2원룸", "3원형 구조", "1원전 사고",
         "3원색", "2원뿔", "2020원년", "3원주민", "2원화 정책"),
    ),
    "엔": (
        # 엔진 engine, 엔터 entertainment, 엔지니어, 엔트리 entry, 엔딩 ending,
        # 엔씨 NCSoft, 엔비디아 Nvidia
        "진|터|지|트|딩|씨|비",
        ("V8엔진을 얹었다", "3엔터", "2엔지니어", "3엔트리", "영화1,2 엔딩", "5엔씨", "4엔비디아"),
    ),
    "위안": (
        # 위안부 "comfort women", 위안소; 위안(을|으로) 삼다 "take comfort";
        # 10위 안에 들다 "within the top 10" (올 of 올랐다 but not 올해)
        r"부|소|(?:을|으로)? ?삼|에 ?(?:들|진입|포함|안착|올라|올랐|랭크|머물|이름|오른)",
        ("10위안부", "2위안소", "2위안으로 삼았다", "세계 10위안에 들었다", "세계 5위안에 올랐다"),
    ),
    "파운드": (
        # 파운드리 foundry, 파운드케이크 pound cake; 파운드 as a unit of weight
        # is judged from the words around it (_WEIGHT_CUE)
        "리|케이크|케익",
        ("7파운드리", "2파운드케이크", "체중을 10파운드 줄였다", "10파운드 무게",
         "220파운드(약 99kg)를 들었다", "230파운드 바벨도 거뜬히"),
    ),
    "유로": (
        # 유로파리그 Europa League, 유로존 euro zone, 유로비전 Eurovision
        "파|존|비전",
        ("16유로파리그", "19유로존", "2유로비전"),
    ),
    "센트": ("럴|리", ("2센트럴", "3센트리")),  # 센트럴 central, 센트리 sentry
    "스위스 ?프랑": ("스", ("100스위스 프랑스어",)),  # 프랑스 France
}  # fmt: skip
# Words that make 파운드 a unit of weight when they are near it (체중 body
# weight, 무게 weight, 바벨 barbell, kg ...); a price per kilogram (kg당) is not.
_WEIGHT_CUE = re.compile(
    r"체중|몸무게|무게|중량|감량|증량|바벨|덤벨|역기|살[을이] ?(?:빼|뺐|빠|쪄|쪘|찌)"
    r"|(?:kg|KG|㎏|킬로그램|(?<!프로)그램|킬로(?!미터)|온스)(?!당)"
)
_WEIGHT_WINDOW = 20  # characters on either side of the mention


def _currency_word(word: str) -> str:
    if word in NON_CURRENCY:
        return f"{word}(?!{NON_CURRENCY[word][0]})"
    return word


def _weight_cue(view: str, start: int, end: int) -> str | None:
    cue = _WEIGHT_CUE.search(view, max(0, start - _WEIGHT_WINDOW), start) or _WEIGHT_CUE.search(
        view, end, end + _WEIGHT_WINDOW
    )
    return cue.group() if cue else None


# Currency words after a number, longest first.
_CURRENCY_WORDS: tuple[tuple[str, str], ...] = (
    (r"홍콩 ?달러", "HKD"),
    (r"싱가(?:포르|폴) ?달러", "SGD"),
    (r"대만 ?달러", "TWD"),
    (r"캐나다 ?달러", "CAD"),
    (r"호주 ?달러", "AUD"),
    (r"미국 ?달러", "USD"),
    (_currency_word("스위스 ?프랑"), "CHF"),
    (r"달러", "USD"),
    (_currency_word("센트"), "USD"),
    (_currency_word("유로"), "EUR"),
    (_currency_word("엔"), "JPY"),
    (_currency_word("위안"), "CNY"),
    (_currency_word("파운드"), "GBP"),
    (_currency_word("원"), "KRW"),
    (r"(?i:(?:US ?)?dollars?)(?![A-Za-z])", "USD"),  # 5 million dollars
    (r"(?i:euros?)(?![A-Za-z])", "EUR"),
)
_SYMBOLS = {
    "US$": "USD", "HK$": "HKD", "S$": "SGD", "C$": "CAD", "A$": "AUD", "NT$": "TWD",
    "$": "USD", "＄": "USD", "₩": "KRW", "￦": "KRW", "€": "EUR", "£": "GBP", "¥": "JPY", "￥": "JPY",
}  # fmt: skip
# English scale words after an Arabic number: 5 million, 1.2bn. The one-letter
# forms (5k, $3m, 2B) only after a currency symbol or code, where they cannot
# be metres or bytes.
_SCALES = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "mn": 10**6, "mln": 10**6, "bn": 10**9, "bln": 10**9, "tn": 10**12, "trn": 10**12,
    "k": 10**3, "m": 10**6, "b": 10**9,
}  # fmt: skip
_SCALE_WORD = r"(?i:(?:thousand|million|billion|trillion)s?|mln|mn|bln|bn|trn|tn)(?![A-Za-z])"
_SCALE_ANY = rf"(?:{_SCALE_WORD}|(?i:[kmb])(?![A-Za-z]))"
