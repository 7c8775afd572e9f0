"""KLUE-NER's own metrics (entity macro-F1 and character macro-F1) as KLUE-baseline
computes them, plus clean variants."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from konews.evaluate.span_arrays import decode_codes, seqeval_macro, strict_doc_counts, tag_codes
from konews.evaluate.spans import flatten_tags
from konews.evaluate.statistics import char_macro_f1_clean, char_macro_f1_klue
from konews.schema import KLUE_BIO_TAGS, KLUE_TAGS

# --- KLUE-NER's own metrics -----------------------------------------------------


class KlueScores:
    """KLUE-NER's two metrics as KLUE-baseline computes them, and clean variants.

    KLUE-baseline (``klue_baseline/metrics/functional.py`` with the alignment in
    ``models/named_entity_recognition.py``) drops every " " character, wraps each
    sentence in an "O" for [CLS] and [SEP], concatenates all sentences, and then

    - entity macro F1 = seqeval ``f1_score(average="macro", mode="strict",
      scheme=IOB2)`` over that one sequence. The "O"s keep entities from running
      across sentences, so this equals seqeval's strict macro F1 per sentence
      after the spaces are removed. Quirk: without the spaces, a predicted "O"
      on a space inside an entity, or a gap at a space, goes unpunished.
    - character macro F1 = scikit-learn ``f1_score(average="macro",
      labels=all 13 tags, zero_division=True)``. Quirks: "O" is one of the 13
      labels averaged (the docstring says "except O tag"; the code includes it),
      a tag absent from gold and predictions scores 1.0, and the two [CLS]/[SEP]
      "O"s per sentence count as correct characters (we assume the model
      predicts "O" there; KLUE scores the model's actual output at those slots).

    Not reproduced: KLUE-baseline also truncates sentences longer than its
    ``max_seq_length`` (128 subword tokens) and scores only the kept prefix;
    that depends on the tokenizer, so every character is scored here.

    Clean variants: ``char_macro_f1_clean`` keeps every character, adds no
    [CLS]/[SEP], averages over the 12 entity tags seen in gold or predictions
    (no O, no free 1.0s). The clean entity score is the strict macro F1 of
    ``score_tags`` on the unmodified characters.
    """

    def __init__(
        self,
        chars: Sequence[Sequence[str]],
        gold: Sequence[Sequence[str]],
        pred: Sequence[Sequence[str]],
        doc_of_sentence: np.ndarray | None = None,
        n_docs: int | None = None,
    ) -> None:
        if doc_of_sentence is None:
            doc_of_sentence, n_docs = np.arange(len(gold)), len(gold)
        codes = tag_codes(KLUE_TAGS)
        g, starts = flatten_tags(gold, codes)
        p, _ = flatten_tags(pred, codes)
        n_sent = len(gold)
        lengths = np.diff(np.append(starts, len(g)))
        sent_of_pos = np.repeat(np.arange(n_sent), lengths)
        doc_of_pos = doc_of_sentence[sent_of_pos]
        text = "".join("".join(c) for c in chars)
        if len(text) != len(g):
            raise ValueError(f"{len(text)} characters but {len(g)} tags")
        keep = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) != ord(" ")

        # Entity macro F1 on the space-free sequences.
        kept_len = np.bincount(sent_of_pos[keep], minlength=n_sent)
        k_starts = np.zeros(n_sent, dtype=np.int64)
        np.cumsum(kept_len[:-1], out=k_starts[1:])
        self.doc_entity, _, _ = strict_doc_counts(
            decode_codes(g[keep], k_starts),
            decode_codes(p[keep], k_starts),
            len(KLUE_TAGS),
            doc_of_sentence,
            n_docs,
            int(keep.sum()) + 1,
        )
        # Character counts in KLUE_BIO_TAGS order (the ClassLabel order).
        to_klue = np.array([KLUE_BIO_TAGS.index(t) for t in codes])
        gi, pi = to_klue[g], to_klue[p]
        o = KLUE_BIO_TAGS.index("O")
        self.doc_char_clean = _char_counts(gi, pi, doc_of_pos, n_docs)
        quirk = _char_counts(gi[keep], pi[keep], doc_of_pos[keep], n_docs)
        quirk[:, o, 0] += 2 * np.bincount(doc_of_sentence, minlength=n_docs)  # [CLS], [SEP]
        self.doc_char = quirk

    @property
    def entity_macro_f1(self) -> float:
        tp, fp, fn = (self.doc_entity[:, :, i].sum(0) for i in range(3))
        return seqeval_macro(tp, fp, fn, KLUE_TAGS)[2]

    @property
    def char_macro_f1(self) -> float:
        return float(char_macro_f1_klue(self.doc_char.sum(0)[None])[0])

    @property
    def char_macro_f1_clean(self) -> float:
        value = char_macro_f1_clean(self.doc_char_clean.sum(0)[None])[0]
        return 0.0 if np.isnan(value) else float(value)


def _char_counts(gold: np.ndarray, pred: np.ndarray, doc: np.ndarray, n_docs: int) -> np.ndarray:
    n_t = len(KLUE_BIO_TAGS)
    size = n_docs * n_t
    hit = gold == pred
    tp = np.bincount(doc[hit] * n_t + gold[hit], minlength=size)
    fp = np.bincount(doc[~hit] * n_t + pred[~hit], minlength=size)
    fn = np.bincount(doc[~hit] * n_t + gold[~hit], minlength=size)
    return np.stack([tp, fp, fn], axis=-1).reshape(n_docs, n_t, 3)
