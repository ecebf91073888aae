"""Gzip outputs must be byte-stable (no timestamp) and still plain gzip to any reader."""
from __future__ import annotations

import gzip
import json
import time

from datatrove.data import Document

from recipec.runtime.processing.stable_gzip import StableGzipJsonlWriter


def _write(folder):
    with StableGzipJsonlWriter(str(folder)) as writer:
        for i in range(3):
            writer.write(Document(text=f"def f{i}(): pass", id=str(i)), rank=1)
    return (folder / "00001.jsonl.gz").read_bytes()


def test_same_documents_give_the_same_bytes_at_different_times(tmp_path):
    first = _write(tmp_path / "a")
    time.sleep(1.1)  # gzip headers store whole seconds
    assert _write(tmp_path / "b") == first
    assert first[4:8] == b"\0\0\0\0"  # header mtime


def test_output_reads_back_as_gzip_jsonl(tmp_path):
    _write(tmp_path)
    with gzip.open(tmp_path / "00001.jsonl.gz", "rt") as f:
        assert [json.loads(line)["text"] for line in f] == [f"def f{i}(): pass" for i in range(3)]
