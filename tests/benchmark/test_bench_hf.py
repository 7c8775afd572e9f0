"""`konews benchmark hf` on tiny token classifiers built in the test (no download)."""

from __future__ import annotations

import json

import pytest

from konews.cli import main
from konews.io import read_jsonl
from konews.schema import ENTITY_LABELS, KLUE_BIO_TAGS, KLUE_TAGS

pytest.importorskip("transformers", reason="needs the models extra: pip install -e '.[models]'")


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(["benchmark", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def _texts(dataset_dir, config):
    from konews.benchmark.sentences import load_sentences

    s = load_sentences(dataset_dir, config)
    return dict(zip(s.ids, s.texts, strict=True))


@pytest.mark.parametrize("model", ["klue", "char", "sentencepiece"])
def test_entities_spans_lie_on_the_text(tiny_models, dataset_dir, tmp_path, capsys, model):
    out = tmp_path / "run"
    code, stdout, _ = _run(
        capsys, "hf", tiny_models[model], "--dataset", dataset_dir, "--out", out,
        "--bootstrap", 50, "--batch-size", 4, "--no-progress",
    )  # fmt: skip
    assert code == 0, stdout
    texts = _texts(dataset_dir, "entities")
    rows = [r for _, r in read_jsonl(out / "predictions.jsonl")]
    assert [r["id"] for r in rows] == list(texts)
    spans = [(r["id"], e) for r in rows for e in r["entities"]]
    assert spans, "the random model predicts something"
    for sid, e in spans:
        text = texts[sid]
        assert 0 <= e["start"] < e["end"] <= len(text)
        assert e["text"] == text[e["start"] : e["end"]] == e["text"].strip()
        assert e["label"] in KLUE_TAGS
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["scheme"] == "klue" and report["bootstrap"]["resamples"] == 50
    assert set(report["bootstrap"]["intervals"]) == set(report["headline"])
    row = json.loads((out / "row.json").read_text(encoding="utf-8"))
    assert row["kind"] == "hf" and row["model"] == model and row["local_model"] is True
    assert row["parameters"] > 10_000 and row["device"] == "cpu" and row["batch_size"] == 4
    assert row["sentences"] == 71 and row["sentences_per_second"] > 0
    assert row["scores"]["strict_micro_f1"]["value"] == report["headline"]["strict_micro_f1"]


def test_ner_char_writes_one_klue_tag_per_character(tiny_models, dataset_dir, tmp_path, capsys):
    out = tmp_path / "run"
    code, _, _ = _run(capsys, "hf", tiny_models["klue"], "--config", "ner_char",
                      "--dataset", dataset_dir, "--out", out, "--bootstrap", 0, "--no-progress")  # fmt: skip
    assert code == 0
    texts = _texts(dataset_dir, "ner_char")
    for _, row in read_jsonl(out / "predictions.jsonl"):
        assert len(row["tags"]) == len(texts[row["id"]])
        assert set(row["tags"]) <= set(KLUE_BIO_TAGS)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "klue_entity_macro_f1" in report["headline"]


def test_fine_labels_are_scored_fine_and_projected_for_ner_char(
    tiny_models, dataset_dir, tmp_path, capsys
):
    code, _, _ = _run(capsys, "hf", tiny_models["fine"], "--dataset", dataset_dir,
                      "--out", tmp_path / "e", "--bootstrap", 0, "--no-progress")  # fmt: skip
    assert code == 0
    labels = {
        e["label"]
        for _, r in read_jsonl(tmp_path / "e" / "predictions.jsonl")
        for e in r["entities"]
    }
    assert labels and labels <= set(ENTITY_LABELS)
    row = json.loads((tmp_path / "e" / "row.json").read_text(encoding="utf-8"))
    assert row["scheme"] == "fine" and "klue_strict_micro_f1" in row["scores"]
    code, _, _ = _run(capsys, "hf", tiny_models["fine"], "--config", "ner_char", "--dataset",
                      dataset_dir, "--out", tmp_path / "c", "--bootstrap", 0, "--no-progress")  # fmt: skip
    assert code == 0
    tags = {t for _, r in read_jsonl(tmp_path / "c" / "predictions.jsonl") for t in r["tags"]}
    assert tags <= set(KLUE_BIO_TAGS)


def test_generic_labels_exit_2_until_a_label_map_is_given(
    tiny_models, dataset_dir, tmp_path, capsys
):
    out = tmp_path / "run"
    code, _, err = _run(capsys, "hf", tiny_models["generic"], "--dataset", dataset_dir,
                        "--out", out, "--no-progress")  # fmt: skip
    assert code == 2 and "--label-map klue" in err and not out.exists()
    code, _, _ = _run(capsys, "hf", tiny_models["generic"], "--label-map", "klue", "--dataset",
                      dataset_dir, "--out", out, "--bootstrap", 0, "--no-progress")  # fmt: skip
    assert code == 0
    labels = {e["label"] for _, r in read_jsonl(out / "predictions.jsonl") for e in r["entities"]}
    assert labels <= set(KLUE_TAGS)


@pytest.mark.parametrize("model", ["no-such-folder/x", "not-a-model"])
def test_an_unloadable_model_is_one_clear_error(dataset_dir, tmp_path, capsys, monkeypatch, model):
    import huggingface_hub.constants

    # huggingface_hub reads HF_HUB_OFFLINE when first imported; imported before the
    # variable was set, it would try the network: the loader must still stay offline
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
    (tmp_path / "not-a-model").mkdir()
    code, _, err = _run(capsys, "hf", tmp_path / model if model == "not-a-model" else model,
                        "--dataset", dataset_dir, "--out", tmp_path / "o", "--no-progress")  # fmt: skip
    assert code == 2
    assert err.startswith("konews benchmark: error: cannot load model")
    assert "HF_HUB_OFFLINE is set" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


# --- forced logits: the model's output is fixed per token, the spans are known -------------

FORCED = {"삼": "B-OG", "성": "I-OG", "전": "I-OG", "자": "I-OG", "서": "B-LC", "울": "I-LC"}


def _force(tagger, rule):
    """Overwrite the classifier's logits so each token gets the tag `rule(token)`."""
    import torch

    model, tok = tagger.pipe.model, tagger.pipe.tokenizer
    label2id = {v: k for k, v in model.config.id2label.items()}

    def hook(_module, _args, kwargs, output):
        ids = kwargs["input_ids"]
        forced = torch.full_like(output.logits, -10.0)
        for b in range(ids.shape[0]):
            for t, token in enumerate(tok.convert_ids_to_tokens(ids[b].tolist())):
                forced[b, t, label2id[rule(token)]] = 10.0
        output.logits = forced
        return output

    model.register_forward_hook(hook, with_kwargs=True)


def test_forced_logits_character_model(tiny_models):
    from konews.benchmark.hf import HfTagger

    tagger = HfTagger(str(tiny_models["char"]), device="cpu", batch_size=2)
    _force(tagger, lambda token: FORCED.get(token, "O"))
    texts = ["삼성전자는 15일 서울로", "서울 삼성"]
    assert tagger.predict(texts, progress=False) == [
        [(0, 4, "OG"), (10, 12, "LC")],
        [(0, 2, "LC"), (3, 5, "OG")],
    ]


def test_forced_logits_word_pieces_merge_and_spaces_are_trimmed(tiny_models):
    from konews.benchmark.hf import HfTagger

    tagger = HfTagger(str(tiny_models["klue"]), device="cpu")
    # every word piece of 스케일AI (스케일A + ##I에) is an organisation; B on the first
    _force(tagger, lambda t: "B-OG" if t == "스케일A" else "I-OG" if t == "##I에" else "O")
    text = "메타가  스케일AI에 투자"
    pieces = tagger.pipe.tokenizer.tokenize(text)
    assert pieces == ["메타가", "스케일A", "##I에", "투자"], "tokenizer training changed"
    assert tagger.predict([text], progress=False) == [[(5, 11, "OG")]]
    _force(tagger, lambda t: "I-PS" if t in ("메타가", "스케일A") else "O")  # an I run over a space
    assert tagger.predict([text], progress=False) == [[(0, 9, "PS")]]


def test_forced_logits_sentencepiece_offsets_lose_their_leading_space(tiny_models):
    from konews.benchmark.hf import HfTagger

    tagger = HfTagger(str(tiny_models["sentencepiece"]), device="cpu")
    text = "메타가 스케일AI에 투자"
    encoding = tagger.pipe.tokenizer(text, return_offsets_mapping=True, add_special_tokens=False)
    pieces = tagger.pipe.tokenizer.convert_ids_to_tokens(encoding["input_ids"])
    offsets = dict(zip(pieces, encoding["offset_mapping"], strict=True))
    assert offsets["▁투자"] == (10, 13) and text[10] == " ", "the trap: the space is in the piece"
    _force(tagger, lambda t: "B-PS" if t == "▁투자" else "O")
    assert tagger.predict([text], progress=False) == [[(11, 13, "PS")]]
    # a lone "▁" tagged inside an entity run does not stretch the span over the space
    _force(tagger, lambda t: {"메": "B-OG", "타": "I-OG", "▁": "I-OG"}.get(t, "O"))
    assert tagger.predict([text], progress=False) == [[(0, 2, "OG")]]


def test_cuda_without_a_gpu_is_a_clear_error(tiny_models, dataset_dir, tmp_path, capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA device")
    code, _, err = _run(capsys, "hf", tiny_models["klue"], "--device", "cuda", "--dataset",
                        dataset_dir, "--out", tmp_path / "o", "--no-progress")  # fmt: skip
    assert code == 2 and "--device cuda: torch sees no CUDA device" in err
