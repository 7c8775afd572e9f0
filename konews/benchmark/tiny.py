"""A tiny, randomly initialised Korean token classifier, built offline in seconds.

The tests, ``scripts/bench_benchmark.py`` and the README run ``konews benchmark
hf`` on it: it is a real ``BertForTokenClassification`` with a real fast
tokenizer (trained here with ``tokenizers``), saved like any Hub model, so the
whole loading path is exercised without a download. Its predictions are noise.

    python -m konews.benchmark.tiny OUT_DIR [--tokenizer wordpiece|char|sentencepiece]
                                            [--labels klue|fine|generic]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from konews.schema import ENTITY_LABELS, KLUE_BIO_TAGS

# Hand-written training text for the tokenizer (not from any dataset's test split).
CORPUS = (
    "삼성전자는 15일 서울에서 새 반도체 공장 계획을 발표했다.",
    "네이버와 카카오가 인공지능 협력을 강화한다고 밝혔다.",
    "김민수 대표는 지난달 부산에서 투자자들을 만났다.",
    "현대자동차는 미국 조지아주에 공장을 짓기로 했다.",
    "한국은행은 기준금리를 연 3.5%로 동결했다.",
    "LG에너지솔루션이 2조원 규모의 배터리 계약을 맺었다.",
    "오후 3시 여의도에서 기자회견이 열렸다.",
    "메타가 스케일AI에 143억 달러를 투자했다.",
)


def label_names(kind: str) -> list[str]:
    if kind == "klue":
        return list(KLUE_BIO_TAGS)
    if kind == "fine":
        return ["O", *(f"{p}-{lb}" for lb in ENTITY_LABELS for p in "BIES")]
    if kind == "generic":
        return [f"LABEL_{i}" for i in range(len(KLUE_BIO_TAGS))]
    raise ValueError(f"unknown label kind {kind!r}; choose klue, fine or generic")


TOKENIZERS = ("wordpiece", "char", "sentencepiece")


def build_tokenizer(kind: str = "wordpiece"):
    """A fast tokenizer: BERT-style WordPiece, one token per character, or a
    sentencepiece-style Unigram whose word-initial pieces ("▁투자") have offsets
    that take in the space before the word, as XLM-R's and KoBERT's do."""
    from tokenizers import Tokenizer, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    if kind not in TOKENIZERS:
        raise ValueError(f"unknown tokenizer {kind!r}; choose one of {', '.join(TOKENIZERS)}")
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    if kind == "sentencepiece":
        tok = Tokenizer(models.Unigram())
        tok.pre_tokenizer = pre_tokenizers.Metaspace()
        trainer = trainers.UnigramTrainer(
            vocab_size=200, special_tokens=specials, unk_token="[UNK]"
        )
        tok.train_from_iterator(CORPUS, trainer)
    elif kind == "char":
        chars = sorted({c for line in CORPUS for c in line if not c.isspace()})
        vocab = {t: i for i, t in enumerate(specials + chars)}
        tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
        tok.pre_tokenizer = pre_tokenizers.Sequence(
            [pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Split("", "isolated")]
        )
    else:
        tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
        tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tok.train_from_iterator(
            CORPUS, trainers.WordPieceTrainer(vocab_size=300, special_tokens=specials)
        )
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]",
        pair="[CLS] $A [SEP] $B [SEP]",
        special_tokens=[("[CLS]", tok.token_to_id("[CLS]")), ("[SEP]", tok.token_to_id("[SEP]"))],
    )
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
        model_max_length=128,
    )


def build(
    out: str | Path, *, tokenizer: str = "wordpiece", labels: str = "klue", seed: int = 0
) -> Path:
    """Save a tiny model and its tokenizer to ``out``; returns ``out``."""
    import torch
    from transformers import BertConfig, BertForTokenClassification

    names = label_names(labels)
    tok = build_tokenizer(tokenizer)
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=len(tok),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
        id2label=dict(enumerate(names)),
        label2id={n: i for i, n in enumerate(names)},
    )
    model = BertForTokenClassification(config).eval()
    out = Path(out)
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m konews.benchmark.tiny", description=__doc__)
    p.add_argument("out", help="folder to write the model to")
    p.add_argument("--tokenizer", default="wordpiece", choices=TOKENIZERS)
    p.add_argument("--labels", default="klue", choices=("klue", "fine", "generic"))
    args = p.parse_args(argv)
    print(build(args.out, tokenizer=args.tokenizer, labels=args.labels))
    return 0


if __name__ == "__main__":
    sys.exit(main())
