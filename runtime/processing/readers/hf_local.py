"""Hugging Face datasets stored on local disk (or any fsspec URL), read through datatrove's readers.

Two layouts are understood, and `hf_dataset_reader` picks the reader from what the folder holds:
- a folder written by `datasets.Dataset.save_to_disk` (`state.json` + Arrow files; `dataset_dict.json` when
  it has splits): datatrove's `HuggingFaceDatasetReader(load_from_disk=True)`, which memory-maps the Arrow
  files, so memory stays bounded;
- a folder of parquet files, as in a dataset repository snapshot (`data/train-00000-of-00001.parquet`,
  `train/0000.parquet`): `ParquetSourceReader`, restricted to the split's files when a split is named.
Nothing is downloaded: a missing folder is an `InputSourceError`, never a hub request.
"""
from __future__ import annotations

import json
import posixpath
from typing import Callable

from datatrove.pipeline.readers.huggingface import HuggingFaceDatasetReader
from datatrove.pipeline.writers.disk_base import DiskWriter
from fsspec.core import url_to_fs

from recipec.runtime.processing.readers.errors import InputSourceError
from recipec.runtime.processing.readers.parquet import ParquetSourceReader
from recipec.runtime.processing.readers.rejects import RejectTracker
from recipec.runtime.processing.readers.rows import CountedRowsMixin

# Where the files of one split live in the parquet layouts the Hub uses, most specific first.
_SPLIT_GLOBS = ("**/{split}-*.parquet", "**/{split}/*.parquet", "**/{split}.parquet")


class LocalHFDatasetReader(CountedRowsMixin, HuggingFaceDatasetReader):
    """datatrove's Hugging Face reader on a `save_to_disk` folder, with counted rejects."""

    name = "🤗 HF dataset on disk (counted)"

    def __init__(
        self,
        dataset_path: str,
        limit: int = -1,
        skip: int = 0,
        batch_size: int = 1000,
        adapter: Callable | None = None,
        text_key: str = "text",
        id_key: str = "id",
        metadata_fields: list[str] | None = None,
        default_metadata: dict | None = None,
        rejects_writer: DiskWriter | None = None,
    ):
        super().__init__(
            dataset_path, limit=limit, skip=skip, batch_size=batch_size, adapter=adapter, text_key=text_key,
            id_key=id_key, default_metadata=default_metadata, load_from_disk=True,
        )
        self.metadata_fields = list(metadata_fields) if metadata_fields is not None else None
        self.rejects = RejectTracker(self, rejects_writer)

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        with self.rejects.session(rank):
            yield from super().run(data, rank, world_size)


def _read_json(fs, path: str) -> dict:
    with fs.open(path, "rb") as stream:
        return json.loads(stream.read())


def hf_dataset_reader(
    path: str,
    split: str | None = None,
    text_key: str = "text",
    id_key: str = "id",
    metadata_fields: list[str] | None = None,
    limit: int = -1,
    default_metadata: dict | None = None,
    rejects_writer: DiskWriter | None = None,
):
    """The datatrove reader for the local Hugging Face dataset at `path` (a folder or fsspec URL)."""
    fs, root = url_to_fs(path)
    common = dict(text_key=text_key, id_key=id_key, metadata_fields=metadata_fields, limit=limit,
                  default_metadata=default_metadata, rejects_writer=rejects_writer)
    if not fs.isdir(root):
        raise InputSourceError(f"{path}: no such dataset folder; hint: give a folder written by "
                               f"`save_to_disk` or a folder of parquet files (nothing is downloaded)")
    if fs.exists(posixpath.join(root, "dataset_dict.json")):
        splits = _read_json(fs, posixpath.join(root, "dataset_dict.json")).get("splits", [])
        if split not in splits:
            hint = "name one with `split`" if split is None else f"`{split}` is not one of them"
            raise InputSourceError(f"{path}: the dataset has splits {splits}; {hint}")
        return LocalHFDatasetReader(path.rstrip("/") + "/" + split, **common)
    if fs.exists(posixpath.join(root, "state.json")):
        return LocalHFDatasetReader(path, **common)
    globs = ["**/*.parquet"] if split is None else [pattern.format(split=split) for pattern in _SPLIT_GLOBS]
    for pattern in globs:
        if fs.glob(posixpath.join(root, pattern)):
            return ParquetSourceReader(path, glob_pattern=pattern, **common)
    wanted = "parquet files" if split is None else f"parquet files of split `{split}`"
    raise InputSourceError(f"{path}: neither a `save_to_disk` folder (state.json) nor {wanted}; "
                           f"hint: point at the dataset's folder, or check the split name")
