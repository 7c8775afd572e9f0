"""The one Markdown table writer (the card, the datasheet's statistics, the leaderboard, the
evaluation tables all print GitHub-flavoured pipe tables the same way)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def table(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """A pipe table: the header, a ``---`` rule, one line per row (cells as ``str``)."""
    lines = ["| " + " | ".join(str(c) for c in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
