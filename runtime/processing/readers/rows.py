"""Turning one row of a table-like source (a JSON line, a parquet or Arrow row) into a document, or a counted reject.

datatrove's readers drop a row without text after a single warning for the whole run; here each such row
is counted by reason (`missing_text`, `text_not_string`, `empty_text`), so a wrong `text` field name shows
up in the report as thousands of `rejected_missing_text` instead of an empty output.
"""
from __future__ import annotations

from datatrove.data import Document

from recipec.runtime.processing.readers.rejects import RejectTracker

_MISSING = object()


def text_problem(value) -> str | None:
    """Why `value` cannot be a document's text, or None when it can."""
    if value is _MISSING or value is None:
        return "missing_text"
    if not isinstance(value, str):
        return "text_not_string"
    if not value:
        return "empty_text"
    return None


class CountedRowsMixin:
    """Mixed into a datatrove reader: validates each row and keeps only the configured metadata fields.

    The reader using it sets `self.rejects` (a `RejectTracker`) and `self.metadata_fields` (None keeps
    every remaining field of the row as metadata, as datatrove does; a list keeps only those).
    """

    rejects: RejectTracker
    metadata_fields: list[str] | None

    def row_location(self, id_in_file: int | str) -> str:
        """How a rejected row is located in messages."""
        return f"row {id_in_file}"

    def get_document_from_dict(self, data: dict, source_file: str, id_in_file: int | str) -> Document | None:
        location = self.row_location(id_in_file)
        uses_default_adapter = self.adapter == self._default_adapter
        if uses_default_adapter:
            problem = text_problem(data.get(self.text_key, _MISSING))
            if problem:
                self.rejects.reject(problem, source_file, location, raw=str(data),
                                    detail=f"field `{self.text_key}`; fields present: {sorted(data)[:12]}")
                return None
        if self.metadata_fields is not None:
            keep = {self.text_key, self.id_key, "metadata", *self.metadata_fields}
            data = {key: value for key, value in data.items() if key in keep}
        document = super().get_document_from_dict(data, source_file, id_in_file)
        if document is None:
            # Only a custom adapter gets here: it returned no usable text.
            self.rejects.reject("missing_text", source_file, location, raw=str(data), detail="adapter gave no text")
            return None
        if not isinstance(document.id, str):
            document.id = str(document.id)
        return document
