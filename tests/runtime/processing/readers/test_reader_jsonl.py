"""JsonlSourceReader: good rows become documents; every malformed row is counted by reason, never fatal."""
from __future__ import annotations

import gzip
import json

import fsspec
import pytest
import zstandard

from recipec.runtime.processing.readers import JsonlSourceReader

GOOD = [{"text": "def f():\n    return 1\n", "id": "a", "repo": "r1", "stars": 3},
        {"text": "print('hi')\n", "id": "b", "repo": "r2", "stars": 5}]


def _lines(rows) -> bytes:
    return b"".join(json.dumps(row).encode() + b"\n" for row in rows)


def _read(reader, rank=0, world_size=1):
    documents = list(reader.run(None, rank, world_size))
    return documents, reader.stats.stats


def test_plain_gzip_and_zstd_files_read_alike(tmp_path):
    (tmp_path / "a.jsonl").write_bytes(_lines(GOOD))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(_lines(GOOD)))
    (tmp_path / "c.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(_lines(GOOD)))
    documents, stats = _read(JsonlSourceReader(str(tmp_path)))
    assert [d.text for d in documents] == [row["text"] for row in GOOD] * 3
    assert stats["rejected"].total == 0
    assert documents[0].metadata["repo"] == "r1" and documents[0].metadata["stars"] == 3


def test_text_id_and_metadata_fields_are_configurable(tmp_path):
    rows = [{"content": "x = 1\n", "path": "p.py", "noise": "drop me", "repo": "r"}]
    (tmp_path / "a.jsonl").write_bytes(_lines(rows))
    reader = JsonlSourceReader(str(tmp_path), text_key="content", id_key="path", metadata_fields=["repo"],
                               add_file_path=False)
    (document,), _ = _read(reader)
    assert document.text == "x = 1\n" and document.id == "p.py"
    assert document.metadata == {"repo": "r"}


def test_each_kind_of_bad_row_is_counted_and_the_rest_is_read(tmp_path):
    bad = (
        _lines(GOOD[:1])
        + b'{"text": "cut off\n'                      # bad_json
        + b"[1, 2, 3]\n"                              # not_an_object
        + b'{"id": "no text"}\n'                      # missing_text
        + b'{"text": 42}\n'                           # text_not_string
        + b'{"text": ""}\n'                           # empty_text
        + b'{"text": "caf\xe9"}\n'                    # non_utf8 (latin-1 byte)
        + b"\n"                                       # blank line: not a row
        + _lines(GOOD[1:])
    )
    (tmp_path / "bad.jsonl").write_bytes(bad)
    documents, stats = _read(JsonlSourceReader(str(tmp_path)))
    assert [d.id for d in documents] == ["a", "b"]
    for reason in ("bad_json", "not_an_object", "missing_text", "text_not_string", "empty_text", "non_utf8"):
        assert stats[f"rejected_{reason}"].total == 1, reason
    assert stats["rejected"].total == 6
    assert stats["blank_lines"].total == 1


def test_truncated_gzip_keeps_the_rows_before_the_damage(tmp_path):
    rows = [{"text": f"row {i} " * 20, "id": str(i)} for i in range(2000)]
    compressed = gzip.compress(_lines(rows))
    (tmp_path / "cut.jsonl.gz").write_bytes(compressed[: len(compressed) // 2])
    (tmp_path / "zfine.jsonl.gz").write_bytes(gzip.compress(_lines(GOOD)))
    documents, stats = _read(JsonlSourceReader(str(tmp_path)))
    survivors = [d for d in documents if d.id not in ("a", "b")]
    assert 0 < len(survivors) < len(rows)
    assert [d.id for d in survivors] == [str(i) for i in range(len(survivors))]
    assert stats["rejected_corrupt_file"].total == 1
    assert [d.id for d in documents[-2:]] == ["a", "b"]  # the next file is still read


def test_garbage_that_is_not_gzip_is_a_counted_corrupt_file(tmp_path):
    (tmp_path / "junk.jsonl.gz").write_bytes(b"this is not gzip at all")
    documents, stats = _read(JsonlSourceReader(str(tmp_path)))
    assert documents == []
    assert stats["rejected_corrupt_file"].total == 1


def test_rejected_rows_are_written_with_their_reason(tmp_path):
    from datatrove.pipeline.writers.jsonl import JsonlWriter

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.jsonl").write_bytes(_lines(GOOD[:1]) + b"{oops\n" + b'{"id": 1}\n')
    reader = JsonlSourceReader(str(tmp_path / "in"),
                               rejects_writer=JsonlWriter(str(tmp_path / "rejects"), compression=None))
    documents, _ = _read(reader)
    assert len(documents) == 1
    written = [json.loads(line) for path in (tmp_path / "rejects").iterdir() for line in path.read_text().splitlines()]
    reasons = sorted(row["metadata"]["rejected_reason"] for row in written)
    assert reasons == ["bad_json", "missing_text"]
    assert any(row["text"] == "{oops\n" for row in written)
    assert all(row["id"].startswith("bad.jsonl:line ") for row in written)


def test_memory_filesystem_urls_work(tmp_path):
    fs = fsspec.filesystem("memory")
    fs.pipe("/jsonl-test/part-0.jsonl.gz", gzip.compress(_lines(GOOD)))
    documents, _ = _read(JsonlSourceReader("memory://jsonl-test"))
    assert [d.id for d in documents] == ["a", "b"]
    path = documents[0].metadata["file_path"]
    assert path.startswith("memory://") and path.endswith("/jsonl-test/part-0.jsonl.gz")


@pytest.mark.parametrize("world_size", [1, 2, 3])
def test_tasks_partition_the_files(tmp_path, world_size):
    for index in range(4):
        (tmp_path / f"{index}.jsonl").write_bytes(_lines([{"text": f"t{index}", "id": str(index)}]))
    ids = []
    for rank in range(world_size):
        documents, _ = _read(JsonlSourceReader(str(tmp_path)), rank, world_size)
        ids.extend(d.id for d in documents)
    assert sorted(ids) == ["0", "1", "2", "3"]


def test_missing_folder_or_no_matching_files_is_a_clear_error(tmp_path):
    from recipec.runtime.processing.readers import InputSourceError, ParquetSourceReader, RepoFolderReader

    with pytest.raises(InputSourceError, match="no such folder") as error:
        list(JsonlSourceReader(str(tmp_path / "missing")).run())
    assert "\n" not in str(error.value) and str(tmp_path / "missing") in str(error.value)
    (tmp_path / "a.txt").write_text("x")
    with pytest.raises(InputSourceError, match=r"no input files matching `\*.jsonl.gz`"):
        list(JsonlSourceReader(str(tmp_path), glob_pattern="*.jsonl.gz").run())
    with pytest.raises(InputSourceError, match="no such folder"):
        list(ParquetSourceReader(str(tmp_path / "missing")).run())
    with pytest.raises(InputSourceError, match="no such folder"):
        list(RepoFolderReader(str(tmp_path / "missing")).run())
