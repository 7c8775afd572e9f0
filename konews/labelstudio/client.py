"""A REST client for a Label Studio server: projects, tasks, predictions, exports and views."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

import httpx

from konews.errors import KoNewsError
from konews.labelstudio.config import label_config

ENV_URL = "LABEL_STUDIO_URL"
ENV_KEY = "LABEL_STUDIO_API_KEY"


class LabelStudioError(KoNewsError):
    """The server could not be started, or refused a request."""


# --- REST ---------------------------------------------------------------------------


class LabelStudioAPI:
    """The REST calls KoNews needs, on any Label Studio 1.23 server."""

    def __init__(self, url: str, key: str, *, timeout: float = 300.0) -> None:
        self.url = url.rstrip("/")
        self._key = key
        self._client = httpx.Client(base_url=self.url, timeout=timeout)
        if key.count(".") == 2:  # a personal access token (JWT refresh token)
            r = self._client.post("/api/token/refresh/", json={"refresh": key})
            self._check(r, "exchange the personal access token")
            self._auth = {"Authorization": f"Bearer {r.json()['access']}"}
        else:
            self._auth = {"Authorization": f"Token {key}"}

    def __repr__(self) -> str:
        return f"LabelStudioAPI({self.url!r})"

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
        self._client.close()

    def __enter__(self) -> LabelStudioAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check(self, r: httpx.Response, what: str) -> httpx.Response:
        if r.status_code >= 400:
            body = r.text[:500].replace(self._key, "***")
            raise LabelStudioError(f"{self.url}: could not {what}: HTTP {r.status_code} {body}")
        return r

    def _request(self, method: str, path: str, what: str, **kw) -> httpx.Response:
        try:
            r = self._client.request(method, path, headers=self._auth, **kw)
        except httpx.TransportError as e:
            raise LabelStudioError(
                f"{self.url}: could not {what}: {type(e).__name__}; is the server running?"
            ) from None
        return self._check(r, what)

    def whoami(self) -> dict:
        return self._request("GET", "/api/current-user/whoami", "read the current user").json()

    def version(self) -> str:
        return self._request("GET", "/api/version", "read the version").json().get("release", "")

    def projects(self, title: str | None = None) -> list[dict]:
        """Projects (with exactly this title, if given)."""
        out, page = [], 1
        while True:
            params = {"page": page, "page_size": 100, **({"title": title} if title else {})}
            body = self._request("GET", "/api/projects/", "list projects", params=params).json()
            items = body["results"] if isinstance(body, dict) else body
            out += [p for p in items if title is None or p.get("title") == title]
            if not isinstance(body, dict) or not body.get("next"):
                return out
            page += 1

    def create_project(self, title: str, label_config: str, **fields) -> dict:
        body = {"title": title, "label_config": label_config, **fields}
        return self._request(
            "POST", "/api/projects/", f"create project {title!r}", json=body
        ).json()

    def update_project(self, project: int, **fields) -> dict:
        return self._request(
            "PATCH", f"/api/projects/{project}/", f"update project {project}", json=fields
        ).json()

    def project(self, project: int) -> dict:
        return self._request("GET", f"/api/projects/{project}/", f"read project {project}").json()

    def delete_project(self, project: int) -> None:
        self._request("DELETE", f"/api/projects/{project}/", f"delete project {project}")

    def validate_label_config(self, project: int, label_config: str) -> None:
        """Raises ``LabelStudioError`` with the server's reasons if invalid."""
        self._request("POST", f"/api/projects/{project}/validate/", "validate the labeling config",
                      json={"label_config": label_config})  # fmt: skip

    def import_tasks(self, project: int, tasks: Sequence[dict]) -> list[int]:
        """Import tasks (with their annotations and predictions); their new ids, in order."""
        r = self._request("POST", f"/api/projects/{project}/import", f"import {len(tasks)} tasks",
                          params={"return_task_ids": "true"}, json=list(tasks))  # fmt: skip
        ids = r.json().get("task_ids")
        if ids is None or len(ids) != len(tasks):
            raise LabelStudioError(f"{self.url}: import returned {r.json()!r}, not the task ids")
        return ids

    def create_annotation(self, task: int, result: list[dict], **fields) -> dict:
        return self._request("POST", f"/api/tasks/{task}/annotations/", f"annotate task {task}",
                             json={"result": result, **fields}).json()  # fmt: skip

    def update_annotation(self, annotation: int, **fields) -> dict:
        return self._request("PATCH", f"/api/annotations/{annotation}/",
                             f"update annotation {annotation}", json=fields).json()  # fmt: skip

    def create_prediction(self, task: int, result: list[dict], model_version: str,
                          score: float | None = None) -> dict:  # fmt: skip
        body = {"task": task, "result": result, "model_version": model_version}
        if score is not None:
            body["score"] = score
        return self._request("POST", "/api/predictions/", f"add a prediction to task {task}",
                             json=body).json()  # fmt: skip

    def delete_prediction(self, prediction: int) -> None:
        self._request(
            "DELETE", f"/api/predictions/{prediction}/", f"delete prediction {prediction}"
        )

    def task(self, task: int) -> dict:
        return self._request("GET", f"/api/tasks/{task}/", f"read task {task}").json()

    def tasks(self, project: int, *, view: int | None = None) -> list[dict]:
        """The project's tasks, in the order of Data Manager tab ``view`` if given."""
        out, page = [], 1
        while True:
            params = {"project": project, "page": page, "page_size": 500,
                      **({"view": view} if view is not None else {})}  # fmt: skip
            r = self._client.get("/api/tasks/", headers=self._auth, params=params)
            if r.status_code == 404 and page > 1:  # past the last page
                return out
            body = self._check(r, f"list the tasks of project {project}").json()
            items = body.get("tasks", []) if isinstance(body, dict) else body
            out += items
            if not items or len(out) >= (body.get("total", 0) if isinstance(body, dict) else 0):
                return out
            page += 1

    def views(self, project: int) -> list[dict]:
        return self._request("GET", "/api/dm/views/", "list the Data Manager tabs",
                             params={"project": project}).json()  # fmt: skip

    def create_view(self, project: int, data: dict) -> dict:
        return self._request("POST", "/api/dm/views/", "create a Data Manager tab",
                             json={"project": project, "data": data}).json()  # fmt: skip

    def update_view(self, view: int, project: int, data: dict) -> dict:
        return self._request("PUT", f"/api/dm/views/{view}/", "update a Data Manager tab",
                             json={"project": project, "data": data}).json()  # fmt: skip

    def update_task(self, task: int, **fields) -> dict:
        return self._request(
            "PATCH", f"/api/tasks/{task}/", f"update task {task}", json=fields
        ).json()

    def export(self, project: int) -> list[dict]:
        """The full JSON export of every task, predictions as objects (a snapshot
        export: the quick export gives predictions as ids only)."""
        body = {
            "title": "konews pull",
            "serialization_options": {"predictions": {"only_id": False},
                                      "annotations__completed_by": {"only_id": True}},
            "task_filter_options": {"only_with_annotations": False},
        }  # fmt: skip
        snap = self._request("POST", f"/api/projects/{project}/exports/", "create an export",
                             json=body).json()  # fmt: skip
        for _ in range(600):  # synchronous in the community edition; poll in case it is not
            if snap.get("status") == "completed":
                break
            if snap.get("status") == "failed":
                raise LabelStudioError(f"{self.url}: export {snap.get('id')} failed")
            time.sleep(0.5)
            snap = self._request("GET", f"/api/projects/{project}/exports/{snap['id']}",
                                 "read the export status").json()  # fmt: skip
        r = self._request("GET", f"/api/projects/{project}/exports/{snap['id']}/download",
                          "download the export", params={"exportType": "JSON"})  # fmt: skip
        self._request("DELETE", f"/api/projects/{project}/exports/{snap['id']}",
                      "delete the export file")  # fmt: skip
        return r.json()


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
