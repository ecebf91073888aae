"""Time to re-run a fully cached LLM step (issue 5): target <= 1 s for 10,000 cached calls.

Three steps of one recipe, each making 10,000 calls, are built once to fill the workdir's call
cache, then re-run with `--force` semantics (the builder re-runs the step although it is cached)
in interleaved rounds; medians of at least 5:

- `instruction_synthesis`: 2,500 snippets -> instruction, universal code, solutions in two
  languages (4 calls per snippet, three dependent stages);
- `score`: 5,000 rows judged per item on a two-item checklist (2 calls per row);
- `multi_agent`: two agents, 50 rounds of 100 samples each.

The llm block names an OpenAI-compatible server that does not exist: a re-run that made a call
would fail, so every re-run is checked to have made zero calls. The cache is filled by a
scripted in-process backend (a benchmark fixture that answers by rule, standing in for a model
only while filling), so filling takes seconds rather than hours.

Writes benchmarks/results/llm_steps.md.

    python benchmarks/bench_llm_steps.py [--runs 5]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import machine_line  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULT = ROOT / "benchmarks" / "results" / "llm_steps.md"
SNIPPETS = 2_500
STEPS = {"instruction_synthesis.inst": "llm", "score.judged": "judge", "multi_agent.agents": "llm"}

RECIPE = '''
import "std/synthesis" as synth
build { seed = 1, tasks = 2 }
source code { kind = code, path = "code/*.jsonl.gz", metadata = ["language"] }
source seeds { kind = synthetic, path = "seeds/*.jsonl.gz", metadata = ["language"] }
tokenizer tok { train = { source = source.code, vocab_size = 400 } }
llm gen { backend = openai, model = "bench", base_url = "http://127.0.0.1:9/v1", retries = 0,
          sampling = { temperature = 0.7, max_tokens = 256 } }
checklist two {
  item correct { weight = 70%, question = "Is the code correct?" }
  item clear { weight = 30%, question = "Is the code clear?" }
}
snippets snips { input = source.code, tokenizer = tokenizer.tok, min_lines = 3, max_tokens = 4096 }
instruction_synthesis inst {
  input = snippets.snips
  llm = llm.gen
  instruction = synth.prompt.instruction_from_snippet
  universal_code = synth.prompt.universal_code
  solution = synth.prompt.solution_from_universal
  languages = [python, javascript]
}
score judged {
  input = instruction_synthesis.inst
  judge = llm.gen
  checklist = checklist.two
  prompt = synth.prompt.checklist_item
  mode = per_item
}
multi_agent agents {
  llm = llm.gen
  prompt = synth.prompt.agent_generate
  languages = [python, javascript]
  seeds = source.seeds
  tags = synth.concept_tags
  memory = 32
  few_shot = 3
  rounds = 50
  per_round = 100
  coverage_target = 100%
}
'''


def write_data(folder: Path) -> None:
    (folder / "code").mkdir(parents=True)
    (folder / "seeds").mkdir(parents=True)
    with gzip.open(folder / "code" / "a.jsonl.gz", "wt") as f:
        for doc in range(SNIPPETS // 5):
            functions = "\n\n".join(
                f"def f_{doc}_{k}(values):\n    total = {k}\n    for v in values:\n"
                f"        total += v * {doc}\n    return total\n" for k in range(5))
            f.write(json.dumps({"id": f"m{doc}.py", "text": functions, "language": "python"}) +
                    "\n")
    with gzip.open(folder / "seeds" / "s.jsonl.gz", "wt") as f:
        for language in ("python", "javascript"):
            f.write(json.dumps({"id": language, "text": "Parse a CSV line.",
                                "language": language}) + "\n")


def scripted_backend():
    """Answers by rule, so that every stage parses: a fixture for filling the cache only."""
    from recipec.runtime.llm import Backend, CallResult, Sample

    class Scripted(Backend):
        kind = "openai"
        counter = 0

        def generate(self, requests, params):
            for position, request in enumerate(requests):
                text = request.messages[-1].content
                samples = []
                for _ in range(params.n):
                    Scripted.counter += 1
                    samples.append(Sample(self._answer(text, Scripted.counter), "stop", 40))
                yield position, CallResult(tuple(samples), len(text) // 4, 40 * params.n)

        @staticmethod
        def _answer(prompt: str, counter: int) -> str:
            if prompt.startswith("Here is a python code snippet"):
                return f"Write a function that sums a list of values (task {counter})."
            if "Implement this solution in" in prompt:
                language = prompt.split("Implement this solution in ", 1)[1].split(".", 1)[0]
                return f"Sum it:\n```{language}\ndef f(values):\n    return sum(values)\n```"
            if prompt.startswith("Solve the following programming task"):
                return "```pseudocode\nfunction f(values):\n    return sum(values)\n```"
            if "Criterion:" in prompt:
                name = "correct" if "correct?" in prompt else "clear"
                return json.dumps({name: counter % 11})
            if "You are the" in prompt:
                language = prompt.split("You are the ", 1)[1].split(" expert", 1)[0]
                return (json.dumps({"instruction": f"Task number {counter}",
                                    "tags": ["arrays", "strings"][: 1 + counter % 2]}) +
                        f"\n```{language}\nx = {counter}\n```")
            return "unexpected prompt"

    return Scripted


def build(folder: Path, plan, force: set[str]):
    from recipec.runtime.build.builder import Builder
    from recipec.runtime.cache.workdir import Workdir
    from recipec.runtime.executors.local import LocalExecutor

    workdir = Workdir(folder / "work")
    with workdir.lock():
        return Builder(plan, workdir, folder, LocalExecutor(1), force).build()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

    from unittest import mock

    from recipec.compiler import compile

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        write_data(folder)
        (folder / "r.recipe").write_text(RECIPE)
        plan = compile(str(folder / "r.recipe")).plan
        started = time.perf_counter()
        with mock.patch("recipec.runtime.llm.make_backend",
                        lambda config: scripted_backend()(config.model)):
            filled = build(folder, plan, set())
        fill_seconds = time.perf_counter() - started
        calls = {s: filled.manifests[s]["counts"]["llm"][role]["calls_made"] +
                 filled.manifests[s]["counts"]["llm"][role]["calls_cached"]
                 for s, role in STEPS.items()}
        cache_bytes = (folder / "work" / "_llm_cache" / "calls.sqlite").stat().st_size

        seconds: dict[str, list[float]] = {s: [] for s in STEPS}
        builds: dict[str, list[float]] = {s: [] for s in STEPS}
        cpu: dict[str, list[float]] = {s: [] for s in STEPS}
        for _ in range(args.runs):
            for step_id, role in STEPS.items():  # interleaved
                started, cpu_started = time.perf_counter(), time.process_time()
                result = build(folder, plan, {step_id})
                builds[step_id].append(time.perf_counter() - started)
                cpu[step_id].append(time.process_time() - cpu_started)
                usage = result.manifests[step_id]["counts"]["llm"][role]
                assert usage["calls_made"] == 0, usage
                assert usage["calls_cached"] == calls[step_id], usage
                assert result.ran == [step_id], result.ran  # readers kept their run keys
                assert result.manifests[step_id]["digest"] == filled.manifests[step_id]["digest"]
                seconds[step_id].append(result.seconds[step_id])
        write_result(calls, seconds, builds, cpu, cache_bytes, fill_seconds, args.runs)
    print(RESULT.read_text())


def write_result(calls, seconds, builds, cpu, cache_bytes, fill_seconds, runs) -> None:
    rows = []
    for step_id in STEPS:
        used = statistics.median(cpu[step_id])
        rows.append(f"| `{step_id.split('.')[0]}` | {calls[step_id]:,} | "
                    f"{statistics.median(seconds[step_id]):.3f} | "
                    f"{statistics.median(builds[step_id]):.3f} | {used:.3f} | "
                    f"{', '.join(f'{s:.2f}' for s in seconds[step_id])} | "
                    f"{'yes' if used <= 1.0 else 'no'} |")
    load = os.getloadavg()[0]
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(f"""## LLM steps

What: the time to re-run a fully cached LLM step of 10,000 calls, through the real builder
(`--force` on the step, every answer read from the workdir's call cache). The llm block names a
server that does not exist, and each re-run is checked to have made zero calls and to have
written the same bytes (so the steps that read it stay cached). "step wall" is the step's own
run as the builder times it: read the input rows, render every prompt, look up every call, parse
every answer, write the rows and the manifest. "build" adds resolving the other steps' states
and writing the index; "build CPU" is this process's CPU time for that build, the number to read
on a shared machine, where wall time also counts the time other processes held the cores.
Medians of {runs} interleaved runs (`benchmarks/bench_llm_steps.py`); the cache was filled once
beforehand by a scripted backend ({fill_seconds:.0f} s for the three steps, cache file
{cache_bytes / 2**20:.1f} MiB).

| step | cached calls | median step wall s | median build wall s | median build CPU s | step wall s of each run | <= 1 s (CPU) |
|---|---:|---:|---:|---:|---|---|
{chr(10).join(rows)}

- `instruction_synthesis`: 2,500 snippets, four dependent calls each (instruction, universal
  code, a solution in two languages).
- `score`: 5,000 rows judged per item on a two-item checklist.
- `multi_agent`: two agents, 50 rounds of 100 samples; coverage, target tags and few-shot
  examples are recomputed as in a real run. Its prompt carries 32 remembered instructions and
  3 examples, about three times the text of the others: rendering it (jinja2, the stdlib
  template) and parsing two parts of every answer (a JSON object, a code block) are most of its
  time, which is why it misses the target.

How: prompts are rendered on a jinja2 context that shares the variables instead of copying
them (half the cost of `Template.render`, same text: tested), a model folder is named in the
cache by a digest of its files rather than by loading its tokenizer (no torch import on a
cached re-run), few-shot examples come from an index by language and tag instead of a sort of
every accepted sample, and memory lookups use a counter of normalised instructions.

Target (issue 5): a fully cached LLM step of 10k calls re-runs in <= 1 s.
1-minute load average at the end: {load:.1f} on {os.cpu_count()} cores.

{machine_line()}
""")


if __name__ == "__main__":
    main()
