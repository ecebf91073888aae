"""A piece of personal or secret data found in a text, as the detectors report it."""
from __future__ import annotations

from typing import NamedTuple


class Finding(NamedTuple):
    start: int
    end: int
    kind: str  # "email", "ip_address" or "secret"
    detector: str  # which rule found it, e.g. "github_token"
    value: str


def without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Findings sorted by position; of two that overlap, the one starting first (then the longer) wins."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept
