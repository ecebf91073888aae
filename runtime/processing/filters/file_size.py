"""`max_file_size`: drop files larger than a number of bytes (UTF-8)."""
from __future__ import annotations

from datatrove.data import Document
from datatrove.pipeline.writers.disk_base import DiskWriter

from recipec.runtime.processing.filters.base import RuleFilter


class MaxFileSizeFilter(RuleFilter):
    """Reason: `max_file_size`."""

    name = "📦 Max file size"
    rule = "max_file_size"

    def __init__(self, max_bytes: int = 1_000_000, languages: list[str] | None = None,
                 exclusion_writer: DiskWriter | None = None):
        super().__init__(languages, exclusion_writer)
        self.max_bytes = max_bytes

    def violation(self, doc: Document) -> str | None:
        # Characters bound bytes from below: only long texts pay for the encoding.
        if len(doc.text) <= self.max_bytes // 4:
            return None
        size = len(doc.text.encode("utf-8", errors="replace"))
        if size > self.max_bytes:
            return f"{size} bytes > {self.max_bytes}"
        return None
