"""Where the KLUE news layer's text comes from at build time.

In this order (the first that is there wins):

1. ``--klue PATH`` on the command line, or the ``KONEWS_KLUE`` environment variable: the
   KLUE-NER v1.1 dev TSV (``klue-ner-v1.1_dev.tsv``);
2. ``../shared/data/klue-ner-v1.1/klue-ner-v1.1_dev.tsv`` next to the checkout;
3. the Hugging Face hub's ``klue/klue`` ``ner`` validation split (or its local cache). Hub rows
   are the same 5,000 sentences in the same order but carry no ids, so a layer sentence
   ``klue-ner-v1_dev_00076-wikitree`` is row 76; the text hash of the standoff gold confirms
   every sentence (``standoff.hydrate``).

A path that is given but unreadable is an error (the user asked for it); a source that is
simply absent moves on to the next one, and when none is there the caller builds the seed
part alone and says what is missing.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from konews.corpus.klue import (
    DEFAULT_KLUE_DEV,
    HUB_DATASET,
    _relative,
    is_layer_id,
    read_klue_tsv,
)
from konews.errors import KoNewsError

ENV = "KONEWS_KLUE"
_POSITION = re.compile(r"^klue-ner-v1_dev_(\d{5})-")


@dataclass(frozen=True, slots=True)
class LayerTexts:
    texts: dict[str, str]  # layer sentence id -> NFC text
    source: str  # what was read, for messages and the build report


def _from_tsv(path: Path) -> LayerTexts:
    sentences = read_klue_tsv(path)
    return LayerTexts({s.id: s.text for s in sentences if is_layer_id(s.id)}, _relative(path))


def position_of(sentence_id: str) -> int:
    """Row index of a KLUE-NER v1.1 dev id in the hub's validation split."""
    m = _POSITION.match(sentence_id)
    if m is None:
        raise KoNewsError(f"{sentence_id!r} is not a KLUE-NER v1.1 dev sentence id")
    return int(m.group(1))


def texts_from_hub(ids: Iterable[str], dataset: tuple[str, str | None] = HUB_DATASET) -> LayerTexts:
    """The texts of ``ids`` from the hub's validation split, mapped by position.

    ``dataset`` is ``(path, config)`` for ``datasets.load_dataset``; tests pass a local
    folder of their own making to run this same code path offline."""
    try:
        from datasets import load_dataset

        rows = load_dataset(dataset[0], dataset[1], split="validation")
    except Exception as e:  # datasets raises many unrelated types for "not available"
        raise KoNewsError(
            f"cannot load {dataset[0]} ({dataset[1]}) validation from the hub or its cache: "
            f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        ) from None
    texts = {}
    for sid in ids:
        i = position_of(sid)
        if i >= rows.num_rows:
            raise KoNewsError(
                f"{dataset[0]} validation has {rows.num_rows} rows; {sid} needs row {i}"
            )
        tokens = rows[i]["tokens"]
        texts[sid] = unicodedata.normalize("NFC", "".join(tokens))
    return LayerTexts(texts, f"{dataset[0]} {dataset[1] or ''} validation (by position)".strip())


def find_layer_texts(
    path: str | Path | None, ids: Iterable[str], *, hub: bool = True
) -> tuple[LayerTexts | None, str]:
    """The layer's texts from the first available source, and a message saying what was
    used or, when nothing was found (``None``), what is missing and how to supply it."""
    given = path if path is not None else os.environ.get(ENV) or None
    if given is not None:
        given = Path(given)
        if not given.is_file():
            what = "a folder" if given.is_dir() else "no such file"
            raise KoNewsError(f"{given}: {what}; --klue / {ENV} must name klue-ner-v1.1_dev.tsv")
        found = _from_tsv(given)
        return found, f"KLUE news layer text from {found.source}"
    if DEFAULT_KLUE_DEV.is_file():
        found = _from_tsv(DEFAULT_KLUE_DEV)
        return found, f"KLUE news layer text from {found.source}"
    missing = (
        f"KLUE news layer not hydrated: no KLUE-NER v1.1 dev TSV (--klue PATH, {ENV}, or "
        f"../shared/data/klue-ner-v1.1/)"
    )
    if hub:
        try:
            found = texts_from_hub(ids)
            return found, f"KLUE news layer text from {found.source}"
        except KoNewsError as e:
            missing += f" and the hub is unavailable ({e})"
    return None, missing + "; building the seed articles only."
