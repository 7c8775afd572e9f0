"""The Label Studio client: ``label-studio-sdk`` for projects, tasks, predictions,
annotations, exports and Data Manager views, behind the few calls KoNews makes.

The wrapper adds what the SDK lacks:
- plain dicts in and out (the SDK's pydantic models differ from the server's JSON,
  e.g. datetimes), so exports are byte for byte what the server sends;
- one error type, ``LabelStudioError``, whose message names the server and the call
  and never a credential: the URL is shown without ``user:password@``, the key and
  the access token the SDK exchanges a personal access token for are masked, and
  the SDK's exception is not chained (its traceback would show the request);
- the export as one call (create a snapshot, wait, download, delete it).
Personal access tokens (JWTs) and legacy tokens both work as the key: the SDK
tells them apart and refreshes the access token itself.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

import httpx

from konews.errors import KoNewsError
from konews.labelstudio.config import label_config

ENV_URL = "LABEL_STUDIO_URL"
ENV_KEY = "LABEL_STUDIO_API_KEY"

T = TypeVar("T")


class LabelStudioError(KoNewsError):
    """The server could not be started, or refused a request."""


def public_url(url: str) -> str:
    """``url`` without its ``user:password@`` part, for messages."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "<malformed URL>"
    return str(parsed.copy_with(userinfo=b"")) if parsed.userinfo else url


def _server_url(url: str) -> str:
    """``url`` checked to be an http(s) server address (else a one-line error)."""
    shown = public_url(url)
    try:
        parsed = httpx.URL(url)
        ok = parsed.scheme in ("http", "https") and bool(parsed.host) and parsed.port != 0
    except (httpx.InvalidURL, TypeError):
        ok = False
    if not ok:
        raise LabelStudioError(
            f"Label Studio URL {shown!r} is not a server address; set {ENV_URL} to the address "
            "the server prints, e.g. http://127.0.0.1:8080"
        )
    return url.rstrip("/")


def _plain(model: object) -> object:
    """An SDK model as the JSON the server sent (lists and dicts pass through)."""
    if isinstance(model, list):
        return [_plain(m) for m in model]
    dump = getattr(model, "model_dump", None)
    return dump(mode="json", by_alias=True, exclude_unset=True) if dump else model


class LabelStudioAPI:
    """The calls KoNews makes on any Label Studio 1.23 server, through the SDK."""

    def __init__(self, url: str, key: str, *, timeout: float = 300.0) -> None:
        try:  # the server is only a dependency of the annotators' extra
            from label_studio_sdk import LabelStudio
        except ImportError:  # pragma: no cover - depends on the installation
            raise LabelStudioError(
                "talking to Label Studio needs label-studio-sdk: pip install 'konews[ls-client]'"
            ) from None
        self._url = _server_url(url)
        self.url = self._shown = public_url(self._url)  # what messages may show
        self._secrets = [s for s in (key, httpx.URL(self._url).password) if s]
        self._sdk = self._call(
            "connect",
            lambda: LabelStudio(base_url=self._url, api_key=key, timeout=timeout, max_retries=0),
        )

    def __repr__(self) -> str:
        return f"LabelStudioAPI({self._shown!r})"

    @classmethod
    def from_env(cls) -> LabelStudioAPI:
        url, key = os.environ.get(ENV_URL), os.environ.get(ENV_KEY)
        if not url or not key:
            raise LabelStudioError(
                f"set {ENV_URL} (e.g. http://127.0.0.1:8080) and {ENV_KEY} (a token from the "
                "user's Account & Settings page, or the one `konews ls serve` says where to find)"
            )
        return cls(url, key)

    def close(self) -> None:
        client = getattr(getattr(self, "_sdk", None), "_client_wrapper", None)
        if client is not None:
            client.httpx_client.httpx_client.close()

    def __enter__(self) -> LabelStudioAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _masked(self, text: str) -> str:
        tokens = getattr(getattr(self, "_sdk", None), "_client_wrapper", None)
        tokens = getattr(tokens, "_tokens_client", None)
        secrets = [*self._secrets, getattr(tokens, "_access_token", None)]
        for secret in filter(None, secrets):
            text = text.replace(secret, "***")
        return text.replace(self._url, self._shown)

    def _call(self, what: str, call: Callable[[], T]) -> T:
        """``call()``, its failures as one-line ``LabelStudioError``s without credentials."""
        from label_studio_sdk.core.api_error import ApiError

        try:
            return call()
        except ApiError as e:
            body = e.body if isinstance(e.body, str) else json.dumps(e.body, ensure_ascii=False)
            message = f"HTTP {e.status_code} {body[:500]}"
        except httpx.TransportError as e:
            message = f"{type(e).__name__}; is the server running?"
        except httpx.HTTPError as e:
            message = type(e).__name__
        raise LabelStudioError(self._masked(f"{self._shown}: could not {what}: {message}"))

    def whoami(self) -> dict:
        return _plain(self._call("read the current user", self._sdk.users.whoami))

    def version(self) -> str:
        info = _plain(self._call("read the version", self._sdk.versions.get))
        return info.get("release", "") if isinstance(info, dict) else ""

    def projects(self, title: str | None = None) -> list[dict]:
        """Projects (with exactly this title, if given)."""
        found = self._call(
            "list projects",
            lambda: [_plain(p) for p in self._sdk.projects.list(title=title, page_size=100)],
        )
        return [p for p in found if title is None or p.get("title") == title]

    def create_project(self, title: str, label_config: str, **fields) -> dict:
        return _plain(self._call(f"create project {title!r}", lambda: self._sdk.projects.create(
            title=title, label_config=label_config, **fields)))  # fmt: skip

    def update_project(self, project: int, **fields) -> dict:
        return _plain(self._call(f"update project {project}",
                                 lambda: self._sdk.projects.update(project, **fields)))  # fmt: skip

    def project(self, project: int) -> dict:
        return _plain(
            self._call(f"read project {project}", lambda: self._sdk.projects.get(project))
        )

    def delete_project(self, project: int) -> None:
        self._call(f"delete project {project}", lambda: self._sdk.projects.delete(project))

    def validate_label_config(self, project: int, label_config: str) -> None:
        """Raises ``LabelStudioError`` with the server's reasons if invalid."""
        self._call("validate the labeling config", lambda: self._sdk.projects.validate_label_config(
            project, label_config=label_config))  # fmt: skip

    def import_tasks(self, project: int, tasks: Sequence[dict]) -> list[int]:
        """Import tasks (with their annotations and predictions); their new ids, in order."""
        response = self._call(f"import {len(tasks)} tasks", lambda: self._sdk.projects.import_tasks(
            project, request=list(tasks), return_task_ids=True))  # fmt: skip
        ids = getattr(response, "task_ids", None)
        if ids is None or len(ids) != len(tasks):
            raise LabelStudioError(f"{self._shown}: import returned {_plain(response)!r:.300}, "
                                   "not the task ids")  # fmt: skip
        return list(ids)

    def create_annotation(self, task: int, result: list[dict], **fields) -> dict:
        return _plain(self._call(f"annotate task {task}", lambda: self._sdk.annotations.create(
            task, result=result, **fields)))  # fmt: skip

    def update_annotation(self, annotation: int, **fields) -> dict:
        return _plain(self._call(f"update annotation {annotation}",
                                 lambda: self._sdk.annotations.update(annotation, **fields)))  # fmt: skip

    def create_prediction(self, task: int, result: list[dict], model_version: str,
                          score: float | None = None) -> dict:  # fmt: skip
        extra = {} if score is None else {"score": score}
        return _plain(self._call(f"add a prediction to task {task}",
                                 lambda: self._sdk.predictions.create(
                                     task=task, result=result, model_version=model_version, **extra)))  # fmt: skip

    def delete_prediction(self, prediction: int) -> None:
        self._call(f"delete prediction {prediction}",
                   lambda: self._sdk.predictions.delete(prediction))  # fmt: skip

    def task(self, task: int) -> dict:
        return _plain(self._call(f"read task {task}", lambda: self._sdk.tasks.get(str(task))))

    def tasks(self, project: int, *, view: int | None = None) -> list[dict]:
        """The project's tasks, in the order of Data Manager tab ``view`` if given."""
        extra = {} if view is None else {"view": view}
        return self._call(f"list the tasks of project {project}", lambda: [
            _plain(t) for t in self._sdk.tasks.list(project=project, page_size=500, **extra)])  # fmt: skip

    def views(self, project: int) -> list[dict]:
        return _plain(self._call("list the Data Manager tabs",
                                 lambda: self._sdk.views.list(project=project)))  # fmt: skip

    def create_view(self, project: int, data: dict) -> dict:
        return _plain(self._call("create a Data Manager tab",
                                 lambda: self._sdk.views.create(project=project, data=data)))  # fmt: skip

    def update_view(self, view: int, project: int, data: dict) -> dict:
        return _plain(self._call("update a Data Manager tab", lambda: self._sdk.views.update(
            str(view), project=project, data=data)))  # fmt: skip

    def update_task(self, task: int, **fields) -> dict:
        return _plain(self._call(f"update task {task}",
                                 lambda: self._sdk.tasks.update(str(task), **fields)))  # fmt: skip

    def export(self, project: int) -> list[dict]:
        """The full JSON export of every task, predictions as objects (a snapshot
        export: the quick export gives predictions as ids only)."""
        exports = self._sdk.projects.exports
        snap = _plain(self._call("create an export", lambda: exports.create(
            project, title="konews pull",
            serialization_options={"predictions": {"only_id": False},
                                   "annotations__completed_by": {"only_id": True}},
            task_filter_options={"only_with_annotations": False})))  # fmt: skip
        sid = snap["id"]
        for _ in range(600):  # synchronous in the community edition; poll in case it is not
            if snap.get("status") == "completed":
                break
            if snap.get("status") == "failed":
                raise LabelStudioError(f"{self._shown}: export {sid} failed")
            time.sleep(0.5)
            snap = _plain(self._call("read the export status",
                                     lambda: exports.get(project, sid)))  # fmt: skip
        raw = self._call("download the export", lambda: b"".join(
            exports.download(project, sid, export_type="JSON")))  # fmt: skip
        self._call("delete the export file", lambda: exports.delete(project, sid))
        return json.loads(raw)


def roundtrip_through_server(tasks: Sequence[dict], url: str, token: str) -> list[dict]:
    """Import ``tasks`` into a new project with the generated labeling config on
    the server at ``url``, export it (full JSON), delete the project, return the
    export: the file a real server writes for these annotations."""
    with LabelStudioAPI(url, token) as api:
        project = api.create_project(f"konews round trip {time.time_ns()}", label_config())
        try:
            api.import_tasks(project["id"], tasks)
            return api.export(project["id"])
        finally:
            api.delete_project(project["id"])
