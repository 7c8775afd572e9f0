#!/usr/bin/env bash
# The main job (README "Build and benchmark"): install, validate the gold,
# build the dataset, train/run the baselines and print the leaderboard.
# KLUE-NER data for the learned baselines: ../shared/data/klue-ner-v1.1/ by
# default, or KONEWS_KLUE=/path/to/klue-ner-v1.1_dev.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet -e . 2>&1 | grep -v "is ignored: it is neither" || true

.venv/bin/konews validate
.venv/bin/konews build
.venv/bin/konews build --check
.venv/bin/konews baselines run ${KONEWS_KLUE:+--klue "$KONEWS_KLUE"}
# `baselines run` prints the leaderboard itself (once).
