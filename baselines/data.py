"""The data the baselines read: the dataset's test split (both parts), the KLUE news layer's
train and validation sentences in KLUE's tags, and the checks on a given KLUE path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from konews.corpus.klue import KlueSentence
from konews.errors import KoNewsError
from konews.evaluate import Rows, gold_paths, load_gold
from konews.paths import REPO_ROOT, split_files
from konews.records import Span
from konews.schema import klue_label


def shown(path: Path) -> str:
    """``path`` as written in reports: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        try:
            return str(Path("..") / path.resolve().relative_to(REPO_ROOT.parent))
        except ValueError:
            return path.name


@dataclass
class TestSplit:
    """The dataset's test split: entities rows (one per sentence) and the gold
    of the money and events configs when present."""

    folder: Path
    entities: list[dict]
    ner_char: list[dict] | None
    money: list[dict] | None
    events: list[dict] | None

    @property
    def ids(self) -> list[str]:
        return [r["id"] for r in self.entities]

    @property
    def texts(self) -> list[str]:
        return [r["text"] for r in self.entities]

    def parts(self) -> dict[str, set[str]]:
        """Sentence ids per part (``source``: the KoNews articles, the KLUE news layer), when
        the test split has both; empty when it has one (the whole split is that part)."""
        ids: dict[str, set[str]] = {}
        for r in self.entities:
            ids.setdefault(r.get("source") or "konews", set()).add(r["id"])
        return ids if len(ids) > 1 else {}


def load_test_split(folder: str | Path) -> TestSplit:
    folder = Path(folder)
    entities = load_gold("entities", dataset=folder).rows
    if any(r.get("text") is None for r in entities):
        raise KoNewsError(
            f"{shown(folder)} is a standoff build (no text); restore the text with "
            "`konews hydrate --sources DIR` before running the baselines"
        )
    rest = {}
    for config in ("ner_char", "money", "events"):
        found = gold_paths(folder, config)
        rest[config] = load_gold(config, dataset=folder).rows if found else None
    return TestSplit(folder, entities, rest["ner_char"], rest["money"], rest["events"])


def _check_readable(path: Path) -> None:
    if not path.is_file():
        what = "a directory" if path.is_dir() else "not found"
        raise KoNewsError(
            f"--klue {path}: {what}; give the KLUE-NER v1.1 TSV (klue-ner-v1.1_dev.tsv), "
            "or leave --klue out to use ../shared/data/klue-ner-v1.1/ or the hub"
        )
    try:
        with path.open("rb") as f:
            f.read(1)
    except OSError as e:
        raise KoNewsError(f"--klue {path}: cannot read it ({e.strerror})") from None


def layer_sentences(folder: Path, split: str) -> list[KlueSentence]:
    """The KLUE news layer's sentences of one split of the dataset, with KLUE tags projected
    from the KoNews gold (what the KLUE-tag learners train and select on)."""
    out = []
    for path in split_files(folder, "entities", split):
        for row in Rows.read(path).rows:
            if row.get("source") != "klue" or row.get("text") is None:
                continue
            spans = [
                Span(e["start"], e["end"], tag)
                for e in row["entities"]
                if (tag := klue_label(e["label"])) is not None
            ]
            out.append(KlueSentence.from_spans(row["id"], row["text"], spans))
    return out
