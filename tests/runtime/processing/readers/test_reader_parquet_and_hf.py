"""Parquet files and local Hugging Face datasets: read through datatrove's readers, with counted rejects."""
from __future__ import annotations

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from recipec.runtime.processing.readers import (
    InputSourceError,
    LocalHFDatasetReader,
    ParquetSourceReader,
    hf_dataset_reader,
)

ROWS = {"content": ["int main() { return 0; }\n", None, "fn main() {}\n", ""],
        "path": ["a.c", "b.c", "c.rs", "d.py"], "lang": ["c", "c", "rust", "python"]}


def _write_parquet(path, rows=ROWS, row_group_size=2):
    pq.write_table(pa.table(rows), path, row_group_size=row_group_size)


def test_parquet_rows_become_documents_and_bad_rows_are_counted(tmp_path):
    _write_parquet(tmp_path / "part.parquet")
    reader = ParquetSourceReader(str(tmp_path), text_key="content", id_key="path", metadata_fields=["lang"],
                                 batch_size=1)
    documents = list(reader.run())
    assert [(d.id, d.metadata["lang"]) for d in documents] == [("a.c", "c"), ("c.rs", "rust")]
    assert reader.stats["rejected_missing_text"].total == 1
    assert reader.stats["rejected_empty_text"].total == 1


def test_parquet_without_the_text_column_counts_every_row(tmp_path):
    _write_parquet(tmp_path / "part.parquet")
    reader = ParquetSourceReader(str(tmp_path), text_key="text")
    assert list(reader.run()) == []
    assert reader.stats["rejected_missing_text"].total == 4


def test_corrupt_parquet_is_counted_and_the_next_file_is_read(tmp_path):
    (tmp_path / "a_broken.parquet").write_bytes(b"PAR1 not really parquet")
    _write_parquet(tmp_path / "b_good.parquet")
    reader = ParquetSourceReader(str(tmp_path), text_key="content", id_key="path")
    assert [d.id for d in reader.run()] == ["a.c", "c.rs"]
    assert reader.stats["rejected_corrupt_file"].total == 1


def test_parquet_on_a_memory_filesystem():
    fs = fsspec.filesystem("memory")
    table = pa.table({"text": ["x = 1\n", "y = 2\n"], "id": ["1", "2"]})
    with fs.open("/parquet-test/data.parquet", "wb") as stream:
        pq.write_table(table, stream)
    assert [d.text for d in ParquetSourceReader("memory://parquet-test").run()] == ["x = 1\n", "y = 2\n"]


def test_save_to_disk_dataset_with_splits(tmp_path):
    from datasets import Dataset, DatasetDict

    splits = DatasetDict({
        "train": Dataset.from_dict({"text": ["a = 1\n", "b = 2\n", None], "id": ["t0", "t1", "t2"]}),
        "test": Dataset.from_dict({"text": ["c = 3\n"], "id": ["s0"]}),
    })
    splits.save_to_disk(str(tmp_path / "ds"))
    reader = hf_dataset_reader(str(tmp_path / "ds"), split="train")
    assert isinstance(reader, LocalHFDatasetReader)
    assert [d.id for d in reader.run()] == ["t0", "t1"]
    assert reader.stats["rejected_missing_text"].total == 1
    with pytest.raises(InputSourceError, match="splits"):
        hf_dataset_reader(str(tmp_path / "ds"))
    with pytest.raises(InputSourceError, match="`validation` is not one of them"):
        hf_dataset_reader(str(tmp_path / "ds"), split="validation")


def test_single_split_save_to_disk_dataset(tmp_path):
    from datasets import Dataset

    Dataset.from_dict({"code": ["x\n", "y\n"], "id": ["0", "1"]}).save_to_disk(str(tmp_path / "one"))
    documents = list(hf_dataset_reader(str(tmp_path / "one"), text_key="code").run())
    assert [d.text for d in documents] == ["x\n", "y\n"]


def test_hub_style_parquet_folder_picks_the_split_files(tmp_path):
    (tmp_path / "data").mkdir()
    pq.write_table(pa.table({"text": ["train row\n"], "id": ["tr"]}), tmp_path / "data" / "train-00000-of-00001.parquet")
    pq.write_table(pa.table({"text": ["test row\n"], "id": ["te"]}), tmp_path / "data" / "test-00000-of-00001.parquet")
    reader = hf_dataset_reader(str(tmp_path), split="train")
    assert isinstance(reader, ParquetSourceReader)
    assert [d.id for d in reader.run()] == ["tr"]
    assert sorted(d.id for d in hf_dataset_reader(str(tmp_path)).run()) == ["te", "tr"]


def test_missing_dataset_folder_is_a_clear_error(tmp_path):
    with pytest.raises(InputSourceError, match="no such dataset folder") as error:
        hf_dataset_reader(str(tmp_path / "nowhere"))
    assert "\n" not in str(error.value)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputSourceError, match="neither a `save_to_disk` folder"):
        hf_dataset_reader(str(tmp_path / "empty"), split="train")
