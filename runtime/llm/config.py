"""How a recipe describes a model: which backend, which model, its limits and its price.

Field names are those of the recipe language's `llm` block (compiler/schema/kinds/synthesis.py),
so a step builds this straight from its plan parameters: `LLMConfig.model_validate(params["llm"])`.
A few runtime-only knobs (revision, device, dtype, vLLM engine arguments) have defaults. Secrets
never appear here: `api_key_env` is the *name* of an environment variable.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from recipec.runtime.llm.types import SamplingParams


class Price(BaseModel):
    """US dollars per million tokens; a step's report multiplies its usage by these."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    input: float = Field(ge=0)
    output: float = Field(ge=0)

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.input + completion_tokens * self.output) / 1e6


class Sampling(BaseModel):
    """The recipe's `sampling` object; `seed = None` means "the build seed" (the step's call)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    temperature: float = Field(default=0.7, ge=0)
    top_p: float = Field(default=0.95, gt=0, le=1)
    max_tokens: int = Field(default=1024, ge=1)
    n: int = Field(default=1, ge=1)
    seed: int | None = None
    stop: tuple[str, ...] = ()

    def params(self, default_seed: int | None = None, **overrides) -> SamplingParams:
        values = {**self.model_dump(), **overrides}
        if values["seed"] is None:
            values["seed"] = default_seed
        return SamplingParams(**values)


class LLMConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    backend: Literal["transformers", "openai", "vllm"]
    model: str
    base_url: str | None = None           # openai
    api_key_env: str | None = None        # openai: the variable's name, never the key
    chat_template: str | None = None      # transformers, vllm: stdlib name, path, or template text
    sampling: Sampling = Sampling()
    max_concurrency: int = Field(default=8, ge=1)   # openai: requests in flight
    batch_size: int = Field(default=8, ge=1)        # transformers: prompts per forward pass
    timeout: float = Field(default=120.0, gt=0)     # openai: seconds per request
    retries: int = Field(default=3, ge=0)           # openai: after the first attempt
    tensor_parallel: int = Field(default=1, ge=1)   # vllm: GPUs per model
    price: Price | None = None

    # Runtime-only knobs, not (yet) in the recipe language.
    revision: str | None = None           # enters the cache key: change it when weights change
    device: str = "auto"                  # transformers
    dtype: str = "auto"                   # transformers
    initial_backoff: float = Field(default=1.0, ge=0)   # openai: seconds before the first retry
    max_backoff: float = Field(default=30.0, ge=0)
    chunk_size: int = Field(default=1024, ge=1)     # vllm: prompts handed over per generate call
    engine_args: dict = Field(default_factory=dict)  # vllm: more LLM(...) keyword arguments
