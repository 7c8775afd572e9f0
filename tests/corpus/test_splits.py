"""The split rule (konews.corpus.splits): a pure function of the document id."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from konews.corpus import splits
from konews.corpus.sources import corpus_documents
from konews.corpus.splits import SPLITS, bucket_of, split_of
from konews.corpus.synthetic import synthetic_documents
from konews.dataset.build import build_dataset
from konews.dataset.rows import read_rows

IDS = [f"synthetic-{hashlib.sha256(str(i).encode()).hexdigest()[:12]}" for i in range(20_000)]


def test_bucket_is_sha256_of_the_id_as_documented():
    for doc_id in IDS[:200]:
        digest = hashlib.sha256(doc_id.encode("utf-8")).hexdigest()
        assert bucket_of(doc_id) == int(digest[:16], 16) % 100


@pytest.mark.parametrize(("bucket", "split"), [(0, "train"), (79, "train"), (80, "validation"),
                                              (89, "validation"), (90, "test"), (99, "test")])  # fmt: skip
def test_bucket_bounds(bucket, split):
    doc_id = next(i for i in IDS if bucket_of(i) == bucket)
    assert split_of(doc_id) == split


def test_proportions_are_about_80_10_10():
    counts = Counter(split_of(i) for i in IDS)
    assert set(counts) == set(SPLITS)
    for split, share in (("train", 0.8), ("validation", 0.1), ("test", 0.1)):
        assert abs(counts[split] / len(IDS) - share) < 0.015, counts


def test_a_seed_document_is_in_test_whatever_its_bucket(monkeypatch):
    train_id = next(i for i in IDS if split_of(i) == "train")
    monkeypatch.setattr(splits, "SEED_DOC_IDS", frozenset({train_id}))
    assert split_of(train_id) == "test"


def test_seed_ids_are_ids_of_current_corpus_documents():
    """A seed id that no longer exists means the cleaner changed the text: update SEED_DOC_IDS."""
    ids = {d.id for d in corpus_documents()}
    assert splits.SEED_DOC_IDS <= ids, sorted(splits.SEED_DOC_IDS - ids)


def _split_membership(folder) -> dict[str, str]:
    return {
        row["id"]: split
        for split in SPLITS
        for row in read_rows(folder, "documents", split)
    }  # fmt: skip


def test_adding_documents_never_moves_an_existing_one(tmp_path):
    first = synthetic_documents(40, seed=3)
    more = first + synthetic_documents(60, seed=4) + synthetic_documents(200, seed=3)[40:]
    build_dataset(first, tmp_path / "before")
    build_dataset(more, tmp_path / "after")
    before, after = _split_membership(tmp_path / "before"), _split_membership(tmp_path / "after")
    assert len(before) == 40 and len(after) == len({d.id for d in more})
    assert {doc_id: after[doc_id] for doc_id in before} == before
    assert set(before.values()) == set(SPLITS), "the documents fall into every split"
