"""Documentation that must match the data: the datasheet's statistics tables."""

from __future__ import annotations

from pathlib import Path

from konews.labelstudio import documents_from_export
from konews.stats import BEGIN, END, corpus_stats, replace_between_markers, stats_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_datasheet_tables_are_the_statistics_of_the_gold():
    datasheet = (ROOT / "DATASHEET.md").read_text(encoding="utf-8")
    gold = documents_from_export(ROOT / "annotation" / "gold.json")
    expected = replace_between_markers(datasheet, stats_markdown(gold))
    assert datasheet == expected, "DATASHEET.md is stale: run `konews stats --update DATASHEET.md`"


def test_stats_count_what_is_there():
    from konews.synthetic import synthetic_documents

    docs = synthetic_documents(5, seed=3)
    s = corpus_stats(docs)
    assert s["documents"] == 5
    assert (
        s["entities"] == sum(len(d.entities) for d in docs) == sum(s["entities_by_label"].values())
    )
    assert s["money"] == sum(len(d.money) for d in docs)
    assert s["events"] == sum(s["events_by_type"].values()) == sum(len(d.events) for d in docs)
    assert s["sentences"] == sum(len(d.sentences) for d in docs)
    md = stats_markdown(docs)
    assert f"| {s['sentences']} |" in md


def test_replace_between_markers_needs_both_markers():
    import pytest

    assert replace_between_markers(f"a{BEGIN}old{END}b", "new\n") == f"a{BEGIN}\nnew\n{END}b"
    with pytest.raises(ValueError, match="markers"):
        replace_between_markers("no markers", "x")
