"""Model tag names -> KoNews labels and the scoring scheme (konews.benchmark.labels)."""

from __future__ import annotations

import json

import pytest

from konews.benchmark.labels import read_label_map, resolve, split_tag
from konews.errors import KoNewsError
from konews.schema import KLUE_BIO_TAGS


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("B-PS", ("B", "PS")),
        ("I-OG", ("I", "OG")),
        ("E-PER", ("E", "PER")),
        ("S-LOC", ("S", "LOC")),
        ("L-ORG", ("E", "ORG")),
        ("U-ORG", ("S", "ORG")),
        ("PER-B", ("B", "PER")),
        ("B_DT", ("B", "DT")),
        ("O", ("O", None)),
        ("PS", ("I", "PS")),
        ("LABEL_3", ("I", "LABEL_3")),
    ],
)
def test_split_tag(name, expected):
    assert split_tag(name) == expected


def test_klue_labels_map_to_themselves():
    ts = resolve(dict(enumerate(KLUE_BIO_TAGS)))
    assert ts.scheme == "klue"
    assert ts.tags[0] == ("B", "DT") and ts.tags[12] == ("O", None)


def test_fine_bioes_labels_give_the_fine_scheme():
    ts = resolve({0: "O", 1: "S-MONEY", 2: "E-JOB_TITLE"})
    assert ts.scheme == "fine" and ts.tags[1] == ("S", "MONEY")


def test_generic_names_need_a_map_and_the_klue_preset_gives_it():
    generic = {i: f"LABEL_{i}" for i in range(13)}
    with pytest.raises(KoNewsError, match="--label-map klue"):
        resolve(generic)
    ts = resolve(generic, read_label_map("klue"))
    assert ts.scheme == "klue" and ts.tags[7] == ("I", "PS") and ts.tags[12] == ("O", None)


def test_a_map_renames_types_and_null_drops():
    ts = resolve({0: "B-PER", 1: "I-PER", 2: "B-MISC", 3: "O"}, {"PER": "PS", "MISC": None})
    assert ts.scheme == "klue"
    assert ts.tags == {0: ("B", "PS"), 1: ("I", "PS"), 2: ("O", None), 3: ("O", None)}


def test_unknown_types_are_named_with_the_fix():
    with pytest.raises(KoNewsError, match=r"FLD, TRM; pass --label-map"):
        resolve({0: "B-PER", 1: "B-FLD", 2: "I-TRM"})


def test_a_mix_of_schemes_is_refused():
    with pytest.raises(KoNewsError, match="a mix of KLUE and fine labels"):
        resolve({0: "B-PS", 1: "B-ORG"})


def test_label_map_from_file_and_bad_input(tmp_path):
    path = tmp_path / "map.json"
    path.write_text(json.dumps({"PER": "PS"}), encoding="utf-8")
    assert read_label_map(str(path)) == {"PER": "PS"}
    assert read_label_map('{"ORG": null}') == {"ORG": None}
    with pytest.raises(KoNewsError, match="no such file"):
        read_label_map("missing.json")
    with pytest.raises(KoNewsError, match="object of model label"):
        read_label_map('{"PER": 3}')
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(KoNewsError, match="not valid JSON"):
        read_label_map(str(path))
