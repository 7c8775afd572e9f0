"""Standoff builds (no publisher text) and hydration from the user's copy of the pages."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from konews.cli import main
from konews.corpus.sources import corpus_documents
from konews.corpus.synthetic import synthetic_documents
from konews.dataset.build import build_dataset
from konews.dataset.rows import read_rows, sha256_text
from konews.dataset.standoff import hydrate
from konews.errors import ValidationFailed
from konews.paths import SOURCES_DIR


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _text_values(obj, key=""):
    """Every (key, value) pair in a row, nested ones included."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _text_values(v, k)
    elif isinstance(obj, list):
        for v in obj:
            yield from _text_values(v, key)
    else:
        yield key, obj


@pytest.fixture(scope="module")
def docs():
    return synthetic_documents(12, seed=21)


def test_standoff_build_holds_no_publisher_text(tmp_path, docs):
    out = tmp_path / "standoff"
    build_dataset(docs, out, standoff=True)
    for config in ("documents", "entities", "ner_char", "money", "events"):
        for row in read_rows(out, config):
            for key, value in _text_values(row):
                if key in ("text", "sentence", "title"):
                    assert value is None, (config, key)
            if config == "ner_char":
                assert row["chars"] == [] and row["ner_tags"]
    everything = b"".join(_tree(out).values()).decode("utf-8")
    for doc in docs:
        for s in doc.sentences:
            assert doc.text[s.start : s.end] not in everything
    assert "This is a standoff build" in (out / "README.md").read_text(encoding="utf-8")


def test_standoff_rows_carry_the_hashes_of_documents_and_sentences(tmp_path, docs):
    build_dataset(docs, tmp_path / "s", standoff=True)
    by_id = {d.id: d for d in docs}
    for row in read_rows(tmp_path / "s", "documents"):
        doc = by_id[row["id"]]
        assert row["text_sha256"] == sha256_text(doc.text)
        assert [s["text_sha256"] for s in row["sentences"]] == [
            sha256_text(doc.text[s.start : s.end]) for s in doc.sentences
        ]
    for row in read_rows(tmp_path / "s", "entities"):
        doc = by_id[row["doc_id"]]
        s = doc.sentences[int(row["id"].rsplit("-s", 1)[1])]
        assert row["text_sha256"] == sha256_text(doc.text[s.start : s.end])


def test_hydrating_a_standoff_build_gives_the_full_build_byte_for_byte(tmp_path, docs):
    build_dataset(docs, tmp_path / "full")
    build_dataset(docs, tmp_path / "standoff", standoff=True)
    # Sources in any order, plus an unrelated document: matched by hash, not position.
    sources = [*reversed(docs), synthetic_documents(1, seed=99)[0]]
    assert hydrate(tmp_path / "standoff", sources) == len(docs)
    assert _tree(tmp_path / "standoff") == _tree(tmp_path / "full")


def test_hydration_with_a_tampered_text_is_refused_and_changes_nothing(tmp_path, docs):
    out = tmp_path / "standoff"
    build_dataset(docs, out, standoff=True)
    before = _tree(out)
    victim = docs[3]
    tampered = dataclasses.replace(victim, text=victim.text.replace("다.", "다!", 1))
    sources = [tampered if d is victim else d for d in docs]
    with pytest.raises(ValidationFailed, match=rf"document {victim.id}: no document cleaned from "
                       r"the sources has its text \(sha256 [0-9a-f]{12}\.\.\.\); its page "
                       r"'synthetic_21.txt' is missing, or differs"):  # fmt: skip
        hydrate(out, sources)
    assert _tree(out) == before


def test_hydrating_an_already_full_folder_rebuilds_it_unchanged(tmp_path, docs):
    build_dataset(docs, tmp_path / "full")
    before = _tree(tmp_path / "full")
    assert hydrate(tmp_path / "full", []) == len(docs)
    assert _tree(tmp_path / "full") == before


# --- the real pages, through the CLI ------------------------------------------------


@pytest.fixture(scope="module")
def corpus_docs():
    return corpus_documents()


def _copy_sources(dest: Path) -> Path:
    shutil.copytree(SOURCES_DIR, dest)
    return dest


def test_cli_hydrates_from_a_copy_of_the_raw_pages(tmp_path, corpus_docs, capsys):
    build_dataset(corpus_docs, tmp_path / "full")
    build_dataset(corpus_docs, tmp_path / "dataset", standoff=True)
    sources = _copy_sources(tmp_path / "my-pages")
    (sources / "provenance.yaml").unlink()  # the repository's provenance is used then
    status = main(["hydrate", "--sources", str(sources), "--dataset", str(tmp_path / "dataset")])
    assert status == 0
    assert (
        f"hydrated {tmp_path / 'dataset'}: {len(corpus_docs)} documents" in capsys.readouterr().out
    )
    assert _tree(tmp_path / "dataset") == _tree(tmp_path / "full")


def test_cli_refuses_a_tampered_page_naming_the_document_and_page(tmp_path, corpus_docs, capsys):
    build_dataset(corpus_docs, tmp_path / "dataset", standoff=True)
    before = _tree(tmp_path / "dataset")
    sources = _copy_sources(tmp_path / "my-pages")
    victim = corpus_docs[0]
    page = sources / victim.meta.source_file
    sentence = victim.text[victim.sentences[-1].start : victim.sentences[-1].end]
    raw = page.read_text(encoding="utf-8")
    assert sentence in raw
    page.write_text(raw.replace(sentence, sentence.replace(" ", "  ", 1)), encoding="utf-8")
    status = main(["hydrate", "--sources", str(sources), "--dataset", str(tmp_path / "dataset")])
    err = capsys.readouterr().err
    assert status == 2
    assert f"document {victim.id}: no document cleaned from {sources} has its text" in err
    assert repr(victim.meta.source_file) in err
    assert _tree(tmp_path / "dataset") == before


def test_standoff_rows_differ_from_full_rows_only_in_text(tmp_path, docs):
    build_dataset(docs, tmp_path / "full")
    build_dataset(docs, tmp_path / "standoff", standoff=True)
    text_keys = ("text", "sentence", "title", "chars")
    for config in ("documents", "entities", "ner_char", "money", "events"):
        full = [[(k, v) for k, v in _text_values(r) if k not in text_keys]
                for r in read_rows(tmp_path / "full", config)]  # fmt: skip
        standoff = [[(k, v) for k, v in _text_values(r) if k not in text_keys]
                    for r in read_rows(tmp_path / "standoff", config)]  # fmt: skip
        assert full == standoff and full, config


def test_real_gold_standoff_hydrated_from_the_pages_is_the_committed_dataset(tmp_path, capsys):
    root = Path(__file__).resolve().parents[2]
    if not (root / "annotation" / "gold.json").is_file() or not (root / "dataset").is_dir():
        pytest.skip("annotation/gold.json or dataset/ not there yet")
    out = tmp_path / "standoff"
    annotation = str(root / "annotation")
    assert main(["build", "--standoff", "--annotation", annotation, "--out", str(out)]) == 0
    assert main(["hydrate", "--sources", str(root / "sources"), "--dataset", str(out)]) == 0
    assert _tree(out) == _tree(root / "dataset")
