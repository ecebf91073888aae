"""Sandbox throughput and overhead (issue 4).

Measures, in interleaved rounds (medians of at least 5):
- isolated Python runs per second through the bounded pool (workers = cores); target >= 20/s on
  2 cores;
- the isolation overhead: wall time of one sandboxed run of a small Python program against a
  bare `subprocess.run` of the same interpreter on the same file; target <= 2x;
- compile-cached C++ runs per second through the pool (the program is compiled once, then
  served from the compile cache).
The same single run without cgroups is measured too: moving a process into a cgroup v1 costs
an RCU grace period, which shows there.

Writes benchmarks/results/sandbox.md.

    python benchmarks/bench_sandbox.py [--rounds 5] [--runs 40]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import machine_line  # noqa: E402

from recipec.runtime.sandbox import RunRequest, Sandbox, SandboxPool, Status, capabilities  # noqa: E402
from recipec.runtime.sandbox.languages import LANGUAGES  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULT = ROOT / "benchmarks" / "results" / "sandbox.md"
PYTHON_PROGRAM = "import sys\nprint(sum(range(1000)), file=sys.stdout)\n"
CPP_PROGRAM = "#include <cstdio>\nint main() { long s = 0; for (int i = 0; i < 1000; i++) s += i; std::printf(\"%ld\\n\", s); }\n"


def pool_rate(box: Sandbox, code: str, language: str, runs: int, workers: int) -> float:
    start = time.perf_counter()
    with SandboxPool(box, workers=workers) as pool:
        results = [result for _, result in pool.map(RunRequest(code, language) for _ in range(runs))]
    elapsed = time.perf_counter() - start
    bad = [r.message for r in results if r.status is not Status.PASSED]
    if bad:
        raise SystemExit(f"benchmark runs failed: {bad[:3]}")
    return runs / elapsed


def single_sandboxed(box: Sandbox, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = box.run(PYTHON_PROGRAM, "python")
        times.append(time.perf_counter() - start)
        assert result.status is Status.PASSED, result.message
    return statistics.median(times)


def single_bare(python: str, script: Path, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([python, "-B", str(script)], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=40, help="runs per throughput measurement")
    parser.add_argument("--repeats", type=int, default=10, help="runs per overhead measurement")
    args = parser.parse_args()
    if args.rounds < 5:
        raise SystemExit("--rounds must be at least 5 (medians of interleaved runs)")
    caps = capabilities()
    if not caps.isolated:
        raise SystemExit(f"this machine lacks {', '.join(caps.missing)}: nothing to measure")

    workers = os.cpu_count() or 1
    cache = tempfile.mkdtemp(prefix="recipec-bench-cache-")
    os.chmod(cache, 0o755)
    work = Path(tempfile.mkdtemp(prefix="recipec-bench-"))
    try:
        box = Sandbox(cache_dir=cache)
        python = LANGUAGES["python"].toolchain["interpreter"]
        script = work / "main.py"
        script.write_text(PYTHON_PROGRAM)
        # Warm up: the compile cache entry for C++, the page cache for both interpreters.
        assert box.run(CPP_PROGRAM, "c++").status is Status.PASSED
        single_sandboxed(box, 2)
        single_bare(python, script, 2)

        load_before = os.getloadavg()[0]
        no_cgroups = Sandbox(cache_dir=cache, use_cgroups=False)
        rates, cpp_rates, sandboxed, bare, plain = [], [], [], [], []
        for _ in range(args.rounds):  # interleaved: each round measures every variant once
            bare.append(single_bare(python, script, args.repeats))
            sandboxed.append(single_sandboxed(box, args.repeats))
            plain.append(single_sandboxed(no_cgroups, args.repeats))
            rates.append(pool_rate(box, PYTHON_PROGRAM, "python", args.runs, workers))
            cpp_rates.append(pool_rate(box, CPP_PROGRAM, "c++", args.runs, workers))
        load_after = os.getloadavg()[0]
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)

    rate, cpp_rate = statistics.median(rates), statistics.median(cpp_rates)
    one_sandboxed, one_bare = statistics.median(sandboxed), statistics.median(bare)
    one_plain = statistics.median(plain)
    overhead = one_sandboxed / one_bare
    layers = ", ".join(layer.name for layer in caps.layers if layer.available)
    text = f"""## Sandbox

What: `benchmarks/bench_sandbox.py`. Every sandboxed run is a fresh bubblewrap sandbox (new user,
pid, net, ipc, uts, mount and cgroup namespaces, a per-run unprivileged uid, per-run memory and
pids cgroups, rlimits, a fresh tmpfs work folder) with the static check on; layers in force here:
{layers}. Throughput goes through the bounded pool with {workers} workers ({args.runs} runs per
measurement); the overhead compares one sandboxed run of a small Python program with a bare
`subprocess.run` of the same interpreter on the same file, one at a time ({args.repeats} runs per
measurement). Medians of {args.rounds} interleaved rounds. C++ is compiled once and then served
from the compile cache. Load average {load_before:.1f} before, {load_after:.1f} after (the machine
is shared: figures are noisy).

| measurement | result | target |
|---|---:|---|
| isolated Python runs/s ({workers} workers) | {rate:.1f} | >= 20/s on 2 cores |
| one sandboxed Python run, wall | {one_sandboxed * 1000:.1f} ms | |
| one bare `subprocess.run`, wall | {one_bare * 1000:.1f} ms | |
| isolation overhead (sandboxed / bare) | {overhead:.2f}x | <= 2x |
| one sandboxed run without cgroups, wall | {one_plain * 1000:.1f} ms ({one_plain / one_bare:.2f}x) | |
| compile-cached C++ runs/s ({workers} workers) | {cpp_rate:.1f} | |

Per round: Python runs/s {', '.join(f'{r:.1f}' for r in rates)}; C++ runs/s
{', '.join(f'{r:.1f}' for r in cpp_rates)}; overhead {', '.join(f'{s / b:.2f}x' for s, b in zip(sandboxed, bare))}.

{machine_line()}
"""
    RESULT.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
