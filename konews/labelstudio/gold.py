"""The gold: the Label Studio export ``annotation/gold.json``, read only when valid."""

from __future__ import annotations

from pathlib import Path

from konews.errors import KoNewsError, ValidationFailed
from konews.labelstudio.export import documents_from_export
from konews.labelstudio.validate import read_export, validate_export
from konews.records import Document


def load_gold_export(annotation: str | Path) -> list[Document]:
    """The documents of the gold Label Studio export ``<annotation>/gold.json``,
    after ``konews.labelstudio.validate`` found no problem in it (else ``ValidationFailed``
    lists them all, each with its task, region and span)."""
    path = Path(annotation) / "gold.json"
    if not path.is_file():
        raise KoNewsError(
            f"{path}: no gold export; export the project from Label Studio as JSON to this "
            "path, or pass --annotation DIR"
        )

    export = read_export(path)  # parsed once, for the check and the conversion
    problems = validate_export(export)
    if problems:
        raise ValidationFailed([f"{path}: {p}" for p in problems])
    return documents_from_export(export)
