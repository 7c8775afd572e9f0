"""Against a live Label Studio 1.23 server (fixtures in conftest.py): the generated
config is valid, and documents -> tasks -> server -> full JSON export -> documents
is the identity, offsets counted in code points."""

from __future__ import annotations

import json

import pytest

from konews.cli import main
from konews.corpus.synthetic import synthetic_documents
from konews.labelstudio.client import LabelStudioError, roundtrip_through_server
from konews.labelstudio.config import label_config
from konews.labelstudio.export import (
    Prediction,
    annotations_of_task,
    documents_from_export,
    predictions_of_task,
)
from konews.labelstudio.tasks import result_of, tasks_from_documents
from konews.records import Document, DocumentMeta, Entity, Event, Money, Sentence

pytestmark = pytest.mark.labelstudio

META = DocumentMeta(publisher="테스트뉴스", title="이모지", doc_type="article",
                    date="2025-06-13", date_source="inferred", date_note="테스트")  # fmt: skip
EMOJI = "🚀🚀 [속보] 삼성전자가\n\n퓨리오사AI에  500억 원을 투자했다. 😀 이재용😀회장 발표."


def _emoji_doc() -> Document:
    t = EMOJI

    def at(s: str) -> tuple[int, int]:
        return t.index(s), t.index(s) + len(s)

    return Document(
        "test-emoji00000001", t, META,
        (Sentence(0, t.index("다.") + 2), Sentence(t.index("😀 이재용"), len(t))),
        (Entity("org1", *at("삼성전자"), "ORG"), Entity("org2", *at("퓨리오사AI"), "ORG"),
         Entity("won", *at("500억 원"), "MONEY"), Entity("lee", *at("이재용😀회장"), "PER")),
        (Money("won", "50000000000", "KRW"),),
        (Event("inv", "INVESTMENT", *at("투자"), "asserted", ()),),
    )  # fmt: skip


def _documents() -> list[Document]:
    return [*synthetic_documents(6, seed=21), _emoji_doc()]


def test_generated_config_is_valid_on_the_server(ls_api, ls_project):
    ls_api.validate_label_config(ls_project, label_config())
    assert ls_api.project(ls_project)["label_config"] == label_config().rstrip("\n")


def test_server_validation_does_refuse_a_broken_config(ls_api, ls_project):
    broken = label_config().replace('toName="text"', 'toName="nope"', 1)
    with pytest.raises(LabelStudioError, match=r"HTTP 400 .*nope"):
        ls_api.validate_label_config(ls_project, broken)


def test_documents_survive_import_and_export(ls_api, ls_project):
    docs = _documents()
    preds = {d.id: [Prediction("rules-0.1", Document(d.id, d.text, d.meta, d.sentences,
                                                     d.entities[:2]), 0.25)]
             for d in docs}  # fmt: skip
    tasks = tasks_from_documents(docs, predictions=preds)
    ids = ls_api.import_tasks(ls_project, tasks)
    export = ls_api.export(ls_project)
    assert [t["id"] for t in export] == ids
    assert documents_from_export(export) == docs
    assert [t["data"] for t in export] == [t["data"] for t in tasks], "data comes back unchanged"
    for task, doc in zip(export, docs, strict=True):
        (pred,) = predictions_of_task(task)
        assert (pred.model_version, pred.score) == ("rules-0.1", 0.25)
        assert pred.document.entities == doc.entities[:2]
    emoji = export[-1]
    assert emoji["data"]["text"] == EMOJI
    region = next(r for r in emoji["annotations"][0]["result"] if r.get("id") == "lee")
    # code points: "🚀🚀" are 2 (UTF-16 would count 4)
    assert (
        region["value"]["start"]
        == EMOJI.index("이재용")
        == len("🚀🚀 [속보] 삼성전자가\n\n퓨리오사AI에  500억 원을 투자했다. 😀 ")
    )
    assert EMOJI[region["value"]["start"] : region["value"]["end"]] == "이재용😀회장"


def test_an_annotation_made_through_the_api_is_read_back(ls_api, ls_project):
    doc = _emoji_doc()
    bare = Document(doc.id, doc.text, doc.meta, doc.sentences)
    (task_id,) = ls_api.import_tasks(ls_project, tasks_from_documents([bare], annotations=False))
    ls_api.create_annotation(task_id, result_of(doc), lead_time=12.5)
    half = Document(doc.id, doc.text, doc.meta, doc.sentences, doc.entities[:1])
    ls_api.create_annotation(task_id, result_of(half), ground_truth=True)
    (task,) = ls_api.export(ls_project)
    both = annotations_of_task(task)
    assert [a.document for a in both] == [doc, half]
    assert [a.ground_truth for a in both] == [False, True]
    assert documents_from_export([task], annotation=both[0].id) == [doc]


def test_roundtrip_through_server_leaves_no_project_behind(ls_server, ls_api):
    before = {p["id"] for p in ls_api.projects()}
    tasks = tasks_from_documents(_documents())
    export = roundtrip_through_server(tasks, ls_server.url, ls_server.login.token)
    assert documents_from_export(export) == _documents()
    assert {p["id"] for p in ls_api.projects()} == before


def test_a_wrong_key_is_refused_without_showing_it(ls_server):
    from konews.labelstudio.client import LabelStudioAPI

    with LabelStudioAPI(ls_server.url, "wrong-key-123456") as api:
        with pytest.raises(LabelStudioError, match="HTTP 401") as info:
            api.whoami()
    assert "wrong-key-123456" not in str(info.value)


def test_konews_ls_roundtrip_writes_the_server_export(ls_template, tmp_path, capsys):
    tasks = tasks_from_documents(_documents())
    src, out = tmp_path / "tasks.json", tmp_path / "gold.json"
    src.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    assert main(["ls", "roundtrip", str(src), str(out), "--template", str(ls_template)]) == 0
    export = json.loads(out.read_text(encoding="utf-8"))
    assert all("created_at" in t and t["annotations"][0]["id"] for t in export), "a server export"
    assert documents_from_export(export) == _documents()
    assert "identical annotations" in capsys.readouterr().out


def test_konews_ls_serve_prints_the_login_but_no_secret_and_stops_on_sigterm(
    ls_template, ls_login, tmp_path
):
    import shutil
    import signal
    import subprocess
    import sys

    import httpx

    data = tmp_path / "data"
    shutil.copytree(ls_template, data)
    proc = subprocess.Popen(
        [sys.executable, "-m", "konews", "ls", "serve", "--data-dir", str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        lines = []
        while not any("Ctrl-C" in line for line in lines):
            line = proc.stdout.readline()
            assert line, f"serve ended early: {''.join(lines)}"
            lines.append(line)
        shown = "".join(lines)
        url = next(w for w in shown.split() if w.startswith("http://127.0.0.1:"))
        assert ls_login.user in shown and "LABEL_STUDIO_API_KEY" in shown
        assert ls_login.token not in shown and ls_login.password not in shown
        assert httpx.get(f"{url}/health", timeout=5).json() == {"status": "UP"}
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{url}/health", timeout=5)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_personal_access_token_works_as_the_api_key(ls_server, ls_login):
    import httpx

    from konews.labelstudio.client import LabelStudioAPI

    url = ls_server.url
    with httpx.Client(base_url=url, timeout=30) as c:  # log in as in the browser
        c.get("/user/login/")
        r = c.post("/user/login/", headers={"Referer": f"{url}/user/login/"},
                   data={"email": ls_login.user, "password": ls_login.password,
                         "csrfmiddlewaretoken": c.cookies["csrftoken"]})  # fmt: skip
        assert r.status_code == 302
        r = c.post("/api/token/", headers={"X-CSRFToken": c.cookies["csrftoken"], "Referer": url})
        pat = r.json()["token"]
    assert pat.count(".") == 2, "a JWT refresh token"
    with LabelStudioAPI(url, pat) as api:
        assert api.whoami()["email"] == ls_login.user
