"""The gold: the Label Studio export ``annotation/gold.json``, read only when valid."""

from __future__ import annotations

from pathlib import Path

from konews.errors import KoNewsError, ValidationFailed
from konews.labelstudio.export import documents_from_export
from konews.labelstudio.validate import validate_file
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

    problems = validate_file(path)
    if problems:
        raise ValidationFailed([f"{path}: {p}" for p in problems])
    return documents_from_export(path)
