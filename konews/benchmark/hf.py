"""Hugging Face token classifiers through the real ``transformers`` pipeline.

The pipeline runs with ``aggregation_strategy="none"`` and keeps every token
(``ignore_labels=[]``); ``align.spans_from_tokens`` turns the tags into spans.
The pipeline's own aggregation is not used because it cannot give
character-exact Korean spans: ``simple`` knows only ``B-``/``I-`` prefixes
(BIOES ``E-``/``S-`` tags break its groups) and ``first``/``average``/``max``
label whole whitespace words, while a Korean entity usually ends inside one
(``삼성전자`` + the particle ``는``).

Needs the ``models`` extra: ``pip install 'konews[models]'``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from konews.benchmark import align
from konews.benchmark.labels import TagSet, resolve
from konews.errors import KoNewsError


@dataclass
class Timing:
    """Seconds spent in the model's forward passes, and in the whole pipeline call."""

    forward: float = 0.0
    pipeline: float = 0.0
    align: float = 0.0
    _started: list[float] = field(default_factory=list)

    def pre(self, *_):
        self._started.append(time.perf_counter())

    def post(self, *_):
        self.forward += time.perf_counter() - self._started.pop()


def _device(requested: str) -> str:
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise KoNewsError("--device cuda: torch sees no CUDA device here; use --device cpu or auto")
    if requested not in ("cpu", "cuda"):
        raise KoNewsError(f"--device {requested!r}: choose cpu, cuda or auto")
    return requested


def model_name(model: str) -> tuple[str, bool]:
    """The name to record for a model, and whether it is a local folder. A local folder is
    named by its last component only, so no machine path lands in a leaderboard file."""
    if Path(model).is_dir():
        return Path(model).resolve().name, True
    return model, False


class HfTagger:
    """A loaded token-classification pipeline and its label mapping."""

    def __init__(
        self,
        model: str,
        *,
        revision: str | None = None,
        device: str = "auto",
        batch_size: int = 8,
        label_map: dict | None = None,
    ) -> None:
        if batch_size < 1:
            raise KoNewsError("--batch-size must be at least 1")
        try:
            import transformers
        except ImportError:
            raise KoNewsError(
                "`konews benchmark hf` needs transformers and torch: pip install 'konews[models]'"
            ) from None
        self.device = _device(device)
        self.batch_size = batch_size
        self.name, self.local = model_name(model)
        offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0", "false", "False")
        try:
            # loaded here, not by pipeline(), to pass local_files_only: huggingface_hub
            # reads HF_HUB_OFFLINE once, at import, so a later setting would be ignored
            hub = {"revision": revision, "local_files_only": offline}
            self.pipe = transformers.pipeline(
                "token-classification",
                model=transformers.AutoModelForTokenClassification.from_pretrained(model, **hub),
                tokenizer=transformers.AutoTokenizer.from_pretrained(model, **hub),
                aggregation_strategy="none",
                ignore_labels=[],
                device=self.device,
            )
        except (OSError, ValueError, KeyError, RuntimeError) as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            how = (
                "HF_HUB_OFFLINE is set, so only models already in the local cache or a local "
                "folder can be used"
                if offline
                else "give a Hub model id or a folder with config.json, the weights and a tokenizer"
            )
            raise KoNewsError(f"cannot load model {model!r}: {first}; {how}") from None
        if not getattr(self.pipe.tokenizer, "is_fast", False):
            raise KoNewsError(
                f"model {model!r} has no fast tokenizer: character offsets need one "
                "(a tokenizer.json); convert the tokenizer or save it with a fast class"
            )
        config = self.pipe.model.config
        self.tagset: TagSet = resolve(config.id2label, label_map)
        # the pipeline names each token's tag; id2label (not label2id, which some
        # checkpoints leave inconsistent) gives its id back
        self._ids = {name: int(i) for i, name in config.id2label.items()}
        self.revision = revision or getattr(config, "_commit_hash", None)
        self.parameters = sum(p.numel() for p in self.pipe.model.parameters())
        self.max_length = getattr(self.pipe.tokenizer, "model_max_length", None)
        self.timing = Timing()
        self.pipe.model.register_forward_pre_hook(self.timing.pre)
        self.pipe.model.register_forward_hook(self.timing.post)
        self.truncated: list[int] = []

    def predict(self, texts: Sequence[str], *, progress: bool = True) -> list[align.Spans]:
        """Spans (KoNews labels of ``self.tagset.scheme``) for each text, in order."""
        from tqdm.auto import tqdm

        out: list[align.Spans] = []
        self.truncated = []
        started = time.perf_counter()
        outputs = []
        stream = self.pipe((t for t in texts), batch_size=self.batch_size)
        for tokens in tqdm(stream, total=len(texts), disable=not progress, desc="sentences"):
            outputs.append(tokens)
        self.timing.pipeline += time.perf_counter() - started
        started = time.perf_counter()
        for i, (text, tokens) in enumerate(zip(texts, outputs, strict=True)):
            out.append(self._spans(i, text, tokens))
        self.timing.align += time.perf_counter() - started
        return out

    def _spans(self, i: int, text: str, tokens: list[dict]) -> align.Spans:
        decoded = []
        last = 0
        for t in tokens:
            if t.get("start") is None or t.get("end") is None:
                raise KoNewsError("the pipeline gave tokens without character offsets")
            prefix, label = self.tagset.tags[self._ids[t["entity"]]]
            decoded.append((t["start"], t["end"], prefix, label))
            last = max(last, t["end"])
        if text[last:].strip():
            self.truncated.append(i)  # the tokenizer cut the sentence at model_max_length
        spans, _ = align.drop_overlaps(align.spans_from_tokens(text, decoded))
        return spans

    def metadata(self) -> dict:
        return {
            "model": self.name,
            "local_model": self.local,
            "revision": self.revision,
            "parameters": self.parameters,
            "device": self.device,
            "batch_size": self.batch_size,
            "labels": self.tagset.names(),
            "max_length": self.max_length,
            "truncated_sentences": len(self.truncated),
        }
