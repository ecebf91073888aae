""""did you mean ...?" for names the user mistyped."""
from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    candidates = list(candidates)
    lowered = {c.lower(): c for c in candidates}
    if name.lower() in lowered:  # a case slip is the most likely mistake
        return lowered[name.lower()]
    matches = difflib.get_close_matches(name, candidates, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(name: str, candidates: Iterable[str], quote: str = "`") -> str:
    match = closest(name, candidates)
    return f"did you mean {quote}{match}{quote}?" if match else ""
