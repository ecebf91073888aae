"""Data and configuration files kept only at the sizes where they teach something.

StarCoder kept JSON and YAML files of 50 to 5,000 characters: larger ones are mostly data (fixtures,
dumps, translations) and dwarf the code of the language mix. The same holds for XML and CSV. A document is
a data file when its `language` metadata says so or, failing that, when its `path` has such an extension.
"""
from __future__ import annotations

import posixpath

from datatrove.data import Document
from datatrove.pipeline.writers.disk_base import DiskWriter

from recipec.runtime.processing.filters.base import RuleFilter

DATA_LANGUAGES = ("json", "yaml", "xml", "csv")
_EXTENSIONS = {"json": "json", "jsonl": "json", "yaml": "yaml", "yml": "yaml", "xml": "xml", "csv": "csv",
               "tsv": "csv"}


def data_format(doc: Document) -> str | None:
    """The data format of `doc` (json, yaml, xml or csv), or None for anything else."""
    language = doc.metadata.get("language")
    if language in DATA_LANGUAGES:
        return language
    path = doc.metadata.get("path") or ""
    extension = posixpath.splitext(path)[1].lstrip(".").lower()
    return _EXTENSIONS.get(extension)


class DataFileSizeFilter(RuleFilter):
    """Drops data files (`formats`) shorter than `min_chars` or longer than `max_chars` characters.

    Reasons: `data_file_too_large`, `data_file_too_small`. Other documents pass untouched.
    """

    name = "🗃 Data file size"
    rule = "data_file_size"

    def __init__(self, max_chars: int = 5000, min_chars: int = 50,
                 formats: tuple[str, ...] | list[str] = DATA_LANGUAGES,
                 exclusion_writer: DiskWriter | None = None):
        super().__init__(None, exclusion_writer)
        self.max_chars = max_chars
        self.min_chars = min_chars
        self.formats = frozenset(formats)

    def violation(self, doc: Document) -> tuple[str, str] | None:
        kind = data_format(doc)
        if kind not in self.formats:
            return None
        size = len(doc.text)
        if size > self.max_chars:
            return "data_file_too_large", f"{kind} file of {size} chars > {self.max_chars}"
        if size < self.min_chars:
            return "data_file_too_small", f"{kind} file of {size} chars < {self.min_chars}"
        return None
