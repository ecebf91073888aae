"""Manifest counts from datatrove's merged stats: documents in and out, and every drop, reject
and skip reason, so the report never counts again."""
from __future__ import annotations

from collections import Counter

REASON_PREFIXES = ("dropped_", "rejected_", "skipped_")


def _number(value) -> int:
    if isinstance(value, dict):
        return int(value.get("total", 0))
    return int(value or 0)


def counts_from(stages: dict[str, dict], output_stage: str | None = None) -> dict:
    """`docs_in` from the first stage's readers, `docs_out` from the last stage's writer."""
    names = list(stages)
    if not names:
        return {"docs_in": 0, "docs_out": 0, "reasons": {}}
    last = stages[output_stage or names[-1]]
    # The first stage that reads documents (an index-building stage may come before it).
    docs_in = next((total for stage in stages.values()
                    if (total := sum(_number(e["stats"].get("documents", 0))
                                     for n, e in stage.items() if "READER" in n))), 0)
    docs_out = sum(_number(e["stats"].get("total", 0)) for n, e in last.items() if "WRITER" in n)
    reasons: Counter = Counter()
    for stage in stages.values():
        for entry in stage.values():
            for key, value in entry["stats"].items():
                if key.startswith(REASON_PREFIXES):
                    reasons[key] += _number(value)
    if not docs_in:  # readers of raw data count what they could not read as reasons instead
        docs_in = docs_out + sum(v for k, v in reasons.items() if k.startswith(("rejected_",
                                                                                  "skipped_")))
    return {"docs_in": docs_in, "docs_out": docs_out, "reasons": dict(sorted(reasons.items()))}
