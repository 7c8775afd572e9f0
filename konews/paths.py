"""Where things are in a checkout of the repository: the one place that knows
the layout, so modules and commands name paths rather than compute them."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SOURCES_DIR = REPO_ROOT / "sources"
ANNOTATION_DIR = REPO_ROOT / "annotation"
GOLD_EXPORT = ANNOTATION_DIR / "gold.json"
LABEL_CONFIG_PATH = ANNOTATION_DIR / "label_config.xml"
LS_DATA_DIR = REPO_ROOT / ".ls-data"  # the local Label Studio server's data (git-ignored)
# KLUE-NER v1.1 dev set, when the shared data folder sits next to the checkout.
KLUE_DEV = REPO_ROOT.parent / "shared" / "data" / "klue-ner-v1.1" / "klue-ner-v1.1_dev.tsv"

# The data files of a dataset folder, per config, split and part: the KoNews articles'
# rows are data/<config>/<split>.jsonl (committed), the KLUE news layer's are
# data/<config>/klue-<split>.jsonl (written at build time from KLUE's text, so ignored by git).
PARTS: tuple[str, ...] = ("konews", "klue")


def data_file(config: str, split: str, part: str = "konews") -> str:
    """The data file of ``config``, ``split`` and ``part``, relative to the dataset folder."""
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}; parts: {', '.join(PARTS)}")
    return f"data/{config}/{'' if part == 'konews' else part + '-'}{split}.jsonl"


def split_files(folder: str | Path, config: str, split: str) -> list[Path]:
    """The existing data files of one config and split of a dataset folder, in part order."""
    return [p for part in PARTS if (p := Path(folder) / data_file(config, split, part)).is_file()]
