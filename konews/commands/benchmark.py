"""``konews benchmark``: run a model over a config's sentences, score it, make a leaderboard row.

    konews benchmark hf klue-ner-model --device auto --batch-size 16
    konews benchmark openai --base-url http://127.0.0.1:8000/v1 --model qwen2.5-7b-instruct
    konews benchmark file my_system.jsonl --name my-system

See docs/EVALUATION.md ("Benchmarking a model") for the outputs and the rules.
"""

from __future__ import annotations

import argparse
import re
import sys


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--config",
        default="entities",
        choices=("entities", "ner_char"),
        help="dataset config to score on (default: entities)",
    )
    p.add_argument("--split", default="test", help="split to score (default: test)")
    p.add_argument(
        "--dataset",
        default="dataset",
        metavar="DIR",
        help="dataset folder (or Hub id) read with datasets.load_dataset (default: dataset)",
    )
    p.add_argument(
        "--scheme",
        choices=("fine", "klue"),
        help="scheme to score in (default: the system's labels for entities, klue for "
        "ner_char; fine labels are projected onto KLUE when klue is asked)",
    )
    p.add_argument("--name", help="system name in the leaderboard (default: from the model)")
    p.add_argument(
        "--out",
        metavar="DIR",
        help="output folder (default: benchmark-runs/<name>-<config>-<split>)",
    )
    p.add_argument(
        "--bootstrap",
        type=int,
        default=1000,
        metavar="N",
        help="document resamples for the 95%% intervals (default 1000)",
    )
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    p.add_argument(
        "--add-to-leaderboard",
        action="store_true",
        help="add (or replace) this run's row in LEADERBOARD/community.jsonl and COMMUNITY.md",
    )
    p.add_argument(
        "--leaderboard",
        default="baselines",
        metavar="DIR",
        help="folder of community.jsonl (default: baselines)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "benchmark",
        help="run a Hugging Face model, an LLM endpoint or a prediction file; score; leaderboard row",
        description="Benchmark a system on KoNews; see docs/EVALUATION.md.",
    )
    sub = p.add_subparsers(dest="system", metavar="SYSTEM", required=True)

    hf = sub.add_parser("hf", help="a transformers token-classification model (Hub id or folder)")
    hf.add_argument("model", metavar="MODEL_ID_OR_PATH")
    hf.add_argument("--revision", help="Hub revision (branch, tag or commit)")
    hf.add_argument("--device", default="auto", choices=("cpu", "cuda", "auto"))
    hf.add_argument("--batch-size", type=int, default=8)
    hf.add_argument("--label-map", metavar="FILE|JSON|klue",
                    help="model label -> KoNews label, for labels other than KLUE's or the fine ones")  # fmt: skip
    _common(hf)

    oa = sub.add_parser("openai", help="an LLM behind an OpenAI-compatible chat endpoint")
    oa.add_argument("--base-url", required=True, help="API root, e.g. http://127.0.0.1:8000/v1")
    oa.add_argument("--model", required=True, help="model name the server knows")
    oa.add_argument("--concurrency", type=int, default=4, help="requests in flight (default 4)")
    oa.add_argument("--timeout", type=float, default=60, help="seconds per request (default 60)")
    oa.add_argument("--retries", type=int, default=2, help="retries per sentence (default 2)")
    oa.add_argument("--retry-wait", type=float, default=1.0, help="seconds before the first retry, doubling (default 1)")  # fmt: skip
    oa.add_argument(
        "--max-requests", type=int, help="stop sending after N requests (retries count)"
    )
    oa.add_argument("--max-cost", type=float, help="stop sending once USD spent reaches this")
    oa.add_argument("--price-input", type=float, help="USD per million prompt tokens")
    oa.add_argument("--price-output", type=float, help="USD per million completion tokens")
    oa.add_argument("--temperature", type=float, default=0.0)
    oa.add_argument("--max-tokens", type=int, default=1024)
    oa.add_argument("--response-format", default="json_schema", choices=("json_schema", "json_object", "none"))  # fmt: skip
    oa.add_argument("--examples", type=int, default=4, help="few-shot examples (default 4)")
    oa.add_argument("--cache-dir", metavar="DIR", help="answer cache (default: OUT/cache)")
    oa.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    _common(oa)

    fl = sub.add_parser("file", help="a prediction file in the config's format")
    fl.add_argument("predictions", metavar="PRED.jsonl")
    _common(fl)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "run"


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from konews import evaluate
    from konews.benchmark import leaderboard
    from konews.benchmark import run as runner
    from konews.benchmark.sentences import load_sentences
    from konews.errors import KoNewsError

    if args.bootstrap < 0:
        raise KoNewsError("--bootstrap must be 0 (no intervals) or a positive number")
    if args.no_progress:
        _quiet_libraries()
    sents = load_sentences(args.dataset, args.config, args.split)
    if args.system == "hf":
        from konews.benchmark.hf import model_name

        default_name = model_name(args.model)[0]
    else:
        default_name = args.model if args.system == "openai" else Path(args.predictions).stem
    name = args.name or default_name
    out = Path(args.out or f"benchmark-runs/{_slug(name)}-{args.config}-{args.split}")
    extra: dict[str, list[dict]] = {}
    score = {"name": name, "kind": args.system, "bootstrap": args.bootstrap, "seed": args.seed}
    if args.system == "file":
        meta = {"model": None, "predictions_file": Path(args.predictions).name}
        preds = evaluate.Rows.read(args.predictions)
        result = runner.score_and_row(
            sents, preds, scheme=args.scheme, meta=meta, wall_seconds=None, **score
        )
    else:
        if args.system == "hf":
            spans, meta, system_scheme, wall = _run_hf(args, sents.texts)
        else:
            spans, meta, wall, failures = _run_openai(args, sents, out)
            system_scheme = "fine"  # the prompt's labels
            extra["failures.jsonl"] = failures
        scheme = runner.scoring_scheme(args.config, system_scheme, args.scheme)
        rows = runner.prediction_rows(sents, spans, system_scheme, scheme)
        result = runner.score_and_row(
            sents, rows, scheme=scheme, meta=meta, wall_seconds=wall, **score
        )
    runner.write_outputs(out, result, extra)
    print(_summary(result.row, out))
    if args.add_to_leaderboard:
        path, replaced = leaderboard.add(result.row, args.leaderboard)
        print(f"{'replaced' if replaced else 'added'} the row of {result.row['name']!r} in {path}")
    return 0


def _run_hf(args: argparse.Namespace, texts: list[str]) -> tuple[list, dict, str, float]:
    """Spans, metadata, label scheme and wall time of a token classifier."""
    import time

    from konews.benchmark.hf import HfTagger
    from konews.benchmark.labels import read_label_map

    started = time.perf_counter()
    tagger = HfTagger(
        args.model, revision=args.revision, device=args.device,
        batch_size=args.batch_size, label_map=read_label_map(args.label_map),
    )  # fmt: skip
    load_seconds = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    spans = tagger.predict(texts, progress=not args.no_progress)
    wall = time.perf_counter() - started
    meta = {**tagger.metadata(), "load_seconds": load_seconds}
    if meta["truncated_sentences"]:
        print(
            f"note: {meta['truncated_sentences']} sentences were longer than the model's "
            f"{meta['max_length']} tokens; their tails got no predictions",
            file=sys.stderr,
        )
    return spans, meta, tagger.tagset.scheme, wall


def _run_openai(args: argparse.Namespace, sents, out) -> tuple[list, dict, float, list[dict]]:
    """Spans, metadata, wall time and failure lines of an LLM endpoint."""
    import time

    from konews.benchmark import cache
    from konews.benchmark.endpoint import EndpointTagger, Settings
    from konews.benchmark.prompt import prompt_for

    settings = Settings(
        base_url=args.base_url, model=args.model, temperature=args.temperature,
        max_tokens=args.max_tokens, response_format=args.response_format,
        timeout=args.timeout, retries=args.retries, backoff=args.retry_wait,
        concurrency=args.concurrency, max_requests=args.max_requests,
        max_cost=args.max_cost, price_input=args.price_input, price_output=args.price_output,
    )  # fmt: skip
    folder = None if args.no_cache else (args.cache_dir or out / "cache")
    prompt = prompt_for(args.dataset, args.split, args.examples)
    tagger = EndpointTagger(settings, prompt, cache.Cache(folder))
    started = time.perf_counter()
    spans = tagger.predict(sents.texts, progress=not args.no_progress)
    wall = time.perf_counter() - started
    return spans, tagger.metadata(), wall, tagger.failures(sents.ids)


def _quiet_libraries() -> None:
    """--no-progress: the libraries' own bars (dataset preparation, weight loading) too."""
    import datasets

    datasets.disable_progress_bars()
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        return
    hf_logging.disable_progress_bar()


def _summary(row: dict, out) -> str:
    lines = [
        f"{row['name']} ({row['kind']}) on {row['config']}/{row['split']}, {row['scheme']} scheme: "
        f"{row['sentences']} sentences, {row['documents']} documents"
    ]
    for metric, s in row["scores"].items():
        ci = f"  [{100 * s['low']:.1f}, {100 * s['high']:.1f}]" if s.get("low") is not None else ""
        lines.append(f"  {metric:<24}{100 * s['value']:6.1f}{ci}")
    facts = []
    if row.get("sentences_per_second") is not None:
        facts.append(f"{row['sentences_per_second']:.1f} sentences/s")
    if row["kind"] == "openai":
        facts.append(
            f"{row['requests']} requests, {row['cached_answers']} cached, "
            f"{row['failures']} failed {row['failures_by_kind']}"
        )
    lines.append(f"  {', '.join(facts)}{'; ' if facts else ''}outputs in {out}/")
    return "\n".join(lines)
