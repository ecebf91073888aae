"""Build small recipes with LLM steps through the real compiler and builder, and read what the
steps wrote."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.runtime.build.helpers import build, write_jsonl_gz

__all__ = ["build", "dropped", "rows", "step_dir", "write_jsonl_gz", "write_rows"]


def step_dir(folder: Path, result, step_id: str, workdir: str = "work") -> Path:
    return folder / workdir / result.manifests[step_id]["run_key"]


def _read(directory: Path) -> list[dict]:
    docs = []
    for path in sorted(directory.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            docs += [json.loads(line) for line in f if line.strip()]
    return docs


def rows(folder: Path, result, step_id: str, workdir: str = "work") -> list[dict]:
    """The documents a step kept (data/), in shard then line order."""
    return _read(step_dir(folder, result, step_id, workdir) / "data")


def dropped(folder: Path, result, step_id: str, workdir: str = "work") -> list[dict]:
    return _read(step_dir(folder, result, step_id, workdir) / "dropped")


def write_rows(path: Path, rows_: list[dict]) -> Path:
    """Source rows: {"id", "text", **fields}; the recipe lists the fields as metadata."""
    return write_jsonl_gz(path, rows_)
