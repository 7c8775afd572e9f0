"""``konews money``: find and normalize the money mentions in a Korean text."""

from __future__ import annotations

import sys


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "money",
        help="find money mentions in Korean text and print them as JSON lines",
        description=(
            "Print one JSON object per money mention (text, start, end, amount, amount_max, "
            "currency, approximate, qualifier, vague, equivalent_of). Money-like text that "
            "cannot be read whole (3만2억원, -5억원, 1e9 달러) is never printed as a piece: "
            "a warning on standard error names it and says why. "
            "Example: konews money '143억 달러(약 19조6천억원)'"
        ),
    )
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("text", nargs="?", help="the text; '-' reads standard input")
    source.add_argument("--file", metavar="F", help="read the text from a UTF-8 file")
    p.set_defaults(func=run)


def run(args) -> int:
    import re
    import unicodedata

    from konews.errors import KoNewsError
    from konews.io import jsonl_line, read_text
    from konews.text.money import scan_money

    if args.file is not None:
        text, where = read_text(args.file), str(args.file)
    elif args.text == "-":
        # Bytes, decoded here: sys.stdin's own decoding depends on the locale
        # (surrogateescape under C/POSIX would pass garbage through silently).
        data = sys.stdin.buffer.read()
        try:
            text, where = data.decode("utf-8"), "<stdin>"
        except UnicodeDecodeError as e:
            line = data.count(b"\n", 0, e.start) + 1
            raise KoNewsError(
                f"standard input, line {line}: not UTF-8 (byte {data[e.start]:#04x}); "
                "pipe UTF-8 text, e.g. through iconv -f CP949 -t UTF-8"
            ) from None
    else:
        text, where = args.text, "<text>"
    # Undecodable bytes in an argument reach Python as lone surrogates (surrogateescape).
    if (bad := re.search("[\ud800-\udfff]", text)) is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise KoNewsError(
            f"{where}:{line}: the text is not valid UTF-8 (byte 0x{ord(bad.group()) & 0xFF:02x} "
            f"at character {bad.start()}); convert it to UTF-8 first, e.g. iconv -f CP949 -t UTF-8"
        )
    if not unicodedata.is_normalized("NFC", text):
        raise KoNewsError(
            "the text is not NFC (decomposed Hangul?); offsets would not match the usual "
            "form. Normalize it first, e.g. uconv -x any-nfc or unicodedata.normalize('NFC', ...)"
        )
    scan = scan_money(text)
    for mention in scan.mentions:
        print(jsonl_line(mention.to_json()))
    line, counted = 1, 0
    for skipped in scan.skipped:
        line += text.count("\n", counted, skipped.start)
        counted = skipped.start
        print(
            f"warning: {where}:{line}: skipped {skipped.text!r} (characters "
            f"{skipped.start}-{skipped.end}): {skipped.reason}",
            file=sys.stderr,
        )
    return 0
