"""Shared pytest fixtures. Sections are owned by the modules they serve."""

from __future__ import annotations

import importlib.util
import itertools
import os
import shutil
from pathlib import Path

import pytest

# No test reaches the network: `datasets`/`huggingface_hub` fail fast instead of retrying
# the hub for half a minute (the KLUE layer's last text source is the hub).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]


# --- the KLUE news layer (konews/layer/) -----------------------------------------------


@pytest.fixture(scope="session")
def klue_layer():
    """The layer's gold, hydrated from ../shared; skips (with the reason) without KLUE."""
    from konews.layer.load import load_layer

    layer = load_layer(ROOT / "annotation" / "klue", hub=False)
    if not layer.documents:
        pytest.skip(f"needs KLUE-NER v1.1 dev for the KLUE layer's text: {layer.message}")
    return layer.documents


# --- Label Studio (konews/labelstudio/server.py) ------------------------------------------------
#
# One migrated data folder per machine and label-studio version (kept in
# pytest's cache, so the 25-40 s of migrations run once), one server per test
# session on a copy of it (about 3 s), one project per test: tests isolate by
# project, never by server. Tests using these fixtures skip, with the reason,
# when the `labelstudio` extra is not installed.

LS_LOGIN_FIELDS = ("ci-admin@konews.local", "ci-password-123",
                   "ci0123456789abcdef0123456789abcdef012345")  # fmt: skip


def _label_studio_version() -> str:
    if importlib.util.find_spec("label_studio") is None:
        pytest.skip("label-studio is not installed: pip install -e '.[labelstudio]'")
    from importlib.metadata import version

    return version("label-studio")


@pytest.fixture(scope="session")
def ls_login():
    from konews.labelstudio.server import Login

    return Login(*LS_LOGIN_FIELDS)


@pytest.fixture(scope="session")
def ls_template(request, ls_login, tmp_path_factory) -> Path:
    """A migrated, stopped Label Studio data folder with the test login."""
    from konews.labelstudio.server import start_server

    # pytest's cache keeps the migrated folder between runs (migrations take 25-80 s);
    # with the cache plugin off (-p no:cacheprovider) it lives for this session only.
    cache = getattr(request.config, "cache", None)
    name = f"ls-template-{_label_studio_version()}"
    cached = Path(cache.mkdir(name)) if cache is not None else tmp_path_factory.mktemp(name)
    ready = cached / "data"
    if not (ready / "label_studio.sqlite3").exists():
        fresh = tmp_path_factory.mktemp("ls_template") / "data"
        with start_server(fresh, login=ls_login):
            pass
        shutil.rmtree(ready, ignore_errors=True)
        shutil.copytree(fresh, ready)  # only a complete, migrated folder lands in the cache
    return ready


@pytest.fixture(scope="session")
def ls_server(ls_template, ls_login, tmp_path_factory):
    """A running server for the whole session (on a copy of the template)."""
    from konews.labelstudio.server import start_server

    data = tmp_path_factory.mktemp("ls_session") / "data"
    shutil.copytree(ls_template, data)
    with start_server(data, login=ls_login) as server:
        yield server


@pytest.fixture()
def ls_api(ls_server):
    with ls_server.api() as api:
        yield api


_project_numbers = itertools.count(1)


@pytest.fixture()
def ls_project(ls_api, request) -> int:
    """A new project with the generated labeling config, deleted after the test."""
    from konews.labelstudio.config import label_config

    title = f"t{next(_project_numbers)} {request.node.name}"[:50]
    project = ls_api.create_project(title, label_config())
    yield project["id"]
    ls_api.delete_project(project["id"])
