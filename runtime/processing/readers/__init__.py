"""Readers: every source becomes a stream of datatrove `Document`s; nothing unreadable is lost uncounted."""
from recipec.runtime.processing.readers.errors import InputSourceError
from recipec.runtime.processing.readers.hf_local import LocalHFDatasetReader, hf_dataset_reader
from recipec.runtime.processing.readers.jsonl import JsonlSourceReader
from recipec.runtime.processing.readers.parquet import ParquetSourceReader
from recipec.runtime.processing.readers.repo_folder import RepoFolderReader

__all__ = [
    "InputSourceError",
    "JsonlSourceReader",
    "LocalHFDatasetReader",
    "ParquetSourceReader",
    "RepoFolderReader",
    "hf_dataset_reader",
]
