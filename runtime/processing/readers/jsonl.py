"""JSON-lines reader (`.jsonl`, `.jsonl.gz`, `.jsonl.zst`, any fsspec URL) that survives bad input.

datatrove's `JsonlReader` reads text mode: one byte that is not UTF-8 ends the whole file with a warning,
and a truncated gzip stream raises out of the pipeline. This subclass reads bytes, decodes each line on its
own and counts what it cannot use:

- `non_utf8`: the line is not valid UTF-8 (the other lines of the file are still read);
- `bad_json`: the line is not JSON (a cut-off last line lands here too);
- `not_an_object`: the line is JSON but not an object;
- `missing_text`, `text_not_string`, `empty_text`: see `rows.py`;
- `corrupt_file`: the compressed stream is damaged or truncated; the lines before the damage are kept.
"""
from __future__ import annotations

import zlib
from typing import Callable, Literal

import orjson

from datatrove.io import DataFileLike, DataFolderLike
from datatrove.pipeline.readers.jsonl import JsonlReader
from datatrove.pipeline.writers.disk_base import DiskWriter

from recipec.runtime.processing.readers.errors import require_input_files
from recipec.runtime.processing.readers.rejects import RejectTracker
from recipec.runtime.processing.readers.rows import CountedRowsMixin


_CHUNK_BYTES = 1 << 16


def iter_lines(stream):
    """The lines of a binary stream, ends included, read in chunks: zstandard's decompression reader
    has no `readline`, so line iteration cannot be left to the stream."""
    pending = b""
    while chunk := stream.read(_CHUNK_BYTES):
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            yield line + b"\n"
    if pending:
        yield pending


def _stream_errors() -> tuple[type[BaseException], ...]:
    """Exceptions a damaged compressed stream raises while it is being read."""
    errors: list[type[BaseException]] = [EOFError, OSError, zlib.error]
    try:
        import zstandard

        errors.append(zstandard.ZstdError)
    except ImportError:  # zstd input then fails to open at all, with fsspec's own message
        pass
    return tuple(errors)


class JsonlSourceReader(CountedRowsMixin, JsonlReader):
    """Reads JSON lines; counts and reports malformed rows instead of failing or losing them.

    Args beyond datatrove's `JsonlReader`:
        metadata_fields: fields of each row to keep as metadata (None: every field but text and id).
        rejects_writer: optional datatrove writer that receives each rejected row with its reason.
    """

    name = "🐿 Jsonl (counted)"

    def __init__(
        self,
        data_folder: DataFolderLike,
        paths_file: DataFileLike | None = None,
        compression: Literal["infer", "gzip", "zstd"] | None = "infer",
        limit: int = -1,
        skip: int = 0,
        adapter: Callable | None = None,
        text_key: str = "text",
        id_key: str = "id",
        metadata_fields: list[str] | None = None,
        default_metadata: dict | None = None,
        recursive: bool = True,
        glob_pattern: str | None = None,
        add_file_path: bool = True,
        rejects_writer: DiskWriter | None = None,
    ):
        super().__init__(
            data_folder, paths_file=paths_file, compression=compression, limit=limit, skip=skip,
            adapter=adapter, text_key=text_key, id_key=id_key, default_metadata=default_metadata,
            recursive=recursive, glob_pattern=glob_pattern, add_file_path=add_file_path,
        )
        self.metadata_fields = list(metadata_fields) if metadata_fields is not None else None
        self.rejects = RejectTracker(self, rejects_writer)

    def row_location(self, id_in_file: int | str) -> str:
        return f"line {int(id_in_file) + 1}"

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        require_input_files(self)
        with self.rejects.session(rank):
            yield from super().run(data, rank, world_size)

    def read_file(self, filepath: str):
        line_number = 0
        with self.data_folder.open(filepath, "rb", compression=self.compression) as stream:
            try:
                for line_number, raw_line in enumerate(iter_lines(stream), start=1):
                    with self.track_time():
                        document = self._document_from_line(raw_line, filepath, line_number)
                    if document is not None:
                        yield document
            except _stream_errors() as error:
                self.rejects.reject("corrupt_file", filepath, f"after line {line_number}",
                                    detail=f"{type(error).__name__}: {error}; the rest of the file is unreadable")

    def _document_from_line(self, raw_line: bytes, filepath: str, line_number: int):
        if not raw_line.strip():
            self.stat_update("blank_lines")
            return None
        location = f"line {line_number}"
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError as error:
            self.rejects.reject("non_utf8", filepath, location, raw=raw_line, detail=str(error))
            return None
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            self.rejects.reject("bad_json", filepath, location, raw=line, detail=str(error))
            return None
        if not isinstance(row, dict):
            self.rejects.reject("not_an_object", filepath, location, raw=line,
                                detail=f"a JSON {type(row).__name__}")
            return None
        # datatrove's ids count lines from 0; keep them so ids match a stock reader's
        return self.get_document_from_dict(row, filepath, line_number - 1)
