"""A model's tag names -> KoNews labels: tagging schemes, label maps, the scoring scheme.

A token classifier's ``id2label`` names tags like ``B-PS``, ``I-OG``, ``E-PER``
(BIOES), ``PER-B`` (suffix style) or plain types (``PS``, IO tagging). Each is
split into a position prefix (``B I E S`` or ``O``; BILOU's ``L``/``U`` read as
``E``/``S``) and an entity type, and the type is mapped onto KoNews labels:
KLUE's ``PS LC OG DT TI QT`` and the fine labels (``PER ORG ...``) map to
themselves; anything else needs a label map (``--label-map``). All mapped types
must belong to one scheme (``klue`` or ``fine``): that is the scheme scored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from konews.errors import KoNewsError
from konews.schema import ENTITY_LABELS, KLUE_BIO_TAGS, KLUE_TAGS

PREFIXES = {"B": "B", "I": "I", "E": "E", "S": "S", "L": "E", "U": "S"}
OUTSIDE = ("O", None)
# `--label-map klue`: generic LABEL_<i> names in the ClassLabel order of KLUE-NER
# (`klue/klue`, config `ner`), as models fine-tuned without label names save them.
PRESETS = {"klue": {f"LABEL_{i}": tag for i, tag in enumerate(KLUE_BIO_TAGS)}}
_GENERIC = re.compile(r"LABEL_\d+")
_WHOLE_TAG = re.compile(r"[Oo]|[BIESLU][-_].+|.+[-_][BIESLU]")


def split_tag(name: str) -> tuple[str, str | None]:
    """``"B-PS"`` -> ``("B", "PS")``; ``"PER-I"`` -> ``("I", "PER")``; ``"O"`` -> ``("O", None)``;
    a name without a position prefix (IO tagging, ``"PS"``) -> ``("I", "PS")``."""
    if name.upper() == "O":
        return OUTSIDE
    if len(name) > 2 and name[1] in "-_" and name[0].upper() in PREFIXES:
        return PREFIXES[name[0].upper()], name[2:]
    if len(name) > 2 and name[-2] in "-_" and name[-1].upper() in PREFIXES:
        return PREFIXES[name[-1].upper()], name[:-2]
    return "I", name


def read_label_map(value: str | None) -> dict[str, str | None] | None:
    """``--label-map``: a preset name (``klue``), a JSON object, or a JSON file holding one."""
    if value is None:
        return None
    if value in PRESETS:
        return dict(PRESETS[value])
    where = "--label-map"
    text = value
    if not value.lstrip().startswith("{"):
        path = Path(value)
        if not path.is_file():
            raise KoNewsError(
                f"--label-map {value!r}: not a preset ({', '.join(PRESETS)}), not a JSON object "
                'and no such file; give e.g. \'{"PER": "PS", "MISC": null}\''
            )
        where, text = str(path), path.read_text(encoding="utf-8")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise KoNewsError(
            f"{where}: not valid JSON ({e}); give an object of model label -> KoNews label"
        ) from None
    if not isinstance(obj, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in obj.items()
    ):
        raise KoNewsError(
            f"{where}: must be a JSON object of model label -> KoNews label (or null to drop), "
            'e.g. {"PER": "PS", "MISC": null}'
        )
    return obj


@dataclass(frozen=True)
class TagSet:
    """Each model label id's ``(prefix, KoNews label)``; prefix ``O`` has label None."""

    tags: dict[int, tuple[str, str | None]]
    scheme: str  # "klue" or "fine"

    def names(self) -> list[str]:
        return sorted({lb for _, lb in self.tags.values() if lb is not None})


def resolve(
    id2label: Mapping[int, str], label_map: Mapping[str, str | None] | None = None
) -> TagSet:
    """The tag set of a model: its labels mapped onto KoNews labels, and their scheme.

    A label map key is a whole model tag (``"LABEL_3"``, ``"B-MISC"``) or a bare
    type (``"PER"``); whole tags are looked up first. A value is a KoNews label,
    a whole tag (``"B-PS"``, when the key is a generic name) or None (drop: "O").
    """
    label_map = label_map or {}
    tags: dict[int, tuple[str, str | None]] = {}
    for i, name in id2label.items():
        prefix, kind = split_tag(name)
        if name in label_map:
            value = label_map[name]
            if value is None:
                prefix, kind = OUTSIDE
            else:
                vprefix, vkind = split_tag(value)
                # a whole tag ("B-PS", "O") brings its own position; a bare type keeps the model's
                prefix = vprefix if _WHOLE_TAG.fullmatch(value) else prefix
                kind = vkind
        elif kind is not None and kind in label_map:
            value = label_map[kind]
            prefix, kind = (prefix, value) if value is not None else OUTSIDE
        tags[int(i)] = (prefix, kind)
    kinds = {k for _, k in tags.values() if k is not None}
    if not kinds:
        raise KoNewsError("the model's labels (id2label) map to no entity type: nothing to score")
    for scheme, valid in (("klue", KLUE_TAGS), ("fine", ENTITY_LABELS)):
        if kinds <= set(valid):
            return TagSet(tags, scheme)
    unknown = sorted(kinds - set(KLUE_TAGS) - set(ENTITY_LABELS))
    if unknown and all(_GENERIC.fullmatch(k) for k in unknown):
        hint = (
            "the model has generic label names; if it was trained on KLUE-NER's label ids "
            "pass --label-map klue, else a JSON map such as "
            '\'{"LABEL_0": "B-DT", "LABEL_12": "O"}\''
        )
    elif unknown:
        hint = (
            "pass --label-map with a JSON object mapping each to a KoNews label (KLUE: "
            f"{' '.join(KLUE_TAGS)}; fine: {' '.join(ENTITY_LABELS)}) or null to ignore it, "
            "e.g. '{\"" + unknown[0] + "\": null}'"
        )
    else:
        hint = "map them all to KLUE tags or all to fine labels with --label-map"
    found = (
        ", ".join(unknown)
        if unknown
        else "a mix of KLUE and fine labels " + ", ".join(sorted(kinds))
    )
    raise KoNewsError(f"model labels not in the KoNews schemes: {found}; {hint}")
