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
