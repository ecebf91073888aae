"""Readers stream: peak memory stays far below the size of what they read."""
from __future__ import annotations

import gzip
import json
import tracemalloc

from recipec.runtime.processing.readers import JsonlSourceReader, RepoFolderReader

MB = 1_000_000


def _peak_while_consuming(iterable) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = sum(1 for _ in iterable)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_jsonl_reader_memory_does_not_grow_with_the_file(tmp_path):
    row = {"text": "x = compute(y) + 1  # a line of code\n" * 100}
    with gzip.open(tmp_path / "big.jsonl.gz", "wt", compresslevel=1) as stream:
        for index in range(8000):
            stream.write(json.dumps({**row, "id": str(index)}) + "\n")
    uncompressed = 8000 * len(row["text"])
    count, peak = _peak_while_consuming(JsonlSourceReader(str(tmp_path)).run())
    assert count == 8000
    assert uncompressed > 25 * MB
    assert peak < 4 * MB, f"peak {peak / MB:.1f} MB for {uncompressed / MB:.0f} MB of rows"


def test_repo_folder_reader_holds_one_file_at_a_time(tmp_path):
    body = ("def function_%d(value):\n    return value * 2\n\n" * 2000).encode()
    for repo in range(4):
        for index in range(40):
            path = tmp_path / f"repo{repo}" / "pkg" / f"module_{index}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
    total = 160 * len(body)
    count, peak = _peak_while_consuming(RepoFolderReader(str(tmp_path)).run())
    assert count == 160
    assert total > 14 * MB
    assert peak < 2 * MB, f"peak {peak / MB:.1f} MB for {total / MB:.0f} MB of files"
