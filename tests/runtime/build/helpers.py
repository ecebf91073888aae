"""Build small recipes in a temporary folder through the real builder."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from recipec.compiler import compile
from recipec.runtime.build.builder import Builder
from recipec.runtime.cache.workdir import Workdir
from recipec.runtime.executors.local import LocalExecutor


def write_jsonl_gz(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return path


def code_rows(n: int = 40) -> list[dict]:
    """Small but real-looking Python files, a few with very long lines, one duplicate."""
    rows = []
    for i in range(n):
        body = f"def function_{i}(x):\n    return x * {i} + {i % 7}\n"
        if i % 10 == 3:
            body += "data = '" + "x" * 1500 + "'\n"
        rows.append({"id": f"doc-{i}", "text": body, "path": f"src/m{i}.py"})
    rows.append({"id": "dup", "text": rows[0]["text"], "path": "src/dup.py"})
    return rows


def plan_of(folder: Path, text: str, params: dict | None = None):
    recipe = folder / "r.recipe"
    recipe.write_text(text)
    ctx = compile(str(recipe), params)
    assert not ctx.sink.has_errors, [str(d) for d in ctx.sink.diagnostics]
    return ctx.plan


def build(folder: Path, text: str, workers: int = 1, force: set[str] = frozenset(),
          params: dict | None = None, parallel_min_bytes: int | None = None,
          workdir: str = "work"):
    plan = plan_of(folder, text, params)
    executor = LocalExecutor(workers) if parallel_min_bytes is None else \
        LocalExecutor(workers, parallel_min_bytes)
    workdir = Workdir(folder / workdir)
    with workdir.lock():
        return Builder(plan, workdir, folder, executor, force).build()


def digests(result) -> dict[str, str]:
    return {step_id: m["digest"] for step_id, m in result.manifests.items()}
