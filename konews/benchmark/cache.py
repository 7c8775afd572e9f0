"""On-disk cache of endpoint answers, so a rerun costs nothing and gives the same result.

One JSON file per request, named by the sha256 of the request body (model,
messages, sampling parameters, response format): the same prompt to the same
model with the same parameters is answered from disk. The server's address is
not part of the key, so moving a server to another port keeps its cache. Only
answers that passed validation are stored; failures are asked again next run.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from konews.io import atomic_write_text


def key(request: dict) -> str:
    blob = json.dumps(request, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Cache:
    def __init__(self, folder: str | Path | None) -> None:
        self.folder = Path(folder) if folder is not None else None

    def _path(self, k: str) -> Path:
        assert self.folder is not None
        return self.folder / k[:2] / f"{k}.json"

    def get(self, k: str) -> dict | None:
        if self.folder is None:
            return None
        path = self._path(k)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None  # absent, or a file cut short by a crash: ask again

    def put(self, k: str, value: dict) -> None:
        if self.folder is not None:
            atomic_write_text(self._path(k), json.dumps(value, ensure_ascii=False))
