"""Parquet reader (local or any fsspec URL) that counts what it cannot read instead of failing.

On top of the row reasons of `rows.py`, a file is counted whole when it cannot be used:
- `corrupt_file`: not a parquet file, or a damaged footer/row group (rows after the damage are counted
  as rejected, the ones before it are kept);
- `missing_text`: the file has no column named like `text_key`; all its rows are counted.

Only the needed columns are read when `metadata_fields` is given, batch by batch, so memory stays bounded
by one row group whatever the file size.
"""
from __future__ import annotations

from typing import Callable

from datatrove.io import DataFileLike, DataFolderLike
from datatrove.pipeline.readers.parquet import ParquetReader
from datatrove.pipeline.writers.disk_base import DiskWriter

from recipec.runtime.processing.readers.errors import require_input_files
from recipec.runtime.processing.readers.rejects import RejectTracker
from recipec.runtime.processing.readers.rows import CountedRowsMixin


class ParquetSourceReader(CountedRowsMixin, ParquetReader):
    """Reads parquet rows as documents; ids default to `<file>/<row index in file>`.

    Args beyond datatrove's `ParquetReader`:
        metadata_fields: columns to keep as metadata (None: every column but text and id).
        rejects_writer: optional datatrove writer that receives each rejected row with its reason.
    """

    name = "📒 Parquet (counted)"

    def __init__(
        self,
        data_folder: DataFolderLike,
        paths_file: DataFileLike | None = None,
        limit: int = -1,
        skip: int = 0,
        batch_size: int = 1000,
        adapter: Callable | None = None,
        text_key: str = "text",
        id_key: str = "id",
        metadata_fields: list[str] | None = None,
        default_metadata: dict | None = None,
        recursive: bool = True,
        glob_pattern: str | None = None,
        rejects_writer: DiskWriter | None = None,
    ):
        super().__init__(
            data_folder, paths_file=paths_file, limit=limit, skip=skip, batch_size=batch_size,
            adapter=adapter, text_key=text_key, id_key=id_key, default_metadata=default_metadata,
            recursive=recursive, glob_pattern=glob_pattern,
        )
        self.metadata_fields = list(metadata_fields) if metadata_fields is not None else None
        self.rejects = RejectTracker(self, rejects_writer)

    def run(self, data=None, rank: int = 0, world_size: int = 1):
        require_input_files(self)
        with self.rejects.session(rank):
            yield from super().run(data, rank, world_size)

    def _columns_to_read(self, names: list[str]) -> list[str] | None:
        if self.metadata_fields is None:
            return None
        wanted = {self.text_key, self.id_key, "metadata", *self.metadata_fields}
        return [name for name in names if name in wanted]

    def read_file(self, filepath: str):
        import pyarrow as pa
        import pyarrow.parquet as pq

        damaged = (pa.ArrowException, OSError)
        with self.data_folder.open(filepath, "rb") as stream:
            try:
                parquet = pq.ParquetFile(stream)
            except damaged as error:
                self.rejects.reject("corrupt_file", filepath, "footer",
                                    detail=f"{type(error).__name__}: {error}; no row could be read")
                return
            with parquet:
                total_rows = parquet.metadata.num_rows
                names = parquet.schema_arrow.names
                if self.adapter == self._default_adapter and self.text_key not in names:
                    self.rejects.reject("missing_text", filepath, "schema", count=total_rows,
                                        detail=f"no column `{self.text_key}`; columns: {names[:12]}")
                    return
                row_index = 0
                try:
                    for batch in parquet.iter_batches(batch_size=self.batch_size,
                                                      columns=self._columns_to_read(names)):
                        with self.track_time("batch"):
                            documents = []
                            for row in batch.to_pylist():
                                document = self.get_document_from_dict(row, filepath, row_index)
                                row_index += 1
                                if document is not None:
                                    documents.append(document)
                        yield from documents
                except damaged as error:
                    self.rejects.reject("corrupt_file", filepath, f"after row {row_index}",
                                        count=max(total_rows - row_index, 1),
                                        detail=f"{type(error).__name__}: {error}")
