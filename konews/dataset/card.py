"""The dataset card (``dataset/README.md``), rendered by the build (the licence
file is ``konews.dataset.license``, the field docs ``konews.dataset.fields``).

Everything that depends on the data is generated: the YAML header (configs,
versions, features from ``dataset.features``), the load example with its
output, one example row per config, the statistics tables and the SHA-256 of
every data file. The prose around them is written here, once. A test loads
the built folder and checks the YAML features and the example's output
against what ``datasets.load_dataset`` really returns.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

import yaml

import konews
from konews import schema
from konews.corpus.splits import SPLITS
from konews.dataset.build_report import BuildReport
from konews.dataset.features import CONFIGS, DEFAULT_CONFIG, MARKER, features
from konews.dataset.fields import ONE_ROW_PER, features_yaml, field_doc, field_paths, type_name
from konews.paths import PARTS
from konews.records import Document

PRETTY_NAME = "KoNews: Korean news with entities, money and events"
LICENSE_NAME = "konews-annotations-cc-by-sa-4.0-text-publishers"


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


def markdown_table(header: list[str], rows: Iterable[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


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


def statistics(report: BuildReport) -> str:
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
    return "\n\n".join([
        "### Size per part and split (`konews`: the KoNews articles; `klue`: the KLUE news layer)",
        overview,
        "### Entities per label", labels,
        "### Money mentions (currencies with no mention are left out)", money,
        "### Events per type", events,
        "### Event modality", modalities,
        "### Event arguments per role (roles with no argument are left out)", roles,
    ])  # fmt: skip


def _labels_section() -> str:
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
    return "\n\n".join([
        "Entity labels (ClassLabel order), with their projection onto KLUE-NER:", entities,
        "`ner_tags` use KLUE-NER's 13 BIO tags in KLUE's order: `" + "`, `".join(schema.KLUE_BIO_TAGS)
        + "`; `fine_tags` use `" + "`, `".join(schema.FINE_BIO_TAGS) + "`.",
        "Event types and their roles:", events,
        "Modalities: " + ", ".join(f"`{m}`" for m in schema.MODALITIES) + ". Currencies (ISO 4217): "
        + ", ".join(f"`{c}`" for c in schema.CURRENCIES) + ". Qualifiers: "
        + ", ".join(f"`{q}`" for q in schema.QUALIFIERS) + ".",
    ])  # fmt: skip


def _fields_section(report: BuildReport) -> str:
    parts = []
    for config in CONFIGS:
        rows = [
            [f"`{path}`", type_name(feature), field_doc(config, path)]
            for path, feature in field_paths(features()[config])
        ]
        parts += [
            f"#### `{config}` (one row per {ONE_ROW_PER[config]})",
            markdown_table(["field", "type", "meaning"], rows),
        ]
    return "\n\n".join(parts)


def _files_section(report: BuildReport) -> str:
    files = markdown_table(
        ["file", "rows", "bytes", "SHA-256"],
        [[f"`{f.path}`", f.rows, f.bytes, f"`{f.sha256}`"] for f in report.files],
    )
    versions = markdown_table(
        ["config", "version"],
        [[c, report.version(c)] for c in CONFIGS if report.config_files(c)],
    )
    return "\n\n".join([files, (
        "Each config's `version` in the YAML header is `MAJOR.MINOR` of the KoNews schema "
        f"(now {schema.SCHEMA_VERSION}) and a `PATCH` made from the SHA-256 of the config's data "
        "files. `datasets` keys its cache by the YAML header only, not by the data files, so "
        "without this a corrected file would keep being served from an old cache; with it, "
        "any change to the data changes the version and a new cache entry is built."
    ), versions])  # fmt: skip


def klue_section(report: BuildReport) -> str:
    """The KLUE news layer: what it is, how its text gets here, and the errata counts."""
    sentences = sum(report.stats.get(f"klue:{split}", Counter())["sentences"] for split in SPLITS)
    if not sentences:
        return (
            "### The KLUE news layer\n\nNot in this build: the text of the KLUE news layer was "
            "not available when it was built (`konews build --klue PATH` with KLUE-NER v1.1 dev, "
            "or `../shared/data/klue-ner-v1.1/`, or the hub's `klue/klue`)."
        )
    by_change = Counter((e["reason"], e["change"]) for e in report.errata)
    by_label = Counter((e["reason"], (e["klue"] or e["konews"])[2]) for e in report.errata)
    reasons = ("convention", "klue_error")
    changes = markdown_table(
        ["change", *reasons, "total"],
        [[c, *(by_change[(r, c)] for r in reasons), sum(by_change[(r, c)] for r in reasons)]
         for c in sorted({c for _, c in by_change})],
    )  # fmt: skip
    labels = markdown_table(
        ["KLUE tag / KoNews label", *reasons, "total"],
        [[lab, *(by_label[(r, lab)] for r in reasons), sum(by_label[(r, lab)] for r in reasons)]
         for lab in sorted({lab for _, lab in by_label})],
    )  # fmt: skip
    return "\n\n".join([
        "### The KLUE news layer",
        f"{sentences:,} sentences (`source` = `klue`): the Wikitree news sentences of the "
        "KLUE-NER v1.1 dev set, with KLUE's sentence ids verbatim (`klue-ner-v1_dev_00076-wikitree`; "
        "each sentence is a document of its own, `doc_type` `sentence`). They were pre-annotated "
        "from KLUE's human spans projected into the KoNews labels (QT split into MONEY and "
        "QUANTITY by the money normalizer), then every sentence was read and corrected against "
        "the KoNews guidelines (boundaries, PRODUCT, JOB_TITLE and WORK added, every MONEY "
        "normalized, events with arguments and modality); a random 520-sentence sample (fixed "
        "seed) was annotated a second time from the bare text and adjudicated (agreement in "
        "`DATASHEET.md`).",
        "**Standoff distribution.** The KoNews repository holds the layer's annotations only: "
        "KLUE ids, code-point offsets and the SHA-256 of each sentence's NFC text "
        "(`annotation/klue/gold.jsonl`). `konews build` puts the text back from KLUE-NER "
        "(`--klue PATH` or `KONEWS_KLUE`, then `../shared/data/klue-ner-v1.1/`, then the hub's "
        "`klue/klue` `ner` validation split, mapped by position) and refuses, naming the "
        "sentence, when a hash does not match. The `klue-*.jsonl` files are therefore generated, "
        "never committed; the text is CC BY-SA 4.0 (KLUE, text from Wikitree), see `LICENSE.md`.",
        f"**Errata against KLUE-NER** (`klue_errata.jsonl`, {len(report.errata):,} rows): every "
        "KLUE span the layer relabels, re-bounds, drops or adds, with its reason: `convention` "
        "(a KoNews rule explains it: MONEY split out of QT, hedges inside numeric spans, "
        "countries as LOC, groups as ORG, ...; `rule` names it) or `klue_error` (wrong by KLUE's "
        "own guidelines; `note` says why). Rows hold ids, offsets, tags and labels, never text. "
        "Adding PRODUCT, JOB_TITLE or WORK spans is not an erratum (KLUE has no such tags).",
        changes,
        labels,
    ])  # fmt: skip


def render_card(report: BuildReport, documents: list[Document]) -> str:
    header = yaml.safe_dump(card_metadata(report), sort_keys=False, allow_unicode=True, width=100)
    configs = markdown_table(
        ["config", "one row per", *SPLITS],
        [[f"`{c}`", ONE_ROW_PER[c],
          *(sum(f.rows for f in report.config_files(c) if f.split == s) for s in SPLITS)]
         for c in CONFIGS],
    )  # fmt: skip
    examples = "\n\n".join(
        f"`{config}`:\n\n{_example(report.examples[config])}"
        for config in CONFIGS
        if config in report.examples
    )
    publishers = Counter((d.meta.publisher, d.meta.doc_type) for d in documents)
    sources = markdown_table(
        ["publisher", "kind", "documents"], [[p, k, n] for (p, k), n in sorted(publishers.items())]
    )
    mode = (
        "> **This is a standoff build: it holds no publisher text.** Every `text`, `sentence`, "
        "span `text` and `title` is null and `chars` is empty; `text_sha256` fields say which "
        "text belongs there. Restore it from your own copy of the source pages with "
        "`konews hydrate --sources DIR --dataset PATH` (see *Full text and standoff*).\n\n"
        if report.standoff
        else ""
    )
    sections = [
        f"---\n{header}---\n",
        MARKER,
        f"# {PRETTY_NAME}\n",
        mode + "KoNews is a carefully annotated benchmark of Korean news, annotated for named "
        f"entities ({len(schema.ENTITY_LABELS)} fine labels with a projection onto KLUE-NER), "
        "money mentions with exact normalized amounts, and events (typed, with argument roles "
        "and modality). It has two parts (the `source` field of every row): `konews`, the "
        "KoNews articles (news pages about technology and business, cleaned and annotated "
        "whole), and `klue`, the KLUE news layer (the 2,534 Wikitree news sentences of "
        "KLUE-NER v1.1 dev, re-annotated in the KoNews schema, with errata against KLUE). The "
        "gold annotations live under `annotation/` in the KoNews repository; this folder is "
        f"generated from them by `konews build` (konews {konews.__version__}, schema "
        f"{schema.SCHEMA_VERSION}).",
        "## Dataset description\n\nSources of the documents:\n\n"
        + sources
        + "\n\nThe seed documents form the `test` split; split assignment is a pure function of "
        "the document id (see *Splits*). The annotation guidelines are `annotation/GUIDELINES.md`; "
        "the datasheet (motivation, collection, agreement, distribution) is `DATASHEET.md`.",
        "## Loading\n\nNo loading script: data files plus this card's YAML, loadable offline "
        "(`HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1`) from the repository root, or from anywhere "
        "with this folder's path. Output of the current data:\n\n" + load_example(report),
        "## Dataset structure\n\n"
        + configs
        + "\n\nOffsets are half-open `[start, end)` indices of Unicode code points (Python `str` "
        "indices) into NFC text; in the sentence-level configs they are relative to the "
        "sentence. Labels are stored as strings in the JSONL files and declared as `ClassLabel`s "
        "in the YAML, so `load_dataset` returns ids (`int2str` gives the names back).",
        "### One example per config\n\nFirst annotated row of the first non-empty split (test "
        "first), abbreviated for the card: strings cut at 120 characters, lists of objects after "
        "3 items, lists of scalars after 16.\n\n" + examples,
        "### Data fields\n\n" + _fields_section(report),
        "### Labels\n\n" + _labels_section(),
        "### Splits\n\nThe seed documents (`konews.corpus.splits.SEED_DOC_IDS`) are `test`. Any other "
        "document is assigned by the SHA-256 of its id: the first 8 bytes as a big-endian integer, "
        "modulo 100 give a bucket; for KoNews articles 0-79 `train`, 80-89 `validation`, 90-99 "
        "`test`; for the KLUE news layer 0-39 `train`, 40-49 `validation`, 50-99 `test` (about "
        "40 / 10 / 50, so that test scores have narrow intervals). The rule sees nothing but the "
        "id, so adding documents never moves an existing one. A split with no rows has no file "
        "(`datasets` cannot load an empty split), and a config with no rows is left out. Each "
        "split is one file per part: `data/<config>/<split>.jsonl` (KoNews articles) and "
        "`data/<config>/klue-<split>.jsonl` (KLUE layer).",
        klue_section(report),
        "## Statistics\n\nGenerated by `konews build` from the data files.\n\n"
        + statistics(report),
        "## Data files and integrity\n\n" + _files_section(report),
        "## Full text and standoff\n\nThe source pages carry their publishers' notices, which "
        "restrict reuse (quoted in `LICENSE.md`). Two builds exist:\n\n"
        "- **Full text** (`konews build`): what the repository ships for research use under those "
        "notices.\n"
        "- **Standoff** (`konews build --standoff --out DIR`): the same configs and rows with every "
        "piece of publisher text removed (`text`, `sentence`, span `text`, `title` null; `chars` "
        "empty), keeping offsets, labels, normalizations, events and a `text_sha256` per "
        "document and per sentence. Safe to redistribute. `konews hydrate --sources DIR --dataset "
        "PATH` re-derives the documents from your copy of the source pages with the KoNews "
        "cleaner, checks every hash, refuses with an error naming the document when one does not "
        "match, and rewrites the folder as the full-text build (byte-identical to it).",
        "## Dataset creation\n\nRaw pages were scraped as text and kept verbatim (`sources/`, with "
        "provenance and SHA-256). `konews corpus` cleans them deterministically: page furniture is "
        "dropped (every dropped line is accounted for by `konews corpus --explain`), text is NFC, "
        "headlines and captions are sentences of their own and body paragraphs are split by "
        "kiwipiepy. Two independent annotation passes followed `annotation/GUIDELINES.md`, reading "
        "sentence by sentence, and were adjudicated; the adjudicated annotations went through a "
        "Label Studio server (configuration generated from the schema) whose export is the gold. "
        "The annotators and the adjudicator were AI models (instances of one large language model "
        "working from the guidelines), not human linguists: the agreement between the passes, "
        "reported in `DATASHEET.md`, is an upper bound of what human annotators would reach. "
        "`konews validate` checks the gold "
        "(offsets, labels, roles, money normalization) and the build re-checks what it relies on.",
        "## Considerations\n\n- **Size and scope.** A few documents on one topic cluster (AI "
        "companies and their deals): scores on it have wide confidence intervals, which "
        "`konews evaluate` reports; do not rank systems on point estimates, and do not train on "
        "it.\n- **Personal information.** The texts name public figures and reporters as printed "
        "in published news; no other personal data was collected.\n- **Biases.** Standard "
        "Korean news register with Korean-English code-mixing ('스케일AI'); business and technology "
        "news over-represents companies, executives and large amounts of money.\n- **KLUE view.** "
        "PRODUCT and JOB_TITLE have no KLUE tag and are O in `ner_tags`; MONEY and QUANTITY both "
        "become QT.",
        "## Licensing\n\nSee `LICENSE.md` (generated with this card): the annotations are CC BY-SA "
        "4.0; the texts belong to their publishers, whose notices are quoted there verbatim.",
        "## Citation\n\n```bibtex\n@misc{konews,\n  title = {KoNews: a Korean news benchmark for "
        "named entities, money normalization and events},\n  note = {Dataset built by konews "
        f"{konews.__version__}, schema {schema.SCHEMA_VERSION}}}\n}}\n\n@inproceedings{{park2021klue,\n"
        "  title = {KLUE: Korean Language Understanding Evaluation},\n  author = {Park, Sungjoon "
        "and others},\n  booktitle = {NeurIPS Datasets and Benchmarks},\n  year = {2021}\n}\n```",
    ]
    return "\n\n".join(sections).replace("\n\n\n", "\n\n").rstrip() + "\n"
