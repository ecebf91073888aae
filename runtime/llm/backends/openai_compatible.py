"""Any OpenAI-compatible HTTP server: `vllm serve`, `transformers serve`, a hosted endpoint.

Chat requests go to /chat/completions (the server applies its chat template), text prompts to
/completions. The API key is read from an environment variable whose *name* the recipe gives,
so a key never sits in recipe text or in the plan. Requests run on a thread pool bounded by
`concurrency`; transient failures are retried with exponential backoff (retry.py).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed

from recipec.runtime.llm.backends.base import Backend
from recipec.runtime.llm.backends.retry import RetryPolicy, call_with_retries
from recipec.runtime.llm.errors import LLMError
from recipec.runtime.llm.types import CallResult, Request, Sample, SamplingParams, derived_seed

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TRANSIENT_STATUS = {408, 409, 429}


def read_api_key(api_key_env: str | None) -> str:
    """The key from the environment variable named `api_key_env`; local servers need none."""
    if api_key_env is None:
        return "EMPTY"  # the client insists on a string; vllm/transformers serve ignore it
    if not _ENV_NAME.match(api_key_env):
        raise LLMError("api_key_env must be the *name* of an environment variable, not a key",
                       hint="write e.g. api_key_env = \"OPENAI_API_KEY\" and export the key there")
    key = os.environ.get(api_key_env)
    if not key:
        raise LLMError(f"environment variable {api_key_env} (named by api_key_env) is not set",
                       hint=f"export {api_key_env}=<your key> before the build")
    return key


class OpenAICompatibleBackend(Backend):
    kind = "openai"

    def __init__(self, model: str, *, base_url: str, api_key_env: str | None = None,
                 revision: str | None = None, concurrency: int = 8, timeout_s: float = 60.0,
                 retry: RetryPolicy = RetryPolicy()):
        super().__init__(model, revision=revision)
        if not base_url.startswith(("http://", "https://")):
            raise LLMError(f"base_url `{base_url}` is not an http(s) URL",
                           hint="write e.g. base_url = \"http://127.0.0.1:8000/v1\"")
        if concurrency < 1:
            raise LLMError(f"concurrency = {concurrency} is below 1", hint="use 1 or more")
        import openai  # lazily: only recipes that use a server pay for the import

        self._openai = openai
        self.base_url = base_url.rstrip("/")
        self.concurrency = concurrency
        self.timeout_s = timeout_s
        self.retry = retry
        self.api_key_env = api_key_env
        # The client's own retries are off: ours count them and word the final error.
        self._client = openai.OpenAI(base_url=self.base_url, api_key=read_api_key(api_key_env),
                                     timeout=timeout_s, max_retries=0)

    def generate(self, requests: Sequence[Request],
                 params: SamplingParams) -> Iterator[tuple[int, CallResult]]:
        pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="llm-http")
        try:
            pending: dict[Future, int] = {
                pool.submit(self._call_with_retries, request, params): position
                for position, request in enumerate(requests)}
            for future in as_completed(pending):
                yield pending[future], future.result()  # re-raises the first LLMError
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        self._client.close()

    # -- one request ---------------------------------------------------------------------------

    def _call_with_retries(self, request: Request, params: SamplingParams) -> CallResult:
        """Ask for n samples; servers that ignore `n` (transformers serve does) are asked again
        for the rest, each time with a seed derived from the first missing sample's index."""
        samples: list[Sample] = []
        prompt_tokens = completion_tokens = 0
        while len(samples) < params.n:
            wanted = params.replace(n=params.n - len(samples),
                                    seed=derived_seed(params.seed, len(samples)))
            attempts = [1]

            def count_retry(exc: BaseException, retry_number: int) -> None:
                attempts[0] += 1
                self.retries += 1  # an int += under the GIL is good enough for a statistic

            try:
                response = call_with_retries(lambda: self._send(request, wanted), policy=self.retry,
                                             is_transient=self._is_transient, on_retry=count_retry)
            except self._openai.OpenAIError as exc:
                raise self._explain(exc, attempts[0]) from None
            choices = sorted(response.choices, key=lambda choice: choice.index)[:wanted.n]
            if not choices:
                raise LLMError(f"the server at {self.base_url} answered with no choices",
                               hint="check the server's log")
            usage = response.usage
            call_completion_tokens = getattr(usage, "completion_tokens", None)
            for choice in choices:
                text = choice.message.content if request.is_chat else choice.text
                # Per-sample token counts are known only when the call made one sample.
                per_sample = call_completion_tokens if len(choices) == 1 else None
                samples.append(Sample(text or "", choice.finish_reason or "stop", per_sample))
            prompt_tokens = prompt_tokens or (getattr(usage, "prompt_tokens", 0) or 0)
            completion_tokens += call_completion_tokens or 0
        return CallResult(tuple(samples), prompt_tokens, completion_tokens)

    def _send(self, request: Request, params: SamplingParams):
        options: dict = {"model": self.model, "temperature": params.temperature,
                         "top_p": params.top_p, "max_tokens": params.max_tokens}
        if params.n > 1:
            options["n"] = params.n
        if params.seed is not None:
            options["seed"] = params.seed
        if params.stop:
            options["stop"] = list(params.stop)
        if request.is_chat:
            return self._client.chat.completions.create(messages=request.messages_as_dicts(), **options)
        return self._client.completions.create(prompt=request.prompt, **options)

    def _is_transient(self, exc: BaseException) -> bool:
        if isinstance(exc, self._openai.APIConnectionError):  # includes APITimeoutError
            return True
        if isinstance(exc, self._openai.APIStatusError):
            return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= 500
        return False

    # -- errors a user can act on --------------------------------------------------------------

    def _explain(self, exc: Exception, attempts: int) -> LLMError:
        openai = self._openai
        where = f"OpenAI-compatible server {self.base_url}"
        tries = f"after {attempts} attempt{'s' if attempts > 1 else ''}"
        if isinstance(exc, openai.APITimeoutError):
            return LLMError(f"no answer within {self.timeout_s:g} s ({tries})", where=where,
                            hint="raise timeout, lower max_concurrency or max_tokens, or check the server's load")
        if isinstance(exc, openai.APIConnectionError):
            cause = exc.__cause__ or exc.__context__
            reason = f": {_short(cause)}" if cause else ""
            return LLMError(f"cannot reach the server ({tries}){reason}", where=where,
                            hint="start the server, or fix base_url (it usually ends in /v1)")
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            source = f"${self.api_key_env}" if self.api_key_env else "no key (api_key_env unset)"
            return LLMError(f"the server refused the API key from {source} (HTTP {exc.status_code})",
                            where=where, hint="check the key, or set api_key_env to the right variable")
        if isinstance(exc, openai.APIStatusError) and exc.status_code in (400, 404, 422):
            # Servers word "no such model" differently (404, or 400 from a pinned server); ask.
            served = self._served_models()
            if served is not None and self.model not in served:
                listing = ", ".join(f"`{name}`" for name in served[:10]) or "nothing"
                return LLMError(f"model `{self.model}` is not served here; it serves {listing}",
                                where=where, hint="set model to a served one, or load the model on the server")
        if isinstance(exc, openai.NotFoundError):
            return LLMError(f"HTTP 404 for model `{self.model}`: {_server_message(exc)}", where=where,
                            hint="check base_url (it usually ends in /v1) and the model name")
        if isinstance(exc, openai.RateLimitError):
            return LLMError(f"still rate-limited ({tries})", where=where,
                            hint="lower max_concurrency, or raise retries")
        if isinstance(exc, openai.APIStatusError):
            return LLMError(f"HTTP {exc.status_code} ({tries}): {_server_message(exc)}",
                            where=where, hint="check the sampling parameters and the server's log")
        return LLMError(f"request failed ({tries}): {_short(exc)}", where=where, hint="check the server's log")

    def _served_models(self) -> list[str] | None:
        try:
            return [model.id for model in self._client.models.list()]
        except Exception:  # noqa: BLE001 - only a better message is at stake
            return None


def _server_message(exc: Exception) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        detail = body.get("message") or body.get("detail") or body.get("error")
        if isinstance(detail, dict):
            detail = detail.get("message")
        if detail:
            return _short(detail)
    return _short(getattr(exc, "message", exc))


def _short(value: object, limit: int = 200) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
