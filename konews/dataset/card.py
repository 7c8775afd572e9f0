"""The dataset card (``dataset/README.md``), rendered by the build (the licence
file is ``konews.dataset.license``, the field docs ``konews.dataset.fields``).

The prose is a Jinja2 template shipped with the package
(``konews/dataset/templates/card.md``). Everything that depends on the data is
computed here and passed in: the YAML header (configs, versions, features from
``dataset.features``), the load example with its output, one example row per
config, the statistics and errata tables and the SHA-256 of every data file. A
test loads the built folder and checks the YAML features and the example's
output against what ``datasets.load_dataset`` really returns.
"""

from __future__ import annotations

import json
from collections import Counter

from huggingface_hub import DatasetCard, DatasetCardData
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

import konews
from konews import schema
from konews.corpus.splits import SPLITS
from konews.dataset.build_report import BuildReport
from konews.dataset.features import CONFIGS, DEFAULT_CONFIG, MARKER, features
from konews.dataset.fields import ONE_ROW_PER, features_yaml, field_doc, field_paths, type_name
from konews.layer.stats import errata_tables
from konews.markdown import table as markdown_table
from konews.paths import PARTS
from konews.records import Document

PRETTY_NAME = "KoNews: Korean news with entities, money and events"
LICENSE_NAME = "konews-annotations-cc-by-sa-4.0-text-publishers"

# Not DatasetCard.from_template: it renders with a bare jinja2.Template, so a misspelt
# name leaves a silent hole in the card instead of an error (no StrictUndefined), and it
# re-dumps the header in DatasetCardData's attribute order (annotations_creators first),
# not ours. So the templates are rendered here and the result is parsed as a DatasetCard.
_TEMPLATES = Environment(
    loader=PackageLoader("konews.dataset", "templates"),
    # The templates are Markdown: HTML escaping would turn '1K<n<10K' in the YAML header
    # and any '<' or '&' in a table cell into entities. Only templates named *.html
    # would be escaped; there are none.
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render_template(name: str, **context) -> str:
    """A template of ``konews/dataset/templates`` with ``context``; a name the template
    uses and ``context`` lacks is an error (``jinja2.UndefinedError``), not an empty string."""
    return _TEMPLATES.get_template(name).render(**context)


def _size_category(n: int) -> str:
    bounds = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
              (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"))  # fmt: skip
    return next((name for bound, name in bounds if n < bound), "10M<n<100M")


def card_metadata(report: BuildReport) -> dict:
    configs, infos = [], []
    for config in CONFIGS:
        files = report.config_files(config)
        if not files:
            continue
        entry = {"config_name": config, "version": report.version(config)}
        if config == DEFAULT_CONFIG:
            entry["default"] = True
        entry["data_files"] = []
        for split in SPLITS:
            paths = [f.path for f in files if f.split == split]
            if paths:
                entry["data_files"].append(
                    {"split": split, "path": paths[0] if len(paths) == 1 else paths}
                )
        entry["features"] = features_yaml(config)
        configs.append(entry)
        infos.append({"config_name": config, "features": features_yaml(config)})
    largest = max((f.rows for f in report.files), default=0)
    return {
        "language": ["ko"],
        "license": "other",
        "license_name": LICENSE_NAME,
        "license_link": "LICENSE.md",
        "pretty_name": PRETTY_NAME,
        "annotations_creators": ["machine-generated"],  # AI annotators, see DATASHEET.md
        "language_creators": ["found"],
        "multilinguality": ["monolingual"],
        "source_datasets": ["original"],
        "size_categories": [_size_category(largest)],
        "task_categories": ["token-classification"],
        "task_ids": ["named-entity-recognition"],
        "tags": ["news", "korean", "money-normalization", "event-extraction", "klue-ner"],
        "configs": configs,
        "dataset_info": infos,
    }


# --- body -------------------------------------------------------------------------


def _abbreviate(value, *, strings: int = 120, lists: int = 3, scalars: int = 16):
    if isinstance(value, str) and len(value) > strings:
        return value[:strings] + "…"
    if isinstance(value, list):
        keep = scalars if all(not isinstance(v, dict | list) for v in value) else lists
        items = [
            _abbreviate(v, strings=strings, lists=lists, scalars=scalars) for v in value[:keep]
        ]
        return items + ([f"… {len(value) - keep} more"] if len(value) > keep else [])
    if isinstance(value, dict):
        return {
            k: _abbreviate(v, strings=strings, lists=lists, scalars=scalars)
            for k, v in value.items()
        }
    return value


def _example(row: dict) -> str:
    body = ",\n".join(
        f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
        for k, v in _abbreviate(row).items()
    )
    return "```json\n{\n" + body + "\n}\n```"


def load_example(report: BuildReport) -> str:
    """A doctest: loading the default config, with the output it really prints."""
    feats = features()[DEFAULT_CONFIG]
    files = report.config_files(DEFAULT_CONFIG)
    if not files:
        return "(the entities config has no rows)"
    rows = {s: sum(f.rows for f in files if f.split == s) for s in SPLITS}
    splits = "\n".join(
        f"    {s}: Dataset({{\n        features: {list(feats)},\n        num_rows: {n}\n    }})"
        for s, n in rows.items()
        if n
    )
    split = next(s for s in reversed(SPLITS) if (DEFAULT_CONFIG, s) in report.first_rows)
    label = feats["entities"].feature["label"]
    first = report.first_rows[(DEFAULT_CONFIG, split)]
    entities = [(e["text"], e["label"]) for e in first["entities"]]
    ner_names = features()["ner_char"]["ner_tags"].feature.names
    lines = [
        ">>> from datasets import load_dataset",
        f'>>> ds = load_dataset("dataset", "{DEFAULT_CONFIG}")  # the path of this folder',
        ">>> ds",
        f"DatasetDict({{\n{splits}\n}})",
        f'>>> label = ds["{split}"].features["entities"].feature["label"]',
        ">>> label.names",
        repr(label.names),
        f'>>> row = ds["{split}"][0]',
        '>>> row["id"], row["text"]',
        repr((first["id"], first["text"])),
        '>>> [(e["text"], label.int2str(e["label"])) for e in row["entities"]]',
        repr(entities),
    ]
    if report.config_files("ner_char"):
        lines += [
            f'>>> ner = load_dataset("dataset", "ner_char", split="{split}")',
            '>>> ner.features["ner_tags"].feature.names',
            repr(list(ner_names)),
        ]
    return "```python\n" + "\n".join(lines) + "\n```"


def _split_counts(report: BuildReport, key: str) -> list:
    counts = [report.stats[s][key] for s in SPLITS]
    return [*counts, sum(counts)]


def statistics(report: BuildReport) -> dict[str, str]:
    """The statistics tables, by name (the card template gives each its heading)."""
    s = report.stats
    keys = ("documents", "sentences", "characters", "entities", "money", "events", "arguments")
    overview = markdown_table(
        ["part", "split", "documents", "sentences", "characters", "entities", "money mentions",
         "events", "event arguments"],
        [[part, split, *(s[f"{part}:{split}"][k] for k in keys)]
         for part in PARTS for split in SPLITS if s.get(f"{part}:{split}")]
        + [["all", split, *(s[split][k] for k in keys)] for split in SPLITS],
    )  # fmt: skip
    labels = markdown_table(
        ["label", "KLUE tag", *SPLITS, "total"],
        [[label, schema.KLUE_PROJECTION[label] or "O", *_split_counts(report, f"label:{label}")]
         for label in schema.ENTITY_LABELS],
    )  # fmt: skip
    money_keys = [(f"currency:{c}", c) for c in schema.CURRENCIES]
    money_keys += [(f"qualifier:{q}", f"qualifier {q}") for q in schema.QUALIFIERS]
    money_keys += [("money:approximate", "approximate"), ("money:vague", "vague"),
                   ("money:equivalent_of", "restates another (equivalent_of)")]  # fmt: skip
    money = markdown_table(
        ["money mentions", *SPLITS, "total"],
        [[name, *_split_counts(report, key)] for key, name in money_keys
         if _split_counts(report, key)[-1]],
    )  # fmt: skip
    events = markdown_table(
        ["event type", *SPLITS, "total"],
        [[t, *_split_counts(report, f"event:{t}")] for t in schema.EVENT_TYPE_NAMES],
    )
    modalities = markdown_table(
        ["modality", *SPLITS, "total"],
        [[m, *_split_counts(report, f"modality:{m}")] for m in schema.MODALITIES],
    )
    roles = markdown_table(
        ["argument role", *SPLITS, "total"],
        [[r, *_split_counts(report, f"role:{r}")] for r in schema.ROLE_NAMES
         if _split_counts(report, f"role:{r}")[-1]],
    )  # fmt: skip
    return {"overview": overview, "labels": labels, "money": money, "events": events,
            "modalities": modalities, "roles": roles}  # fmt: skip


def _labels_tables() -> dict[str, str]:
    entities = markdown_table(
        ["label", "KLUE tag", "definition"],
        [[label, schema.KLUE_PROJECTION[label] or "O (none)", schema.ENTITY_DESCRIPTIONS[label]]
         for label in schema.ENTITY_LABELS],
    )  # fmt: skip
    events = markdown_table(
        ["event type", "definition", "roles (allowed entity labels)"],
        [[e.name, e.description,
          "; ".join(f"{r.name} ({'/'.join(r.labels)})" for r in e.roles)]
         for e in schema.EVENT_TYPES],
    )  # fmt: skip
    return {"entities": entities, "events": events}


def _fields_tables() -> list[tuple[str, str, str]]:
    """(config, what one row is, table of its fields) for every config."""
    return [
        (config, ONE_ROW_PER[config], markdown_table(["field", "type", "meaning"], [
            [f"`{path}`", type_name(feature), field_doc(config, path)]
            for path, feature in field_paths(features()[config])
        ]))
        for config in CONFIGS
    ]  # fmt: skip


def klue_counts(report: BuildReport) -> dict:
    """The KLUE news layer's size and its errata tables (``sentences`` 0: not in the build)."""
    sentences = sum(report.stats.get(f"klue:{split}", Counter())["sentences"] for split in SPLITS)
    changes, labels = errata_tables(report.errata)
    return {"sentences": sentences, "errata": len(report.errata), "changes": changes,
            "labels": labels}  # fmt: skip


def render_card(report: BuildReport, documents: list[Document]) -> str:
    metadata = card_metadata(report)
    publishers = Counter((d.meta.publisher, d.meta.doc_type) for d in documents)
    configs = markdown_table(
        ["config", "one row per", *SPLITS],
        [[f"`{c}`", ONE_ROW_PER[c],
          *(sum(f.rows for f in report.config_files(c) if f.split == s) for s in SPLITS)]
         for c in CONFIGS],
    )  # fmt: skip
    body = render_template(
        "card.md",
        # huggingface_hub dumps the header, as `datasets` does when it writes a card; the
        # original order keeps our key order (DatasetCardData's own order would move keys).
        card_data=DatasetCardData(**metadata).to_yaml(original_order=list(metadata)),
        marker=MARKER,
        pretty_name=PRETTY_NAME,
        standoff=report.standoff,
        konews_version=konews.__version__,
        schema_version=schema.SCHEMA_VERSION,
        entity_labels=schema.ENTITY_LABELS,
        klue_bio_tags=schema.KLUE_BIO_TAGS,
        fine_bio_tags=schema.FINE_BIO_TAGS,
        modalities=schema.MODALITIES,
        currencies=schema.CURRENCIES,
        qualifiers=schema.QUALIFIERS,
        sources=markdown_table(
            ["publisher", "kind", "documents"],
            [[p, k, n] for (p, k), n in sorted(publishers.items())],
        ),
        load_example=load_example(report),
        configs=configs,
        examples=[(c, _example(report.examples[c])) for c in CONFIGS if c in report.examples],
        fields=_fields_tables(),
        labels=_labels_tables(),
        klue=klue_counts(report),
        statistics=statistics(report),
        files=markdown_table(
            ["file", "rows", "bytes", "SHA-256"],
            [[f"`{f.path}`", f.rows, f.bytes, f"`{f.sha256}`"] for f in report.files],
        ),
        versions=markdown_table(
            ["config", "version"],
            [[c, report.version(c)] for c in CONFIGS if report.config_files(c)],
        ),
    )
    # `datasets` reads README.md through DatasetCard: parsing the rendered text the same
    # way fails here, before the build writes it, on a header it could not read.
    return str(DatasetCard(body))
