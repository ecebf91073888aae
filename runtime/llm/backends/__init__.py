"""Backends by name, built from an `LLMConfig`. Each module imports its heavy library lazily."""
from __future__ import annotations

from recipec.runtime.llm.backends.base import Backend
from recipec.runtime.llm.backends.retry import RetryPolicy
from recipec.runtime.llm.config import LLMConfig
from recipec.runtime.llm.errors import LLMError

# Options that mean something only for some backends; a non-default value elsewhere is a
# mistake worth a message (a plan carries every default, so defaults are not reported).
# A server applies its own chat template, so `chat_template` is for local backends only.
_ONLY_FOR = {
    **dict.fromkeys(["base_url", "api_key_env", "max_concurrency", "timeout", "retries",
                     "initial_backoff", "max_backoff"], {"openai"}),
    **dict.fromkeys(["device", "dtype", "batch_size"], {"transformers"}),
    **dict.fromkeys(["chunk_size", "engine_args", "tensor_parallel"], {"vllm"}),
    "chat_template": {"transformers", "vllm"},
}


def make_backend(config: LLMConfig) -> Backend:
    defaults = LLMConfig(backend=config.backend, model=config.model)
    misplaced = sorted(name for name, backends in _ONLY_FOR.items()
                       if config.backend not in backends
                       and getattr(config, name) != getattr(defaults, name))
    if misplaced:
        raise LLMError(f"option(s) {', '.join(misplaced)} do not apply to backend `{config.backend}`",
                       hint="remove them, or choose the backend they belong to")
    if config.backend == "openai":
        if not config.base_url:
            raise LLMError("backend `openai` needs base_url",
                           hint="e.g. base_url = \"http://127.0.0.1:8000/v1\"")
        from recipec.runtime.llm.backends.openai_compatible import OpenAICompatibleBackend

        retry = RetryPolicy(config.retries, config.initial_backoff, config.max_backoff)
        return OpenAICompatibleBackend(config.model, base_url=config.base_url,
                                       api_key_env=config.api_key_env, revision=config.revision,
                                       concurrency=config.max_concurrency, timeout_s=config.timeout,
                                       retry=retry)
    if config.backend == "transformers":
        from recipec.runtime.llm.backends.transformers_local import TransformersBackend

        return TransformersBackend(config.model, revision=config.revision, device=config.device,
                                   dtype=config.dtype, batch_size=config.batch_size,
                                   chat_template=config.chat_template)
    from recipec.runtime.llm.backends.vllm_offline import VLLMBackend

    engine_args = {"tensor_parallel_size": config.tensor_parallel, **config.engine_args}
    return VLLMBackend(config.model, revision=config.revision, chat_template=config.chat_template,
                       chunk_size=config.chunk_size, engine_args=engine_args)


__all__ = ["Backend", "RetryPolicy", "make_backend"]
