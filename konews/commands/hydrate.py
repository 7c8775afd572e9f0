"""``konews hydrate``: restore the text of a standoff dataset from your copy of the pages."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "hydrate",
        help="put the publishers' text back into a standoff dataset folder",
        description="Clean the raw pages in SOURCES with the KoNews cleaner, match every "
        "document of the standoff dataset by the SHA-256 of its text, and rewrite the folder "
        "as the full-text build. Refuses, changing nothing, when a text is missing or differs.",
    )
    p.add_argument("--sources", type=Path, required=True,
                   help="folder with your copy of the raw pages (*.txt, provenance.yaml)")  # fmt: skip
    p.add_argument("--dataset", type=Path, default=None,
                   help="standoff dataset folder (default: the checkout's dataset/)")  # fmt: skip
    p.add_argument("--klue", type=Path, default=None,
                   help="KLUE-NER v1.1 dev TSV for the KLUE news layer's sentences (default: "
                   "$KONEWS_KLUE, then ../shared/data/klue-ner-v1.1/)")  # fmt: skip
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from konews.corpus.klue import KlueSentence
    from konews.dataset.standoff import documents_from_sources, hydrate
    from konews.layer.chunks import layer_document
    from konews.layer.sources import find_layer_texts
    from konews.paths import DATASET_DIR

    sources = documents_from_sources(args.sources)
    # The KLUE news layer's sentences come from KLUE-NER, not from the pages.
    found, _ = find_layer_texts(args.klue, [], hub=False)
    if found is not None:
        sources += [
            layer_document(KlueSentence(sid, text, ("O",) * len(text)))
            for sid, text in found.texts.items()
        ]

    dataset = args.dataset or DATASET_DIR
    count = hydrate(dataset, sources, where=str(args.sources))
    print(f"hydrated {dataset}: {count} documents, every text matched its sha256")
    return 0
