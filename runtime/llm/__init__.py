"""The layer under recipec's LLM steps: backends, call cache, prompt templates, output parsing.

    from recipec.runtime.llm import CachedLLM, CallCache, LLMConfig, PromptTemplate, Request, SamplingParams, make_backend

    config = LLMConfig(backend="openai", model="Qwen/Qwen2.5-Coder-7B-Instruct",
                       base_url="http://127.0.0.1:8000/v1")
    llm = CachedLLM(make_backend(config), CallCache(workdir / "llm_calls.sqlite"), price=config.price)
    template = PromptTemplate.load("instruction_from_snippet")
    prompts = [Request.chat(template.render(language="python", snippet=s)) for s in snippets]
    answers = llm.generate(prompts, SamplingParams(temperature=0.7, max_tokens=512, n=2, seed=1234))

Importing this package loads neither torch, transformers, openai nor vllm: each backend
imports its library when it is built.
"""
from recipec.runtime.llm.backends import Backend, RetryPolicy, make_backend
from recipec.runtime.llm.cached_llm import CachedLLM
from recipec.runtime.llm.call_cache import CallCache
from recipec.runtime.llm.config import LLMConfig, Price
from recipec.runtime.llm.errors import LLMError
from recipec.runtime.llm.prompts import PromptTemplate
from recipec.runtime.llm.types import CallResult, Completion, Message, Request, Sample, SamplingParams
from recipec.runtime.llm.usage import CallStats

__all__ = ["Backend", "CachedLLM", "CallCache", "CallResult", "CallStats", "Completion", "LLMConfig",
           "LLMError", "Message", "PromptTemplate", "Price", "Request", "RetryPolicy", "Sample",
           "SamplingParams", "make_backend"]
