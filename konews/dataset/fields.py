"""The dataset card's field documentation: one line per feature path of every config."""

from __future__ import annotations

from collections.abc import Iterable

from datasets import ClassLabel, Features, Json, List, Value
from datasets.info import DatasetInfo, DatasetInfosDict
from huggingface_hub import DatasetCardData

from konews.dataset.features import features

ONE_ROW_PER = {
    "documents": "document",
    "entities": "sentence",
    "ner_char": "sentence",
    "money": "MONEY mention",
    "events": "event",
}

# What each field means. Keys are field paths ('money.amount'); a key
# 'config:path' overrides for one config. A test checks every path has one.
FIELD_DOCS: dict[str, str] = {
    "documents:id": "Document id: publisher and a hash of the clean text ('yonhap-1a2b3c4d5e6f'); "
    "for the KLUE news layer, KLUE's sentence id ('klue-ner-v1_dev_00076-wikitree').",
    "entities:id": "Sentence id: '<doc_id>-s004' (index in the document, from 0); KLUE's id "
    "verbatim for the KLUE news layer.",
    "ner_char:id": "Sentence id: '<doc_id>-s004' (index in the document, from 0); KLUE's id "
    "verbatim for the KLUE news layer.",
    "source": "Which part the row belongs to: 'konews' (the KoNews articles) or 'klue' (the KLUE "
    "news layer: KLUE-NER v1.1 dev Wikitree sentences re-annotated, text CC BY-SA 4.0).",
    "money:id": "Money mention id: '<sentence_id>-m0' (index in the sentence, from 0).",
    "events:id": "Event id: '<sentence_id>-v0' (index in the sentence, by trigger offset).",
    "doc_id": "Id of the document the sentence belongs to.",
    "sentence_id": "Id of the sentence ('<doc_id>-s004', index from 0).",
    "publisher": "Publisher as printed ('연합뉴스').",
    "title": "Headline (null in a standoff build: publisher text).",
    "doc_type": "'article' (a full article), 'teaser' (a shortened column teaser) or 'sentence' "
    "(a KLUE news-layer sentence, a document of its own).",
    "date": "Publication date, ISO 8601: '2025-06-13', or '2025-08' when only the month is "
    "known. Declared `json` so it loads as this string: pyarrow would turn a column of full "
    "dates into timestamps ('2025-06-13 00:00:00') before `datasets` casts it.",
    "date_source": "'stated' (printed on the page), 'inferred' (reasoned from the text) or "
    "'unknown' (KLUE gives no dates; `date` is empty).",
    "date_note": "How an inferred date was reasoned.",
    "byline": "Reporter as printed.",
    "url": "URL of the article when known.",
    "source_file": "Raw page the document was cleaned from (sources/ in the repository).",
    "copyright": "The page's own copyright notice, verbatim.",
    "truncated": "True when the text is not the whole article (teasers).",
    "text": "The text (null in a standoff build).",
    "text_sha256": "SHA-256 of the UTF-8 text (the document's in documents, the sentence's in "
    "the sentence-level configs), to check a hydrated copy.",
    "sentence": "The sentence text (null in a standoff build).",
    "sentences": "Sentences of the document, in order.",
    "sentences.id": "Sentence id.",
    "sentences.start": "Start offset in the document text.",
    "sentences.end": "End offset (exclusive) in the document text.",
    "sentences.text_sha256": "SHA-256 of the sentence text.",
    "entities": "Entity mentions, flat and non-overlapping, ordered by offset.",
    "entities.id": "Region id in the Label Studio gold.",
    "entities.start": "Start offset (documents: in the text; entities: in the sentence).",
    "entities.end": "End offset, exclusive.",
    "entities.label": "Fine entity label (see Labels).",
    "entities.text": "The span's text (null in a standoff build).",
    "chars": "The sentence's characters, spaces included, as in KLUE-NER (empty in a standoff build).",
    "ner_tags": "KLUE-NER BIO tag per character, KLUE's 13 tags in KLUE's order (fine labels "
    "projected; PRODUCT and JOB_TITLE become O).",
    "fine_tags": "BIO tag per character in the fine schema.",
    "money": "Normalizations of the MONEY spans.",
    "money.entity_id": "Id of the MONEY entity normalized.",
    "start": "Start offset of the span in the sentence.",
    "end": "End offset of the span in the sentence, exclusive.",
    "amount": "Exact amount as a decimal string in the currency's main unit ('14300000000'); "
    "null when vague. For a range, the lower bound.",
    "amount_max": "Upper bound of a range ('7천억~8천억원'), else null.",
    "currency": "ISO 4217 currency code.",
    "approximate": "Hedged amount: 약, 가량, 정도, …대.",
    "qualifier": "at_least (이상, 넘는), at_most (최대, 이하), range, or null.",
    "vague": "Amount without an exact value ('수십억 달러').",
    "equivalent_of": "The mention this one restates ('143억 달러(약 19조6천억원)'): an entity "
    "id in documents, a money row id in money; else null.",
    "events": "Events, ordered by trigger offset.",
    "events.id": "Event id in the Label Studio gold.",
    "type": "Event type (see Labels).",
    "modality": "asserted, planned, negated or reported.",
    "trigger": "The trigger span.",
    "trigger.start": "Start offset of the trigger.",
    "trigger.end": "End offset of the trigger, exclusive.",
    "trigger.text": "The trigger's text (null in a standoff build).",
    "arguments": "Arguments: entity mentions in a role.",
    "arguments.role": "Role (see Labels).",
    "arguments.entity_id": "Id of the entity filling the role.",
    "arguments.start": "Start offset of the argument.",
    "arguments.end": "End offset, exclusive.",
    "arguments.label": "Entity label of the argument.",
    "arguments.text": "The argument's text (null in a standoff build).",
    "documents:text": "The document text, sentences joined by line breaks or spaces as on the "
    "page (null in a standoff build).",
    "entities:text": "The sentence text (null in a standoff build).",
    "money:text": "The mention's text (null in a standoff build).",
    "money.text": "The mention's text (null in a standoff build).",
    "money.start": "Start offset in the document text.",
    "money.end": "End offset in the document text, exclusive.",
}


def field_doc(config: str, path: str) -> str:
    """The description of a field path (as ``field_paths`` gives it) of a config:
    'config:path' first, then the path, its last two parts, its last part."""
    parts = path.replace("[]", "").split(".")
    dotted = ".".join(parts)
    for key in (f"{config}:{dotted}", dotted, ".".join(parts[-2:]), parts[-1]):
        if key in FIELD_DOCS:
            return FIELD_DOCS[key]
    raise KeyError(
        f"no description for {config}.{path}; add one to FIELD_DOCS in konews/dataset/fields.py"
    )


def type_name(feature) -> str:
    if isinstance(feature, ClassLabel):
        if feature.num_classes <= 10:
            return "ClassLabel: " + ", ".join(feature.names)
        return f"ClassLabel ({feature.num_classes} names, see Labels)"
    if isinstance(feature, Value):
        return feature.dtype
    if isinstance(feature, Json):
        return "json (a str here)"
    if isinstance(feature, List):
        return "list of " + type_name(feature.feature)
    if isinstance(feature, dict):
        return "struct"
    raise TypeError(f"no type name for {feature!r}")


def field_paths(feats: Features | dict, prefix: str = "") -> Iterable[tuple[str, object]]:
    """(path, feature) for every field, depth first: 'events', 'events[].trigger', ..."""
    for name, feature in feats.items():
        path = f"{prefix}{name}"
        yield path, feature
        inner = feature.feature if isinstance(feature, List) else feature
        if isinstance(inner, dict):
            yield from field_paths(inner, f"{path}[]." if isinstance(feature, List) else f"{path}.")


# --- YAML -------------------------------------------------------------------------


def features_yaml(config: str) -> list:
    """The YAML list ``datasets`` reads back as the config's Features."""
    card = DatasetCardData()
    infos = DatasetInfosDict({config: DatasetInfo(features=features()[config])})
    infos.to_dataset_card_data(card)
    return card.to_dict()["dataset_info"]["features"]
