"""CachedLLM over a scripted backend: what reaches the backend, what is read back, what is counted.

The backend here is a stand-in written for these tests (answers are `prompt|seed|i`), so that
every assertion can name the exact calls; the real backends have their own test files.
"""
from __future__ import annotations

import pytest

from recipec.runtime.llm import (Backend, CachedLLM, CallCache, CallResult, LLMError, Price, Request,
                                 Sample, SamplingParams)


class ScriptedBackend(Backend):
    kind = "scripted"

    def __init__(self, model="m", *, fail_after: int | None = None, samples_short=False):
        super().__init__(model)
        self.calls: list[tuple[str, int, int | None]] = []  # (prompt, n, seed) per request
        self.fail_after = fail_after
        self.samples_short = samples_short

    def generate(self, requests, params):
        for position, request in enumerate(requests):
            if self.fail_after is not None and len(self.calls) >= self.fail_after:
                raise LLMError("scripted failure")
            text = request.prompt if request.prompt is not None else request.messages[-1].content
            self.calls.append((text, params.n, params.seed))
            count = params.n - 1 if self.samples_short else params.n
            samples = tuple(Sample(f"{text}|{params.seed}|{i}", "stop", 3) for i in range(count))
            yield position, CallResult(samples, prompt_tokens=10, completion_tokens=3 * count)


PARAMS = SamplingParams(temperature=0.7, max_tokens=16, n=2, seed=5)


def prompts(k):
    return [Request.text(f"p{i}") for i in range(k)]


def test_second_run_makes_zero_calls_and_returns_the_same_answers(tmp_path):
    backend = ScriptedBackend()
    first = CachedLLM(backend, CallCache(tmp_path / "calls.sqlite")).generate(prompts(5), PARAMS)
    assert len(backend.calls) == 5
    again = CachedLLM(backend, CallCache(tmp_path / "calls.sqlite"))
    second = again.generate(prompts(5), PARAMS)
    assert len(backend.calls) == 5  # nothing new reached the backend
    assert second == first
    assert all(c.cached for answers in second for c in answers)
    assert again.stats.calls_made == 0 and again.stats.calls_cached == 10
    assert again.stats.cached_prompt_tokens == 50 and again.stats.cached_completion_tokens == 30


def test_answers_are_in_request_and_sample_order():
    answers = CachedLLM(ScriptedBackend()).generate(prompts(3), PARAMS)
    assert [[c.text for c in a] for a in answers] == [[f"p{i}|5|0", f"p{i}|5|1"] for i in range(3)]
    assert [c.index for c in answers[0]] == [0, 1]
    assert answers[0][0].prompt_tokens == 10 and answers[0][0].completion_tokens == 3


def test_raising_n_generates_only_the_new_samples_with_a_derived_seed():
    backend = ScriptedBackend()
    llm = CachedLLM(backend)
    llm.generate(prompts(2), PARAMS)
    answers = llm.generate(prompts(2), PARAMS.replace(n=4))
    new_calls = backend.calls[2:]
    assert [(p, n) for p, n, _ in new_calls] == [("p0", 2), ("p1", 2)]
    assert new_calls[0][2] not in (None, 5)  # samples 2-3 do not replay the seed of samples 0-1
    assert [c.cached for c in answers[0]] == [True, True, False, False]
    assert [c.index for c in answers[0]] == [0, 1, 2, 3]


def test_every_part_of_the_key_matters():
    backend = ScriptedBackend()
    llm = CachedLLM(backend)
    llm.generate([Request.text("p")], PARAMS)
    variants = [PARAMS.replace(seed=6), PARAMS.replace(temperature=0.2), PARAMS.replace(top_p=0.5),
                PARAMS.replace(max_tokens=17), PARAMS.replace(stop=("\n",))]
    for params in variants:
        llm.generate([Request.text("p")], params)
    llm.generate([Request.chat("p")], PARAMS)
    llm.generate([Request.chat("p", system="s")], PARAMS)
    assert len(backend.calls) == 1 + len(variants) + 2
    other_model = CachedLLM(ScriptedBackend("other"), llm.cache)
    other_model.generate([Request.text("p")], PARAMS)
    assert other_model.stats.calls_made == 2


def test_identical_requests_in_one_batch_are_one_call():
    backend = ScriptedBackend()
    llm = CachedLLM(backend)
    answers = llm.generate([Request.text("same")] * 4 + [Request.text("other")], PARAMS)
    assert len(backend.calls) == 2
    assert answers[0] == answers[3]
    assert llm.stats.calls_made == 4 and llm.stats.calls_cached == 6


def test_answers_finished_before_a_failure_are_kept(tmp_path):
    failing = ScriptedBackend(fail_after=3)
    with pytest.raises(LLMError):
        CachedLLM(failing, CallCache(tmp_path / "c.sqlite")).generate(prompts(5), PARAMS)
    resumed = ScriptedBackend()
    llm = CachedLLM(resumed, CallCache(tmp_path / "c.sqlite"))
    llm.generate(prompts(5), PARAMS)
    assert [p for p, _, _ in resumed.calls] == ["p3", "p4"]
    assert llm.stats.calls_cached == 6 and llm.stats.calls_made == 4


def test_count_cached_reports_progress_without_calling():
    backend = ScriptedBackend()
    llm = CachedLLM(backend)
    llm.generate(prompts(3), PARAMS)
    assert llm.count_cached(prompts(5), PARAMS) == (6, 10)
    assert len(backend.calls) == 3


def test_cost_is_computed_from_usage_when_priced():
    llm = CachedLLM(ScriptedBackend(), price=Price(input=2.0, output=8.0))
    llm.generate(prompts(4), PARAMS)
    counts = llm.stats.to_dict(llm.price)
    assert counts["prompt_tokens"] == 40 and counts["completion_tokens"] == 24
    assert counts["cost_usd"] == pytest.approx((40 * 2.0 + 24 * 8.0) / 1e6)
    assert counts["saved_cost_usd"] == 0
    assert "cost_usd" not in llm.stats.to_dict()


def test_a_backend_returning_too_few_samples_is_an_error():
    with pytest.raises(LLMError, match="returned 1 samples where 2 were asked for"):
        CachedLLM(ScriptedBackend(samples_short=True)).generate(prompts(1), PARAMS)


def test_stats_add_and_round_trip():
    llm = CachedLLM(ScriptedBackend())
    llm.generate(prompts(2), PARAMS)
    llm.generate(prompts(2), PARAMS)
    total = llm.stats + llm.stats
    assert total.calls_made == 8 and total.calls_cached == 8
    assert type(total).from_dict(total.to_dict(Price(input=1, output=1))) == total


def test_a_step_killed_with_sigkill_resumes_without_paying_twice(tmp_path):
    """A generation loop is killed with SIGKILL mid-run; the re-run makes exactly the calls
    that had not been committed, and returns an answer for every request."""
    import os
    import signal
    import subprocess
    import sys
    import textwrap
    import time

    progress = tmp_path / "made.txt"
    script = textwrap.dedent(f"""
        import time
        from recipec.runtime.llm import Backend, CachedLLM, CallCache, CallResult, Request, Sample, SamplingParams

        class Slow(Backend):
            kind = "scripted"
            def generate(self, requests, params):
                for position, request in enumerate(requests):
                    time.sleep(0.05)
                    yield position, CallResult((Sample(request.prompt.upper(), "stop", 1),), 1, 1)
                    with open({str(progress)!r}, "a") as f:
                        f.write(request.prompt + "\\n")

        llm = CachedLLM(Slow("m"), CallCache({str(tmp_path / "c.sqlite")!r}))
        llm.generate([Request.text(f"p{{i}}") for i in range(400)], SamplingParams(seed=1))
    """)
    process = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not progress.exists() or len(progress.read_text().split()) < 10):
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done_before = set(progress.read_text().split())
    assert 10 <= len(done_before) < 400

    backend = ScriptedBackend()
    llm = CachedLLM(backend, CallCache(tmp_path / "c.sqlite"))
    answers = llm.generate([Request.text(f"p{i}") for i in range(400)], SamplingParams(seed=1))
    made = {prompt for prompt, _, _ in backend.calls}
    assert made.isdisjoint(done_before)  # nothing reported as done is paid for again
    assert len(made) + llm.stats.calls_cached == 400 and llm.stats.calls_cached >= len(done_before)
    assert all(answers[i][0].text == f"P{i}" for i in range(400) if f"p{i}" in done_before)
