"""The KLUE news layer as documents for the build: the standoff gold, hydrated when KLUE's
text can be found (``konews.layer.sources``), with a message saying what was used or missing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from konews.layer.sources import find_layer_texts
from konews.layer.standoff import hydrate, read_gold
from konews.records import Document

ERRATA = "errata.jsonl"


@dataclass(frozen=True, slots=True)
class Layer:
    documents: list[Document]  # hydrated; empty when the text was not found
    message: str
    missing: tuple[str, ...]  # ids of the annotated sentences left out for want of text
    errata: bytes | None  # the errata file, shipped with the dataset when the layer is in


def load_layer(folder: str | Path, klue: str | Path | None = None, *, hub: bool = True) -> Layer:
    """The layer whose standoff gold is ``folder``/gold.jsonl (``annotation/klue``)."""
    folder = Path(folder)
    sentences = read_gold(folder / "gold.jsonl")
    if not sentences:
        return Layer([], f"no KLUE news layer gold at {folder / 'gold.jsonl'}", (), None)
    found, message = find_layer_texts(klue, [s.id for s in sentences], hub=hub)
    if found is None:
        return Layer([], message, tuple(s.id for s in sentences), None)
    errata = folder / ERRATA
    return Layer(
        hydrate(sentences, found.texts),
        message,
        (),
        errata.read_bytes() if errata.is_file() else None,
    )
