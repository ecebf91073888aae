"""Language-ID benchmark: accuracy per language and files/s per core; writes benchmarks/results/langid.md.

    .venv/bin/python benchmarks/langid/build_eval_set.py     # once: the labelled set
    .venv/bin/python benchmarks/langid/bench_langid.py [--rounds 5] [--speed-files 600]

Accuracy: the whole evaluation set through magika alone, ours on content only, ours with
paths (evaluate.py). Speed: the process is pinned to one CPU core; a fixed sample of files goes
through magika's own API one file at a time (`Magika().identify_bytes`, the reference rate) and
through ours, batched, content-only and with paths; the systems take turns within each round
(interleaved), and the table gives the median of the rounds.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from evaluate import DEFAULT_SET, TOP, evaluate, load, pooled  # noqa: E402
from machine import machine_line  # noqa: E402

RESULT = HERE.parent / "results" / "langid.md"
TARGET_FILES_PER_S = 125
TARGET_TOP_ACCURACY = 0.95


def _sample(rows: list[dict], n: int) -> list[dict]:
    return sorted(rows, key=lambda r: hashlib.sha256(r["sha256"].encode()).hexdigest())[:n]


def speed(rows: list[dict], rounds: int) -> dict[str, float]:
    from magika import Magika

    from recipec.runtime.langid import LanguageIdentifier

    texts = [r["text"] for r in rows]
    contents = [t.encode() for t in texts]
    paths = [r["path"] for r in rows]
    magika = Magika()
    ours = LanguageIdentifier(threads=1)
    ours.identify_batch(texts[:8])           # load the model outside the timings
    systems = {
        "magika alone (identify_bytes, one file at a time)": lambda: [magika.identify_bytes(c) for c in contents],
        "ours, content only (identify_batch)": lambda: ours.identify_batch(texts),
        "ours, with paths (identify_batch)": lambda: ours.identify_batch(texts, paths),
    }
    times: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(rounds):
        for name, run in systems.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: len(rows) / statistics.median(t) for name, t in times.items()}


def _pct(table, labels) -> str:
    value = pooled(table, labels)
    return f"{100 * value:.1f}%"


def render(result: dict, rates: dict[str, float], rounds: int, n_speed: int) -> str:
    top = result["top"]
    languages = sorted(label for label in result["content"] if label != "unknown")
    cap = max(result["content"][label][1] for label in languages)
    at_cap = [label for label in languages if result["content"][label][1] == cap]
    lines = [
        "## Language identification",
        "",
        f"What: `recipec.runtime.langid` (layers: modeline, file name, shebang, extension, magika's model, "
        f"our patterns) against magika alone, on the labelled set of `benchmarks/langid/` "
        f"({result['files']} real files from pinned Debian, npm and PyPI packages, {len(languages)} of the 92 "
        f"languages plus {result['content'].get('unknown', (0, 0))[1]} files of other formats labelled `unknown`; "
        f"labels from each file's path in its package). Content only = the path is hidden.",
        "",
        f"Target: >= {TARGET_TOP_ACCURACY:.0%} content-only on the {TOP} most common languages of the set; "
        f">= {TARGET_FILES_PER_S} files/s per core with better accuracy than magika alone.",
        "",
        "| languages | files | magika alone | ours, content only | ours, with paths |",
        "|---|---:|---:|---:|---:|",
    ]

    def row(name: str, labels) -> str:
        files = sum(result["content"][label][1] for label in labels if label in result["content"])
        return (f"| {name} | {files} | {_pct(result['magika'], labels)} | {_pct(result['content'], labels)} | "
                f"{_pct(result['paths'], labels)} |")

    lines.append(row(f"top {TOP} (by file count; ties by name)", top))
    lines.append(row(f"all {len(at_cap)} at the per-language cap of {cap} files", at_cap))
    lines.append(row(f"all {len(languages)} languages in the set", languages))
    lines.append(row("`unknown` (formats outside the 92: right = None)", ["unknown"]))
    lines += ["", f"Top {TOP}: {', '.join(top)}.", "",
              "Per language (files; accuracy of magika alone / ours content only / ours with paths):", "",
              "| language | files | magika | content | paths |", "|---|---:|---:|---:|---:|"]
    for label in sorted(result["content"], key=lambda x: (-result["content"][x][1], x)):
        right_m, n = result["magika"][label]
        right_c, _ = result["content"][label]
        right_p, _ = result["paths"][label]
        lines.append(f"| {label} | {n} | {right_m / n:.2f} | {right_c / n:.2f} | {right_p / n:.2f} |")
    lines += ["", "Layers that decided (content only): " + ", ".join(
        f"{k} {v}" for k, v in sorted(result["layers_content"].items())) + "; with paths: " + ", ".join(
        f"{k} {v}" for k, v in sorted(result["layers_paths"].items())) + ".", "",
        "Most frequent content-only mistakes (label -> answer, files): " + "; ".join(
            f"{t} -> {g} {k}" for t, g, k in result["confusions_content"][:15]) + ".", "",
        f"Speed: files/s on one core (process pinned with `sched_setaffinity`, ONNX 1 thread for ours), "
        f"{n_speed} files of the set, median of {rounds} interleaved rounds:", "",
        "| system | files/s per core |", "|---|---:|"]
    for name, rate in rates.items():
        lines.append(f"| {name} | {rate:.0f} |")
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    lines += ["", f"Load average at the end of the run: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min).",
              "", machine_line(), ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--speed-files", type=int, default=600)
    parser.add_argument("--out", type=Path, default=RESULT)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    rows = load(args.set)
    sample = _sample(rows, args.speed_files)
    rates = speed(sample, args.rounds)
    result = evaluate(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(result, rates, args.rounds, len(sample)))
    print(args.out.read_text())


if __name__ == "__main__":
    main()
