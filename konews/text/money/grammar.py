"""The mention grammar: the regular expressions of a money mention and of a
range head, the hedge words, the verbs after a span that make its amount a
bound, and the gaps of ranges and restatements."""

from __future__ import annotations

import re

from konews.schema import CURRENCIES, Qualifier

from .currencies import _CURRENCY_WORDS, _SCALE_ANY, _SCALE_WORD, _SYMBOLS
from .numerals import _FULL_WIDTH

# One space between the parts of a number or before its currency: an ordinary,
# no-break, thin or narrow no-break space (the ideographic space reads as one).
_SP = r"[ \u00a0\u2009\u202f]?"
_AD = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_ASMALL = rf"(?:{_AD}[천백십]){{0,3}}{_AD}|(?:{_AD}[천백십]){{1,3}}"
_ANUM = rf"(?:{_ASMALL})여?[만억조경](?:{_SP}(?:{_ASMALL})여?[만억조경]){{0,3}}(?:{_SP}(?:{_ASMALL}))?|{_ASMALL}"
_HD = "[일이삼사오육칠팔구]"
_HSMALL = rf"(?:{_HD}?[천백십]){{1,3}}{_HD}?|{_HD}"
_HNUM = rf"(?:{_HSMALL})?[만억조경](?:{_SP}(?:{_HSMALL})?[만억조경]){{0,3}}(?:{_SP}(?:{_HSMALL}))?|{_HSMALL}"
_VAGUE = r"(?:수|몇|십수) ?(?:[십백천][만억조경]*|[만억조경]+)"
# 제 before digits makes an ordinal: 제1원전 (nuclear plant no. 1), 제3원칙.
# What else may come before a number is judged by _left_problem, which can
# say why it refuses.
_NUMBER = rf"(?<![0-9제])(?P<a>{_ANUM})|(?<![가-힣])(?P<v>{_VAGUE})|(?<![가-힣])(?P<h>{_HNUM})"

_CODES = "|".join(CURRENCIES)
_WORDS = "|".join(f"(?P<w{i}>{pattern})" for i, (pattern, _) in enumerate(_CURRENCY_WORDS))
_SYMS = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
# Hedge words inside a MONEY span, per the guidelines (대 and 여 attach to the
# number or currency and are handled in the grammar).
HEDGE_PREFIXES: tuple[str, ...] = ("약", "최대", "최소", "무려")
HEDGE_SUFFIXES: tuple[str, ...] = ("이상", "이하", "미만", "초과", "가량", "정도", "안팎")
_PREFIX = rf"(?<![가-힣A-Za-z0-9])(?:{'|'.join(HEDGE_PREFIXES)})"
_SUFFIX = "|".join(HEDGE_SUFFIXES).replace("초과", "초과(?![하한했할해])")  # 초과하는 is a verb

# Every mention contains one of these; most sentences contain none, and one
# cheap search skips them (3x faster on KLUE-NER).
# (Each of _CURRENCY_WORDS contains one of the words here.)
_HINT_WORDS = [
    "원", "달러", "엔", "위안", "유로", "파운드", "프랑", "센트",
    *(w for word in ("dollar", "euro") for w in (word, word.title(), word.upper())),
    *CURRENCIES, *_SYMBOLS,
]  # fmt: skip
# Literal alternatives keep this search fast (a character class or (?i) makes
# it 15x slower); the codes are also listed full-width (ＵＳＤ), the only hint
# words that NFKC reading changes.
_HINT = re.compile(
    "|".join(re.escape(w) for w in _HINT_WORDS + [c.translate(_FULL_WIDTH) for c in CURRENCIES])
)

_MONEY = re.compile(
    rf"(?P<pre>(?:{_PREFIX}{_SP}){{0,2}})"
    r"(?:"
    rf"(?P<sym>{_SYMS}){_SP}(?P<snum>{_ANUM})(?:{_SP}(?P<scale>{_SCALE_ANY}))?"
    rf"|(?<![A-Za-z])(?P<code1>{_CODES}){_SP}(?P<cnum>{_ANUM})(?:{_SP}(?P<cscale>{_SCALE_ANY}))?"
    rf"|(?:{_NUMBER})(?P<yeo>여)?(?:{_SP}(?P<nscale>{_SCALE_WORD}))?"
    rf"{_SP}(?:{_WORDS}|(?P<code2>{_CODES})(?![A-Za-z]))"
    r")"
    r"(?P<dae>대(?![비신]))?"
    rf"(?P<suf>{_SP}(?:{_SUFFIX}))?"
)

# A bare number (no currency) before a range separator: the 7천억 of 7천억~8천억원.
_RANGE_HEAD = re.compile(
    rf"(?P<pre>(?:{_PREFIX}{_SP}){{0,2}})(?:{_NUMBER})(?P<yeo>여)?"
    rf"(?:{_SP}(?P<sep>[~∼〜～\-–]){_SP}|{_SP}(?P<from>부터) ?)\Z"
)
_RANGE_GAP = re.compile(rf"{_SP}(?:[~∼〜～\-–]{_SP}|부터 ?)")

# Verbs after the span (and its particle) that make the amount a bound.
_PARTICLE_ADVERB = r"(?:을|를|이|가|은|는|도|에)? ?(?:(?:훌쩍|훨씬|크게|족히|가뿐히|이미) )?"
_AT_LEAST_AFTER = re.compile(
    rf"{_PARTICLE_ADVERB}(?:넘[는어었겨겼은을게기긴길]|웃[도돈돌]|상회|초과[하한했할해])"
)
_AT_MOST_AFTER = re.compile(rf"{_PARTICLE_ADVERB}(?:밑[도돈돌]|하회|못 ?미치|미달)")
# 143억 달러(약 19조6천억원), 49달러(한화 약 5만 8200원), 2만 파운드, 우리 돈 3400만원:
# after a comma the marker word is required, or a list would become restatements.
_MARKER = r"(?:한화|원화|미화|우리 ?돈|환산 ?시)(?:으?로)?"
_RESTATEMENT_GAP = re.compile(rf" ?[(（] ?(?:{_MARKER} ?)?| ?, ?{_MARKER} ?")

_PREFIX_QUALIFIER = {"최대": Qualifier.AT_MOST.value, "최소": Qualifier.AT_LEAST.value}
_SUFFIX_QUALIFIER = {
    "이상": Qualifier.AT_LEAST.value,
    "초과": Qualifier.AT_LEAST.value,
    "이하": Qualifier.AT_MOST.value,
    "미만": Qualifier.AT_MOST.value,
}
_APPROX_SUFFIXES = ("가량", "정도", "안팎")
