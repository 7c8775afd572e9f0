"""Reading KLUE-NER v1.1, the training data of the KoNews baselines.

KLUE-NER is never copied into this repository: it is read from the shared
data folder next to the checkout (``../shared/data/klue-ner-v1.1``), from a
path the user gives, or from the ``klue/klue`` ``ner`` config of the
Hugging Face hub when that is cached or reachable.

The TSV format (``klue-ner-v1.1_dev.tsv``) is character-level::

    ## 토큰, 레이블 구분자 : \\t          <- file comments ('##')
    ## <sentence id>\\t<서울:LC>에 왔다    <- sentence header (an invented example)
    서\\tB-LC
    울\\tI-LC
    에\\tO
     \\tO                                 <- a space is a character too
    (blank line between sentences)

The header of a sentence is the last ``##`` line before its characters; its
part after the tab is the sentence with inline ``<text:TAG>`` markup, which
we do not need because the per-character tags say the same thing.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from konews.errors import KoNewsError
from konews.paths import KLUE_DEV as DEFAULT_KLUE_DEV
from konews.paths import REPO_ROOT
from konews.records import Span
from konews.schema import KLUE_BIO_TAGS
from konews.text.bio import bio_to_spans, spans_to_bio

HUB_DATASET = ("klue/klue", "ner")

_TAGS = frozenset(KLUE_BIO_TAGS)


@dataclass(frozen=True, slots=True)
class KlueSentence:
    """One KLUE-NER sentence: ``text`` is its characters joined, ``tags`` one
    KLUE BIO tag per character (``len(tags) == len(text)``)."""

    id: str
    text: str
    tags: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.text) != len(self.tags):
            raise ValueError(
                f"KLUE sentence {self.id}: {len(self.text)} characters but {len(self.tags)} tags"
            )

    @classmethod
    def from_spans(cls, sentence_id: str, text: str, spans: Iterable[Span]) -> KlueSentence:
        """A sentence tagged from KLUE-labelled spans (``Span(0, 2, "OG")``)."""
        return cls(sentence_id, text, tuple(spans_to_bio(len(text), spans)))


def read_klue_tsv(path: str | Path) -> list[KlueSentence]:
    """All sentences of a KLUE-NER v1.1 TSV file, in file order.

    Raises ``KoNewsError`` naming the file and line for a malformed line, an
    unknown tag, a multi-character "character" or a sentence without header.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except FileNotFoundError:
        raise KoNewsError(
            f"KLUE-NER file not found: {path}; pass --klue PATH to the KLUE-NER v1.1 TSV"
        ) from None
    sentences: list[KlueSentence] = []
    header: tuple[int, str] | None = None  # (line number, id) of the last '##' line
    chars: list[str] = []
    tags: list[str] = []
    current: tuple[int, str] | None = None  # header of the sentence being read

    def flush() -> None:
        nonlocal current
        if current is not None and chars:
            sentences.append(KlueSentence(current[1], "".join(chars), tuple(tags)))
        chars.clear()
        tags.clear()
        current = None

    for lineno, raw in enumerate(lines, start=1):
        line = raw.removesuffix("\r")
        if not line:
            flush()
            continue
        if line.startswith("##"):
            if chars:
                raise KoNewsError(
                    f"{path}:{lineno}: '##' line inside a sentence; sentences must be "
                    "separated by a blank line"
                )
            header = (lineno, line[2:].strip().split("\t", 1)[0])
            continue
        char, sep, tag = line.rpartition("\t")
        if not sep:
            raise KoNewsError(f"{path}:{lineno}: expected 'CHAR<TAB>TAG', got {line!r}")
        if tag not in _TAGS:
            raise KoNewsError(
                f"{path}:{lineno}: unknown tag {tag!r}; "
                f"KLUE-NER tags are {', '.join(KLUE_BIO_TAGS)}"
            )
        if len(char) != 1:
            raise KoNewsError(
                f"{path}:{lineno}: {char!r} is not one character; the TSV has one character a line"
            )
        if current is None:
            if header is None:
                raise KoNewsError(f"{path}:{lineno}: sentence has no '## <id>' header line")
            current, header = header, None
        chars.append(char)
        tags.append(tag)
    flush()
    _check_unique([s.id for s in sentences], path)
    return sentences


def _check_unique(ids: Sequence[str], where: object) -> None:
    seen: set[str] = set()
    for sid in ids:
        if sid in seen:
            raise KoNewsError(f"{where}: sentence id {sid!r} occurs twice")
        seen.add(sid)


def is_layer_id(sentence_id: str) -> bool:
    """A sentence of the KLUE news layer: a KLUE-NER v1.1 dev id of a Wikitree sentence."""
    return sentence_id.startswith("klue-ner-v1_dev_") and sentence_id.endswith("-wikitree")


def klue_spans(sentence: KlueSentence) -> list[Span]:
    """KLUE-labelled spans (``PS``, ``LC``, ``OG``, ``DT``, ``TI``, ``QT``) of a
    sentence, decoded from its tags with strict IOB2 (see ``konews.text.bio``)."""
    return bio_to_spans(sentence.tags)


def load_klue_hub(split: str = "validation") -> list[KlueSentence]:
    """KLUE-NER from the ``klue/klue`` ``ner`` config via ``datasets`` (cached or
    online). Hub rows carry no id, so ids are ``klue-ner-<split>-<index>``.

    Raises ``KoNewsError`` when the dataset cannot be loaded (offline, no cache).
    """
    try:
        # lazy: `datasets` takes seconds to import and only the hub fallback needs it
        from datasets import load_dataset

        ds = load_dataset(*HUB_DATASET, split=split)
    except Exception as e:  # datasets raises many unrelated types for "not available"
        raise KoNewsError(
            f"cannot load {HUB_DATASET[0]} ({HUB_DATASET[1]}) split {split!r} from the hub "
            f"or its cache: {type(e).__name__}: {e}; pass --klue PATH to the KLUE-NER TSV"
        ) from None
    names = ds.features["ner_tags"].feature.names
    out = []
    for i, row in enumerate(ds):
        sid = f"klue-ner-{split}-{i:05d}"
        # Hub rows are per character like the TSV.
        chars = [unicodedata.normalize("NFC", c) for c in row["tokens"]]
        if any(len(c) != 1 for c in chars):
            raise KoNewsError(f"{HUB_DATASET[0]} {split} row {i}: tokens are not single characters")
        out.append(KlueSentence(sid, "".join(chars), tuple(names[t] for t in row["ner_tags"])))
    return out


def load_klue(path: str | Path | None = None) -> tuple[list[KlueSentence], str]:
    """KLUE-NER sentences and a description of where they came from.

    ``path`` given: that TSV. Otherwise the shared dev TSV next to the
    checkout, then the hub config. Raises ``KoNewsError`` if none is available.
    """
    if path is not None:
        return read_klue_tsv(path), str(path)
    if DEFAULT_KLUE_DEV.is_file():
        return read_klue_tsv(DEFAULT_KLUE_DEV), _relative(DEFAULT_KLUE_DEV)
    try:
        return load_klue_hub("validation"), f"{HUB_DATASET[0]} {HUB_DATASET[1]} (validation)"
    except KoNewsError as e:
        raise KoNewsError(
            f"KLUE-NER not found: no file at {_relative(DEFAULT_KLUE_DEV)} and the hub is "
            f"unavailable ({e}). Pass --klue PATH to klue-ner-v1.1_dev.tsv."
        ) from None


def _relative(path: Path) -> str:
    """``path`` relative to the repository root, so messages and reports carry
    no machine-specific absolute paths."""
    # Unresolved first: ../shared may be a symlink to the real folder elsewhere.
    for candidate, base in ((path.absolute(), REPO_ROOT.parent.absolute()),
                            (path.resolve(), REPO_ROOT.parent.resolve())):  # fmt: skip
        try:
            return str(Path("..") / candidate.relative_to(base))
        except ValueError:
            continue
    return path.name  # outside the checkout's parent: the file name, never a machine path


def is_heldout(sentence_id: str, fraction: float = 0.1) -> bool:
    """Deterministic held-out membership by a hash of the sentence id: the same
    sentences are held out on every machine and in every run."""
    digest = hashlib.sha256(sentence_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64 < fraction


def split_klue(
    sentences: Sequence[KlueSentence], fraction: float = 0.1
) -> tuple[list[KlueSentence], list[KlueSentence]]:
    """``(train, heldout)``: about ``fraction`` of the sentences held out by id hash."""
    train: list[KlueSentence] = []
    held: list[KlueSentence] = []
    for s in sentences:
        (held if is_heldout(s.id, fraction) else train).append(s)
    return train, held
