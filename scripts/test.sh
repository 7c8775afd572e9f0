#!/usr/bin/env bash
# The test command (README "Run the tests"; .ci/run calls exactly this).
# Installs everything the tests need into .venv, then runs lint, the data
# checks, the import-layer contracts and the whole pytest suite. Needs Python >= 3.10; as root it also
# installs Debian's chromium (and a Korean font) for the report's browser test
# (skipped without it).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e '.[test,models]' 2>&1 | grep -v "is ignored: it is neither" || true
.venv/bin/python -m pip check >/dev/null || { .venv/bin/python -m pip check; exit 1; }

if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq chromium fonts-nanum >/dev/null) \
    || echo "note: could not install chromium; the browser test will be skipped"
fi

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== lint-imports (the layer contracts in pyproject.toml)"
.venv/bin/lint-imports
echo "== konews validate (gold) and konews build --check (dataset/ up to date)"
.venv/bin/konews validate
.venv/bin/konews build --check
# The KLUE news layer's data files are generated, never committed: write them (the committed
# files are unchanged, the check above passed) so the tests can load the whole dataset.
# Without KLUE-NER the build writes the articles alone and says so: a folder that loads, whose
# card then differs from the committed one (the layer's tests skip, saying why).
.venv/bin/konews build
echo "== pytest"
.venv/bin/python -m pytest --durations=15 "$@"
