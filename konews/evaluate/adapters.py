"""Predictions from a callable (e.g. a Hugging Face token-classification pipeline) as
``entities`` rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from konews.errors import PredictionError
from konews.evaluate.rows import Rows
from konews.records import Span
from konews.text.bio import spans_to_bio


def predictions_from_callable(
    fn: Callable[[str], Iterable],
    gold: Rows | Iterable[dict],
    *,
    label_map: dict[str, str | None] | Callable[[str], str | None] | None = None,
    strip_whitespace: bool = True,
) -> list[dict]:
    """Prediction rows from a function ``text -> spans``, one row per gold sentence.

    ``fn`` may return ``Span``s, ``(start, end, label)`` tuples, dicts with
    ``start``/``end``/``label``, or a Hugging Face token-classification
    pipeline's output: aggregated (``entity_group``) or per token (``entity``
    with B-/I- prefixes, merged here into spans). ``label_map`` renames labels
    (None drops the span). Whitespace at span edges is trimmed (sentencepiece
    offsets often include the leading space). Entities rows get ``entities``
    rows back; ner_char rows (with ``chars``) get ``tags``.
    """
    rows = Rows.of(gold, "gold").rows
    out = []
    for r in rows:
        text = r["text"] if "text" in r else "".join(r["chars"])
        spans = _spans_from_output(fn(text), text, label_map, strip_whitespace, r.get("id"))
        if "chars" in r and "text" not in r:
            try:
                tags = spans_to_bio(len(text), [Span(s, e, lb) for s, e, lb in spans])
            except ValueError as e:
                raise PredictionError(f"sentence {r['id']}: {e}") from None
            out.append({"id": r["id"], "tags": tags})
        else:
            out.append(
                {
                    "id": r["id"],
                    "entities": [{"start": s, "end": e, "label": lb} for s, e, lb in spans],
                }
            )
    return out


def _spans_from_output(items, text, label_map, strip, sid) -> list[tuple[int, int, str]]:
    raw: list[tuple[int, int, str, str]] = []  # start, end, label, BIO prefix
    for it in items:
        if isinstance(it, Span):
            raw.append((it.start, it.end, it.label, "B"))
        elif isinstance(it, tuple):
            raw.append((it[0], it[1], it[2], "B"))
        elif isinstance(it, dict):
            if it.get("start") is None or it.get("end") is None:
                raise PredictionError(
                    f"sentence {sid}: model output {it!r:.80} has no character offsets; "
                    "use a fast tokenizer (pipeline offsets need offset mapping)"
                )
            if "label" in it or "entity_group" in it:
                raw.append((it["start"], it["end"], it.get("label", it.get("entity_group")), "B"))
            else:
                tag = str(it["entity"])
                prefix, label = (tag[0], tag[2:]) if tag[:2] in ("B-", "I-") else ("I", tag)
                if label != "O":
                    raw.append((it["start"], it["end"], label, prefix))
        else:
            raise PredictionError(f"sentence {sid}: cannot read model output {it!r:.80}")
    merged: list[list] = []
    for start, end, label, prefix in sorted(raw, key=lambda x: x[0]):
        last = merged[-1] if merged else None
        if (
            prefix == "I"
            and last is not None
            and last[2] == label
            and last[1] <= start
            and not text[last[1] : start].strip()
        ):
            last[1] = end  # a word piece continuing the entity
        else:
            merged.append([start, end, label])
    spans = []
    for start, end, label in merged:
        if label_map is not None:
            label = label_map(label) if callable(label_map) else label_map.get(label, label)
            if label is None:
                continue
        if strip:
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
        if start < end:
            spans.append((start, end, label))
    return spans
