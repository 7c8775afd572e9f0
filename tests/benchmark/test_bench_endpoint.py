"""`konews benchmark openai` against a chat-completions server started here on 127.0.0.1."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from konews.benchmark.prompt import HAND_WRITTEN, INSTRUCTIONS
from konews.cli import main
from konews.io import read_jsonl
from konews.schema import ENTITY_DESCRIPTIONS

ROOT = Path(__file__).resolve().parents[2]
SECRET = "sk-konews-test-secret-0123456789"


class FakeLLM:
    """Answers like an OpenAI-compatible server; `mode` picks good, malformed, slow or error."""

    def __init__(self, answers: dict[str, list[dict]]) -> None:
        self.answers = answers
        self.mode = "good"
        self.requests = 0
        self.seen: Counter[str] = Counter()
        self.auth: set[str] = set()
        self.bodies: list[dict] = []
        self.lock = threading.Lock()

    def reply(self, body: dict) -> tuple[int, dict | str]:
        sentence = body["messages"][-1]["content"]
        with self.lock:
            self.requests += 1
            self.seen[sentence] += 1
            first = self.seen[sentence] == 1
            self.bodies.append(body)
        good = json.dumps({"entities": self.answers.get(sentence, [])}, ensure_ascii=False)
        content: str | None = good
        message: dict = {"role": "assistant"}
        mode = self.mode
        if mode == "unauthorized":
            return 401, {"error": {"message": "Incorrect API key provided"}}
        if mode == "error" or (mode == "error_once" and first):
            return 500, {"error": {"message": "internal error"}}
        if mode == "bad_request":
            return 400, {"error": {"message": "context length exceeded"}}
        if mode == "slow":
            time.sleep(1.0)
        if mode == "malformed" or (mode == "malformed_once" and first):
            content = "Sure! The entities are 메타 (ORG) and 스케일AI (ORG)."
        if mode == "schema":
            content = json.dumps({"entities": [{"text": "메타", "label": "COMPANY"}]})
        if mode == "fenced":
            content = f"```json\n{good}\n```"
        if mode == "refusal":
            content, message["refusal"] = None, "I can't help with that."
        message["content"] = content
        usage = {"prompt_tokens": 1000, "completion_tokens": 100, "total_tokens": 1100}
        return 200, {"id": "x", "object": "chat.completion", "model": body["model"],
                     "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                     "usage": usage}  # fmt: skip


@pytest.fixture
def server(dataset_dir):
    answers = {}
    for _, row in read_jsonl(dataset_dir / "data" / "entities" / "test.jsonl"):
        answers[row["text"]] = [
            {"text": row["text"][e["start"] : e["end"]], "label": e["label"]}
            for e in row["entities"]
        ]
    llm = FakeLLM(answers)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            llm.auth.add(self.headers.get("Authorization", ""))
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if self.path != "/v1/chat/completions":
                status, payload = 404, {"error": {"message": f"no route {self.path}"}}
            else:
                status, payload = llm.reply(body)
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and left

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    llm.url = f"http://127.0.0.1:{httpd.server_port}/v1"
    yield llm
    httpd.shutdown()
    httpd.server_close()


def _bench(capsys, server, dataset_dir, out, *extra) -> tuple[int, str, str]:
    args = ["benchmark", "openai", "--base-url", server.url, "--model", "fake-llm",
            "--dataset", str(dataset_dir), "--out", str(out), "--bootstrap", "20",
            "--retry-wait", "0", "--no-progress", *map(str, extra)]  # fmt: skip
    code = main(args)
    stdout, stderr = capsys.readouterr()
    return code, stdout, stderr


def _row(out: Path) -> dict:
    return json.loads((out / "row.json").read_text(encoding="utf-8"))


def test_good_answers_are_aligned_scored_and_cached(server, dataset_dir, tmp_path, capsys):
    out = tmp_path / "run"
    code, stdout, _ = _bench(capsys, server, dataset_dir, out)
    assert code == 0, stdout
    row = _row(out)
    assert row["kind"] == "openai" and row["model"] == "fake-llm"
    assert row["requests"] == 71 and row["failures"] == 0 and row["cached_answers"] == 0
    assert row["tokens"] == {"prompt": 71_000, "completion": 7_100}
    # the server echoes the gold strings in order: the alignment rule puts all 191 back
    assert row["unaligned"] == {"not_found": 0, "no_free_occurrence": 0}
    assert row["scores"]["strict_micro_f1"]["value"] == 1.0
    assert list(read_jsonl(out / "failures.jsonl")) == []
    first = (out / "predictions.jsonl").read_text(encoding="utf-8")

    code, _, _ = _bench(capsys, server, dataset_dir, out)  # the rerun is answered from disk
    assert code == 0 and server.requests == 71
    row = _row(out)
    assert row["requests"] == 0 and row["cached_answers"] == 71
    assert (out / "predictions.jsonl").read_text(encoding="utf-8") == first


def test_ner_char_scores_fine_answers_in_the_klue_projection(server, dataset_dir, tmp_path, capsys):
    out = tmp_path / "run"
    code, _, _ = _bench(capsys, server, dataset_dir, out, "--config", "ner_char")
    assert code == 0
    row = _row(out)
    assert row["scheme"] == "klue" and row["config"] == "ner_char"
    assert row["scores"]["klue_entity_macro_f1"]["value"] == 1.0
    tags = {t for _, r in read_jsonl(out / "predictions.jsonl") for t in r["tags"]}
    assert "B-QT" in tags and not any("MONEY" in t for t in tags)


def test_the_prompt_has_the_label_definitions_and_no_test_sentence(
    server, dataset_dir, tmp_path, capsys
):
    _bench(capsys, server, dataset_dir, tmp_path / "run", "--no-cache")
    body = server.bodies[0]
    system = body["messages"][0]["content"]
    assert system.startswith(INSTRUCTIONS.split("{labels}")[0])
    assert all(desc in system for desc in ENTITY_DESCRIPTIONS.values())
    shots = [m["content"] for m in body["messages"][1:-1:2]]
    assert shots == [text for text, _ in HAND_WRITTEN]
    test_texts = {
        row["text"] for _, row in read_jsonl(dataset_dir / "data" / "entities" / "test.jsonl")
    }
    assert not test_texts & set(shots)
    assert body["response_format"]["type"] == "json_schema" and body["temperature"] == 0


@pytest.mark.parametrize(
    ("mode", "extra", "failures", "requests"),
    [
        ("malformed_once", [], {}, 142),
        ("error_once", [], {}, 142),
        ("fenced", [], {}, 71),
        ("malformed", ["--retries", 1], {"malformed": 71}, 142),
        ("schema", ["--retries", 0], {"schema": 71}, 71),
        ("refusal", ["--retries", 0], {"refusal": 71}, 71),
        ("error", ["--retries", 1], {"http_error": 71}, 142),
        ("bad_request", [], {"http_error": 71}, 71),  # a 400 is not asked again
        ("slow", ["--retries", 0, "--timeout", 0.2, "--concurrency", 8], {"timeout": 71}, 71),
    ],
)
def test_bad_answers_are_retried_then_counted(
    server, dataset_dir, tmp_path, capsys, mode, extra, failures, requests
):
    server.mode = mode
    out = tmp_path / "run"
    code, stdout, _ = _bench(capsys, server, dataset_dir, out, *extra)
    assert code == 0
    row = _row(out)
    assert row["failures_by_kind"] == failures and row["requests"] == requests
    failed = [r for _, r in read_jsonl(out / "failures.jsonl")]
    assert len(failed) == sum(failures.values())
    assert all(r["failure"] in failures and r["detail"] for r in failed)
    # a failed sentence is still a prediction line (empty), never dropped
    assert sum(1 for _ in read_jsonl(out / "predictions.jsonl")) == 71
    if failures:
        assert row["scores"]["strict_micro_f1"]["value"] == 0.0
        assert f"{sum(failures.values())} failed" in stdout


def test_max_requests_is_checked_before_anything_is_sent(server, dataset_dir, tmp_path, capsys):
    code, _, err = _bench(capsys, server, dataset_dir, tmp_path / "run", "--max-requests", 5)
    assert code == 2 and "71 sentences are not in the cache" in err and "--max-requests" in err
    assert server.requests == 0 and not (tmp_path / "run" / "row.json").exists()


def test_max_cost_stops_sending(server, dataset_dir, tmp_path, capsys):
    out = tmp_path / "run"
    code, _, _ = _bench(capsys, server, dataset_dir, out, "--concurrency", 1, "--max-cost", 0.005,
                        "--price-input", 1, "--price-output", 1)  # fmt: skip
    assert code == 0
    row = _row(out)
    # each answer costs (1000 + 100) tokens x 1 USD / 1e6 = 0.0011 USD: the 5th reaches 0.005
    assert row["requests"] == 5 and row["cost_usd"] == pytest.approx(0.0055)
    assert row["failures_by_kind"] == {"budget": 66}
    code, _, err = _bench(capsys, server, dataset_dir, out, "--max-cost", 1)
    assert code == 2 and "--price-input and --price-output" in err


def test_the_key_is_sent_but_never_shown(server, dataset_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    out = tmp_path / "run"
    code, stdout, stderr = _bench(capsys, server, dataset_dir, out, "--max-requests", 100)
    assert code == 0 and server.auth == {f"Bearer {SECRET}"}
    server.mode = "unauthorized"
    code, stdout2, stderr2 = _bench(capsys, server, dataset_dir, tmp_path / "o2", "--no-cache")
    assert code == 2 and "HTTP 401" in stderr2 and "OPENAI_API_KEY" in stderr2
    written = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    assert SECRET not in stdout + stderr + stdout2 + stderr2 + written


def test_a_wrong_url_is_one_clear_error(server, dataset_dir, tmp_path, capsys):
    server.url = server.url.removesuffix("/v1")
    code, _, err = _bench(capsys, server, dataset_dir, tmp_path / "run")
    assert code == 2 and "HTTP 404" in err and "--base-url" in err
    assert len(err.strip().splitlines()) == 1


def test_the_readme_endpoint_block_runs(server, dataset_dir, tmp_path, monkeypatch):
    """README's `konews benchmark openai` block, with the address of this server."""
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- benchmark-test: openai -->\n```bash\n(.*?)```", readme, re.S)
    assert block, "README lost its `konews benchmark openai` block"
    script = block.group(1).replace("http://127.0.0.1:8000/v1", server.url)
    assert server.url in script
    bin_dir = Path(sys.executable).parent
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           "HF_DATASETS_CACHE": str(tmp_path / "hf"), "HOME": str(tmp_path)}  # fmt: skip
    (tmp_path / "dataset").symlink_to(dataset_dir)
    proc = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert server.requests == 71
