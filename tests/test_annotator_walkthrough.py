"""README's annotator section, end to end against a live Label Studio server:
a new raw page -> add-article -> ls push -> an annotator annotates in Label
Studio (through its API, as the browser would) -> ls pull -> validate -> build
-> load_dataset. Every step is the CLI command the README shows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from konews.cli import main
from konews.corpus.sources import clean_sources
from konews.io import read_json
from konews.paths import SOURCES_DIR

ROOT = Path(__file__).resolve().parents[1]
PAGE = """뉴스
흐림 / 3.0 °
삼성, 스케일AI와 협력
(서울=가나일보) 홍길동 기자 = 삼성전자가 스케일AI에 5천억원을 투자한다.
▶구독하기
<저작권자(c) 가나일보, 무단 전재-재배포 금지>
"""

pytestmark = pytest.mark.labelstudio


BODY = "(서울=가나일보)"  # spans are taken in the body sentence, after the dateline


def _region(rid, text, surface, label, from_name="entity"):
    start = text.index(surface, text.index(BODY))
    value = {"start": start, "end": start + len(surface), "text": surface, "labels": [label]}
    return {"id": rid, "from_name": from_name, "to_name": "text", "type": "labels", "value": value}


def _per_region(rid, doc_text, surface, name, kind, **value):
    start = doc_text.index(surface, doc_text.index(BODY))
    base = {"start": start, "end": start + len(surface)}
    return {
        "id": rid,
        "from_name": name,
        "to_name": "text",
        "type": kind,
        "value": {**base, **value},
    }


def test_new_page_to_rebuilt_dataset(ls_server, ls_api, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LABEL_STUDIO_URL", ls_server.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", ls_server.login.token)
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    annotation = tmp_path / "annotation"
    annotation.mkdir()
    gold = annotation / "gold.json"
    shutil.copy(ROOT / "annotation" / "gold.json", gold)
    page = tmp_path / "gana.txt"
    page.write_text(PAGE, encoding="utf-8")
    project = f"walkthrough {tmp_path.name}"[:50]

    # 1. a new page enters the corpus
    args = [
        "add-article",
        str(page),
        "--publisher",
        "가나일보",
        "--slug",
        "gana",
        "--date",
        "2025-01-02",
    ]
    assert main([*args, "--sources", str(sources)]) == 0
    new = next(
        d.document
        for p in clean_sources(sources)
        for d in p.documents
        if d.document.id.startswith("gana-")
    )

    # 2. push: the five documents become tasks, the four seeds with their gold
    assert (
        main(["ls", "push", "--project", project, "--gold", str(gold), "--sources", str(sources)])
        == 0
    )
    assert "imported" in capsys.readouterr().out
    pid = next(p["id"] for p in ls_api.projects() if p["title"] == project)
    tasks = ls_api.export(pid)
    assert len(tasks) == 5
    task = next(t for t in tasks if t["data"]["doc_id"] == new.id)
    assert task["predictions"], "the new task comes pre-annotated by the rules baseline"

    # 3. an annotator annotates the new task in Label Studio
    text = task["data"]["text"]
    result = [
        _region("a1", text, "삼성전자", "ORG"),
        _region("a2", text, "스케일AI", "ORG"),
        _region("a3", text, "5천억원", "MONEY"),
        _per_region("a3", text, "5천억원", "amount", "textarea", text=["500000000000"]),
        _per_region("a3", text, "5천억원", "currency", "choices", choices=["KRW"]),
        _region("a4", text, "투자", "INVESTMENT", from_name="trigger"),
        _per_region("a4", text, "투자", "modality", "choices", choices=["planned"]),
        {
            "from_id": "a4",
            "to_id": "a1",
            "type": "relation",
            "direction": "right",
            "labels": ["investor"],
        },
        {
            "from_id": "a4",
            "to_id": "a2",
            "type": "relation",
            "direction": "right",
            "labels": ["investee"],
        },
        {
            "from_id": "a4",
            "to_id": "a3",
            "type": "relation",
            "direction": "right",
            "labels": ["amount"],
        },
    ]
    ls_api.create_annotation(task["id"], result, lead_time=60)

    # 4. pull: validated, merged into the gold (the seeds unchanged)
    assert main(["ls", "pull", "--project", project, "--gold", str(gold)]) == 0
    merged = read_json(gold)
    assert sorted(t["data"]["doc_id"] for t in merged) == sorted(
        [*(t["data"]["doc_id"] for t in read_json(ROOT / "annotation" / "gold.json")), new.id]
    )
    assert main(["validate", str(gold)]) == 0

    # 5. build and load the dataset with the new document
    out = tmp_path / "dataset"
    assert main(["build", "--annotation", str(annotation), "--out", str(out)]) == 0
    assert main(["build", "--annotation", str(annotation), "--out", str(out), "--check"]) == 0
    from datasets import concatenate_datasets, load_dataset

    ds = load_dataset(str(out), "events", cache_dir=str(tmp_path / "hf"))
    events = concatenate_datasets(list(ds.values()))
    mine = [e for e in events if e["doc_id"] == new.id]
    assert len(mine) == 1 and mine[0]["trigger"]["text"] == "투자"
    names = (
        events.features["arguments"].feature["role"].names
        if hasattr(events.features["arguments"].feature["role"], "names")
        else None
    )
    roles = sorted(names[a["role"]] if names else a["role"] for a in mine[0]["arguments"])
    assert roles == ["amount", "investee", "investor"]
    assert len(events) == 59  # the gold's 58 and the new one
