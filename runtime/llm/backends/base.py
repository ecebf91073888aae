"""The one interface every model backend implements.

A backend turns a batch of requests plus sampling parameters into one `CallResult` per request.
It yields results as they complete (in any order), so the caller can store each in the call
cache at once: a run killed half-way keeps everything that finished.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import ClassVar

from recipec.runtime.llm.types import CallResult, Request, SamplingParams


class Backend(ABC):
    kind: ClassVar[str]

    def __init__(self, model: str, *, revision: str | None = None):
        self.model = model
        self.revision = revision
        self.retries = 0  # transient failures retried so far (servers); read by the caller's stats

    def identity(self) -> dict:
        """What distinguishes this backend's answers in the call cache: kind, model, revision.
        Subclasses add what else changes the text a model sees (a chat template they apply)."""
        return {"kind": self.kind, "model": self.model, "revision": self.revision}

    @abstractmethod
    def generate(self, requests: Sequence[Request],
                 params: SamplingParams) -> Iterator[tuple[int, CallResult]]:
        """Yield (position in `requests`, result) for every request, as each completes."""

    def generate_all(self, requests: Sequence[Request], params: SamplingParams) -> list[CallResult]:
        """All results in request order (for callers that do not cache)."""
        results: list[CallResult | None] = [None] * len(requests)
        for position, result in self.generate(requests, params):
            results[position] = result
        return results  # type: ignore[return-value]

    def close(self) -> None:
        """Release what the backend holds (threads, GPU memory)."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
