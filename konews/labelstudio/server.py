"""A local Label Studio server: start, wait until ready, stop (the REST client
is ``konews.labelstudio.client``).

``start_server`` runs the ``label-studio`` package (the ``labelstudio`` extra)
headless: bound to 127.0.0.1 on a free port, its sqlite database and media in
a project-local folder (``.ls-data/``, git-ignored), the admin user and its
API token created non-interactively on the first start. The login is kept in
``<data dir>/konews-login.json`` (mode 0600), so later starts reuse it.
Nothing is sent outside the machine: Sentry, the PyPI version check and
analytics are switched off.

Label Studio 1.23 facts this relies on (see ../shared/recipes/label-studio.md):

- legacy ``Token <key>`` auth works only if ``LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN``
  is set when the organization is created, i.e. on the first start of an
  empty data folder; the setting then sticks in the database;
- ``label-studio`` reads ``LABEL_STUDIO_X``, then ``HEARTEX_X``, then plain ``X``,
  so stray ``HOST``/``PORT``/``USERNAME``/... variables are removed;
- SIGTERM stops it at once, data committed per request survives; SIGINT can
  be ignored in non-interactive shells, so it is never relied on;
- ``/api/current-user/whoami`` answering 200 with the token means ready.

The supervisor only starts, checks and stops the server (the readiness probe is one
``httpx`` GET); every REST call goes through ``LabelStudioAPI``
(``konews.labelstudio.client``, on ``label-studio-sdk``). A personal access token
(a JWT, from the user's Account page) and a legacy token both work as
``LABEL_STUDIO_API_KEY``. The key is never printed, logged or put into an error
message.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from konews.io import atomic_write_text
from konews.labelstudio.client import ENV_KEY, ENV_URL, LabelStudioAPI, LabelStudioError
from konews.paths import LS_DATA_DIR as DEFAULT_DATA_DIR

LOGIN_FILE = "konews-login.json"
DEFAULT_USER = "annotator@konews.local"

# Variables label-studio would read as its own configuration (it falls back
# from LABEL_STUDIO_X to HEARTEX_X to X); CI and shells often set these.
_SCRUBBED = (
    "HOST", "PORT", "USERNAME", "PASSWORD", "USER_TOKEN", "DEBUG", "LOG_LEVEL",
    "DATABASE_NAME", "BASE_DATA_DIR", "DJANGO_DB", "DISABLE_SIGNUP_WITHOUT_LINK",
    "ENABLE_LEGACY_API_TOKEN", "SENTRY_DSN", "FRONTEND_SENTRY_DSN",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Login:
    user: str
    password: str
    token: str

    def __repr__(self) -> str:  # keeps secrets out of tracebacks and logs
        return f"Login(user={self.user!r}, password=***, token=***)"


def login_file(data_dir: str | Path) -> Path:
    return Path(data_dir) / LOGIN_FILE


def read_login(data_dir: str | Path) -> Login:
    path = login_file(data_dir)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Login(raw["user"], raw["password"], raw["token"])
    except FileNotFoundError:
        raise LabelStudioError(
            f"{path}: no login; start the server once with `konews ls serve` to create it"
        ) from None
    except (ValueError, KeyError, TypeError):
        raise LabelStudioError(
            f"{path}: not a KoNews login file; delete {data_dir} and restart"
        ) from None


def ensure_login(data_dir: str | Path, login: Login | None = None) -> Login:
    """The login of ``data_dir``: the one stored there, else ``login`` or a new
    random one, stored (mode 0600) before the first start so it is never lost."""
    data_dir = Path(data_dir)
    path = login_file(data_dir)
    if path.exists():
        stored = read_login(data_dir)
        if login is not None and login != stored:
            raise LabelStudioError(
                f"{path}: the data folder belongs to another login ({stored.user}); "
                "use another data folder or the stored login"
            )
        return stored
    if (data_dir / "label_studio.sqlite3").exists():
        raise LabelStudioError(
            f"{data_dir} holds a Label Studio database but no {LOGIN_FILE}; its token is "
            "unknown. Use a fresh --data-dir, or log in in the browser and pass a personal "
            f"access token as {ENV_KEY}"
        )
    login = login or Login(DEFAULT_USER, secrets.token_urlsafe(12), secrets.token_hex(20))
    data_dir.mkdir(parents=True, exist_ok=True)
    # 0600 before the rename: the credentials are never readable by others, not even briefly
    atomic_write_text(path, json.dumps({"user": login.user, "password": login.password,
                                        "token": login.token}, indent=2) + "\n", mode=0o600)  # fmt: skip
    return login


def free_port() -> int:
    """A port the kernel has just handed out on loopback (free a moment ago)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def executable() -> Path:
    """The ``label-studio`` script next to this Python, else on PATH."""
    beside = Path(sys.executable).with_name("label-studio")
    if beside.exists():
        return beside
    found = shutil.which("label-studio")
    if found is None:
        raise LabelStudioError(
            "label-studio is not installed; run `pip install -e '.[labelstudio]'` (about 1 GB)"
        )
    return Path(found)


def server_env(data_dir: Path, login: Login) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in _SCRUBBED
        and not k.startswith(("LABEL_STUDIO_", "HEARTEX_"))
        and k not in (ENV_URL, ENV_KEY)
    }
    env.update(
        LABEL_STUDIO_BASE_DATA_DIR=str(data_dir),
        LABEL_STUDIO_USERNAME=login.user,
        LABEL_STUDIO_PASSWORD=login.password,
        LABEL_STUDIO_USER_TOKEN=login.token,
        LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN="true",
        LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK="true",
        SENTRY_DSN="",
        FRONTEND_SENTRY_DSN="",
        LATEST_VERSION_CHECK="false",
        COLLECT_ANALYTICS="false",
    )
    return env


@dataclass
class LabelStudioServer:
    """A running local server; ``stop()`` (or leaving the ``with`` block) ends it."""

    data_dir: Path
    url: str
    login: Login
    process: subprocess.Popen
    log: Path
    started_in: float  # seconds from spawn to the first 200 on whoami

    def stop(self, timeout: float = 10.0) -> None:
        stop_process(self.process, timeout)

    def api(self) -> LabelStudioAPI:
        return LabelStudioAPI(self.url, self.login.token)

    def __enter__(self) -> LabelStudioServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def stop_process(proc: subprocess.Popen, timeout: float = 10.0) -> None:
    """SIGTERM, then SIGKILL if it has not exited after ``timeout`` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def start_server(
    data_dir: str | Path = DEFAULT_DATA_DIR,
    *,
    login: Login | None = None,
    port: int | None = None,
    timeout: float = 240.0,
) -> LabelStudioServer:
    """Start Label Studio on 127.0.0.1 and return once its API answers.

    The first start on an empty ``data_dir`` migrates the database (about
    25 s, up to 40 s on 2 cores); later starts take about 3 s. A server that
    exits, refuses the token or is not ready in ``timeout`` seconds is stopped
    and a ``LabelStudioError`` points at its log (``<data_dir>/server.log``).
    """
    data_dir = Path(data_dir).resolve()
    login = ensure_login(data_dir, login)
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    log = data_dir / "server.log"
    args = [str(executable()), "start", "--no-browser", "--internal-host", "127.0.0.1",
            "--port", str(port)]  # fmt: skip
    t0 = time.monotonic()
    with open(log, "ab") as out:
        # own session: a Ctrl-C meant for the caller is not delivered to the
        # server; the caller stops it (finally / context manager) instead
        proc = subprocess.Popen(args, env=server_env(data_dir, login), stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        _wait_ready(proc, url, login.token, log, t0 + timeout)
    except BaseException:
        stop_process(proc)
        raise
    return LabelStudioServer(data_dir, url, login, proc, log, time.monotonic() - t0)


def _wait_ready(proc: subprocess.Popen, url: str, token: str, log: Path, deadline: float) -> None:
    headers = {"Authorization": f"Token {token}"}
    while True:
        if proc.poll() is not None:
            raise LabelStudioError(f"label-studio exited with status {proc.returncode}; see {log}")
        try:
            r = httpx.get(f"{url}/api/current-user/whoami", headers=headers, timeout=2)
            if r.status_code == 200:
                return
            if r.status_code == 401:
                raise LabelStudioError(
                    f"the server refuses the stored token ({r.text[:200]}); the database was "
                    "probably created without legacy tokens: use a fresh data folder"
                )
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise LabelStudioError(f"label-studio did not answer on {url} in time; see {log}")
        time.sleep(0.2)


def serve(data_dir: str | Path = DEFAULT_DATA_DIR, *, port: int | None = None, out=None) -> int:
    """Run a local server in the foreground until Ctrl-C or SIGTERM."""
    out = out or sys.stdout
    data_dir = Path(data_dir).resolve()

    def on_term(signum, frame):  # turn SIGTERM into the same clean stop as Ctrl-C
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    print(f"starting Label Studio (data in {_shown(data_dir)}) ...", file=out, flush=True)
    server = start_server(data_dir, port=port)
    try:
        print(login_help(server), file=out, flush=True)
        server.process.wait()
        print(f"label-studio exited with status {server.process.returncode}; see {server.log}",
              file=out)  # fmt: skip
        return 1
    except KeyboardInterrupt:
        print("stopping Label Studio ...", file=out, flush=True)
        return 0
    finally:
        server.stop()
        signal.signal(signal.SIGTERM, previous)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def login_help(server: LabelStudioServer) -> str:
    """How to log in; names where the secrets are, never the secrets."""
    creds = _shown(login_file(server.data_dir))
    return "\n".join([
        f"Label Studio is running at {server.url} (ready in {server.started_in:.1f} s).",
        f"Log in in the browser as {server.login.user}; the password is in {creds} "
        "(\"password\").",
        f"For `konews ls push/pull/queue` in another shell, set {ENV_URL} and {ENV_KEY}:",
        f"  export {ENV_URL}={server.url}",
        f"  export {ENV_KEY}=\"$(python -c 'import json; "
        f"print(json.load(open(\"{creds}\"))[\"token\"])')\"",
        "Stop the server with Ctrl-C.",
    ])  # fmt: skip


@contextmanager
def temporary_server(
    template: str | Path | None = None, *, login: Login | None = None
) -> Iterator[LabelStudioServer]:
    """A server on a throw-away data folder (a copy of ``template`` if given, a
    migrated data folder, to skip the 25 s of migrations), stopped and removed after."""
    with tempfile.TemporaryDirectory(prefix="konews-ls-") as tmp:
        data_dir = Path(tmp) / "data"
        if template is not None:
            shutil.copytree(template, data_dir)
        with start_server(data_dir, login=login) as server:
            yield server
