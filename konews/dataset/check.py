"""The gate ``konews build`` passes the gold through before writing anything:
``konews.gold.validate`` (the one notion of valid gold), then the canonical order."""

from __future__ import annotations

from collections.abc import Iterable

from konews.dataset.rows import canonical
from konews.gold.validate import check_document, require_valid
from konews.records import Document

__all__ = ["check_document", "prepare"]


def prepare(documents: Iterable[Document]) -> list[Document]:
    """Check the documents and return them canonical (layers sorted) and sorted by id.
    Raises ``ValidationFailed`` listing every problem found."""
    return sorted((canonical(d) for d in require_valid(documents)), key=lambda d: d.id)
