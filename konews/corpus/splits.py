"""Which split a document belongs to: a pure function of its id.

The seed documents (the pages the benchmark started from) are the ``test``
split. Every other document goes to a split chosen by the SHA-256 of its id:
the first 8 bytes, read as a big-endian integer, modulo 100 give a bucket;
buckets 0-79 are ``train``, 80-89 ``validation``, 90-99 ``test``.

The sentences of the KLUE news layer (ids ``klue-ner-v1_dev_NNNNN-wikitree``) are split by
the same bucket with other bounds, about 40 / 10 / 50: buckets 0-39 ``train``, 40-49
``validation``, 50-99 ``test``. Half of the layer is test so that scores on it have narrow
intervals; the train part is what the learned baselines may see.

Because the rule looks at nothing but the id, adding documents never moves an
existing one to another split, and anyone can recompute a split without the
data. Never change the rule or the seed list for existing ids: that would
silently move documents between splits and break comparability of scores.
"""

from __future__ import annotations

import hashlib

from konews.corpus.klue import is_layer_id

SPLITS: tuple[str, ...] = ("train", "validation", "test")

# The four seed documents (sources/000_*.txt, 003_*.txt) of KoNews 1.0: the
# test split, frozen. Ids are content hashes (konews.corpus.document_id), so a
# change to the cleaning that changes a seed text fails the corpus test that
# pins these ids instead of silently moving a document to another split.
SEED_DOC_IDS: frozenset[str] = frozenset(
    {
        "yonhap-8f4fdd8693d1",
        "tfmedia-79329bd21c51",
        "tfmedia-9b70c4569f10",
        "tfmedia-8c0799a28162",
    }
)

# Upper bucket bounds (exclusive) per split, out of 100.
_BUCKETS: tuple[tuple[str, int], ...] = (("train", 80), ("validation", 90), ("test", 100))
_LAYER_BUCKETS: tuple[tuple[str, int], ...] = (("train", 40), ("validation", 50), ("test", 100))


def bucket_of(doc_id: str) -> int:
    """The id's bucket in ``range(100)``: sha256(id) as an integer, modulo 100."""
    digest = hashlib.sha256(doc_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % 100


def split_of(doc_id: str) -> str:
    """``"train"``, ``"validation"`` or ``"test"`` for a document id (see the module doc)."""
    if doc_id in SEED_DOC_IDS:
        return "test"
    bucket = bucket_of(doc_id)
    bounds = _LAYER_BUCKETS if is_layer_id(doc_id) else _BUCKETS
    return next(name for name, bound in bounds if bucket < bound)


def part_of(doc_id: str) -> str:
    """``"klue"`` for a sentence of the KLUE news layer, ``"konews"`` for a KoNews article."""
    return "klue" if is_layer_id(doc_id) else "konews"
