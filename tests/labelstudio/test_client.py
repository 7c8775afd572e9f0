"""The Label Studio client's failures without a server: one-line errors (exit 2) that
never show a credential (issue 11). The calls themselves are checked against a real
server in test_server.py and test_workflow.py."""

from __future__ import annotations

import socket
import time

import jwt
import pytest

from konews.cli import main
from konews.labelstudio.client import LabelStudioAPI, LabelStudioError, public_url

PASSWORD = "pa55-w0rd-secret"
LEGACY_KEY = "0123456789abcdef-legacy-key"


def _closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _refresh_token() -> str:
    # a personal access token as Label Studio issues it: a JWT refresh token
    claims = {"token_type": "refresh", "exp": int(time.time()) + 3600, "jti": "x" * 32}
    return jwt.encode(claims, "not-the-server-secret-" * 2, algorithm="HS256")


def test_the_url_is_shown_without_its_credentials():
    assert public_url(f"http://annotator:{PASSWORD}@127.0.0.1:8080/") == "http://127.0.0.1:8080/"
    assert public_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    "key", [LEGACY_KEY, _refresh_token()], ids=["legacy token", "personal access token"]
)
def test_a_server_that_is_down_is_a_one_line_error_without_secrets(key):
    url = f"http://annotator:{PASSWORD}@127.0.0.1:{_closed_port()}"
    with pytest.raises(LabelStudioError) as info:
        with LabelStudioAPI(url, key) as api:  # a PAT is exchanged on the first call
            assert PASSWORD not in repr(api) and PASSWORD not in api.url
            api.whoami()
    message = str(info.value)
    assert "\n" not in message and "is the server running?" in message
    assert "could not read the current user" in message
    for secret in (PASSWORD, key, "annotator:"):
        assert secret not in message
    assert info.value.__cause__ is None and info.value.__context__ is None  # no chained request


@pytest.mark.parametrize(
    "url", ["127.0.0.1:8080", "ftp://127.0.0.1", "http://", "http://[::1", "http://host:0", " "]
)
def test_a_malformed_server_url_is_a_one_line_error(url):
    with pytest.raises(LabelStudioError, match=r"is not a server address; set LABEL_STUDIO_URL"):
        LabelStudioAPI(url, LEGACY_KEY)


@pytest.mark.parametrize(
    "url",
    ["not a url", f"http://u:{PASSWORD}@127.0.0.1:{_closed_port()}"],
    ids=["malformed", "down"],
)
@pytest.mark.parametrize("key", [LEGACY_KEY, _refresh_token()], ids=["legacy", "pat"])
def test_konews_ls_pull_exits_2_without_traceback_or_secret(
    monkeypatch, tmp_path, capsys, url, key
):
    monkeypatch.setenv("LABEL_STUDIO_URL", url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", key)
    gold = tmp_path / "gold.json"
    assert main(["ls", "pull", "--gold", str(gold)]) == 2
    out = capsys.readouterr()
    shown = out.out + out.err
    assert "Traceback" not in shown and len(out.err.strip().splitlines()) == 1, shown
    for secret in (PASSWORD, key):
        assert secret not in shown
    assert not gold.exists()
