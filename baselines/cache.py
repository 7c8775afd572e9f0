"""Where trained baseline models live, and the fingerprints that name them.

A model file is named by a hash of everything that determines it (the
training sentences, the feature/format version, the hyperparameters), so a
cached model is reused exactly when retraining would give the same model, and
a change to any of those trains a new one. ``baselines/models/`` is ignored
by git: models are rebuilt from data, never committed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from konews.corpus.klue import KlueSentence

MODELS_DIR = Path(__file__).resolve().parent / "models"


def fingerprint(sentences: Iterable[KlueSentence], **params: object) -> str:
    """A short hex digest of the sentences (ids, text, tags) and ``params``."""
    h = hashlib.sha256(json.dumps(params, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for s in sentences:
        h.update(s.id.encode("utf-8") + b"\0" + s.text.encode("utf-8") + b"\0")
        h.update(" ".join(s.tags).encode("ascii") + b"\n")
    return h.hexdigest()[:16]
