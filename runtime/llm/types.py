"""Values that cross the backend interface: requests, sampling parameters and completions.

Plain frozen dataclasses rather than pydantic models: a fully cached step of 10k calls must
re-run in under a second, and these are built and hashed once per call.
"""
from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Literal

from recipec.runtime.llm.errors import LLMError

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True)
class Message:
    role: Role
    content: str


@dataclass(frozen=True)
class Request:
    """One prompt: raw text (completion endpoints) or chat messages (chat templates apply)."""

    prompt: str | None = None
    messages: tuple[Message, ...] | None = None

    def __post_init__(self) -> None:
        if (self.prompt is None) == (self.messages is None):
            raise ValueError("a Request has exactly one of `prompt` or `messages`")

    @classmethod
    def text(cls, prompt: str) -> Request:
        return cls(prompt=prompt)

    @classmethod
    def chat(cls, user: str, *, system: str | None = None) -> Request:
        turns = ((Message("system", system),) if system is not None else ()) + (Message("user", user),)
        return cls(messages=turns)

    @property
    def is_chat(self) -> bool:
        return self.messages is not None

    def messages_as_dicts(self) -> list[dict[str, str]]:
        return [{"role": m.role, "content": m.content} for m in self.messages or ()]


@dataclass(frozen=True)
class SamplingParams:
    temperature: float = 1.0
    top_p: float = 1.0
    max_tokens: int = 512
    n: int = 1
    seed: int | None = None
    stop: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problems = []
        if self.temperature < 0:
            problems.append(f"temperature = {self.temperature} is negative")
        if not 0 < self.top_p <= 1:
            problems.append(f"top_p = {self.top_p} is outside (0, 1]")
        if self.max_tokens < 1:
            problems.append(f"max_tokens = {self.max_tokens} is below 1")
        if self.n < 1:
            problems.append(f"n = {self.n} is below 1")
        if problems:
            raise LLMError("invalid sampling parameters: " + "; ".join(problems),
                           hint="temperature >= 0, 0 < top_p <= 1, max_tokens >= 1, n >= 1")
        # Lists from JSON or a recipe become tuples, so params stay hashable.
        object.__setattr__(self, "stop", tuple(self.stop))

    @property
    def greedy(self) -> bool:
        return self.temperature == 0

    def replace(self, **changes) -> SamplingParams:
        return dataclasses.replace(self, **changes)

    def cache_fields(self) -> dict:
        """Everything that shapes one sample. `n` is left out on purpose: sample i of a request
        is the same call whether 2 or 8 samples were asked for, so raising n reuses the cache."""
        return {"temperature": self.temperature, "top_p": self.top_p,
                "max_tokens": self.max_tokens, "stop": list(self.stop)}


def derived_seed(seed: int | None, first_index: int) -> int | None:
    """The seed for a call that produces samples first_index, first_index+1, ... of a request.

    Sample 0 onwards uses the recipe's seed itself; a later call that only adds samples (n was
    raised, or some were lost) must not draw the same random stream again, so it gets a seed
    derived from (seed, first_index)."""
    if seed is None or first_index == 0:
        return seed
    digest = hashlib.sha256(f"{seed}:{first_index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


@dataclass(frozen=True)
class Sample:
    """One generated text as a backend returns it."""

    text: str
    finish_reason: str  # "stop" (end of sequence or a stop string) | "length" | what a server says
    completion_tokens: int | None = None  # None when a server reports only a total for n > 1


@dataclass(frozen=True)
class CallResult:
    """A backend's answer to one request: its samples in order, and the usage it reported."""

    samples: tuple[Sample, ...]
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass(frozen=True)
class Completion:
    """What callers of the LLM layer get back: one sample, with where it came from."""

    text: str
    finish_reason: str
    index: int
    prompt_tokens: int
    completion_tokens: int | None
    cached: bool = field(default=False, compare=False)
