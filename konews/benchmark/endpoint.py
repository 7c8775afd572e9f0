"""LLMs behind an OpenAI-compatible chat-completions endpoint (vLLM, Ollama, llama.cpp, hosted).

``httpx`` (already a dependency) sends the requests rather than the ``openai``
package: the benchmark needs one POST and full control of what the official
client does on its own (its retries would bypass the request budget and the
failure counts, and it requires an API key where local servers need none).

Every sentence gets one of: an answer (fresh or from the cache) aligned to
spans, or a counted failure (``timeout``, ``http_error``, ``connection``,
``malformed`` JSON, ``schema`` violation, ``refusal``, ``budget``), written
to ``failures.jsonl`` and scored as an empty prediction. Nothing is dropped
silently. The API key is read from ``KONEWS_API_KEY`` or ``OPENAI_API_KEY``
only and is scrubbed from every message.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

import httpx
import jsonschema

from konews.benchmark import align, cache
from konews.benchmark.prompt import PROMPT_VERSION, Prompt, answer_schema
from konews.errors import KoNewsError

KEY_VARIABLES = ("KONEWS_API_KEY", "OPENAI_API_KEY")
RESPONSE_FORMATS = ("json_schema", "json_object", "none")
FATAL_STATUS = {401: "unauthorized", 403: "forbidden", 404: "not found"}
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.S)


@dataclass(frozen=True)
class Settings:
    base_url: str
    model: str
    temperature: float = 0.0
    max_tokens: int = 1024
    response_format: str = "json_schema"
    timeout: float = 60.0
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    concurrency: int = 4
    max_requests: int | None = None
    max_cost: float | None = None
    price_input: float | None = None  # USD per million prompt tokens
    price_output: float | None = None  # USD per million completion tokens

    def check(self) -> None:
        if not re.match(r"https?://", self.base_url):
            raise KoNewsError(
                f"--base-url {self.base_url!r}: give the server's OpenAI API root, "
                "e.g. http://127.0.0.1:8000/v1"
            )
        if self.response_format not in RESPONSE_FORMATS:
            raise KoNewsError(f"--response-format: choose {', '.join(RESPONSE_FORMATS)}")
        if self.concurrency < 1 or self.retries < 0 or self.timeout <= 0:
            raise KoNewsError("--concurrency >= 1, --retries >= 0 and --timeout > 0, please")
        if self.max_cost is not None and (self.price_input is None or self.price_output is None):
            raise KoNewsError(
                "--max-cost needs --price-input and --price-output (USD per million tokens) "
                "to know what a request costs"
            )


@dataclass
class Outcome:
    spans: align.Spans = field(default_factory=list)
    failure: str | None = None
    detail: str = ""
    cached: bool = False
    attempts: int = 0
    not_found: list[str] = field(default_factory=list)
    no_free_occurrence: list[str] = field(default_factory=list)
    retry: bool = True  # whether asking again could give another answer


BUDGET_SPENT = "request budget (--max-requests/--max-cost) spent"


class _Fatal(Exception):
    """An answer that no retry or other sentence will change (wrong key, wrong URL)."""


class _Budget:
    """Requests and tokens spent, shared by the worker threads."""

    def __init__(self, settings: Settings) -> None:
        self.s = settings
        self.lock = threading.Lock()
        self.requests = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0

    def cost(self) -> float | None:
        if self.s.price_input is None or self.s.price_output is None:
            return None
        return (
            self.prompt_tokens * self.s.price_input + self.completion_tokens * self.s.price_output
        ) / 1e6

    def take(self) -> bool:
        with self.lock:
            if self.s.max_requests is not None and self.requests >= self.s.max_requests:
                return False
            cost = self.cost()
            if self.s.max_cost is not None and cost is not None and cost >= self.s.max_cost:
                return False
            self.requests += 1
            return True

    def spend(self, usage: dict | None) -> None:
        usage = usage or {}
        with self.lock:
            self.prompt_tokens += int(usage.get("prompt_tokens") or 0)
            self.completion_tokens += int(usage.get("completion_tokens") or 0)


def api_key() -> str | None:
    return next((os.environ[v] for v in KEY_VARIABLES if os.environ.get(v)), None)


class EndpointTagger:
    def __init__(self, settings: Settings, prompt: Prompt, answers: cache.Cache) -> None:
        settings.check()
        self.s = settings
        self.prompt = prompt
        self.cache = answers
        self.schema = answer_schema()
        self.validator = jsonschema.Draft202012Validator(self.schema)
        self.budget = _Budget(settings)
        self._key = api_key()
        self.outcomes: list[Outcome] = []

    def _scrub(self, message: str) -> str:
        return message.replace(self._key, "***") if self._key else message

    def request_body(self, text: str) -> dict:
        body = {
            "model": self.s.model,
            "messages": self.prompt.messages(text),
            "temperature": self.s.temperature,
            "max_tokens": self.s.max_tokens,
        }
        if self.s.response_format == "json_schema":
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "konews_entities", "schema": self.schema, "strict": True},
            }
        elif self.s.response_format == "json_object":
            body["response_format"] = {"type": "json_object"}
        return body

    def predict(self, texts: Sequence[str], *, progress: bool = True) -> list[align.Spans]:
        from tqdm.auto import tqdm

        bodies = [self.request_body(t) for t in texts]
        keys = [cache.key(b) for b in bodies]
        cached = [self.cache.get(k) for k in keys]
        todo = sum(c is None for c in cached)
        if self.s.max_requests is not None and todo > self.s.max_requests:
            raise KoNewsError(
                f"{todo} sentences are not in the cache and need a request, but --max-requests "
                f"is {self.s.max_requests}; raise it (retries count too) or score fewer sentences"
            )
        headers = {"Authorization": f"Bearer {self._key}"} if self._key else {}
        url = self.s.base_url.rstrip("/") + "/chat/completions"
        self.outcomes = [Outcome() for _ in texts]
        with (
            httpx.Client(headers=headers, timeout=self.s.timeout) as client,
            ThreadPoolExecutor(max_workers=self.s.concurrency) as pool,
            tqdm(total=len(texts), disable=not progress, desc="sentences") as bar,
        ):
            futures = {
                pool.submit(self._one, client, url, texts[i], bodies[i], keys[i], cached[i]): i
                for i in range(len(texts))
            }
            try:
                for fut in as_completed(futures):
                    self.outcomes[futures[fut]] = fut.result()
                    bar.update()
            except _Fatal as e:
                pool.shutdown(cancel_futures=True)
                raise KoNewsError(self._scrub(str(e))) from None
        return [o.spans for o in self.outcomes]

    def _one(self, client, url, text, body, key, hit) -> Outcome:
        if hit is not None:
            out = self._read_answer(text, hit["content"])
            out.cached = True
            return out
        last = Outcome(failure="budget", detail=BUDGET_SPENT)
        for attempt in range(self.s.retries + 1):
            if attempt and self.s.backoff:
                time.sleep(self.s.backoff * 2 ** (attempt - 1))
            if not self.budget.take():
                # keep the last real failure if there was one: it says more than "budget"
                last = last if attempt else Outcome(failure="budget", detail=BUDGET_SPENT)
                break
            last = self._attempt(client, url, text, body, key)
            last.attempts = attempt + 1
            if last.failure is None or not last.retry:
                break
        return last

    def _attempt(self, client, url, text, body, key) -> Outcome:
        try:
            resp = client.post(url, json=body)
        except httpx.TimeoutException:
            return Outcome(failure="timeout", detail=f"no answer within {self.s.timeout:g} s")
        except httpx.HTTPError as e:
            return Outcome(failure="connection", detail=self._scrub(f"{type(e).__name__}: {e}"))
        if resp.status_code in FATAL_STATUS:
            hint = (
                "set KONEWS_API_KEY or OPENAI_API_KEY"
                if resp.status_code in (401, 403)
                else "check --base-url (the API root, e.g. http://127.0.0.1:8000/v1) and --model"
            )
            raise _Fatal(
                f"{url} answered HTTP {resp.status_code} ({FATAL_STATUS[resp.status_code]}): "
                f"{resp.text[:200]}; {hint}"
            )
        if resp.status_code == 429 or resp.status_code >= 500:
            return Outcome(
                failure="http_error", detail=f"HTTP {resp.status_code}: {resp.text[:200]}"
            )
        if resp.status_code >= 400:  # the request itself is wrong: asking again won't help
            return Outcome(
                failure="http_error",
                detail=f"HTTP {resp.status_code}: {resp.text[:200]}",
                retry=False,
            )
        try:
            data = resp.json()
            message = data["choices"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            return Outcome(failure="malformed", detail=f"not a chat completion: {resp.text[:200]}")
        self.budget.spend(data.get("usage"))
        if message.get("refusal"):
            return Outcome(failure="refusal", detail=str(message["refusal"])[:200])
        content = message.get("content") or ""
        out = self._read_answer(text, content)
        if out.failure is None:
            self.cache.put(key, {"content": content, "usage": data.get("usage")})
        return out

    def _read_answer(self, text: str, content: str) -> Outcome:
        stripped = content.strip()
        fenced = _FENCE.match(stripped)  # some servers wrap JSON in a Markdown fence anyway
        try:
            answer = json.loads(fenced.group(1) if fenced else stripped)
        except json.JSONDecodeError:
            return Outcome(failure="malformed", detail=f"answer is not JSON: {content[:200]!r}")
        error = jsonschema.exceptions.best_match(self.validator.iter_errors(answer))
        if error is not None:
            return Outcome(
                failure="schema", detail=f"{error.message[:200]} (answer {content[:120]!r})"
            )
        al = align.align_surfaces(text, [(e["text"], e["label"]) for e in answer["entities"]])
        return Outcome(al.spans, not_found=al.not_found, no_free_occurrence=al.no_free_occurrence)

    def failures(self, ids: Sequence[str]) -> list[dict]:
        return [
            {"id": sid, "failure": o.failure, "attempts": o.attempts, "detail": o.detail}
            for sid, o in zip(ids, self.outcomes, strict=True)
            if o.failure is not None
        ]

    def metadata(self) -> dict:
        kinds = Counter(o.failure for o in self.outcomes if o.failure is not None)
        cost = self.budget.cost()
        return {
            "model": self.s.model,
            "endpoint": "openai-compatible",
            "prompt_version": PROMPT_VERSION,
            "examples": self.prompt.examples_source,
            "response_format": self.s.response_format,
            "temperature": self.s.temperature,
            "concurrency": self.s.concurrency,
            "requests": self.budget.requests,
            "cached_answers": sum(o.cached for o in self.outcomes),
            "tokens": {
                "prompt": self.budget.prompt_tokens,
                "completion": self.budget.completion_tokens,
            },
            "cost_usd": None if cost is None else round(cost, 6),
            "failures": sum(kinds.values()),
            "failures_by_kind": dict(sorted(kinds.items())),
            "unaligned": {
                "not_found": sum(len(o.not_found) for o in self.outcomes),
                "no_free_occurrence": sum(len(o.no_free_occurrence) for o in self.outcomes),
            },
        }
