"""The Stack's alphanumeric-fraction rule: code is mostly letters and digits; data dumps and art are not."""
from __future__ import annotations

import re

from datatrove.data import Document
from datatrove.pipeline.writers.disk_base import DiskWriter

from recipec.runtime.processing.filters.base import RuleFilter

# Letters and digits of any script (\w without the underscore), removed in runs so the count is one C call.
_ALPHANUMERIC_RUNS = re.compile(r"[^\W_]+")
_ASCII_ALPHANUMERIC = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


def alphanumeric_fraction(text: str) -> float:
    if not text:
        return 0.0
    # The ASCII part is counted by deleting bytes (~20x faster than the Unicode regex); only the few
    # non-ASCII characters of a source file go through the regex.
    ascii_part = text.encode("ascii", errors="ignore")
    others = len(ascii_part.translate(None, _ASCII_ALPHANUMERIC))
    if len(ascii_part) != len(text):
        others += len(_ALPHANUMERIC_RUNS.sub("", _ASCII_RUNS.sub("", text)))
    return (len(text) - others) / len(text)


class AlphanumericFractionFilter(RuleFilter):
    """Drops a document in which less than `min_fraction` of the characters are letters or digits."""

    name = "🔤 Alphanumeric fraction"
    rule = "alphanumeric_fraction"

    def __init__(self, min_fraction: float = 0.25, languages: list[str] | None = None,
                 exclusion_writer: DiskWriter | None = None):
        super().__init__(languages, exclusion_writer)
        self.min_fraction = min_fraction

    def violation(self, doc: Document) -> str | None:
        fraction = alphanumeric_fraction(doc.text)
        if fraction < self.min_fraction:
            return f"alphanumeric fraction {fraction:.3f} < {self.min_fraction:g}"
        return None
