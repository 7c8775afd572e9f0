"""Generated garbage fed to the ``konews`` entry points (issue 11): whatever the
input, a command ends with a status (0, 1 for findings, 2 for bad input) and at
most a message, never a traceback. In-process (``konews.cli.main``), read-only
on the repository (every output goes to a scratch folder); the table of known
bad inputs with their exact messages is tests/test_bad_inputs.py."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from konews.cli import main
from konews.schema import ENTITY_LABELS

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "dataset"
SETTINGS = settings(
    max_examples=int(os.environ.get("KONEWS_FUZZ_EXAMPLES", "40")),  # more for a long fuzz run
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["tfmedia-79329bd21c51-s000", "MONEY", "KRW", "1e309", "\ud800", "-1"]),
)  # fmt: skip
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(max_size=8) | st.sampled_from(["id", "start", "end"]), inner, max_size=4
        )
    ),
    max_leaves=12,
)
# Rows shaped like the configs' rows, with wrong values where a scorer looks.
_span = st.fixed_dictionaries(
    {"start": _scalars | st.integers(-2, 60), "end": _scalars | st.integers(-2, 60)},
    optional={"label": st.sampled_from([*ENTITY_LABELS, "CAT", ""]) | _scalars, "text": _scalars},
)
_row = st.fixed_dictionaries(
    {"id": st.sampled_from(["tfmedia-79329bd21c51-s000", "tfmedia-79329bd21c51-s001"]) | _scalars},
    optional={
        "entities": st.lists(_span, max_size=3) | _json,
        "sentence_id": _scalars,
        "amount": _scalars,
        "currency": _scalars,
        "type": _scalars,
        "trigger": _span | _json,
        "arguments": st.lists(_span, max_size=2) | _json,
        "ner_tags": st.lists(_scalars, max_size=3) | _json,
    },
)


def _jsonl(rows: list) -> bytes:
    # ensure_ascii keeps lone surrogates writable (as escapes), the way a hostile file holds them
    return "".join(json.dumps(r) + "\n" for r in rows).encode()


_content = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    _json.map(lambda v: json.dumps(v).encode()),
    st.lists(_row | _json, max_size=4).map(_jsonl),
)

# (argv, where the garbage goes): "{f}" a file, "{d}" a folder holding the file at its path.
TEMPLATES = {
    "validate": (("validate", "{f}"), None),
    "agreement": (("agreement", "{f}"), None),
    "stats": (("stats", "--gold", "{f}"), None),
    "evaluate-entities": (("evaluate", "--config", "entities", "--predictions", "{f}",
                           "--dataset", "{ds}", "--bootstrap", "0", "--allow-missing"), None),
    "evaluate-money": (("evaluate", "--config", "money", "--predictions", "{f}",
                        "--dataset", "{ds}", "--bootstrap", "0", "--allow-missing"), None),
    "evaluate-events": (("evaluate", "--config", "events", "--predictions", "{f}",
                         "--dataset", "{ds}", "--bootstrap", "0", "--allow-missing"), None),
    "evaluate-gold": (("evaluate", "--config", "ner_char", "--predictions", "{f}", "--gold", "{f}",
                       "--bootstrap", "0"), None),
    "report": (("report", "{f}", "-o", "{o}/r.html", "--dataset", "{ds}", "--allow-missing"), None),
    "money-file": (("money", "--file", "{f}"), None),
    "corpus": (("corpus", "--sources", "{d}"), "provenance.yaml"),
    "export-ls": (("export-ls", "--dataset", "{d}", "--out", "{o}/t.json"),
                  "data/documents/test.jsonl"),
    "build-check": (("build", "--check", "--annotation", "{d}", "--out", "{o}/b"), "gold.json"),
}  # fmt: skip


def _run(argv: list[str], stdin: bytes | None = None) -> int:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr = out, err
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        status = main(argv)
    except SystemExit as e:  # argparse's usage errors
        status = e.code
    finally:
        sys.stdout, sys.stderr, sys.stdin = saved
    assert "Traceback" not in err.getvalue()
    assert status in (0, 1, 2), (status, err.getvalue())
    if status == 2:
        assert err.getvalue().strip(), "status 2 without a message"
    return status


@pytest.mark.parametrize("template", TEMPLATES)
@SETTINGS
@given(content=_content)
def test_garbage_files_never_crash_a_command(template, content):
    argv, inner = TEMPLATES[template]
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        f = scratch / "input"
        if inner is not None:
            f = scratch / "folder" / inner
            f.parent.mkdir(parents=True)
            (scratch / "folder" / "README.md").write_text("card\n")
        f.write_bytes(content)
        fields = {"f": f, "d": scratch / "folder", "o": scratch / "out", "ds": DATASET}
        _run([a.format(**fields) for a in argv])


@SETTINGS
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_garbage_on_standard_input_never_crashes_money(data):
    _run(["money", "-"], stdin=data)


_COMMANDS = ["validate", "stats", "money", "evaluate", "report", "agreement", "corpus", "hydrate"]


@SETTINGS
@given(
    command=st.sampled_from(_COMMANDS),
    args=st.lists(
        st.text(max_size=10) | st.sampled_from(["--json", "--config", "-", "--", "-o", "--gold"]),
        max_size=5,
    ),
)
def test_garbage_arguments_never_crash(command, args):
    with tempfile.TemporaryDirectory() as tmp:
        # Relative outputs, if garbage forms a valid option, land in the scratch folder
        # (the working directory); absolute and parent paths are replaced by it.
        args = [a if not a.startswith(("/", "..", "~")) else tmp for a in args]
        cwd = Path.cwd()
        os.chdir(tmp)
        try:
            _run([command, *args])
        finally:
            os.chdir(cwd)
