"""LLM layer benchmark: what our layer (CachedLLM + backend) costs over calling the same backend
directly, and how long a fully cached step of 10k calls takes to re-run.

    .venv/bin/python benchmarks/bench_llm.py [--runs 7]

Model: the tiny Qwen2-architecture model the project builds itself (runtime/llm/tiny_model.py,
random weights; no hub here). Backends that run on this machine:
- transformers: 16 chat prompts, batch_size 8, greedy, 32 new tokens, 1 torch thread. Direct = the same loaded
  model and tokenizer: apply_chat_template, left-padded batches, model.generate, batch_decode.
- openai: 16 chat prompts against `transformers serve` with the same model on 127.0.0.1,
  concurrency 4, 16 new tokens. Direct = the `openai` client on a thread pool of 4.
"Ours" starts each run with an empty on-disk call cache, so every call is made and committed.
vLLM cannot run here (no GPU, no CPU build). Variants are interleaved, in alternating order,
`--runs` times after one warm-up; medians are reported.

Cached re-run: a cache file holding 10k answers (recorded code texts of ~1.2 KB, stored through
the same CachedLLM path), then, per run: open the cache, render 10k prompts from the stdlib
template `instruction_from_snippet`, look every call up (the transformers backend's identity;
its weights are never loaded), and extract the code block of each answer.
Writes benchmarks/results/llm.md.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests" / "runtime" / "llm"))  # the test suite's server helper

from machine import machine_line  # noqa: E402

from recipec.runtime.llm import (CachedLLM, CallCache, CallResult, PromptTemplate, Request,  # noqa: E402
                                 Sample, SamplingParams)
from recipec.runtime.llm.backends.openai_compatible import OpenAICompatibleBackend  # noqa: E402
from recipec.runtime.llm.backends.transformers_local import TransformersBackend  # noqa: E402
from recipec.runtime.llm.chat_template import QWEN25_CHATML, load_chat_template  # noqa: E402
from recipec.runtime.llm.parsing import extract_code  # noqa: E402
from recipec.runtime.llm.tiny_model import TinyModelSpec, build_tiny_model, code_corpus  # noqa: E402

RESULT = ROOT / "benchmarks" / "results" / "llm.md"
TRANSFORMERS_PARAMS = SamplingParams(temperature=0, max_tokens=32)
OPENAI_PARAMS = SamplingParams(temperature=0, max_tokens=16, seed=1)
CACHED_CALLS = 10_000


def chat_prompts(count: int) -> list[Request]:
    return [Request.chat(f"Write a function that returns the {i}th prime number, with tests.")
            for i in range(count)]


# -- transformers ----------------------------------------------------------------------------

def transformers_direct(backend: TransformersBackend, requests, params) -> tuple[int, int]:
    """The same work without our layer: template, pad, generate, decode. (calls, new tokens)"""
    import torch

    tokenizer, model = backend.tokenizer, backend.hf_model
    tokens = 0
    for start in range(0, len(requests), backend.batch_size):
        batch = requests[start:start + backend.batch_size]
        texts = [tokenizer.apply_chat_template(r.messages_as_dicts(), tokenize=False, add_generation_prompt=True)
                 for r in batch]
        encoded = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
        with torch.inference_mode():
            output = model.generate(**encoded, max_new_tokens=params.max_tokens, do_sample=False,
                                    temperature=None, top_p=None, top_k=None,
                                    pad_token_id=tokenizer.pad_token_id, eos_token_id=backend._end_ids)
        new = output[:, encoded["input_ids"].shape[1]:]
        tokenizer.batch_decode(new, skip_special_tokens=True)
        tokens += int((new != tokenizer.pad_token_id).sum())
    return len(requests), tokens


def ours(backend, requests, params, scratch: Path) -> tuple[int, int]:
    cache_path = scratch / f"calls-{time.monotonic_ns()}.sqlite"
    llm = CachedLLM(backend, CallCache(cache_path))
    llm.generate(requests, params)
    llm.cache.close()
    return llm.stats.calls_made, llm.stats.completion_tokens


# -- openai ----------------------------------------------------------------------------------

def openai_direct(client, server, requests, params, concurrency: int) -> tuple[int, int]:
    def call(request: Request) -> int:
        response = client.chat.completions.create(
            model=server.model, messages=request.messages_as_dicts(), temperature=params.temperature,
            top_p=params.top_p, max_tokens=params.max_tokens, seed=params.seed)
        return response.usage.completion_tokens

    with ThreadPoolExecutor(concurrency) as pool:
        tokens = sum(pool.map(call, requests))
    return len(requests), tokens


# -- measuring -------------------------------------------------------------------------------

def interleaved(variants: dict, runs: int) -> dict[str, dict]:
    """Median wall and CPU seconds (this process, all its threads), calls and tokens per
    variant; runs alternate the variants' order."""
    for run in variants.values():  # warm-up: imports, kernels, connections
        run()
    wall: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    counts: dict[str, tuple[int, int]] = {}
    for index in range(runs):
        order = list(variants) if index % 2 == 0 else list(reversed(variants))
        for name in order:
            started, cpu_started = time.perf_counter(), time.process_time()
            counts[name] = variants[name]()
            wall[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - cpu_started)
    return {name: {"seconds": statistics.median(wall[name]), "cpu": statistics.median(cpu[name]),
                   "calls": counts[name][0], "tokens": counts[name][1]} for name in variants}


def populate_cache(backend: TransformersBackend, path: Path, requests, params, answer_texts) -> None:
    """Store recorded answers for `requests` through CachedLLM, under the backend's identity."""
    def replay(batch, call_params):
        for position, request in enumerate(batch):
            text = answer_texts[hash(request.messages[-1].content) % len(answer_texts)]
            yield position, CallResult((Sample(text, "stop", 300),), 400, 300)

    real_generate = backend.generate
    backend.generate = replay
    try:
        CachedLLM(backend, CallCache(path)).generate(requests, params)
    finally:
        backend.generate = real_generate


def cached_rerun(backend: TransformersBackend, path: Path, template: PromptTemplate, snippets, params):
    """(wall seconds, CPU seconds of this process) of one fully cached re-run."""
    started, cpu_started = time.perf_counter(), time.process_time()
    llm = CachedLLM(backend, CallCache(path))
    requests = [Request.chat(template.render(language="python", snippet=s)) for s in snippets]
    answers = llm.generate(requests, params)
    parsed = sum(extract_code(a[0].text, "python").ok for a in answers)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    assert llm.stats.calls_made == 0 and llm.stats.calls_cached == len(snippets), llm.stats
    assert parsed == len(snippets)
    llm.cache.close()
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-llm-"))
    try:
        model_dir = build_tiny_model(scratch / "model", TinyModelSpec(),
                                     chat_template=load_chat_template(QWEN25_CHATML))
        backend = TransformersBackend(str(model_dir), batch_size=8, device="cpu")
        import torch

        torch.set_num_threads(1)  # one thread: spinning OpenMP threads make a shared machine noisier
        requests = chat_prompts(16)
        local = interleaved({
            "direct": lambda: transformers_direct(backend, requests, TRANSFORMERS_PARAMS),
            "ours": lambda: ours(backend, requests, TRANSFORMERS_PARAMS, scratch),
        }, args.runs)

        from llm_test_servers import TransformersServe

        server = TransformersServe(model_dir, scratch / "serve.log")
        try:
            import openai

            http = OpenAICompatibleBackend(server.model, base_url=server.base_url, concurrency=4)
            client = openai.OpenAI(base_url=server.base_url, api_key="EMPTY", max_retries=0, timeout=120)
            requests = chat_prompts(16)
            served = interleaved({
                "direct": lambda: openai_direct(client, server, requests, OPENAI_PARAMS, 4),
                "ours": lambda: ours(http, requests, OPENAI_PARAMS, scratch),
            }, args.runs)
        finally:
            server.stop()

        corpus = code_corpus(4_000_000)
        snippets = [text[i:i + 1000] for text in corpus for i in range(0, len(text) - 1000, 300)][:CACHED_CALLS]
        assert len(snippets) == CACHED_CALLS, len(snippets)
        answers = [f"Here is the solution.\n\n```python\n{s}\n```\n" for s in snippets[:500]]
        template = PromptTemplate.load("instruction_from_snippet")
        params = SamplingParams(temperature=0.7, max_tokens=1024, seed=1234)
        cache_path = scratch / "cached.sqlite"
        populate_cache(backend, cache_path,
                       [Request.chat(template.render(language="python", snippet=s)) for s in snippets],
                       params, answers)
        cached_rerun(backend, cache_path, template, snippets, params)  # warm-up: page cache
        reruns = [cached_rerun(backend, cache_path, template, snippets, params) for _ in range(args.runs)]
        write_result(local, served, reruns, len(snippets), cache_path.stat().st_size, args.runs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def write_result(local, served, reruns, calls, cache_bytes, runs) -> None:
    def rows(name, result):
        direct = result["direct"]
        lines = []
        for variant in ("direct", "ours"):
            r = result[variant]
            wall = "" if variant == "direct" else f"{100 * (r['seconds'] / direct['seconds'] - 1):+.1f}%"
            cpu = "" if variant == "direct" else f"{100 * (r['cpu'] / direct['cpu'] - 1):+.1f}%"
            lines.append(f"| {name} | {variant} | {r['calls']} | {r['tokens']} | {r['seconds']:.3f} | "
                         f"{r['calls'] / r['seconds']:.1f} | {r['tokens'] / r['seconds']:.0f} | {wall} | "
                         f"{r['cpu']:.3f} | {cpu} |")
        return lines

    table = ["| backend | variant | calls | new tokens | median wall s | calls/s | tokens/s | wall overhead "
             "| median CPU s | CPU overhead |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|", *rows("transformers (CPU)", local),
             *rows("openai (transformers serve)", served)]
    wall = statistics.median(r[0] for r in reruns)
    cpu = statistics.median(r[1] for r in reruns)
    load = os.getloadavg()[0]
    text = f"""## LLM layer

What: calls/s and tokens/s of each backend that runs here, through our layer (`CachedLLM` with an
empty on-disk SQLite call cache, so every call is made and committed) against calling the same
backend directly; and the time to re-run a fully cached step of {calls:,} calls (open the cache,
render {calls:,} prompts from `instruction_from_snippet`, look up every call, extract each answer's
code block; the model's weights are never loaded). Model: the project's tiny Qwen2 model (random
weights, vocabulary 1,033). transformers: 16 chat prompts, batch 8, greedy, 32 new tokens, one
torch thread (CPU overhead counts this process's threads, so it compares the two variants even
when other work shares the machine);
openai: 16 chat prompts to `transformers serve` on 127.0.0.1, concurrency 4, 16 new tokens.
vLLM is not measured: it cannot run on this machine. Medians of {runs} interleaved runs after a warm-up
(`benchmarks/bench_llm.py`).

{chr(10).join(table)}

| fully cached re-run | calls | cache file | median wall s | median CPU s | wall of each run (s) |
|---|---:|---:|---:|---:|---|
| render + look up + parse | {calls:,} | {cache_bytes / 2**20:.1f} MiB | {wall:.3f} | {cpu:.3f} | {", ".join(f"{r[0]:.3f}" for r in reruns)} |

Targets (issue 5): overhead of our layer <= 5%; fully cached re-run of 10k calls <= 1 s.
The tiny model makes generation unusually cheap, so these overheads are upper bounds: a real
model's calls take far longer while our per-call cost (hashing, one SQLite commit) stays the same.
CPU time is this process's own (all its threads). On a shared machine compare the CPU columns:
wall time also counts the time other processes held the cores (1-minute load average at the end
of this run: {load:.1f} on {os.cpu_count()} cores). For the openai rows the model runs in the
server's process, so their CPU columns hold only the client side.

{machine_line()}
"""
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
