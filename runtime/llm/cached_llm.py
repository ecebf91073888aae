"""The layer every LLM step calls: a backend behind the call cache, with usage counted.

    llm = CachedLLM(make_backend(config), CallCache(workdir / "llm_calls.sqlite"), price=config.price)
    answers = llm.generate([Request.chat(prompt) for prompt in prompts], SamplingParams(n=4, seed=7))

Only samples missing from the cache reach the backend, and each backend result is committed as
soon as it arrives, so a re-run after a crash or after a change elsewhere pays for nothing twice.
Identical requests in one batch are one call. `count_cached` tells a plan how much is done.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from recipec.runtime.llm.backends.base import Backend
from recipec.runtime.llm.cache_key import batch_prefix, call_keys
from recipec.runtime.llm.call_cache import CallCache, StoredSample
from recipec.runtime.llm.config import Price
from recipec.runtime.llm.errors import LLMError
from recipec.runtime.llm.types import CallResult, Completion, Request, SamplingParams, derived_seed
from recipec.runtime.llm.usage import CallStats


class CachedLLM:
    def __init__(self, backend: Backend, cache: CallCache | None = None, *, price: Price | None = None):
        self.backend = backend
        self.cache = cache if cache is not None else CallCache()
        self.price = price
        self.stats = CallStats()

    def keys(self, requests: Sequence[Request], params: SamplingParams) -> list[list[bytes]]:
        prefix = batch_prefix(self.backend.identity(), params)
        return [call_keys(prefix, request, range(params.n)) for request in requests]

    def count_cached(self, requests: Sequence[Request], params: SamplingParams) -> tuple[int, int]:
        """(samples already in the cache, samples asked for), without calling the backend."""
        keys = [key for per_request in self.keys(requests, params) for key in per_request]
        return len(self.cache.get_many(keys)), len(keys)

    def generate(self, requests: Sequence[Request], params: SamplingParams) -> list[list[Completion]]:
        """n completions per request, in request order and sample order."""
        keys = self.keys(requests, params)
        stored = self.cache.get_many([key for per_request in keys for key in per_request])
        answers: list[list[Completion | None]] = [[None] * params.n for _ in requests]
        # Missing samples, grouped by the run of indices they need: (first, count) -> positions.
        # The first position of each distinct request is generated; duplicates copy its answers.
        runs: dict[tuple[int, int], list[int]] = defaultdict(list)
        duplicates: dict[int, int] = {}
        owner_of: dict[bytes, int] = {}
        for position, request_keys in enumerate(keys):
            owner = owner_of.setdefault(request_keys[0], position)
            if owner != position:
                duplicates[position] = owner
                continue
            missing_from = None
            for index, key in enumerate(request_keys):
                value = stored.get(key)
                if value is None:
                    missing_from = index if missing_from is None else missing_from
                    continue
                if missing_from is not None:  # a hole before a stored sample: fill it on its own
                    runs[(missing_from, index - missing_from)].append(position)
                    missing_from = None
                answers[position][index] = self._from_cache(value, index)
            if missing_from is not None:
                runs[(missing_from, params.n - missing_from)].append(position)
        for (first, count), positions in sorted(runs.items()):
            self._generate_run(requests, keys, positions, first, count, params, answers)
        for position, owner in duplicates.items():
            answers[position] = list(answers[owner])
            self.stats.calls_cached += params.n
        return answers  # type: ignore[return-value]

    # -- internals -----------------------------------------------------------------------------

    def _generate_run(self, requests, keys, positions, first, count, params, answers) -> None:
        call_params = params.replace(n=count, seed=derived_seed(params.seed, first))
        retries_before = self.backend.retries
        try:
            for offset, result in self.backend.generate([requests[p] for p in positions], call_params):
                position = positions[offset]
                if len(result.samples) != count:
                    raise LLMError(f"backend `{self.backend.kind}` returned {len(result.samples)} "
                                   f"samples where {count} were asked for",
                                   hint="the server may ignore `n`; report this with the server's name")
                rows = list(_to_rows(result, keys[position], first))
                self.cache.put_many(rows)  # committed now: a crash after this keeps the answers
                for index, (_, stored) in zip(range(first, first + count), rows):
                    answers[position][index] = _completion(stored, index, cached=False)
                self.stats.backend_requests += 1
                self.stats.calls_made += count
                self.stats.prompt_tokens += result.prompt_tokens
                self.stats.completion_tokens += result.completion_tokens
        finally:
            self.stats.retries += self.backend.retries - retries_before

    def _from_cache(self, stored: StoredSample, index: int) -> Completion:
        self.stats.calls_cached += 1
        self.stats.cached_prompt_tokens += stored.usage_prompt
        self.stats.cached_completion_tokens += stored.usage_completion
        return _completion(stored, index, cached=True)


def _to_rows(result: CallResult, request_keys: list[bytes], first: int):
    """One stored row per sample, with the sample's share of the call's usage (the prompt counts
    once, on the call's first sample) so that shares add up to what the call cost."""
    for offset, sample in enumerate(result.samples):
        completion_share = sample.completion_tokens
        if completion_share is None:  # a server that reports only a total for n > 1
            completion_share = result.completion_tokens if offset == 0 else 0
        yield request_keys[first + offset], StoredSample(
            sample.text, sample.finish_reason, result.prompt_tokens, sample.completion_tokens,
            result.prompt_tokens if offset == 0 else 0, completion_share)


def _completion(stored: StoredSample, index: int, *, cached: bool) -> Completion:
    return Completion(stored.text, stored.finish_reason, index, stored.prompt_tokens,
                      stored.completion_tokens, cached)
