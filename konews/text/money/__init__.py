"""Korean money expressions: find them in running text and normalize them.

``find_money`` returns every money mention in a text with an exact amount
(a decimal string, never a float), its ISO 4217 currency and its hedges:

>>> [m.to_json()["amount"] for m in find_money("143억 달러(약 19조6천억원)")]
['14300000000', '19600000000000']

Spans follow the annotation guidelines (``annotation/GUIDELINES.md``): a span
covers the number, its units, the currency and the hedges that are words of
the money phrase (약, 최대, 최소, 무려 before; 이상, 이하, 미만, 초과, 가량,
정도, 안팎, 여, 대 after) but never a particle or a verb. A verb right after
the span (``290억 달러를 넘는``) still sets the qualifier.

Numbers are read by ``parse_number``: digits with separators and decimals,
the units 십/백/천 and 만/억/조/경 in any mix (``19조6천억``, ``1조 3,000억``,
``2천500억``), and Hangul numerals (``삼백만``). After a currency symbol or
code, English scale words are read too (``USD 5 million``, ``$1.2bn``,
``US$ 30 bn``, ``5 million dollars``). Text is expected in NFC.

Right or silent: a mention is the whole money expression with its exact
amount, or nothing. What looks like money but cannot be read whole is
skipped, and ``scan_money`` says why (``konews money`` prints it as a
warning). The rules, each for a class of input, are stated where they are
enforced: ``guards`` (a numeral is read whole or not at all, invisible
characters, negative amounts), ``numerals`` (full-width digits, at most 60
significant digits) and ``currencies`` (currency words that are not
currencies, ``NON_CURRENCY``).

The modules, from the bottom up: ``numerals``, ``currencies`` and ``mention``
do not import each other; ``grammar`` builds the regular expressions from
the currencies; ``guards`` holds the right-or-silent checks; ``matches`` reads
one match of the grammar; ``ranges`` joins amounts into ranges; ``scan`` runs
it all (import-linter checks the order: see pyproject.toml).
"""

# The modules import each other relatively so that the package also loads
# under another name: scripts/bench_money.py --baseline loads an old revision
# of it next to the current one.
from .currencies import NON_CURRENCY
from .grammar import HEDGE_PREFIXES, HEDGE_SUFFIXES
from .mention import MoneyMention, MoneyScan, SkippedMoney
from .numerals import format_amount, parse_number
from .scan import find_money, parse_money, scan_money

__all__ = [
    "HEDGE_PREFIXES",
    "HEDGE_SUFFIXES",
    "NON_CURRENCY",
    "MoneyMention",
    "MoneyScan",
    "SkippedMoney",
    "find_money",
    "format_amount",
    "parse_money",
    "parse_number",
    "scan_money",
]
