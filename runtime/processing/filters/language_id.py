"""`language_id`: name each document's language (one of the 92) and keep the wanted ones.

The language, the layer that decided it (modeline, file name, shebang, extension, content) and
the confidence go into the document's metadata, where later steps and the report read them.
Reasons: `unknown_language`, `language_not_kept`, `low_confidence`.
"""
from __future__ import annotations

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

BATCH = 64  # documents per identify_batch call (the answers never depend on the batch)


class LanguageIdFilter(BaseFilter):
    name = "🗣 Language ID"

    def __init__(self, keep: list[str] | tuple[str, ...] = (), min_confidence: float = 0.0,
                 use_path: bool = True, keep_unknown: bool = False,
                 exclusion_writer: DiskWriter | None = None):
        super().__init__(exclusion_writer, batch_size=BATCH)
        self.keep = frozenset(keep)
        self.min_confidence = min_confidence
        self.use_path = use_path
        self.keep_unknown = keep_unknown

    def filter(self, doc: Document):
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: list[Document]):
        from recipec.runtime.langid import identify_batch

        paths = [d.metadata.get("path") if self.use_path else None for d in batch]
        guesses = identify_batch([d.text for d in batch], paths)
        return [self._decide(doc, guess) for doc, guess in zip(batch, guesses)]

    def _decide(self, doc: Document, guess):
        doc.metadata["language"] = guess.language
        doc.metadata["language_layer"] = guess.layer.value if hasattr(guess.layer, "value") \
            else str(guess.layer)
        doc.metadata["language_confidence"] = guess.confidence
        self.stat_update(f"language_{guess.language or 'unknown'}")
        if guess.language is None:
            return True if self.keep_unknown else (False, "unknown_language")
        if self.keep and guess.language not in self.keep:
            return False, "language_not_kept"
        if guess.confidence < self.min_confidence:
            return False, "low_confidence"
        return True
