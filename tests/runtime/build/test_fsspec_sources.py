"""Sources may be fsspec URLs: an in-memory filesystem stands in for an object store."""
from __future__ import annotations

import gzip
import json

import fsspec

from tests.runtime.build.helpers import build, code_rows

RECIPE = """
build { tasks = 1 }
source code { kind = code, path = "memory://bucket/code/*.jsonl.gz", metadata = ["path"] }
pipeline clean { input = source.code, steps = [max_line_length(1000)] }
"""


def _put(rows, name):
    fs = fsspec.filesystem("memory")
    with fs.open(f"/bucket/code/{name}", "wb") as f:
        f.write(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode(), mtime=0))


def test_memory_filesystem_source_and_its_digest(tmp_path):
    _put(code_rows(20), "a.jsonl.gz")
    first = build(tmp_path, RECIPE)
    assert first.manifests["source.code"]["counts"]["docs_out"] == 21
    assert build(tmp_path, RECIPE).ran == []
    _put(code_rows(25), "a.jsonl.gz")  # new content, new size: the source runs again
    again = build(tmp_path, RECIPE)
    assert "source.code" in again.ran
    assert again.manifests["source.code"]["counts"]["docs_out"] == 26
