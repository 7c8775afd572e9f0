"""The prompt and answer schema for LLM endpoints (docs/EVALUATION.md shows them whole).

The instructions carry the schema's label definitions (``schema.ENTITY_DESCRIPTIONS``,
the same text as the annotation guidelines' label list); the few-shot examples
come from the dataset's ``train`` split when it has one (never from the split
being scored). KoNews has no train split yet, so ``HAND_WRITTEN`` below is what
is used today: sentences written for this prompt, not taken from any article.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from konews.errors import KoNewsError
from konews.schema import ENTITY_DESCRIPTIONS, ENTITY_LABELS

PROMPT_VERSION = "1"

# (sentence, [(surface, label), ...]), written by hand for this prompt; the
# fourth shows a name listed once per mention.
HAND_WRITTEN: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "현대자동차는 3일 미국 조지아주 공장에 2조원을 추가로 투자한다고 밝혔다.",
        (
            ("현대자동차", "ORG"),
            ("3일", "DATE"),
            ("미국", "LOC"),
            ("조지아주", "LOC"),
            ("2조원", "MONEY"),
        ),
    ),
    (
        "김민수 카카오 부사장은 이날 오후 2시 판교 사옥에서 새 챗봇 '카나나'를 공개했다.",
        (
            ("김민수", "PER"),
            ("카카오", "ORG"),
            ("부사장", "JOB_TITLE"),
            ("이날 오후 2시", "TIME"),
            ("판교", "LOC"),
            ("카나나", "PRODUCT"),
        ),
    ),
    (
        "한국은행은 올해 경제성장률 전망치를 1.8%로 낮췄다.",
        (("한국은행", "ORG"), ("올해", "DATE"), ("1.8%", "QUANTITY")),
    ),
    (
        "네이버가 투자한 웹툰 회사가 상장하자 네이버 주가가 5% 올랐다.",
        (("네이버", "ORG"), ("네이버", "ORG"), ("5%", "QUANTITY")),
    ),
)

INSTRUCTIONS = """\
You annotate named entities in Korean news sentences. Labels:
{labels}

Rules:
- Copy each entity exactly as it is written in the sentence: the same characters, \
no translation, no added or removed particles.
- List every mention in the order it appears; if the same string is an entity twice, \
list it twice.
- Do not list an entity inside another one (no nesting).
- Answer with JSON only: {{"entities": [{{"text": "...", "label": "..."}}]}}; \
{{"entities": []}} when there is none."""


def answer_schema(labels: tuple[str, ...] = ENTITY_LABELS) -> dict:
    """JSON Schema every answer must satisfy (and, where the server supports it, is held to)."""
    return {
        "type": "object",
        "properties": {
            "entities": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string", "minLength": 1},
                        "label": {"type": "string", "enum": list(labels)},
                    },
                    "required": ["text", "label"],
                    "additionalProperties": False,
                },
            }
        },
        "required": ["entities"],
        "additionalProperties": False,
    }


@dataclass(frozen=True)
class Prompt:
    """A system message, few-shot turns, and where the examples came from."""

    system: str
    shots: tuple[tuple[str, str], ...]  # (user sentence, assistant JSON answer)
    examples_source: str

    def messages(self, sentence: str) -> list[dict]:
        out = [{"role": "system", "content": self.system}]
        for user, assistant in self.shots:
            out += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
        return [*out, {"role": "user", "content": sentence}]


def _answer(items) -> str:
    return json.dumps(
        {"entities": [{"text": s, "label": lb} for s, lb in items]}, ensure_ascii=False
    )


def build_prompt(
    examples: list[tuple[str, list[tuple[str, str]]]] | None = None,
    source: str = "hand-written (konews/benchmark/prompt.py)",
) -> Prompt:
    labels = "\n".join(f"- {lb}: {ENTITY_DESCRIPTIONS[lb]}" for lb in ENTITY_LABELS)
    shots = examples if examples is not None else HAND_WRITTEN
    return Prompt(
        INSTRUCTIONS.format(labels=labels),
        tuple((text, _answer(items)) for text, items in shots),
        source,
    )


def prompt_for(dataset: str, split: str, n: int = 4) -> Prompt:
    """The prompt for scoring ``split``: examples from the train split when the dataset
    has one and ``split`` is not it, else the hand-written ones."""
    from konews.benchmark.sentences import load_sentences

    if n == 0:
        return build_prompt([], "none (--examples 0)")
    if split == "train":
        return build_prompt()
    try:
        train = load_sentences(dataset, "entities", "train")
    except KoNewsError:
        return build_prompt()
    examples = []
    for row in train.gold.rows:
        if row["entities"] and len(examples) < n:
            items = [(row["text"][e["start"] : e["end"]], e["label"]) for e in row["entities"]]
            examples.append((row["text"], items))
    return build_prompt(examples, f"first {len(examples)} train sentences with entities")
