"""Building backends from the recipe's `llm` block, and the vLLM backend without vLLM."""
from __future__ import annotations

import sys
import types

import pytest

from recipec.runtime.llm import LLMConfig, LLMError, Request, SamplingParams, make_backend
from recipec.runtime.llm.config import Sampling


def test_a_plan_llm_block_validates_as_is():
    """The shape `recipec plan` writes for an `llm` block (every attribute, defaults included)."""
    block = {"backend": "openai", "model": "qwen2.5-coder-32b-instruct",
             "base_url": "http://127.0.0.1:8000/v1", "api_key_env": None, "chat_template": None,
             "sampling": {"temperature": 0.7, "top_p": 0.95, "max_tokens": 1024, "n": 1, "seed": None,
                          "stop": []},
             "max_concurrency": 8, "batch_size": 8, "timeout": 120.0, "retries": 3, "tensor_parallel": 1,
             "price": {"input": 0.5, "output": 1.5}}
    config = LLMConfig.model_validate(block)
    assert config.price.cost(1_000_000, 2_000_000) == pytest.approx(3.5)
    backend = make_backend(config)
    assert (backend.concurrency, backend.timeout_s, backend.retry.max_retries) == (8, 120.0, 3)


def test_sampling_defaults_to_the_build_seed():
    assert Sampling().params(default_seed=1234) == SamplingParams(
        temperature=0.7, top_p=0.95, max_tokens=1024, n=1, seed=1234, stop=())
    assert Sampling(seed=7, stop=["\n"]).params(default_seed=1234).seed == 7
    assert Sampling().params(default_seed=1, n=4).n == 4


@pytest.mark.parametrize("options, message", [
    ({"backend": "openai", "model": "m"}, "backend `openai` needs base_url"),
    ({"backend": "openai", "model": "m", "base_url": "localhost:8000"}, "is not an http\\(s\\) URL"),
    ({"backend": "transformers", "model": "m", "base_url": "http://x/v1"},
     "option\\(s\\) base_url do not apply to backend `transformers`"),
    ({"backend": "openai", "model": "m", "base_url": "http://x/v1", "batch_size": 4, "chat_template": "x"},
     "option\\(s\\) batch_size, chat_template do not apply to backend `openai`"),
])
def test_configuration_mistakes_are_one_line_errors(options, message):
    with pytest.raises(LLMError, match=message) as caught:
        make_backend(LLMConfig(**options))
    assert "\n" not in str(caught.value) and "hint:" in str(caught.value)


def test_vllm_is_needed_only_when_a_call_must_be_made(monkeypatch):
    """A fully cached step re-runs without vLLM (or a GPU); the first real call needs it."""
    monkeypatch.setitem(sys.modules, "vllm", None)  # as on this machine: not installed
    backend = make_backend(LLMConfig(backend="vllm", model="Qwen/Qwen2.5-Coder-7B-Instruct"))
    assert backend.identity()["model"] == "Qwen/Qwen2.5-Coder-7B-Instruct"
    with pytest.raises(LLMError, match="the vllm backend needs the `vllm` package, which is not installed") as caught:
        backend.generate_all([Request.text("x")], SamplingParams())
    assert "hint: pip install 'recipec[vllm]'" in str(caught.value) and "\n" not in str(caught.value)


def test_invalid_sampling_parameters_are_reported_together():
    with pytest.raises(LLMError, match="temperature = -1 is negative; top_p = 0 is outside"):
        SamplingParams(temperature=-1, top_p=0)


def test_importing_the_llm_layer_loads_no_heavy_library():
    import subprocess

    code = ("import sys, recipec.runtime.llm, recipec.stdlib.prompts; "
            "print(sorted(m for m in ('torch', 'transformers', 'openai', 'vllm') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "[]"


class _StandInVLLM(types.ModuleType):
    """A stand-in for the `vllm` module, which cannot be installed here (no CPU build): it
    records what our backend passes through vLLM's documented API and answers in its shapes.
    It checks our mapping only; real vLLM runs where the [vllm] extra is installed."""

    def __init__(self):
        super().__init__("vllm")
        self.calls = []
        stand_in = self

        class SamplingParams:
            def __init__(self, **kwargs):
                self.kwargs = kwargs

        class LLM:
            def __init__(self, **kwargs):
                stand_in.calls.append(("LLM", kwargs))

            def _answer(self, prompts, params):
                n = params.kwargs["n"]
                return [types.SimpleNamespace(
                    prompt_token_ids=[0] * (3 + i),
                    outputs=[types.SimpleNamespace(text=f"{i}.{j}", token_ids=[1] * (j + 1),
                                                   finish_reason="length" if j else "stop")
                             for j in range(n)]) for i, _ in enumerate(prompts)]

            def generate(self, prompts, params, use_tqdm=True):
                stand_in.calls.append(("generate", prompts, params.kwargs, use_tqdm))
                return self._answer(prompts, params)

            def chat(self, conversations, params, use_tqdm=True, chat_template=None,
                     add_generation_prompt=True):
                stand_in.calls.append(("chat", conversations, params.kwargs, chat_template,
                                       add_generation_prompt))
                return self._answer(conversations, params)

        self.SamplingParams, self.LLM = SamplingParams, LLM


def test_the_vllm_backend_maps_onto_vllms_documented_api(monkeypatch):
    stand_in = _StandInVLLM()
    monkeypatch.setitem(sys.modules, "vllm", stand_in)
    backend = make_backend(LLMConfig(backend="vllm", model="Qwen/Qwen2.5-Coder-7B-Instruct",
                                     tensor_parallel=2, chat_template="qwen2_5_chatml", chunk_size=2))
    params = SamplingParams(temperature=0.2, top_p=0.9, max_tokens=64, n=2, seed=11, stop=("```",))
    requests = [Request.text("def f("), Request.chat("Sort."), Request.text("x =")]
    results = backend.generate_all(requests, params)
    assert stand_in.calls[0] == ("LLM", {"model": "Qwen/Qwen2.5-Coder-7B-Instruct", "revision": None,
                                         "tensor_parallel_size": 2})
    expected = {"n": 2, "temperature": 0.2, "top_p": 0.9, "max_tokens": 64, "seed": 11, "stop": ["```"]}
    generate, chat, last = stand_in.calls[1:]
    assert generate == ("generate", ["def f("], expected, False)
    assert chat[:3] == ("chat", [[{"role": "user", "content": "Sort."}]], expected)
    assert chat[3].startswith("{%- if tools %}") and chat[4] is True
    assert last[1] == ["x ="]  # second chunk of chunk_size 2
    assert [s.text for s in results[1].samples] == ["0.0", "0.1"]
    assert results[0].samples[1].finish_reason == "length" and results[0].samples[1].completion_tokens == 2
    assert results[0].prompt_tokens == 3 and results[0].completion_tokens == 3
