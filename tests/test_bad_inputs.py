"""The bad-input catalogue (issue 11): every subcommand, fed what a new or a
hostile user would give it, must answer with exit status 2 (1 where the command
reports findings), one message naming the place and the fix, no traceback, and
nothing written or changed on disk.

The table is built from families: each *slot* (an option or argument that reads
a file) is crossed with each *kind* of bad content, so a new reader added to a
command gets the whole family by adding one slot. Every case runs in-process
(``konews.cli.main``) in a scratch folder; the repository's own ``dataset/`` is
read, never written, and both trees are compared before and after.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from konews.cli import main

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "dataset"
WATCHED = [ROOT / name for name in ("annotation", "dataset", "sources", "baselines")]


@dataclass(frozen=True)
class Case:
    id: str
    argv: tuple[str, ...]  # "{w}" is the scratch folder, "{ds}" the repository's dataset
    where: str  # regex: the message names the place (file, line, option)
    fix: str  # regex: ... and what to do, or what is wrong
    status: int = 2
    stdin: bytes | None = None


# --- the kinds of bad content, each with what its message must say ------------------------------

_DEEP = b"[" * 100_000 + b"]" * 100_000
KINDS: dict[str, tuple[bytes | None, str]] = {
    # kind: (file content; None = no file; b"<dir>" = a folder), regex of the explanation
    "missing": (None, r"no such file|not found|missing"),
    "folder": (b"<dir>", r"a folder, not a file"),
    "latin1": (b'{"id": "caf\xe9"}\n', r"not UTF-8 \(byte 0xe9\).*UTF-8"),
    "deep": (_DEEP, r"nested too deeply"),
    "surrogate": (b'{"id": "a\\ud800b", "text": "x"}\n', r"lone surrogate"),
    "broken": (b'{"id": \n', r"not valid JSON|not JSON"),
}
JSONL_KINDS = {**KINDS, "array": (b"[1, 2]\n", r"expected a JSON object")}


def _name(slot: str, kind: str, ext: str) -> str:
    return f"{slot}-{kind}.{ext}"


# Slots reading a JSON Lines file: (slot id, argv with {f} for the bad file).
JSONL_SLOTS = {
    "eval-pred": ("evaluate", "--config", "entities", "--predictions", "{f}",
                  "--dataset", "{ds}", "--bootstrap", "0"),
    "eval-gold": ("evaluate", "--config", "entities", "--predictions", "{ds}/data/entities/test.jsonl",
                  "--gold", "{f}", "--bootstrap", "0"),
    "eval-sentences": ("evaluate", "--config", "money", "--predictions", "{ds}/data/money/test.jsonl",
                       "--dataset", "{ds}", "--sentences", "{f}", "--bootstrap", "0"),
    "eval-compare-a": ("evaluate", "--config", "entities", "--compare", "{f}",
                       "{ds}/data/entities/test.jsonl", "--dataset", "{ds}", "--bootstrap", "0"),
    "eval-compare-b": ("evaluate", "--config", "events", "--compare", "{ds}/data/events/test.jsonl",
                       "{f}", "--dataset", "{ds}", "--bootstrap", "0"),
    "report-pred": ("report", "{f}", "-o", "{w}/out.html", "--dataset", "{ds}"),
    "report-money": ("report", "{ds}/data/entities/test.jsonl", "--money-predictions", "{f}",
                     "-o", "{w}/out.html", "--dataset", "{ds}"),
    "benchmark-file": ("benchmark", "file", "{f}", "--dataset", "{ds}", "--out", "{w}/runs",
                       "--bootstrap", "0"),
}  # fmt: skip
# Slots reading one JSON file (Label Studio exports).
JSON_SLOTS = {
    "validate": ("validate", "{f}"),
    "agreement": ("agreement", "{f}"),
    "agreement-other": ("agreement", "{f}", "{f}", "--json", "{w}/agreement.json"),
    "stats": ("stats", "--gold", "{f}"),
}
# Slots reading a file inside a folder: the folder is built around the bad file.
FOLDER_SLOTS = {
    # slot: (argv with {d} for the folder, the bad file's path inside it)
    "export-ls": (("export-ls", "--dataset", "{d}", "--out", "{w}/tasks.json"),
                  "data/documents/test.jsonl"),
    "hydrate": (("hydrate", "--sources", "{w}/sources", "--dataset", "{d}"),
                "data/documents/test.jsonl"),
    "build": (("build", "--annotation", "{d}", "--out", "{w}/built"), "gold.json"),
    "build-check": (("build", "--check", "--annotation", "{d}", "--out", "{w}/built"), "gold.json"),
}  # fmt: skip
# Options writing a file, each given a folder, then a path under a regular file.
OUTPUT_SLOTS = {
    "eval-output": ("evaluate", "--config", "entities", "--predictions",
                    "{ds}/data/entities/test.jsonl", "--dataset", "{ds}", "--bootstrap", "0",
                    "--output", "{o}"),
    "report-output": ("report", "--gold", "--dataset", "{ds}", "--output", "{o}"),
    "agreement-json": ("agreement", "{ds}/../annotation/gold.json", "{ds}/../annotation/gold.json",
                       "--json", "{o}"),
    "corpus-out": ("corpus", "--sources", "{w}/sources", "--out", "{o}"),
    "export-ls-out": ("export-ls", "--dataset", "{ds}", "--out", "{o}"),
    "pass-tasks-out": ("pass", "tasks", "{w}/nopass", "--out", "{o}"),
}  # fmt: skip
# Broken sources folders: (files written into the folder, regex of the explanation).
_PROVENANCE_OK_HEAD = "pages:\n- file: p.txt\n  publisher: 가나일보\n  publisher_slug: gana\n"
_ARTICLES = "  articles:\n  - {kind: article, date: '2025-01-02', date_source: stated}\n"
SOURCES_KINDS: dict[str, tuple[dict[str, bytes | str | None], str, str]] = {
    # kind: (files; None = folder), where regex, fix regex
    "no-provenance": ({}, r"provenance\.yaml", r"missing; each raw page needs a provenance"),
    "provenance-folder": ({"provenance.yaml": None}, r"provenance\.yaml", r"a folder, not a file"),
    "bad-yaml": ({"provenance.yaml": "pages: [\n"}, r"provenance\.yaml:\d+", r"not valid YAML"),
    "no-pages": ({"provenance.yaml": "foo: 1\n"}, r"provenance\.yaml", r"no 'pages' list"),
    "pages-not-list": ({"provenance.yaml": "pages: 3\n"}, r"provenance\.yaml", r"no 'pages' list"),
    "scalar-yaml": ({"provenance.yaml": "just text\n"}, r"provenance\.yaml", r"no 'pages' list"),
    "entry-not-dict": ({"provenance.yaml": "pages:\n- p.txt\n"}, r"page 1",
                       r"an entry needs file, publisher"),
    "entry-keys": ({"provenance.yaml": "pages:\n- file: p.txt\n"}, r"page 1",
                   r"an entry needs file, publisher"),
    "dotdot": ({"provenance.yaml": _PROVENANCE_OK_HEAD.replace("p.txt", "../secret.txt")
                + _ARTICLES}, r"page 1", r"plain file name inside .*no '\.\.'"),
    "abs-path": ({"provenance.yaml": _PROVENANCE_OK_HEAD.replace("p.txt", "/etc/hostname")
                  + _ARTICLES}, r"page 1", r"plain file name"),
    "articles-bad": ({"provenance.yaml": _PROVENANCE_OK_HEAD + "  articles: [1]\n"},
                     r"page 1 \(p\.txt\)", r"'articles' must be a list"),
    "provenance-latin1": ({"provenance.yaml": b"pages: [caf\xe9]\n"}, r"provenance\.yaml",
                          r"not UTF-8.*save it as UTF-8"),
}  # fmt: skip
# Sources kinds with a valid provenance and a bad page (corpus and add-article only read pages).
PAGE_KINDS: dict[str, tuple[dict[str, bytes | str | None], str, str]] = {
    "page-missing": ({"provenance.yaml": _PROVENANCE_OK_HEAD + _ARTICLES}, r"p\.txt",
                     r"no such page"),
    "page-folder": ({"provenance.yaml": _PROVENANCE_OK_HEAD + _ARTICLES, "p.txt": None},
                    r"p\.txt", r"a folder, not a page"),
    "page-latin1": ({"provenance.yaml": _PROVENANCE_OK_HEAD + _ARTICLES, "p.txt": b"caf\xe9\n"},
                    r"p\.txt:1", r"not UTF-8.*save the page as UTF-8"),
    "page-no-notice": ({"provenance.yaml": _PROVENANCE_OK_HEAD + _ARTICLES,
                        "p.txt": "제목\n본문이다.\n"}, r"p\.txt", r"--copyright TEXT"),
}  # fmt: skip
SOURCES_SLOTS = {
    "corpus": ("corpus", "--sources", "{d}"),
    "hydrate": ("hydrate", "--sources", "{d}", "--dataset", "{w}/nodataset"),
    "add-article": ("add-article", "{w}/page.txt", "--publisher", "가나일보", "--slug", "gana",
                    "--date", "2025-01-02", "--sources", "{d}"),
}  # fmt: skip

_ADD = ("add-article", "--publisher", "가나일보", "--slug", "gana", "--sources", "{w}/sources")
_MONEY = "{ds}/data/money/test.jsonl"
_ENT = "{ds}/data/entities/test.jsonl"
SINGLE_CASES = [
    # add-article: the page and the arguments
    Case("add-missing-page", (*_ADD, "--date", "2025-01-02", "{w}/nope.txt"), r"nope\.txt",
         r"no such page; check the path"),
    Case("add-folder-page", (*_ADD, "--date", "2025-01-02", "{w}/afolder"), r"afolder",
         r"a folder, not a page"),
    Case("add-latin1-page", (*_ADD, "--date", "2025-01-02", "{w}/latin1.txt"), r"latin1\.txt:1",
         r"not UTF-8.*UTF-8 text"),
    Case("add-no-notice", (*_ADD, "--date", "2025-01-02", "{w}/nonotice.txt"), r"nonotice\.txt",
         r"--copyright TEXT"),
    Case("add-notice-not-on-page", (*_ADD, "--date", "2025-01-02", "--copyright", "ⓒ 없는 줄",
                                    "{w}/nonotice.txt"), r"nonotice\.txt",
         r"not a line of the page"),
    Case("add-notice-two-lines", (*_ADD, "--date", "2025-01-02", "--copyright", "a\nb",
                                  "{w}/page.txt"), r"--copyright", r"one line"),
    Case("add-duplicate", (*_ADD, "--date", "2025-01-02", "{w}/copy-of-first.txt"),
         r"copy-of-first\.txt", r"byte-identical to \S+\.txt"),
    Case("add-same-name", (*_ADD, "--date", "2025-01-02", "{w}/clash/clash.txt"), r"clash\.txt",
         r"another page with this name exists; rename"),
    Case("add-year-only", (*_ADD, "--date", "2025", "{w}/page.txt"), r"--date '2025'",
         r"YYYY-MM-DD or YYYY-MM"),
    Case("add-month-13", (*_ADD, "--date", "2025-13", "{w}/page.txt"), r"--date '2025-13'",
         r"YYYY-MM-DD"),
    Case("add-day-32", (*_ADD, "--date", "2025-01-32", "{w}/page.txt"), r"--date", r"YYYY-MM-DD"),
    Case("add-short-year", (*_ADD, "--date", "25-01-02", "{w}/page.txt"), r"--date", r"YYYY-MM-DD"),
    Case("add-full-width-date", (*_ADD, "--date", "２０２５-01-02", "{w}/page.txt"), r"--date",
         r"YYYY-MM-DD"),
    Case("add-bad-slug", ("add-article", "--publisher", "가", "--slug", "Gana!", "--date",
                          "2025-01-02", "--sources", "{w}/sources", "{w}/page.txt"),
         r"slug 'Gana!'", r"lowercase"),
    Case("add-date-source", (*_ADD, "--date", "2025-01-02", "--date-source", "guess",
                             "{w}/page.txt"), r"--date-source", r"invalid choice"),
    # money: standard input and files
    Case("money-stdin-latin1", ("money", "-"), r"standard input, line 2", r"not UTF-8.*iconv",
         stdin="3억원\n".encode() + b"caf\xe9\n"),
    Case("money-stdin-cp949", ("money", "-"), r"standard input, line 1", r"UTF-8",
         stdin="3억원".encode("cp949")),
    Case("money-file-missing", ("money", "--file", "{w}/nope.txt"), r"nope\.txt",
         r"no such file; check the path"),
    Case("money-file-folder", ("money", "--file", "{w}/afolder"), r"afolder",
         r"a folder, not a file"),
    Case("money-file-latin1", ("money", "--file", "{w}/latin1.txt"), r"latin1\.txt:1",
         r"not UTF-8.*save the file as UTF-8"),
    Case("money-not-nfc", ("money", "3억원 \u1100\u1161"), r"NFC", r"Normalize it first"),
    Case("money-no-text", ("money",), r"text", r"required"),
    # evaluate: arguments and rows
    Case("eval-negative-bootstrap", ("evaluate", "--config", "entities", "--predictions", _ENT,
                                     "--dataset", "{ds}", "--bootstrap", "-1"), r"--bootstrap",
         r"0 \(no intervals\) or a positive"),
    Case("eval-wrong-config", ("evaluate", "--config", "entities", "--predictions", _MONEY,
                               "--dataset", "{ds}", "--bootstrap", "0"), r"test\.jsonl:1",
         r"--config money"),
    Case("eval-float-offset", ("evaluate", "--config", "entities", "--predictions",
                               "{w}/float-offset.jsonl", "--dataset", "{ds}", "--bootstrap", "0",
                               "--allow-missing"), r"float-offset\.jsonl:1",
         r"integer 'start' and 'end'"),
    Case("eval-bool-offset", ("evaluate", "--config", "entities", "--predictions",
                              "{w}/bool-offset.jsonl", "--dataset", "{ds}", "--bootstrap", "0",
                              "--allow-missing"), r"bool-offset\.jsonl:1",
         r"integer 'start' and 'end'"),
    Case("eval-unknown-label", ("evaluate", "--config", "entities", "--predictions",
                                "{w}/bad-label.jsonl", "--dataset", "{ds}", "--bootstrap", "0",
                                "--allow-missing"), r"bad-label\.jsonl:1", r"unknown label 'CAT'"),
    Case("eval-no-dataset", ("evaluate", "--config", "entities", "--predictions", _ENT,
                             "--dataset", "{w}/nodataset", "--bootstrap", "0"),
         r"nodataset/data/entities/test\.jsonl", r"konews build.*--dataset DIR"),
    Case("eval-unknown-split", ("evaluate", "--config", "entities", "--predictions", _ENT,
                                "--dataset", "{ds}", "--split", "nope", "--bootstrap", "0"),
         r"nope\.jsonl", r"konews build"),
    Case("eval-bad-config", ("evaluate", "--config", "cats", "--predictions", _ENT), r"--config",
         r"invalid choice"),
    # report
    Case("report-neither", ("report", "--output", "{w}/r.html", "--dataset", "{ds}"),
         r"PREDICTIONS", r"or --gold"),
    Case("report-both", ("report", _ENT, "--gold", "--output", "{w}/r.html", "--dataset", "{ds}"),
         r"PREDICTIONS", r"not both"),
    Case("report-gold-money", ("report", "--gold", "--money-predictions", _MONEY, "--output",
                               "{w}/r.html", "--dataset", "{ds}"), r"--money-predictions",
         r"needs a PREDICTIONS file"),
    Case("report-no-dataset", ("report", "--gold", "--output", "{w}/r.html", "--dataset",
                               "{w}/nodataset"), r"nodataset", r"pass --dataset DIR$"),
    # build, export-ls, hydrate
    Case("build-out-file", ("build", "--out", "{w}/afile"), r"--out \S*afile",
         r"a file, not a folder"),
    Case("build-no-gold", ("build", "--annotation", "{w}/afolder", "--out", "{w}/built"),
         r"afolder/gold\.json", r"export the project"),
    Case("export-ls-no-dataset", ("export-ls", "--dataset", "{w}/nodataset", "--out",
                                  "{w}/t.json"), r"nodataset", r"konews build"),
    Case("hydrate-sources-file", ("hydrate", "--sources", "{w}/afile"), r"afile",
         r"not a folder"),
    # validate, agreement, stats, corpus, pass, baselines, ls, layer: arguments
    Case("agreement-single", ("agreement", "{w}/one-annotation.json"), r"one-annotation\.json",
         r"no task with two or more annotations"),
    Case("stats-update-missing", ("stats", "--update", "{w}/nope.md"), r"nope\.md",
         r"no such file; check the path"),
    Case("stats-update-folder", ("stats", "--update", "{w}/afolder"), r"afolder",
         r"a folder, not a file"),
    Case("stats-update-latin1", ("stats", "--update", "{w}/latin1.txt"), r"latin1\.txt:1",
         r"not UTF-8"),
    Case("stats-update-no-markers", ("stats", "--update", "{w}/page.txt"), r"page\.txt",
         r"markers .* not found; put the two marker lines"),
    Case("pass-init-file", ("pass", "init", "{w}/afile"), r"afile", r"a file, not a folder"),
    Case("pass-agreement-one", ("pass", "agreement", "{w}/nopass"), r"agreement",
         r"two pass folders"),
    Case("pass-missing-folder", ("pass", "check", "{w}/nopass"), r"nopass/\S+\.ann",
         r"every document needs a file"),
    Case("pass-bad-action", ("pass", "frobnicate", "{w}/nopass"), r"action", r"invalid choice"),
    Case("baselines-unknown", ("baselines", "run", "--only", "nope", "--dataset", "{ds}"),
         r"'nope'", r"choose from rules"),
    Case("ls-bad-action", ("ls", "frobnicate"), r"ACTION", r"invalid choice"),
    Case("layer-bad-action", ("layer", "frobnicate"), r"action|paths", r"invalid choice"),
    Case("unknown-command", ("frobnicate",), r"COMMAND", r"invalid choice"),
    Case("corpus-sources-file", ("corpus", "--sources", "{w}/afile"), r"afile",
         r"provenance\.yaml"),
]  # fmt: skip


def _cases() -> list[Case]:
    cases = []
    for slot, argv in JSONL_SLOTS.items():
        for kind, (_, fix) in JSONL_KINDS.items():
            name = _name(slot, kind, "jsonl")
            cases.append(Case(f"{slot}-{kind}", _sub(argv, f="{w}/" + name), re.escape(name), fix))
    for slot, argv in JSON_SLOTS.items():
        for kind, (_, fix) in KINDS.items():
            name = _name(slot, kind, "json")
            cases.append(Case(f"{slot}-{kind}", _sub(argv, f="{w}/" + name), re.escape(name), fix))
    for slot, (argv, inner) in FOLDER_SLOTS.items():
        for kind, (_, fix) in JSONL_KINDS.items():
            if inner.endswith(".json") and kind == "array":
                continue
            folder = f"{{w}}/{slot}-{kind}"
            where = re.escape(inner) if kind != "missing" else f"{slot}-{kind}"
            if kind in ("missing", "folder") and inner.startswith("data/"):
                # the dataset readers look for data/documents/<split>.jsonl files
                where, fix = f"{slot}-{kind}", r"no documents config"
            elif kind == "folder":
                # TODO(r2, konews/labelstudio/gold.py): say "a folder" rather than "no gold export"
                fix = r"no gold export"
            cases.append(Case(f"{slot}-{kind}", _sub(argv, d=folder), where, fix))
    for slot, argv in OUTPUT_SLOTS.items():
        cases.append(Case(f"{slot}-folder", _sub(argv, o="{w}/afolder"), r"afolder", r"a folder"))
        cases.append(Case(f"{slot}-under-file", _sub(argv, o="{w}/afile/x.json"), r"afile",
                          r"a file, not a folder"))  # fmt: skip
    for slot, argv in SOURCES_SLOTS.items():
        kinds = SOURCES_KINDS | (PAGE_KINDS if slot != "hydrate" else {})
        if slot == "hydrate":  # without a provenance of its own, hydrate uses the repository's
            kinds = {
                k: v for k, v in kinds.items() if not k.startswith(("no-prov", "provenance-f"))
            }
        for kind, (_, where, fix) in kinds.items():
            if slot == "add-article" and kind in (
                "page-missing",
                "page-folder",
                "page-latin1",
                "page-no-notice",
                "no-provenance",
            ):
                continue  # add-article reads only the new page (its own cases below)
            cases.append(Case(f"{slot}-{kind}", _sub(argv, d=f"{{w}}/src-{kind}"), where, fix))
    return cases + SINGLE_CASES


def _sub(argv: tuple[str, ...], **fields: str) -> tuple[str, ...]:
    return tuple(a.format(w="{w}", ds="{ds}", **fields) for a in argv)


CASES = _cases()


def _put(path: Path, content: bytes | str | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if content is None or content == b"<dir>":
        path.mkdir(exist_ok=True)
    else:
        path.write_bytes(content.encode() if isinstance(content, str) else content)


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    """The scratch folder holding every bad input of the table."""
    w = tmp_path_factory.mktemp("bad-inputs")
    for slot in JSONL_SLOTS:
        for kind, (content, _) in JSONL_KINDS.items():
            if content is not None:
                _put(w / _name(slot, kind, "jsonl"), content)
    for slot in JSON_SLOTS:
        for kind, (content, _) in KINDS.items():
            if content is not None:
                _put(w / _name(slot, kind, "json"), content)
    for slot, (_, inner) in FOLDER_SLOTS.items():
        for kind, (content, _) in JSONL_KINDS.items():
            folder = w / f"{slot}-{kind}"
            folder.mkdir()
            if content is not None:
                _put(folder / inner, content)
            if inner.startswith("data/"):
                (folder / "README.md").write_text("card\n", encoding="utf-8")
    for kind, (files, _, _) in (SOURCES_KINDS | PAGE_KINDS).items():
        folder = w / f"src-{kind}"
        folder.mkdir()
        for name, content in files.items():
            _put(folder / name, content)
    shutil.copytree(ROOT / "sources", w / "sources")
    first = sorted((w / "sources").glob("*.txt"))[0]
    shutil.copy(first, w / "copy-of-first.txt")
    (w / "sources" / "clash.txt").write_text("a page of the same name\n", encoding="utf-8")
    _put(w / "clash" / "clash.txt", "another page\n")
    (w / "afolder").mkdir()
    (w / "afile").write_text("a regular file\n", encoding="utf-8")
    (w / "latin1.txt").write_bytes(b"caf\xe9\n")
    (w / "nonotice.txt").write_text("제목\n본문이다.\n", encoding="utf-8")
    (w / "page.txt").write_text(
        "제목\n(서울=가나일보) 홍길동 기자 = 본문이다.\n<저작권자(c) 가나일보>\n", encoding="utf-8"
    )
    sid = '"tfmedia-79329bd21c51-s000"'
    (w / "float-offset.jsonl").write_text(
        f'{{"id": {sid}, "entities": [{{"start": 0.0, "end": 4, "label": "MONEY"}}]}}\n'
    )
    (w / "bool-offset.jsonl").write_text(
        f'{{"id": {sid}, "entities": [{{"start": false, "end": 4, "label": "MONEY"}}]}}\n'
    )
    (w / "bad-label.jsonl").write_text(
        f'{{"id": {sid}, "entities": [{{"start": 0, "end": 4, "label": "CAT"}}]}}\n'
    )
    task = json.loads((ROOT / "annotation" / "gold.json").read_text(encoding="utf-8"))[0]
    task["annotations"] = task["annotations"][:1]
    (w / "one-annotation.json").write_text(json.dumps([task], ensure_ascii=False))
    return w


def _snapshot(*roots: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
            for name in [*filenames, *dirnames]:
                p = Path(dirpath, name)
                st = p.lstat()
                out[str(p)] = (st.st_size if name in filenames else -1, st.st_mtime_ns)
    return out


def run_case(case: Case, w: Path, capsys, monkeypatch) -> tuple[int, str]:
    argv = [a.format(w=w, ds=DATASET) for a in case.argv]
    monkeypatch.chdir(w)
    if case.stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(case.stdin)))
    try:
        status = main(argv)
    except SystemExit as e:  # argparse's usage errors
        status = e.code
    captured = capsys.readouterr()
    return status, captured.err


def test_the_catalogue_has_150_cases_across_every_subcommand():
    from konews.cli import build_parser

    assert len(CASES) >= 150
    assert len({c.id for c in CASES}) == len(CASES)
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)
    assert commands <= {c.argv[0] for c in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input(case: Case, world: Path, capsys, monkeypatch):
    before = _snapshot(world, *WATCHED)
    status, err = run_case(case, world, capsys, monkeypatch)
    assert "Traceback" not in err
    assert status == case.status, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "no message"
    assert re.search(case.where, err), f"the message does not name the place ({case.where}): {err}"
    assert re.search(case.fix, err), f"the message does not say what to do ({case.fix}): {err}"
    assert _snapshot(world, *WATCHED) == before, "a failed command changed files"
