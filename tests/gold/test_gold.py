"""The gold (annotation/gold.json): the product. Checks it against its sources:
the corpus text, the adjudicated annotation pass the annotators wrote, the
money normalizer, the validator, and a real Label Studio server."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from konews.corpus.sources import corpus_documents
from konews.gold.markup import read_pass
from konews.io import read_json
from konews.labelstudio.export import documents_from_export
from konews.labelstudio.validate import check_against_corpus, validate_export

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "annotation" / "gold.json"


@pytest.fixture(scope="module")
def export():
    return read_json(GOLD)


@pytest.fixture(scope="module")
def gold(export):
    return documents_from_export(export)


def test_gold_is_valid_and_matches_the_corpus_text(export):
    assert validate_export(export) == []
    assert check_against_corpus(export) == []


def test_gold_is_the_adjudicated_pass(gold):
    # The passes are the annotators' own files: the gold must hold exactly what
    # adjudication decided, region ids aside.
    adjudicated = read_pass(ROOT / "annotation" / "passes" / "adjudicated", corpus_documents())

    def layers(doc):
        ent = {e.id: (e.start, e.end, e.label) for e in doc.entities}
        money = sorted(
            (ent[m.entity_id], m.amount, m.currency, m.approximate, m.qualifier, m.amount_max, m.vague,
             ent.get(m.equivalent_of))
            for m in doc.money
        )  # fmt: skip
        events = sorted(
            (e.type, e.trigger_start, e.trigger_end, e.modality, tuple(sorted((a.role, ent[a.entity_id]) for a in e.arguments)))
            for e in doc.events
        )  # fmt: skip
        return sorted(ent.values()), money, events

    assert [d.id for d in gold] == [d.id for d in adjudicated]
    for g, a in zip(gold, adjudicated, strict=True):
        assert layers(g) == layers(a), g.id


def test_every_money_span_is_normalized_as_the_normalizer_reads_it(gold):
    from konews.text.money import find_money

    checked = 0
    for doc in gold:
        found = {(m.start, m.end): m for m in find_money(doc.text)}
        ent = {e.id: e for e in doc.entities}
        for money in doc.money:
            e = ent[money.entity_id]
            m = found[(e.start, e.end)]
            assert (m.amount, m.currency, m.approximate, m.qualifier, m.amount_max, m.vague) == (
                money.amount, money.currency, money.approximate, money.qualifier, money.amount_max, money.vague,
            ), doc.text[e.start : e.end]  # fmt: skip
            if money.equivalent_of:
                eq = ent[money.equivalent_of]
                assert found[(eq.start, eq.end)] is (list(found.values())[m.equivalent_of])
            checked += 1
    assert checked == sum(len(d.money) for d in gold) > 0


@pytest.mark.parametrize(
    ("surface", "amount", "currency"),
    [("143억 달러", "14300000000", "USD"), ("약 19조6천억원", "19600000000000", "KRW"),
     ("19조원대", "19000000000000", "KRW"), ("290억 달러 이상", "29000000000", "USD"),
     ("1조 3,000억 달러", "1300000000000", "USD"), ("1.3조 달러", "1300000000000", "USD"),
     ("수십억 달러", None, "USD")],
)  # fmt: skip
def test_gold_money_values_read_by_hand(gold, surface, amount, currency):
    # values written out by a reader, independent of the normalizer
    values = {
        (d.text[d.entity(m.entity_id).start : d.entity(m.entity_id).end], m.amount, m.currency)
        for d in gold
        for m in d.money
    }
    assert (surface, amount, currency) in values


def test_every_document_is_annotated_in_every_layer(gold):
    for doc in gold:
        assert doc.entities, doc.id
    articles = [d for d in gold if d.meta.doc_type == "article"]
    assert all(d.money and d.events for d in articles)
    labels = Counter(e.label for d in gold for e in d.entities)
    assert set(labels) >= {"PER", "ORG", "LOC", "DATE", "QUANTITY", "MONEY", "PRODUCT", "JOB_TITLE"}


@pytest.mark.labelstudio
def test_gold_survives_a_round_trip_through_a_real_server(export, gold, ls_server):
    """import the gold's annotations into a live Label Studio, export, compare."""
    from konews.labelstudio.client import roundtrip_through_server
    from konews.labelstudio.tasks import tasks_from_documents

    again = roundtrip_through_server(
        tasks_from_documents(gold), ls_server.url, ls_server.login.token
    )
    assert documents_from_export(again) == gold
    assert [t["data"]["text"] for t in again] == [t["data"]["text"] for t in export]
