"""Where things are in a checkout of the repository: the one place that knows
the layout, so modules and commands name paths rather than compute them.

One rule for every default path, from any working directory: the checkout the
user is in (the nearest folder, from the working directory upwards, holding a
``pyproject.toml`` and a ``konews/`` package folder), else the checkout the
installed package was loaded from. So ``konews validate``, ``stats``,
``corpus``, ``evaluate``, ``report`` and ``build --check`` all read the same
``annotation/`` and ``dataset/`` whether run from the root or from ``docs/``.
The rule is applied once, at import, so a process never mixes two checkouts.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def find_checkout(start: Path | None = None) -> Path:
    """The KoNews checkout containing ``start`` (default: the working directory),
    else the one the package was loaded from."""
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the working directory was deleted under us
        return PACKAGE_ROOT
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "konews" / "paths.py").is_file():
            return folder
    return PACKAGE_ROOT


REPO_ROOT = find_checkout()
SOURCES_DIR = REPO_ROOT / "sources"
ANNOTATION_DIR = REPO_ROOT / "annotation"
GOLD_EXPORT = ANNOTATION_DIR / "gold.json"
KLUE_LAYER_DIR = ANNOTATION_DIR / "klue"  # the KLUE news layer's standoff annotation
LABEL_CONFIG_PATH = ANNOTATION_DIR / "label_config.xml"
DATASET_DIR = REPO_ROOT / "dataset"
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


def shown(path: Path) -> str:
    """``path`` relative to the working directory when it is below it (short,
    machine-independent messages), else as given."""
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)
