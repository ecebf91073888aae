"""Counts of one step's LLM calls: made vs cached, retries, tokens, and cost when priced.

A "call" is one sample (the unit of the call cache). Stats add up with `+` and round-trip
through dicts, so per-shard stats merge into one report like datatrove's `Stats`.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from recipec.runtime.llm.config import Price


@dataclass
class CallStats:
    calls_made: int = 0            # samples the backend generated in this run
    calls_cached: int = 0          # samples read back from the call cache
    backend_requests: int = 0      # requests handed to the backend (each may ask for n samples)
    retries: int = 0               # transient server failures that were retried
    prompt_tokens: int = 0         # usage of the calls made
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0  # usage the cache saved
    cached_completion_tokens: int = 0

    def __add__(self, other: CallStats) -> CallStats:
        return CallStats(**{f.name: getattr(self, f.name) + getattr(other, f.name)
                            for f in dataclasses.fields(self)})

    def to_dict(self, price: Price | None = None) -> dict:
        counts = dataclasses.asdict(self)
        if price is not None:
            counts["cost_usd"] = round(price.cost(self.prompt_tokens, self.completion_tokens), 6)
            counts["saved_cost_usd"] = round(
                price.cost(self.cached_prompt_tokens, self.cached_completion_tokens), 6)
        return counts

    @classmethod
    def from_dict(cls, counts: dict) -> CallStats:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{name: value for name, value in counts.items() if name in names})
