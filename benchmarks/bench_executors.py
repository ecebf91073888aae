"""The quickstart's wall time on the local executor against a Ray cluster on this machine, and
the bytes per token of its cleaned data (the figures `recipec plan --estimate` converts
declared token counts with).

Each round builds the quickstart from scratch twice, in alternating order: once with
`--executor local` (the default: a stage whose input is small runs its ranks in the build
process) and once with `--executor ray` on a fresh two-node Ray cluster (one CPU per node,
127.0.0.1 only, in its own network namespace when `unshare -n` works; the cluster's start is
timed apart and not counted). Both builds write no report. Medians of the rounds.

    .venv/bin/python benchmarks/bench_executors.py [--runs 5]

Writes benchmarks/results/executors.md.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from machine import machine_line  # noqa: E402

RESULT = ROOT / "benchmarks" / "results" / "executors.md"
HARNESS = ROOT / "tests" / "runtime" / "executors" / "ray_harness.py"
RECIPE = "recipes/quickstart.recipe"
CLI = [sys.executable, "-c", "from recipec.runtime.cli.main import main; main()"]


def build_local(workdir: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run([*CLI, "build", RECIPE, "--workdir", str(workdir), "--no-report"],
                            cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"local build failed: {result.stderr[-2000:]}")
    return seconds


def build_ray(workdir: Path, netns: bool) -> dict:
    report = workdir.with_suffix(".json")
    command = [sys.executable, str(HARNESS), RECIPE, str(workdir), str(report)]
    if netns:
        command = ["unshare", "-n", *command, "--netns"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    outcome = json.loads(report.read_text())
    if outcome["returncode"] != 0:
        raise SystemExit(f"ray build failed: {outcome['output'][-2000:]}")
    return outcome


def manifests(folder: Path) -> dict[str, dict]:
    return {m["step"]: m for m in (json.loads(p.read_text())
                                   for p in folder.glob("*/manifest.json"))}


def ray_tasks(folder: Path) -> tuple[int, int]:
    """(stages, tasks) the build ran: datatrove's completion markers, one per rank."""
    stages = [p for p in folder.glob("*/logs/*") if (p / "completions").is_dir()]
    return len(stages), sum(len(list((p / "completions").iterdir())) for p in stages)


def bytes_per_token(folder: Path) -> dict[str, tuple[int, int]]:
    """Per mixture component: UTF-8 bytes of the cleaned documents its tokenize step read, and
    the tokens it wrote (documents and held-out documents together)."""
    from recipec.compiler import compile

    inputs = {s.id: s.inputs for s in compile(str(ROOT / RECIPE)).plan.steps}
    found = manifests(folder)
    result = {}
    for step, manifest in found.items():
        if manifest["kind"] != "mixture.tokenize":
            continue
        tokens = manifest["counts"]["tokens"] + manifest["counts"].get("held_out_tokens", 0)
        documents = folder / found[inputs[step][0]]["run_key"] / "data"
        size = 0
        for path in sorted(documents.glob("*.jsonl.gz")):
            with gzip.open(path, "rb") as f:
                size += sum(len(json.loads(line)["text"].encode()) for line in f if line.strip())
        result[step.split("/", 1)[1]] = (size, tokens)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    netns = subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0
    scratch = Path(tempfile.mkdtemp(prefix="bench-executors-"))
    local_s, ray_s, starts, identical = [], [], [], True
    load_before = os.getloadavg()
    last_local = last_ray = None
    for round_ in range(args.runs):
        order = ("local", "ray") if round_ % 2 == 0 else ("ray", "local")
        for which in order:
            workdir = scratch / f"{which}-{round_}"
            if which == "local":
                local_s.append(build_local(workdir))
                last_local = workdir
            else:
                outcome = build_ray(workdir, netns)
                ray_s.append(outcome["build_s"])
                starts.append(outcome["cluster_start_s"])
                last_ray = workdir
        identical &= manifests(last_local) == manifests(last_ray)
        print(f"round {round_ + 1}: local {local_s[-1]:.1f}s, ray {ray_s[-1]:.1f}s", flush=True)
    load_after = os.getloadavg()
    stages, tasks = ray_tasks(last_ray)
    tokens = bytes_per_token(last_local)
    shutil.rmtree(scratch, ignore_errors=True)

    local, ray = statistics.median(local_s), statistics.median(ray_s)
    start = statistics.median(starts)
    isolation = ", in a network namespace of its own" if netns else ""
    overhead = ray - local
    rows = "\n".join(f"| {component} | {size:,} | {count:,} | {size / count:.2f} |"
                     for component, (size, count) in sorted(tokens.items()))
    RESULT.write_text(f"""## Executors

What: `benchmarks/bench_executors.py` builds the quickstart (`{RECIPE}`: 26 steps, 2 tasks per
data step) from scratch with `--executor local` and with `--executor ray` on a two-node Ray
cluster on this machine (one CPU per node, nodes on 127.0.0.1{isolation}), in alternating order,
{args.runs} rounds; medians. The local executor runs a stage whose input is under 64 MiB in the
build process (all of the quickstart's), so it pays no process start-up; on Ray every rank is a
task of its own, in a fresh actor. The cluster's start (median {start:.0f} s) is not counted.
Outputs byte-identical between the two in every round: {"yes" if identical else "NO"}.
Target (issue 7): the same bytes on both, and Ray's overhead stated; no speed target.

| executor | median wall s | runs (s) |
|---|---:|---|
| local | {local:.1f} | {", ".join(f"{s:.1f}" for s in local_s)} |
| ray (2 nodes x 1 CPU) | {ray:.1f} | {", ".join(f"{s:.1f}" for s in ray_s)} |

- Ray overhead on the quickstart: **{overhead:+.1f} s** ({ray / local:.2f}x local): {stages} stages,
  {tasks} Ray tasks, so about **{overhead / tasks:.1f} s per task** (an actor started, the
  pipeline unpickled, a placement group made and removed) and {overhead / stages:.1f} s per stage.
  Ray pays off for stages whose tasks run for minutes: at the full build's 512 tasks per step,
  each of about 30 GB of code (docs/scaling.md), a task is hours of work.

Bytes per token of the quickstart's cleaned data (Qwen2.5 vocabulary; what the estimate
converts declared token counts with, runtime/build/throughputs.py):

| component | UTF-8 bytes of its documents | tokens | bytes/token |
|---|---:|---:|---:|
{rows}

Load average {load_before[0]:.1f} before, {load_after[0]:.1f} after (other work shared the cores).

{machine_line()}
""")
    print(RESULT.read_text())


if __name__ == "__main__":
    main()
