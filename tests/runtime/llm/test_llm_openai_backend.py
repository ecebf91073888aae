"""The OpenAI-compatible backend against real servers on 127.0.0.1: `transformers serve` with
the tiny model, behind a proxy that injects failures and delays and records the wire."""
from __future__ import annotations

import time

import pytest

from recipec.runtime.llm import (CachedLLM, CallCache, LLMConfig, LLMError, Request, RetryPolicy,
                                 SamplingParams, make_backend)
from recipec.runtime.llm.backends.openai_compatible import OpenAICompatibleBackend

from llm_test_servers import free_port

PARAMS = SamplingParams(temperature=0, max_tokens=6, seed=3)
FAST_RETRY = RetryPolicy(max_retries=3, initial_backoff_s=0.05, max_backoff_s=0.2, jitter=0)


def backend_for(server, **options) -> OpenAICompatibleBackend:
    options.setdefault("retry", FAST_RETRY)
    return OpenAICompatibleBackend(server.model if hasattr(server, "model") else options.pop("model"),
                                   base_url=server.base_url, **options)


def test_chat_and_text_requests_reach_their_endpoints(transformers_server, proxy):
    backend = OpenAICompatibleBackend(transformers_server.model, base_url=proxy.base_url, retry=FAST_RETRY)
    chat, text = backend.generate_all([Request.chat("Sort a list.", system="Be brief."),
                                       Request.text("def f(")], PARAMS.replace(stop=("\n\n",)))
    sent = {r["path"]: r["json"] for r in proxy.completions_requests()}
    assert sent["chat/completions"]["messages"] == [{"role": "system", "content": "Be brief."},
                                                    {"role": "user", "content": "Sort a list."}]
    assert sent["completions"]["prompt"] == "def f("
    for body in sent.values():
        assert (body["max_tokens"], body["seed"], body["temperature"], body["stop"]) == (6, 3, 0, ["\n\n"])
        assert body["model"] == transformers_server.model
    for result in (chat, text):
        assert len(result.samples) == 1 and result.prompt_tokens > 0
        assert result.samples[0].completion_tokens == result.completion_tokens <= 6
    assert text.prompt_tokens < chat.prompt_tokens  # the chat template wraps the message


def test_servers_that_ignore_n_are_asked_again_for_the_rest(transformers_server, proxy):
    """transformers serve answers one choice whatever `n` says; the backend fills the rest."""
    backend = OpenAICompatibleBackend(transformers_server.model, base_url=proxy.base_url, retry=FAST_RETRY)
    result = backend.generate_all([Request.text("x =")], PARAMS.replace(n=3))[0]
    assert len(result.samples) == 3
    bodies = [r["json"] for r in proxy.completions_requests()]
    assert [b.get("n") for b in bodies] == [3, 2, None]
    assert len({b["seed"] for b in bodies}) == 3  # each top-up draws its own random stream


def test_cached_rerun_sends_nothing(transformers_server, proxy, tmp_path):
    backend = OpenAICompatibleBackend(transformers_server.model, base_url=proxy.base_url, retry=FAST_RETRY)
    requests = [Request.chat(f"Write function number {i}.") for i in range(6)]
    first = CachedLLM(backend, CallCache(tmp_path / "c.sqlite")).generate(requests, PARAMS)
    assert len(proxy.completions_requests()) == 6
    again = CachedLLM(backend, CallCache(tmp_path / "c.sqlite"))
    second = again.generate(requests, PARAMS)
    assert len(proxy.completions_requests()) == 6
    assert again.stats.calls_made == 0 and again.stats.calls_cached == 6
    assert [a[0].text for a in second] == [a[0].text for a in first]


def test_concurrency_is_bounded(transformers_server, proxy):
    proxy.faults.latency_s = 0.3
    backend = OpenAICompatibleBackend(transformers_server.model, base_url=proxy.base_url,
                                      concurrency=3, retry=FAST_RETRY)
    backend.generate_all([Request.text(f"a{i}") for i in range(9)], PARAMS)
    assert proxy.max_in_flight == 3


def test_transient_failures_are_retried_with_backoff(transformers_server, proxy):
    proxy.faults.fail = [503, 429, 500]
    backend = OpenAICompatibleBackend(transformers_server.model, base_url=proxy.base_url, retry=FAST_RETRY)
    llm = CachedLLM(backend)
    started = time.monotonic()
    answers = llm.generate([Request.text("def")], PARAMS)
    assert len(answers[0]) == 1 and llm.stats.retries == 3
    assert len(proxy.completions_requests()) == 4
    assert time.monotonic() - started >= 0.05 + 0.1 + 0.2  # 0.05 s doubling, capped at 0.2 s


def test_retries_run_out_with_a_clear_error(transformers_server, proxy):
    proxy.faults.fail = [503] * 4
    backend = OpenAICompatibleBackend(transformers_server.model, base_url=proxy.base_url, retry=FAST_RETRY)
    with pytest.raises(LLMError, match=r"HTTP 503 .*injected 503") as caught:
        backend.generate_all([Request.text("def")], PARAMS)
    assert str(caught.value).startswith(f"OpenAI-compatible server {proxy.base_url}: ")


def test_client_errors_are_not_retried(transformers_server, proxy):
    proxy.faults.fail = [400]
    backend = OpenAICompatibleBackend(transformers_server.model, base_url=proxy.base_url, retry=FAST_RETRY)
    with pytest.raises(LLMError, match=r"HTTP 400 \(after 1 attempt\): injected 400"):
        backend.generate_all([Request.text("def")], PARAMS)
    assert len(proxy.completions_requests()) == 1


def test_a_timeout_is_retried_then_reported(transformers_server, proxy):
    proxy.faults.delay_s = [2.0]
    backend = OpenAICompatibleBackend(transformers_server.model, base_url=proxy.base_url,
                                      timeout_s=0.5, retry=FAST_RETRY)
    assert len(backend.generate_all([Request.text("def")], PARAMS)[0].samples) == 1
    assert backend.retries == 1
    proxy.faults.delay_s = [2.0] * 4
    with pytest.raises(LLMError, match=r"no answer within 0.5 s \(after 4 attempts\)"):
        backend.generate_all([Request.text("def")], PARAMS)


def test_an_unreachable_server_is_a_one_line_error():
    url = f"http://127.0.0.1:{free_port()}/v1"
    backend = OpenAICompatibleBackend("m", base_url=url, retry=FAST_RETRY)
    with pytest.raises(LLMError) as caught:
        backend.generate_all([Request.text("x")], PARAMS)
    message = str(caught.value)
    assert message.startswith(f"OpenAI-compatible server {url}: cannot reach the server (after 4 attempts)")
    assert "hint: start the server, or fix base_url" in message and "\n" not in message
    assert backend.retries == 3


def test_a_model_the_server_does_not_serve(transformers_server, proxy):
    backend = OpenAICompatibleBackend("no/such-model", base_url=proxy.base_url, retry=FAST_RETRY)
    with pytest.raises(LLMError, match=rf"model `no/such-model` is not served here; it serves `{transformers_server.model}`"):
        backend.generate_all([Request.chat("x")], PARAMS)


def test_the_key_comes_from_the_named_environment_variable(transformers_server, proxy, monkeypatch):
    monkeypatch.setenv("RECIPEC_TEST_KEY", "sk-test-123")
    config = LLMConfig(backend="openai", model=transformers_server.model, base_url=proxy.base_url,
                       api_key_env="RECIPEC_TEST_KEY", retries=0)
    make_backend(config).generate_all([Request.text("x")], PARAMS)
    assert proxy.completions_requests()[0]["headers"]["authorization"] == "Bearer sk-test-123"


def test_a_missing_or_misused_key_variable_is_an_error(monkeypatch):
    monkeypatch.delenv("RECIPEC_UNSET_KEY", raising=False)
    with pytest.raises(LLMError, match="environment variable RECIPEC_UNSET_KEY .* is not set"):
        make_backend(LLMConfig(backend="openai", model="m", base_url="http://127.0.0.1:1/v1",
                               api_key_env="RECIPEC_UNSET_KEY"))
    with pytest.raises(LLMError, match="must be the \\*name\\* of an environment variable"):
        make_backend(LLMConfig(backend="openai", model="m", base_url="http://127.0.0.1:1/v1",
                               api_key_env="sk-abc-123"))
