"""What a build wrote: data files, per-split statistics and example rows."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from konews import schema


@dataclass(frozen=True, slots=True)
class DataFile:
    path: str  # relative to the dataset folder, with "/" separators
    config: str
    split: str
    rows: int
    bytes: int
    sha256: str
    part: str = "konews"  # konews.paths.PARTS


@dataclass
class BuildReport:
    """What a build wrote: data files, per-split statistics and example rows."""

    standoff: bool
    files: list[DataFile] = field(default_factory=list)
    stats: dict[str, Counter] = field(default_factory=dict)  # split -> counts
    examples: dict[str, dict] = field(default_factory=dict)  # config -> row
    first_rows: dict[tuple[str, str], dict] = field(default_factory=dict)  # (config, split) -> row
    extra_files: list[str] = field(default_factory=list)  # e.g. the KLUE errata
    errata: list[dict] = field(default_factory=list)  # the KLUE errata rows, for the card

    def config_files(self, config: str) -> list[DataFile]:
        return [f for f in self.files if f.config == config]

    def version(self, config: str) -> str:
        """MAJOR.MINOR of the schema, PATCH from the hash of the config's data files."""
        h = hashlib.sha256()
        for f in self.config_files(config):
            h.update(f"{f.path} {f.sha256}\n".encode())
        major, minor, _ = schema.SCHEMA_VERSION.split(".")
        return f"{major}.{minor}.{int(h.hexdigest()[:7], 16)}"
