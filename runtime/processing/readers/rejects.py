"""Counting what a reader could not turn into a document.

A malformed row must never stop a build, and it must never vanish either: each one is counted in the
step's datatrove stats as `rejected_<reason>` (plus a `rejected` total), the first few of each reason are
logged with their file and line, and, when the step is given a `rejects_writer`, every rejected row is
written out with its reason so that a person can look at them (`recipec show`).
"""
from __future__ import annotations

import contextlib
from collections import Counter

from datatrove.data import Document
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.writers.disk_base import DiskWriter
from datatrove.utils.logging import logger

# Enough to show what went wrong without flooding the log on a file that is corrupt from end to end.
LOGGED_PER_REASON = 5
# A rejected row is kept for inspection, not for training: a prefix is enough to recognise it.
KEPT_RAW_CHARS = 2000


class RejectTracker:
    """Counts, logs and optionally writes the rows a reader step rejects."""

    def __init__(self, step: PipelineStep, writer: DiskWriter | None = None, stat_prefix: str = "rejected",
                 log: bool = True):
        self.step = step
        self.writer = writer
        # Skipping a vendored file is routine (`log=False`); a malformed row is worth a warning.
        self.stat_prefix = stat_prefix
        self.log = log
        self.logged = Counter()
        self._open_writer = None
        self._rank = 0

    @contextlib.contextmanager
    def session(self, rank: int):
        """Keeps the rejects writer open for the duration of one task."""
        self._rank = rank
        if self.writer is None:
            yield self
            return
        with self.writer as open_writer:
            self._open_writer = open_writer
            try:
                yield self
            finally:
                self._open_writer = None

    def reject(self, reason: str, source: str, location: str, raw: str | bytes | None = None,
               detail: str = "", count: int = 1) -> None:
        """Records `count` rows rejected for `reason` at `source`:`location`."""
        self.step.stat_update(self.stat_prefix, f"{self.stat_prefix}_{reason}", value=count)
        if self.log and self.logged[reason] < LOGGED_PER_REASON:
            self.logged[reason] += 1
            more = " (further ones counted, not logged)" if self.logged[reason] == LOGGED_PER_REASON else ""
            suffix = f": {detail}" if detail else ""
            logger.warning(f"{source}:{location}: skipped {count} row(s), reason `{reason}`{suffix}{more}")
        if self._open_writer is not None:
            if isinstance(raw, bytes):
                raw = raw.decode("utf-8", errors="replace")
            self._open_writer.write(
                Document(
                    text=(raw or "")[:KEPT_RAW_CHARS],
                    id=f"{source}:{location}",
                    metadata={f"{self.stat_prefix}_reason": reason, "reject_detail": detail, "source_file": source,
                              "location": location, "rows": count},
                ),
                self._rank,
            )
