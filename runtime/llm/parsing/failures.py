"""Parse outcomes and their counts by reason, for a step's report.

Parsers never raise on a model's output: they return `Parsed(value)` or `Parsed.fail(reason)`,
and a `ParseFailures` counts them, like datatrove's `dropped_<reason>` counters.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

# Reasons, stable strings: reports and tests use them.
NO_CODE_BLOCK = "no_code_block"
UNTERMINATED_CODE_BLOCK = "unterminated_code_block"
WRONG_LANGUAGE = "wrong_language"
EMPTY_CODE_BLOCK = "empty_code_block"
NO_JSON = "no_json"
INVALID_JSON = "invalid_json"
MISSING_SCORE = "missing_score"
NOT_AN_INTEGER = "not_an_integer"
SCORE_OUT_OF_RANGE = "score_out_of_range"
EMPTY_TEXT = "empty_text"


@dataclass(frozen=True)
class Parsed(Generic[T]):
    value: T | None
    failure: str | None = None
    detail: str = ""  # which item, which language: for logs, not for counting

    @property
    def ok(self) -> bool:
        return self.failure is None

    @classmethod
    def fail(cls, reason: str, detail: str = "") -> Parsed:
        return cls(None, reason, detail)


class ParseFailures:
    def __init__(self) -> None:
        self.parsed = 0
        self.by_reason: Counter[str] = Counter()

    def record(self, outcome: Parsed[T]) -> Parsed[T]:
        """Count `outcome` and hand it back, so that parsing and counting read as one call."""
        if outcome.ok:
            self.parsed += 1
        else:
            self.by_reason[outcome.failure] += 1
        return outcome

    @property
    def failed(self) -> int:
        return sum(self.by_reason.values())

    def __add__(self, other: ParseFailures) -> ParseFailures:
        merged = ParseFailures()
        merged.parsed = self.parsed + other.parsed
        merged.by_reason = self.by_reason + other.by_reason
        return merged

    def to_dict(self) -> dict:
        return {"parsed": self.parsed, "failed": self.failed, "by_reason": dict(sorted(self.by_reason.items()))}
