"""``konews money``: find and normalize the money mentions in a Korean text."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "money",
        help="find money mentions in Korean text and print them as JSON lines",
        description=(
            "Print one JSON object per money mention (text, start, end, amount, amount_max, "
            "currency, approximate, qualifier, vague, equivalent_of). "
            "Example: konews money '143억 달러(약 19조6천억원)'"
        ),
    )
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("text", nargs="?", help="the text; '-' reads standard input")
    source.add_argument("--file", metavar="F", help="read the text from a UTF-8 file")
    p.set_defaults(func=run)


def run(args) -> int:
    import unicodedata

    from konews.errors import KoNewsError
    from konews.io import jsonl_line
    from konews.text.money import find_money

    if args.file is not None:
        try:
            with open(args.file, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as e:
            raise KoNewsError(f"cannot read {args.file}: {e}; give a UTF-8 text file") from None
    elif args.text == "-":
        text = sys.stdin.read()
    else:
        text = args.text
    if not unicodedata.is_normalized("NFC", text):
        raise KoNewsError(
            "the text is not NFC (decomposed Hangul?); offsets would not match the usual "
            "form. Normalize it first, e.g. uconv -x any-nfc or unicodedata.normalize('NFC', ...)"
        )
    for mention in find_money(text):
        print(jsonl_line(mention.to_json()))
    return 0
