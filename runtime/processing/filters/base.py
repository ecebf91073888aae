"""What every rule filter of this package shares: a rule name, an optional language scope, and a reason.

A rule measures one thing about a document and says whether it is out of bounds. A dropped document
carries `filter_reason` (the rule, which is also the datatrove stat `dropped_<rule>`) and `filter_detail`
(what was measured, e.g. "longest line 1834 chars > 1000") in its metadata, so that the documents an
`exclusion_writer` receives can be shown with why they were dropped.
"""
from __future__ import annotations

from abc import abstractmethod

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter


class RuleFilter(BaseFilter):
    """A datatrove filter made of one rule.

    Args:
        languages: apply the rule only to documents whose `language` metadata is in this list
            (None: to every document); others pass and are counted as `not_applicable`.
        exclusion_writer: datatrove writer that receives the dropped documents.
    """

    type = "🔻 - FILTER"
    rule: str = ""

    def __init__(self, languages: list[str] | None = None, exclusion_writer: DiskWriter | None = None):
        super().__init__(exclusion_writer)
        self.languages = frozenset(languages) if languages is not None else None

    @abstractmethod
    def violation(self, doc: Document) -> str | tuple[str, str] | None:
        """What is out of bounds in `doc`, or None when it passes.

        A short human-readable detail, dropped under the reason `rule`; or (reason, detail) for a rule
        that has more than one way to fail.
        """

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        if self.languages is not None and doc.metadata.get("language") not in self.languages:
            self.stat_update("not_applicable")
            return True
        found = self.violation(doc)
        if found is None:
            return True
        reason, detail = found if isinstance(found, tuple) else (self.rule, found)
        doc.metadata["filter_reason"] = reason
        doc.metadata["filter_detail"] = detail
        return False, reason
