"""kiwipiepy morphological analysis shared by the lexicon, CRF and event baselines.

``analyze(texts)`` returns one list of ``Morph`` per text, with half-open
code-point offsets into the text (kiwipiepy counts code points, so an emoji is
one position, like Python). A contracted form covers the same characters with
several morphemes: '했다' is 하/XSV [0, 1) + 었/EP [0, 1) + 다/EF [1, 2).

Analysing KLUE's 5,000 sentences takes several seconds plus about 1.5 s to
load the model, so ``analyze(..., cache_dir=...)`` keeps the result of a whole
batch in a gzipped JSON file named by a hash of the texts and the kiwipiepy
version (JSON, not pickle: a cache file from elsewhere cannot run code).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from konews.io import atomic_write_bytes
from konews.text.segmentation import kiwi


@dataclass(frozen=True, slots=True)
class Morph:
    form: str
    tag: str  # Sejong-style tag from kiwipiepy: NNP, NNG, SN, JKS, VV, ...
    start: int
    end: int
    lemma: str  # '떠나다' for the verb in '떠났다'; the form for other tags


def kiwi_version() -> str:
    import kiwipiepy  # lazy, as in konews.text.segmentation.kiwi: a slow import

    return kiwipiepy.__version__


def _to_morphs(tokens) -> list[Morph]:
    return [Morph(t.form, t.tag, t.start, t.start + t.len, t.lemma) for t in tokens]


def analyze(texts: Sequence[str], *, cache_dir: str | Path | None = None) -> list[list[Morph]]:
    """Morphemes of each text; cached on disk under ``cache_dir`` when given."""
    if not texts:
        return []
    path = None
    if cache_dir is not None:
        h = hashlib.sha256(kiwi_version().encode())
        for t in texts:
            h.update(t.encode("utf-8"))
            h.update(b"\0")
        path = Path(cache_dir) / f"kiwi-{h.hexdigest()[:20]}.json.gz"
        if path.is_file():
            with gzip.open(path, "rt", encoding="utf-8") as f:
                rows = json.load(f)
            return [[Morph(*m) for m in row] for row in rows]
    result = [_to_morphs(tokens) for tokens in kiwi().tokenize(list(texts))]
    if path is not None:
        rows = [[[m.form, m.tag, m.start, m.end, m.lemma] for m in row] for row in result]
        data = gzip.compress(json.dumps(rows, ensure_ascii=False).encode("utf-8"), mtime=0)

        atomic_write_bytes(path, data)
    return result
