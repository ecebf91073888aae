"""The local transformers backend on the tiny model: chat template, batching with left padding,
sampling parameters, and clear errors. The model's text is noise; the mechanics are checked."""
from __future__ import annotations

import pytest

from recipec.runtime.llm import CachedLLM, LLMConfig, LLMError, Request, SamplingParams, make_backend
from recipec.runtime.llm.chat_template import QWEN25_CHATML, load_chat_template

GREEDY = SamplingParams(temperature=0, max_tokens=12)


@pytest.fixture(scope="module")
def backend(tiny_model):
    from recipec.runtime.llm.backends.transformers_local import TransformersBackend

    return TransformersBackend(str(tiny_model), batch_size=2, device="cpu")


class CountingGenerate:
    """Wraps the real model's generate to count forward batches and their sizes."""

    def __init__(self, model):
        self.model, self.real, self.batches = model, model.generate, []

    def __enter__(self):
        def generate(**inputs):
            self.batches.append(inputs["input_ids"].shape[0])
            return self.real(**inputs)
        self.model.generate = generate
        return self

    def __exit__(self, *exc):
        del self.model.generate  # back to the class's method


def test_chatml_is_attached_to_a_tokenizer_without_template(backend):
    assert backend.chat_template == load_chat_template(QWEN25_CHATML)
    assert backend.render(Request.chat("Sort a list.")) == (
        "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
        "<|im_start|>user\nSort a list.<|im_end|>\n<|im_start|>assistant\n")
    assert backend.render(Request.chat("Hi", system="Be brief.")).startswith(
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>")
    assert backend.render(Request.text("def f(")) == "def f("


def test_chat_turns_end_at_im_end(backend):
    backend.hf_model  # loaded on first use
    im_end = backend.tokenizer.convert_tokens_to_ids("<|im_end|>")
    assert im_end in backend._end_ids and backend.tokenizer.eos_token_id in backend._end_ids


def test_requests_are_batched_by_batch_size(backend):
    requests = [Request.text(f"def f{i}(x):") for i in range(5)]
    with CountingGenerate(backend.hf_model) as counting:
        results = backend.generate_all(requests, GREEDY)
    assert counting.batches == [2, 2, 1]
    assert len(results) == 5 and all(len(r.samples) == 1 for r in results)


def test_left_padding_does_not_change_a_prompts_answer(backend):
    short = Request.text("x = ")
    long = Request.text("import os\nimport sys\n\n\ndef main(argv):\n    return len(argv)\n")
    alone = backend.generate_all([short], GREEDY)[0]
    batched = backend.generate_all([long, short], GREEDY)[1]
    assert batched.samples == alone.samples
    assert batched.prompt_tokens == alone.prompt_tokens == len(backend.tokenizer("x = ")["input_ids"])


def test_token_counts_and_finish_reasons(backend):
    results = backend.generate_all([Request.text("class A:"), Request.chat("hello")],
                                   SamplingParams(temperature=1.0, max_tokens=8, n=3, seed=0))
    for result in results:
        assert len(result.samples) == 3
        assert result.completion_tokens == sum(s.completion_tokens for s in result.samples)
        for sample in result.samples:
            assert 1 <= sample.completion_tokens <= 8
            assert sample.finish_reason in ("stop", "length")
            if sample.finish_reason == "length":
                assert sample.completion_tokens == 8


def test_a_seed_reproduces_samples_and_leaves_the_global_rng_alone(backend):
    import torch

    params = SamplingParams(temperature=1.0, max_tokens=10, n=2, seed=123)
    torch.manual_seed(7)
    expected_next = torch.rand(1)
    torch.manual_seed(7)
    first = backend.generate_all([Request.text("def g():")], params)
    assert torch.rand(1) == expected_next
    assert backend.generate_all([Request.text("def g():")], params) == first
    other = backend.generate_all([Request.text("def g():")], params.replace(seed=124))
    assert other != first


def test_greedy_n_copies_one_decoding(backend):
    result = backend.generate_all([Request.text("for i in")], GREEDY.replace(n=3))[0]
    assert len(result.samples) == 3 and len(set(result.samples)) == 1


def test_a_stop_string_ends_the_sample_and_is_not_kept(backend):
    prompt = Request.text("def main():\n")
    full = backend.generate_all([prompt], GREEDY.replace(max_tokens=24))[0].samples[0].text
    assert len(full) >= 4, f"greedy text too short to cut: {full!r}"
    stop = full[2:4]
    cut = backend.generate_all([prompt], GREEDY.replace(max_tokens=24, stop=(stop,)))[0].samples[0]
    assert cut.text == full[:full.find(stop)]
    assert cut.finish_reason == "stop"


def test_cached_second_run_makes_no_forward_pass(backend, tmp_path):
    from recipec.runtime.llm import CallCache

    requests = [Request.chat(f"task {i}") for i in range(3)]
    first = CachedLLM(backend, CallCache(tmp_path / "c.sqlite")).generate(requests, GREEDY)
    with CountingGenerate(backend.hf_model) as counting:
        again = CachedLLM(backend, CallCache(tmp_path / "c.sqlite"))
        second = again.generate(requests, GREEDY)
    assert counting.batches == [] and again.stats.calls_made == 0
    assert [[c.text for c in a] for a in second] == [[c.text for c in a] for a in first]


def test_an_explicit_chat_template_replaces_the_tokenizers(tiny_model, tmp_path):
    template = tmp_path / "plain.j2"
    template.write_text("{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}assistant:")
    config = LLMConfig(backend="transformers", model=str(tiny_model), chat_template=str(template),
                       device="cpu")
    backend = make_backend(config)
    assert backend.render(Request.chat("hi", system="s")) == "system: s\nuser: hi\nassistant:"
    assert backend.identity()["chat_template"] != make_backend(
        LLMConfig(backend="transformers", model=str(tiny_model))).identity()["chat_template"]


def test_weights_load_only_when_a_call_is_made(tiny_model):
    from recipec.runtime.llm.backends.transformers_local import TransformersBackend

    lazy = TransformersBackend(str(tiny_model), device="cpu")
    assert lazy._hf_model is None and lazy.identity()["kind"] == "transformers"
    lazy.generate_all([Request.text("a")], GREEDY)
    assert lazy._hf_model is not None


@pytest.mark.parametrize("make_path, message", [
    (lambda tmp: tmp / "absent", "model folder `.*absent` does not exist"),
    (lambda tmp: "no-such-org/no-such-model", "is neither a local directory nor in the local HF cache"),
    (lambda tmp: tmp, "has no config.json"),
])
def test_a_missing_model_is_a_one_line_error(tmp_path, make_path, message):
    from recipec.runtime.llm.backends.transformers_local import TransformersBackend

    with pytest.raises(LLMError, match=message) as caught:
        TransformersBackend(str(make_path(tmp_path)))
    assert "\n" not in str(caught.value) and "hint:" in str(caught.value)
