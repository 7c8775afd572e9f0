"""The built folder through `datasets.load_dataset`: offline, typed, as the card says.

Every load uses a fresh cache (``tmp_path``): `datasets` keys its cache by the
card's YAML only, so a shared cache could serve another folder's rows.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from datasets import ClassLabel, Features, List, load_dataset

from konews import schema
from konews.corpus.sources import corpus_documents
from konews.corpus.splits import SPLITS
from konews.corpus.synthetic import synthetic_documents
from konews.dataset.build import build_dataset
from konews.dataset.features import CONFIGS, features
from konews.dataset.fields import field_doc, field_paths
from konews.dataset.rows import read_rows

ROOT = Path(__file__).resolve().parents[2]
OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
}


def _gold_documents():
    gold = ROOT / "annotation" / "gold.json"
    if not gold.is_file():
        pytest.skip("annotation/gold.json not there yet")
    pytest.importorskip("konews.labelstudio", reason="konews.labelstudio not there yet")
    from konews.labelstudio.gold import load_gold_export

    return load_gold_export(ROOT / "annotation")


@pytest.fixture(scope="module", params=["synthetic", "pages+synthetic", "gold"])
def built(request, tmp_path_factory) -> Path:
    """A built folder named ``dataset`` (the card's example loads "dataset").
    'pages+synthetic' adds the real cleaned pages (real text and metadata, with
    full and month-only dates) to synthetic documents, so every config has rows."""
    if request.param == "gold":
        docs = _gold_documents()
    else:
        docs = synthetic_documents(40, seed=1)
        if request.param == "pages+synthetic":
            docs += corpus_documents()
    folder = tmp_path_factory.mktemp(request.param) / "dataset"
    build_dataset(docs, folder)
    return folder


def card_yaml(folder: Path) -> dict:
    text = (folder / "README.md").read_text(encoding="utf-8")
    header = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert header, "the card starts with a YAML header"
    return yaml.safe_load(header[1])


def _decode(value, feature):
    """A loaded value with ClassLabel ids turned back into names, as in the JSONL."""
    if isinstance(feature, ClassLabel):
        return None if value is None else feature.int2str(value)
    if isinstance(feature, List):
        return [_decode(v, feature.feature) for v in value]
    if isinstance(feature, dict):
        return {k: _decode(value[k], f) for k, f in feature.items()}
    return value


def _configs_in(folder: Path) -> list[str]:
    return [entry["config_name"] for entry in card_yaml(folder)["configs"]]


@pytest.mark.parametrize("config", CONFIGS)
def test_yaml_features_are_what_load_dataset_returns(built, config, tmp_path):
    meta = card_yaml(built)
    entry = next(c for c in meta["configs"] if c["config_name"] == config)
    info = next(c for c in meta["dataset_info"] if c["config_name"] == config)
    declared = Features._from_yaml_list(entry["features"])
    assert Features._from_yaml_list(info["features"]) == declared == features()[config]
    loaded = load_dataset(str(built), config, cache_dir=str(tmp_path))
    assert list(loaded) == [f["split"] for f in entry["data_files"]]
    for split in loaded.values():
        assert split.features == declared
        assert split.info.version is not None and str(split.info.version) == entry["version"]


@pytest.mark.parametrize("config", CONFIGS)
def test_loaded_rows_are_the_written_rows(built, config, tmp_path):
    loaded = load_dataset(str(built), config, cache_dir=str(tmp_path))
    for split, ds in loaded.items():
        rows = [_decode(row, ds.features) for row in ds]
        assert rows == list(read_rows(built, config, split))


def test_class_label_names_are_the_schema_tuples(built, tmp_path):
    ner = load_dataset(str(built), "ner_char", split="test", cache_dir=str(tmp_path))
    assert ner.features["ner_tags"].feature.names == list(schema.KLUE_BIO_TAGS)
    assert ner.features["fine_tags"].feature.names == list(schema.FINE_BIO_TAGS)
    events = load_dataset(str(built), "events", split="test", cache_dir=str(tmp_path))
    assert events.features["type"].names == list(schema.EVENT_TYPE_NAMES)
    assert events.features["modality"].names == list(schema.MODALITIES)
    assert events.features["arguments"].feature["role"].names == list(schema.ROLE_NAMES)
    assert events.features["arguments"].feature["label"].names == list(schema.ENTITY_LABELS)
    money = load_dataset(str(built), "money", split="test", cache_dir=str(tmp_path))
    assert money.features["currency"].names == list(schema.CURRENCIES)
    assert money.features["qualifier"].names == list(schema.QUALIFIERS)


def test_no_config_name_loads_the_default_entities(built, tmp_path):
    ds = load_dataset(str(built), split="test", cache_dir=str(tmp_path))
    assert ds.info.config_name == "entities"


def _run(code: str, cwd: Path, cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **OFFLINE, "HF_DATASETS_CACHE": str(cache), "HF_HOME": str(cache / "hf")}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


LOAD_ALL = """
    import sys
    from datasets import load_dataset
    from konews.dataset.features import features
    for config in sys.argv[2].split(","):
        ds = load_dataset(sys.argv[1], config)
        assert all(s.features == features()[config] for s in ds.values()), config
        print(config, {name: s.num_rows for name, s in ds.items()})
"""


def test_offline_from_another_directory_with_absolute_and_relative_paths(built, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    configs = ",".join(_configs_in(built))
    absolute = _run(LOAD_ALL, elsewhere, tmp_path / "c1", str(built), configs)
    assert absolute.returncode == 0, absolute.stderr[-3000:]
    relative = _run(LOAD_ALL, built.parent, tmp_path / "c2", "dataset", configs)
    assert relative.returncode == 0, relative.stderr[-3000:]
    expected = [
        f"{c} " + str({s: sum(1 for _ in read_rows(built, c, s)) for s in SPLITS
                       if (built / "data" / c / f"{s}.jsonl").exists()})
        for c in _configs_in(built)
    ]  # fmt: skip
    assert absolute.stdout.splitlines() == relative.stdout.splitlines() == expected


def test_the_committed_dataset_loads_offline_from_the_repository_root(tmp_path):
    if not (ROOT / "dataset" / "README.md").is_file():
        pytest.skip("dataset/ not built yet")
    card = (ROOT / "dataset" / "README.md").read_text(encoding="utf-8")
    if "klue-test.jsonl" in card and not (ROOT / "dataset/data/entities/klue-test.jsonl").is_file():
        pytest.skip(
            "the card lists the KLUE news layer's files, which are not built here (KLUE-NER "
            "v1.1 dev not found): `konews build --klue PATH`"
        )
    configs = ",".join(_configs_in(ROOT / "dataset"))
    run = _run(LOAD_ALL, ROOT, tmp_path / "cache", "dataset", configs)
    assert run.returncode == 0, run.stderr[-3000:]
    assert [line.split()[0] for line in run.stdout.splitlines()] == configs.split(",")


DOCTEST = """
    import doctest, re, sys
    card = open(sys.argv[1], encoding="utf-8").read()
    block = re.search(r"## Loading.*?```python\\n(.*?)```", card, re.S)[1]
    test = doctest.DocTestParser().get_doctest(block, {}, "card", sys.argv[1], 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    print(runner.summarize(verbose=False))
    sys.exit(1 if runner.failures or not runner.tries else 0)
"""


def test_the_card_load_example_prints_what_the_card_shows(built, tmp_path):
    run = _run(DOCTEST, built.parent, tmp_path / "cache", str(built / "README.md"))
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "failed=0" in run.stdout


def test_card_lists_the_sha256_rows_and_version_of_every_data_file(built):
    card = (built / "README.md").read_text(encoding="utf-8")
    data = sorted(p for p in (built / "data").rglob("*.jsonl"))
    assert data, "the build wrote data files"
    for path in data:
        rel = path.relative_to(built).as_posix()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        rows = sum(1 for _ in path.open(encoding="utf-8"))
        assert f"| `{rel}` | {rows} | {path.stat().st_size} | `{digest}` |" in card
    for entry in card_yaml(built)["configs"]:
        assert f"| {entry['config_name']} | {entry['version']} |" in card


def test_card_has_the_dataset_card_metadata_and_sections(built):
    meta = card_yaml(built)
    assert meta["language"] == ["ko"]
    assert meta["license"] == "other" and meta["license_link"] == "LICENSE.md"
    assert (built / "LICENSE.md").is_file()
    assert meta["task_categories"] == ["token-classification"]
    assert meta["task_ids"] == ["named-entity-recognition"]
    assert meta["pretty_name"] and meta["size_categories"]
    assert [c for c in meta["configs"] if c.get("default")] == [meta["configs"][1]]
    card = (built / "README.md").read_text(encoding="utf-8")
    headings = re.findall(r"^#{2,3} (.+)$", card, re.M)
    for section in ("Dataset description", "Loading", "Dataset structure", "One example per config",
                    "Data fields", "Statistics", "Data files and integrity", "Full text and standoff",
                    "Dataset creation", "Considerations", "Licensing", "Citation"):  # fmt: skip
        assert section in headings
    for config in _configs_in(built):
        assert f"`{config}`:\n\n```json\n" in card, f"an example of {config}"


def test_card_statistics_are_counted_from_the_data(built):
    card = (built / "README.md").read_text(encoding="utf-8")
    for label in schema.ENTITY_LABELS:
        per_split = [
            sum(
                e["label"] == label
                for row in read_rows(built, "entities", s)
                for e in row["entities"]
            )
            for s in SPLITS
        ]
        klue = schema.KLUE_PROJECTION[label] or "O"
        row = f"| {label} | {klue} | " + " | ".join(map(str, [*per_split, sum(per_split)])) + " |"
        assert row in card


@pytest.mark.parametrize("config", CONFIGS)
def test_every_field_is_described_in_the_card(config):
    for path, _ in field_paths(features()[config]):
        assert field_doc(config, path)


def test_a_data_change_changes_the_config_version(tmp_path):
    docs = synthetic_documents(12, seed=4)
    build_dataset(docs, tmp_path / "a")
    build_dataset(docs[:-1], tmp_path / "b")
    versions = [{c["config_name"]: c["version"] for c in card_yaml(tmp_path / n)["configs"]}
                for n in ("a", "b")]  # fmt: skip
    assert all(versions[0][c] != versions[1][c] for c in CONFIGS)
    assert all(
        v.startswith(schema.SCHEMA_VERSION.rsplit(".", 1)[0] + ".") for v in versions[0].values()
    )


def test_configs_with_no_rows_are_left_out_and_the_rest_loads(tmp_path):
    """Documents with sentences but no annotation: no money or events config."""
    plain = [d.__class__(d.id, d.text, d.meta, d.sentences) for d in synthetic_documents(5, seed=0)]
    build_dataset(plain, tmp_path / "dataset")
    assert _configs_in(tmp_path / "dataset") == ["documents", "entities", "ner_char"]
    ds = load_dataset(str(tmp_path / "dataset"), "ner_char", cache_dir=str(tmp_path / "cache"))
    assert all(
        set(tags) == {schema.KLUE_BIO_TAGS.index("O")}
        for s in ds.values()
        for tags in s["ner_tags"]
    )
