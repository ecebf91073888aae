"""Line-length rules of The Stack / StarCoder: no line over 1000 characters, lines of 100 on average.

Both catch what the readers' name rules miss: minified or machine-written code, embedded data tables,
and text files with one paragraph per line.
"""
from __future__ import annotations

from datatrove.data import Document
from datatrove.pipeline.writers.disk_base import DiskWriter

from recipec.runtime.processing.filters.base import RuleFilter


class MaxLineLengthFilter(RuleFilter):
    """Drops a document with any line longer than `max_chars` characters."""

    name = "📏 Max line length"
    rule = "max_line_length"

    def __init__(self, max_chars: int = 1000, languages: list[str] | None = None,
                 exclusion_writer: DiskWriter | None = None):
        super().__init__(languages, exclusion_writer)
        self.max_chars = max_chars

    def violation(self, doc: Document) -> str | None:
        longest = max(map(len, doc.text.splitlines()), default=0)
        if longest > self.max_chars:
            return f"longest line {longest} chars > {self.max_chars}"
        return None


class AverageLineLengthFilter(RuleFilter):
    """Drops a document whose lines are longer than `max_average` characters on average."""

    name = "📏 Average line length"
    rule = "avg_line_length"

    def __init__(self, max_average: float = 100, languages: list[str] | None = None,
                 exclusion_writer: DiskWriter | None = None):
        super().__init__(languages, exclusion_writer)
        self.max_average = max_average

    def violation(self, doc: Document) -> str | None:
        lines = doc.text.splitlines()
        if not lines:
            return None
        average = sum(map(len, lines)) / len(lines)
        if average > self.max_average:
            return f"average line {average:.1f} chars > {self.max_average:g}"
        return None
