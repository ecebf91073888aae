"""`recipec plan --estimate`: per step, how much it reads and writes, what it costs in CPU- and
GPU-hours, and how long it takes on a given cluster shape — from the measured per-core rates in
throughputs.py (benchmarks/results/*.md) and the sizes the plan and the workdir know.

Sizes, step by step in plan order:
- a source reads its files (uncompressed sizes), or, before they exist, the token count its
  block declares (`tokens = 4.5T`) times the bytes per token of its kind of data;
- a document step that has run keeps the share of documents its manifest counts; one that
  has not is assumed to keep everything it reads: an upper bound, since filters only drop
  (sizes are of uncompressed text throughout, the unit the per-core rates are in);
- a mixture's pack writes its token budget; a phase trains on its data's budget times epochs.

Costs: document steps pay their own rate plus reading and writing (the `io` rate); wall time is
CPU time spread over min(tasks, cores) — the plan's `tasks` caps how many cores a step can use.
Training costs 6 N + 6 L S d FLOPs per token (N: matmul parameters, L layers, S sequence
length, d hidden size; the second term is causal attention), at the GPU's peak bf16 rate times
the assumed model FLOPs utilisation. LLM generation, sandboxed verification and evaluation are
not estimated here (their cost is in calls and inference servers; `recipec plan` counts the
calls).
"""
from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

from recipec.runtime.build.throughputs import (
    BYTES_PER_TOKEN, DOCUMENT_STEPS, GPU_PEAK_FLOPS, PACK_SOURCE, PACK_TOKENS_PER_CPU_S, RATES,
    TOKEN_BYTES, TOKENIZER_BUILD_S,
)

QWEN_VOCAB = 151936   # Qwen2.5's embedding rows, when a model config does not say


@dataclass
class EstimateRow:
    step: str
    kind: str
    state: str
    input_bytes: float | None = None
    output_bytes: float | None = None
    tokens: float | None = None
    cpu_hours: float | None = None
    gpu_hours: float | None = None
    wall_hours: float | None = None
    basis: str = ""


def estimate(plan, statuses, cluster, workdir: Path | None = None) -> list[EstimateRow]:
    """One row per step of `plan`; `statuses` are StatusResolver.all()'s, `cluster` a
    profile.ClusterShape; `workdir` (optional) gives the real sizes of what has run."""
    by_id = {s.step.id: s for s in statuses}
    steps = {s.id: s for s in plan.steps}
    sizes: dict[str, float | None] = {}
    rows = []
    for step in plan.steps:
        status = by_id.get(step.id)
        row = EstimateRow(step.id, step.kind, status.state if status else "")
        inputs = [sizes.get(i) for i in step.inputs]
        row.input_bytes = None if any(v is None for v in inputs) or not inputs else sum(inputs)
        _size(row, step, status, plan, steps, workdir, sizes)
        _cost(row, step, plan, steps, cluster)
        sizes[step.id] = row.output_bytes
        rows.append(row)
    return rows


# ------------------------------------------------------------------------------ sizes
def _size(row, step, status, plan, steps, workdir, sizes) -> None:
    measured = _output_size(status, workdir)
    if step.kind == "source":
        external = [p for p in (status.external or []) if "://" not in p] if status else []
        if external and all(os.path.exists(p) for p in external):
            row.input_bytes = float(sum(text_bytes(p) for p in external))
            row.basis = "its files (uncompressed)"
        else:
            block = plan.recipe.blocks.get(step.block)
            declared = block.get("tokens") if isinstance(block, dict) else \
                getattr(block, "tokens", None)
            if declared:
                row.input_bytes = declared * BYTES_PER_TOKEN[step.params["kind"]]
                row.basis = (f"declared {declared:.3g} tokens x "
                             f"{BYTES_PER_TOKEN[step.params['kind']]} bytes/token")
        row.output_bytes = _kept(row.input_bytes, status)
    elif step.kind == "mixture.pack":
        row.tokens = step.params.get("budget")
        row.output_bytes = row.tokens * TOKEN_BYTES if row.tokens else measured
    elif step.kind == "mixture.tokenize":
        # Its first input is the component's documents (the other, the tokenizer).
        row.input_bytes = sizes.get(step.inputs[0]) if step.inputs else None
        if row.input_bytes is not None:
            row.tokens = row.input_bytes / BYTES_PER_TOKEN.get(_data_kind(step, steps), 3.68)
            row.output_bytes = measured if measured is not None else row.tokens * TOKEN_BYTES
    elif step.kind == "tokenizer":
        row.output_bytes = measured if measured is not None else 0.0  # a few MB at most
    elif step.kind == "phase":
        row.tokens = _phase_tokens(step, steps)
        row.output_bytes = measured
    elif step.kind in DOCUMENT_STEPS:
        row.output_bytes = _kept(row.input_bytes, status)
        if status is None or status.manifest is None:
            row.basis = "assumed to keep all it reads"
        if step.kind == "verify":
            row.basis = "sandbox runs not estimated; keeps at most what it reads"
    else:
        row.output_bytes = measured


def text_bytes(path: str) -> float:
    """A file's uncompressed size: gzip's trailer says it (modulo 4 GiB, so for smaller files
    only); other files count as they are."""
    size = os.path.getsize(path)
    if path.endswith(".gz") and 18 <= size < 2**32:
        with open(path, "rb") as f:
            f.seek(-4, os.SEEK_END)
            return float(struct.unpack("<I", f.read(4))[0])
    return float(size)


def _kept(input_bytes: float | None, status) -> float | None:
    """What a document step writes: its input times the share of documents it kept when it
    ran (its manifest), else all of it."""
    counts = (status.manifest or {}).get("counts", {}) if status is not None else {}
    if input_bytes is None or not counts.get("docs_in"):
        return input_bytes
    return input_bytes * counts["docs_out"] / counts["docs_in"]


def _output_size(status, workdir: Path | None) -> float | None:
    """Bytes on disk of a finished step's outputs (token shards, tokenizers, checkpoints)."""
    if status is None or status.manifest is None or workdir is None:
        return None
    folder = Path(workdir) / status.manifest["run_key"]
    files = [folder / name for name in status.manifest["files"]]
    if not all(f.is_file() for f in files):
        return None
    return float(sum(f.stat().st_size for f in files if not str(f.relative_to(folder))
                     .startswith("dropped/")))


def _data_kind(step, steps) -> str:
    """The data kind of the source a step's documents come from (first input, recursively)."""
    seen = step
    while seen.kind != "source" and seen.inputs:
        seen = steps[seen.inputs[0]]
    return seen.params.get("kind", "code") if seen.kind == "source" else "code"


def _phase_tokens(step, steps) -> float | None:
    params = step.params
    data = steps.get(params.get("data"))
    seq_len = data.params.get("seq_len") if data is not None else None
    if params.get("max_steps") and seq_len:
        return float(params["max_steps"] * params["micro_batch"] * params["grad_accum"] *
                     params["procs"] * seq_len)
    if data is not None and data.kind == "mixture.pack" and data.params.get("budget"):
        return float(data.params["budget"] * params.get("epochs", 1.0))
    return None


# ------------------------------------------------------------------------------ costs
def _cost(row, step, plan, steps, cluster) -> None:
    tasks = step.params.get("tasks", plan.recipe.tasks) or 1
    if step.kind == "tokenizer":
        row.cpu_hours = TOKENIZER_BUILD_S / 3600
        row.wall_hours = row.cpu_hours
        row.basis = "fim_tokenize_pack.md: tokenizer build"
        return
    if step.kind == "phase":
        _training_cost(row, step, steps, cluster)
        return
    rate = RATES.get(step.kind)
    if step.kind == "verify":
        return
    if step.kind in DOCUMENT_STEPS or step.kind == "mixture.tokenize":
        if row.input_bytes is None:
            row.basis = row.basis or "input size unknown (declare `tokens` on its source)"
            return
        seconds = row.input_bytes / RATES["io"].bytes_per_cpu_s if step.kind != \
            "mixture.tokenize" else 0.0
        what = ["io"]
        if rate is not None and step.kind not in ("source", "concat"):
            seconds += row.input_bytes / rate.bytes_per_cpu_s
            what = [step.kind] + (what if step.kind != "mixture.tokenize" else [])
        row.cpu_hours = seconds / 3600
        row.wall_hours = row.cpu_hours / max(1, min(tasks, cluster.cores))
        row.basis = "; ".join(filter(None, [row.basis, "rates: " + " + ".join(
            f"{RATES[w].source} {w}" for w in what)]))
    elif step.kind == "mixture.pack" and row.tokens:
        row.cpu_hours = row.tokens / PACK_TOKENS_PER_CPU_S / 3600
        row.wall_hours = row.cpu_hours  # one process on the build machine
        row.basis = f"one process; {PACK_SOURCE}"
    elif not row.basis:
        row.basis = "not estimated (LLM calls, sandbox runs or a small step)"


def matmul_parameters(config: dict) -> float:
    """Weights every token multiplies through: attention, MLP and the output projection."""
    hidden, layers = config["hidden_size"], config["num_hidden_layers"]
    heads = config["num_attention_heads"]
    kv = config.get("num_key_value_heads", heads) * (hidden // heads)
    per_layer = 2 * hidden * hidden + 2 * hidden * kv + 3 * hidden * config["intermediate_size"]
    return float(layers * per_layer + config.get("vocab_size", QWEN_VOCAB) * hidden)


def _model_config(step, steps) -> dict | None:
    seen = step
    while seen is not None and seen.kind == "phase":
        seen = steps.get(seen.params.get("model")) or steps.get(seen.params.get("after"))
    return (seen.params.get("config") or None) if seen is not None else None


def _training_cost(row, step, steps, cluster) -> None:
    config = _model_config(step, steps)
    data = steps.get(step.params.get("data"))
    seq_len = data.params.get("seq_len") if data is not None else None
    if row.tokens is None or config is None or not seq_len:
        row.basis = "not estimated (tokens, model size or sequence length unknown until built)"
        return
    per_token = 6 * matmul_parameters(config) + \
        6 * config["num_hidden_layers"] * seq_len * config["hidden_size"]
    peak = GPU_PEAK_FLOPS.get(cluster.gpu.lower())
    if peak is None:
        row.basis = f"unknown GPU `{cluster.gpu}` (known: {', '.join(GPU_PEAK_FLOPS)})"
        return
    row.gpu_hours = row.tokens * per_token / (peak * cluster.mfu) / 3600
    if cluster.gpus:
        row.wall_hours = row.gpu_hours / cluster.gpus
    row.basis = (f"{per_token / 1e9:.1f} GFLOP/token, {cluster.gpu} {peak / 1e12:.0f} "
                 f"TFLOP/s bf16 peak x MFU {cluster.mfu:.0%} (assumed, not measured)")


# ------------------------------------------------------------------------------ printing
def _bytes(value: float | None) -> str:
    if value is None:
        return "?"
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if value >= scale:
            return f"{value / scale:,.1f} {unit}"
    return f"{value:,.0f} B"


def _machine_hours(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}" if value >= 10 else f"{value:,.2f}"


def _hours(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 48:
        return f"{value / 24:,.1f} d"
    if value >= 1:
        return f"{value:,.1f} h"
    return f"{value * 60:,.1f} min"


def table(rows: list[EstimateRow], cluster) -> list[list[str]]:
    """Rows of strings for a terminal table, with a total; header first."""
    out = [["step", "in", "out", "tokens", "CPU-hours", "GPU-hours", "wall", "basis"]]
    for r in rows:
        out.append([r.step, _bytes(r.input_bytes), _bytes(r.output_bytes),
                    f"{r.tokens:.3g}" if r.tokens else "", _machine_hours(r.cpu_hours),
                    _machine_hours(r.gpu_hours), _hours(r.wall_hours), r.basis])
    total = lambda name: sum(getattr(r, name) or 0.0 for r in rows)  # noqa: E731
    out.append([f"total ({cluster.nodes} nodes, {cluster.cores} cores, {cluster.gpus} GPUs)",
                "", "", "", _machine_hours(total("cpu_hours")),
                _machine_hours(total("gpu_hours")),
                _hours(total("wall_hours")), "steps run one after another"])
    return out
