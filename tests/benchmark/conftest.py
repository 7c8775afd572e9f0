"""Fixtures of the `konews benchmark` tests: the dataset folder, tiny models built here."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATASET = ROOT / "dataset"


@pytest.fixture(autouse=True)
def _offline_datasets(monkeypatch, tmp_path):
    # a fresh datasets cache per test, and no network: everything here is local
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf-datasets"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    for var in ("OPENAI_API_KEY", "KONEWS_API_KEY"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(scope="session")
def dataset_dir(tmp_path_factory) -> Path:
    """The KoNews articles alone, built from their gold into a folder named `dataset` (the
    adapters' tests count its 71 test sentences; the KLUE layer, built only with KLUE's text,
    would change those counts and has no place in these unit tests)."""
    from konews.dataset.build import build_dataset
    from konews.labelstudio.gold import load_gold_export

    gold = ROOT / "annotation"
    if not (gold / "gold.json").is_file():
        pytest.skip("annotation/gold.json is missing")
    folder = tmp_path_factory.mktemp("bench-dataset") / "dataset"
    build_dataset(load_gold_export(gold), folder)
    return folder


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> dict[str, Path]:
    """Tiny BertForTokenClassification models (WordPiece, character-level and sentencepiece-style tokenizers
    trained here with `tokenizers`) with KLUE, fine BIOES and generic label names."""
    pytest.importorskip("transformers", reason="needs the models extra: pip install -e '.[models]'")
    from konews.benchmark import tiny

    root = tmp_path_factory.mktemp("tiny-models")
    return {
        "klue": tiny.build(root / "klue"),
        "char": tiny.build(root / "char", tokenizer="char"),
        "sentencepiece": tiny.build(root / "sentencepiece", tokenizer="sentencepiece"),
        "fine": tiny.build(root / "fine", labels="fine"),
        "generic": tiny.build(root / "generic", labels="generic"),
    }
