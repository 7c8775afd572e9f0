"""``baselines/RESULTS.md``: the leaderboard, rendered from a run's reports.

Nothing here is typed by hand: every figure comes from the ``konews.evaluate``
reports and the measurements of one ``konews baselines run``, except the money
normalizer's KLUE-NER figures (``MONEY_BENCH``), quoted from
``scripts/bench_money.py`` because they need no baseline run.
"""

from __future__ import annotations

from collections.abc import Iterable

from konews.markdown import table
from konews.schema import ENTITY_LABELS, KLUE_TAGS

DASH = "—"
# What `.venv/bin/python scripts/bench_money.py` prints on KLUE-NER dev: the
# normalizer's exact-span F1 against KLUE's money-looking QT spans, strict and
# with KLUE's convention of leaving hedges (약, 이상, 정도) outside the span.
MONEY_BENCH = {"exact": "0.858", "hedges_trimmed": "0.976"}
_MONEY_ATTRIBUTES = ("amount", "currency", "approximate", "qualifier", "all")


def pct(x: float | None) -> str:
    return DASH if x is None else f"{100 * x:.1f}"


def rate(x: float | None) -> str:
    return DASH if x is None else f"{x:,.0f}"


def with_ci(report: dict | None, name: str) -> str:
    """'72.3 [65.1, 79.0]': a headline metric with its bootstrap interval, in percent."""
    if report is None or name not in report["headline"]:
        return DASH
    value = pct(report["headline"][name])
    ci = (report.get("bootstrap") or {}).get("intervals", {}).get(name)
    return f"{value} [{pct(ci['low'])}, {pct(ci['high'])}]" if ci else value


def section(title: str, intro: str, header: list[str], rows: list[list[str]]) -> list[str]:
    return ["", f"## {title}", "", intro, "", table(header, rows)]


def _micro(report: dict, scheme: str) -> dict:
    return report["metrics"][scheme]["strict"]["micro"]


def _per_label(report: dict | None, scheme: str, labels: Iterable[str]) -> list[str]:
    if report is None or scheme not in report["metrics"]:
        return [DASH for _ in labels]
    per = report["metrics"][scheme]["strict"]["per_label"]
    return [pct(per[lb]["f1"]) if per.get(lb, {}).get("support") else DASH for lb in labels]


def _entities(outcomes: list) -> list[str]:
    rows = []
    for o in outcomes:
        r, fine = o.reports["entities"], o.scheme == "fine"
        micro = _micro(r, "fine") if fine else {}
        rows.append([
            o.name,
            with_ci(r, "strict_micro_f1") if fine else DASH,
            pct(micro.get("precision")),
            pct(micro.get("recall")),
            with_ci(r, "partial_f1") if fine else DASH,
            with_ci(r, "klue_strict_micro_f1" if fine else "strict_micro_f1"),
            with_ci(o.reports.get("ner_char"), "klue_entity_macro_f1"),
        ])  # fmt: skip
    parts = section(
        "Entities (test split)",
        "Strict = exact span and label. Fine = the KoNews labels; KLUE = the projection onto "
        "KLUE-NER's tags (PRODUCT and JOB_TITLE dropped, MONEY becomes QT), where the CRF, "
        "which predicts KLUE tags, is scored. The last column is KLUE-NER's own entity macro "
        "F1 (KLUE-baseline's computation, quirks included; docs/EVALUATION.md) on `ner_char`.",
        ["baseline", "fine strict F1", "fine P", "fine R", "fine partial F1",
         "KLUE strict F1", "KLUE-metric entity macro F1"],
        rows,
    )  # fmt: skip
    fine_rows = [
        [o.name, *_per_label(o.reports["entities"], "fine", ENTITY_LABELS)]
        for o in outcomes
        if o.scheme == "fine"
    ]
    parts += [
        "",
        "Strict F1 per label, fine schema:",
        "",
        table(["baseline", *ENTITY_LABELS], fine_rows),
    ]
    klue_rows = [[o.name, *_per_label(o.reports["entities"], "klue", KLUE_TAGS)] for o in outcomes]
    parts += [
        "",
        "Strict F1 per label, KLUE projection:",
        "",
        table(["baseline", *KLUE_TAGS], klue_rows),
    ]
    return parts


def _heldout(outcomes: list, facts: dict) -> list[str]:
    rows = []
    for o in outcomes:
        r, chars = o.reports["klue_heldout"], o.reports.get("klue_heldout_char")
        micro = _micro(r, "klue")
        rows.append([
            o.name,
            with_ci(r, "strict_micro_f1"),
            pct(micro["precision"]),
            pct(micro["recall"]),
            *_per_label(r, "klue", KLUE_TAGS),
            with_ci(chars, "klue_entity_macro_f1"),
            with_ci(chars, "klue_char_macro_f1"),
            rate(o.figures.get("heldout_chars_per_second")),
        ])  # fmt: skip
    n = facts["klue_heldout_sentences"]
    crf = next((o for o in outcomes if o.name == "crf" and o.figures.get("grid")), None)
    if facts.get("selection") == "validation":
        title = f"Validation split of the KLUE news layer ({n} sentences)"
        where = (
            f"The {n} sentences of the KLUE news layer's validation split, in KLUE's tags "
            "projected from the KoNews gold; the lexicon and the CRF learned from "
            f"{facts['klue_train_sentences']} sentences (KLUE-NER's movie-review sentences "
            f"and the layer's train split) and never saw a test sentence. "
        )
    else:
        title = f"KLUE-NER held-out part ({n} sentences)"
        where = (
            f"The {n} sentences of `{facts['klue_source']}` whose id hash puts them in the "
            f"held-out 10% (`konews.corpus.klue.split_klue`); the lexicon and the CRF learned "
            f"from the other {facts['klue_train_sentences']}. "
        )
    return section(
        title,
        f"{where}{_selection_caveat(crf.figures) if crf else ''}"
        "Each sentence is its own bootstrap unit. The two "
        "KLUE-metric columns are KLUE-NER's entity and character macro F1 as KLUE-baseline "
        "computes them. Speed: characters per second over these sentences, kiwipiepy analysis "
        "included, one process.",
        ["baseline", "strict F1", "P", "R", *KLUE_TAGS, "KLUE-metric entity macro F1",
         "KLUE-metric char macro F1", "chars/s"],
        rows,
    )  # fmt: skip


def _selection_caveat(crf: dict) -> str:
    """The CRF's c1/c2 were chosen on the sentences that also score it."""
    f1s = [g["heldout_f1"] for g in crf["grid"] if g.get("heldout_f1") is not None]
    k = len(crf["grid"])
    spread = f" ({pct(min(f1s))} to {pct(max(f1s))})" if f1s else ""
    return (
        f"These {crf['heldout_sentences']} sentences also chose the CRF's c1/c2 among {k} "
        f"setting{'s' if k != 1 else ''}, so its figure here is slightly optimistic; the "
        f"spread of its held-out F1 over the {k} settings{spread}, shown under CRF training, "
        "bounds the effect. "
    )


PARTS = {"konews": "KoNews articles", "klue": "KLUE news layer", "": "both"}


def _by_part(outcomes: list, facts: dict) -> list[str]:
    """Headline scores on each part of the test split and on both, with intervals."""
    counts = facts.get("test_parts") or {}
    if not counts:
        return []

    def cells(o, config: str, metric: str) -> list[str]:
        return [
            with_ci(o.reports.get(f"{config}:{part}" if part else config), metric) for part in PARTS
        ]

    names = [f"{PARTS[p]} ({counts[p]} sentences)" if p else "both" for p in PARTS]
    parts = [
        "",
        "## Scores per part of the test split",
        "",
        "The test split holds the KoNews articles and the test part of the KLUE news layer; "
        "each part is scored on its own (its own bootstrap over documents; a KLUE-layer "
        "sentence is a document) and both together.",
    ]
    rows = []
    for o in outcomes:
        if "entities" not in o.reports:
            continue
        fine = o.scheme == "fine"
        if fine:
            rows.append([o.name, "fine strict F1", *cells(o, "entities", "strict_micro_f1")])
        metric = "klue_strict_micro_f1" if fine else "strict_micro_f1"
        rows.append([o.name, "KLUE strict F1", *cells(o, "entities", metric)])
        if "ner_char" in o.reports:
            rows.append(
                [o.name, "KLUE-metric entity macro F1",
                 *cells(o, "ner_char", "klue_entity_macro_f1")]
            )  # fmt: skip
    for o in outcomes:
        if "money" in o.reports:
            rows.append([o.name, "money detection F1", *cells(o, "money", "detection_f1")])
            rows.append([o.name, "money normalized F1", *cells(o, "money", "normalized_f1")])
        if "events" in o.reports:
            for m in ("trigger_classification", "argument_classification"):
                label = m.replace("_", " ") + " F1"
                rows.append([o.name, label, *cells(o, "events", f"{m}_f1")])
    parts += ["", table(["baseline", "metric", *names], rows)]
    return parts


def _money(outcomes: list) -> list[str]:
    rows = []
    for o in outcomes:
        r = o.reports["money"]
        m = r["metrics"]
        attrs = m["attributes"]
        rows.append([
            o.name,
            with_ci(r, "detection_f1"),
            pct(m["detection"]["precision"]),
            pct(m["detection"]["recall"]),
            with_ci(r, "normalized_f1"),
            str(attrs["matched"]),
            *(pct(attrs[a]["accuracy"]) for a in _MONEY_ATTRIBUTES),
        ])  # fmt: skip
    return section(
        "Money (test split)",
        "Detection: exact span. Normalized: exact span with the same amount, upper amount and "
        "currency. Attribute accuracy is over the detected (span-matched) mentions. The money "
        "normalizer was developed with this corpus's money expressions among its test cases, "
        "and the annotators compared their values with its output, so its score here is not a "
        "generalization estimate. On the KLUE news layer the normalizer proposed the MONEY "
        "spans and values that the annotators then corrected, and they saw its disagreements "
        "as warnings, so its layer score is an upper bound as well; see its KLUE-NER dev figure "
        "against KLUE's own spans (`scripts/bench_money.py`: "
        f"exact-span F1 {MONEY_BENCH['exact']}, {MONEY_BENCH['hedges_trimmed']} with KLUE's "
        "convention of leaving hedges outside the span).",
        ["baseline", "detection F1", "P", "R", "normalized F1", "matched",
         *(f"{a} acc." for a in _MONEY_ATTRIBUTES)],
        rows,
    )  # fmt: skip


def _events(outcomes: list) -> list[str]:
    metrics = ("trigger_identification", "trigger_classification")
    metrics += ("argument_identification", "argument_classification")
    rows = []
    for o in outcomes:
        r = o.reports["events"]
        mod = r["metrics"]["modality"]
        rows.append([
            o.name,
            *(with_ci(r, f"{m}_f1") for m in metrics),
            f"{pct(mod['accuracy'])} ({mod['correct']}/{mod['matched']})",
        ])  # fmt: skip
    return section(
        "Events (test split)",
        "ACE-style: a trigger is identified by its span and classified with its type; an "
        "argument is identified by its span and event type, and classified with its role too. "
        "Modality accuracy is over predicted triggers whose span and type are right. The "
        "trigger lexicon is the schema's (the `triggers` of `konews.schema.EVENT_TYPES`), "
        "written by people who had read the test documents, so the trigger scores are not "
        "those of a lexicon written blind.",
        ["baseline", "trigger id. F1", "trigger cls. F1", "argument id. F1",
         "argument cls. F1", "modality acc."],
        rows,
    )  # fmt: skip


def _crf(f: dict) -> list[str]:
    sel = f["selected"]
    rows = [
        [str(g["c1"]), str(g["c2"]), f"{g['train_seconds']:.0f}", f"{g['model_bytes'] / 1e6:.2f}",
         pct(g["heldout_f1"]), "yes" if g["cached"] else "no"]
        for g in f["grid"]
    ]  # fmt: skip
    parts = section(
        "CRF training",
        f"L-BFGS, at most {sel['max_iterations']} iterations, features version "
        f"{f['features_version']}, trained on {f['train_sentences']} KLUE sentences; c1/c2 "
        f"chosen by strict micro F1 on the {f['heldout_sentences']} held-out sentences: "
        f"**c1={sel['c1']}, c2={sel['c2']}**. These are the sentences the KLUE-NER held-out "
        "table scores, so the CRF's figure there is slightly optimistic; the spread of the "
        "held-out column below bounds the effect. Training time is the wall-clock time of one fit "
        "(grid points train side by side on the available cores); a cached model shows the "
        "time measured when it was trained. Models are crfsuite's own files, not pickles.",
        ["c1", "c2", "training (s)", "model (MB)", "held-out strict F1", "cached"],
        rows,
    )
    if f.get("last_grid"):
        g = f["last_grid"]
        parts += [
            "",
            f"The last training of this grid fitted {g['fits']} model(s), {g['workers']} at a "
            f"time, in {g['wall_seconds']:.0f} s of wall-clock time.",
        ]
    if "throughput_chars_per_second" in f:
        parts += [
            "",
            f"Tagging speed on the held-out sentences ({f['throughput_chars']:,} characters): "
            f"{rate(f['throughput_chars_per_second'])} characters/s including kiwipiepy "
            f"analysis, {rate(f['crf_only_chars_per_second'])} characters/s for the CRF alone.",
        ]
    return parts


def render_results(result) -> str:
    facts = result.facts
    done = [o for o in result.outcomes if not o.skipped]
    parts = [
        "# KoNews baselines",
        "",
        "Generated by `konews baselines run`; do not edit by hand. Scores are percentages; "
        f"brackets hold 95% bootstrap intervals ({facts['bootstrap_resamples']} resamples of "
        f"documents, seed {facts['seed']}). Test split: {facts['test_documents']} documents, "
        f"{facts['test_sentences']} sentences (`{facts['dataset']}`).",
    ]
    parts += _by_part(done, facts)
    if ent := [o for o in done if "entities" in o.reports]:
        parts += _entities(ent)
    if held := [o for o in done if "klue_heldout" in o.reports]:
        parts += _heldout(held, facts)
    if money := [o for o in done if "money" in o.reports]:
        parts += _money(money)
    if events := [o for o in done if "events" in o.reports]:
        parts += _events(events)
    crf = next((o for o in done if o.name == "crf" and o.figures.get("grid")), None)
    if crf is not None:
        parts += _crf(crf.figures)
    if skipped := [o for o in result.outcomes if o.skipped]:
        parts += ["", "## Skipped", ""] + [f"- **{o.name}**: {o.skipped}" for o in skipped]
    versions = ", ".join(f"{k} {v}" for k, v in facts["versions"].items())
    parts += ["", f"Versions: {versions}.", ""]
    return "\n".join(parts)
