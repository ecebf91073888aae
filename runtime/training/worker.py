"""One training process of a phase, started by DeepSpeed's launcher:

    python -m deepspeed.launcher.runner --num_gpus N --no_local_rank --module \\
        recipec.runtime.training.worker <job.json>

A short loop on the DeepSpeed engine (no HF Trainer: the loop is ~40 lines, and the batches are
ours, a pure function of the step, which is what makes resume exact). It resumes from the
newest checkpoint under `job.checkpoints`, trains to `job.steps`, and saves a checkpoint every
`save_every` steps and at the end: the HF model in `<tag>/hf/`, DeepSpeed's state beside it.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from recipec.runtime.training.batches import BatchPlan, PackedSource, PaddedSource
from recipec.runtime.training.job import HF_SUBDIR, TrainingJob, latest_tag, step_of, tag_of
from recipec.runtime.training.metrics import MetricsLog
from recipec.runtime.training.schedule import Schedule, lambda_scheduler

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                   "chat_template.jinja", "added_tokens.json", "vocab.json", "merges.txt")
PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """A killed build (kill -9) takes its launcher with it, and the launcher its workers: no
    orphan keeps training into a folder the next build resumes from."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() == 1:
        os._exit(1)


def init_distributed():
    import deepspeed
    import deepspeed.ops
    from deepspeed.accelerator import get_accelerator

    accelerator = get_accelerator()
    if accelerator.device_name() == "cpu":
        # DeepSpeed's CPU shared-memory all-reduce is a C++ extension compiled (for minutes)
        # on first use; gloo alone is all a CPU run needs.
        deepspeed.ops.__compatible_ops__["deepspeed_shm_comm"] = False
    else:
        accelerator.set_device(int(os.environ.get("LOCAL_RANK", 0)))
    deepspeed.init_distributed(dist_backend=accelerator.communication_backend_name())
    return accelerator


def load_model(job: TrainingJob):
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    torch.manual_seed(job.seed)
    config = AutoConfig.from_pretrained(job.config_dir)
    # float32 in memory: DeepSpeed casts to bf16/fp16 itself and keeps fp32 master weights.
    return AutoModelForCausalLM.from_pretrained(job.start, config=config, dtype=torch.float32)


def data_plan(job: TrainingJob, micro: int, accum: int, world: int) -> BatchPlan:
    import numpy as np

    spec = job.data
    if spec.kind == "padded":
        arrays = np.load(spec.path)
        offsets = arrays["offsets"]
        samples = [(arrays["ids"][a:b], arrays["mask"][a:b]) for a, b in zip(offsets, offsets[1:])]
        main = PaddedSource(samples, int(arrays["pad_id"]), job.seed)
    else:
        main = PackedSource(spec.path, job.seed)
    fim = PackedSource(spec.fim_path, job.seed + 1) if spec.fim_path else None
    return BatchPlan(main, micro, accum, world, job.steps, job.seed, fim, spec.fim_share)


def save_checkpoint(engine, job: TrainingJob, step: int, tokens: int, rank: int) -> None:
    """HF copy first, then DeepSpeed's state, whose `latest` pointer is written last: a kill
    at any moment leaves the previous checkpoint as the newest complete one."""
    import torch
    import torch.distributed as dist

    tag = tag_of(step)
    folder = Path(job.checkpoints) / tag
    if engine.zero_optimization_stage() == 3:
        state = engine._zero3_consolidated_16bit_state_dict()  # a collective: every rank calls
    else:
        state = engine.module.state_dict() if rank == 0 else None
    if rank == 0:
        hf = folder / HF_SUBDIR
        hf.mkdir(parents=True, exist_ok=True)
        dtype = getattr(torch, job.save_dtype) if job.save_dtype else None
        state = {k: (v.to(dtype) if dtype and v.is_floating_point() else v).cpu()
                 for k, v in state.items()}
        engine.module.save_pretrained(str(hf), state_dict=state)
        for name in TOKENIZER_FILES:
            if (Path(job.start) / name).is_file():
                shutil.copy2(Path(job.start) / name, hf / name)
        lineage = Path(job.checkpoints).parent / "lineage.json"
        if lineage.is_file():
            shutil.copy2(lineage, hf / "lineage.json")
    dist.barrier()
    engine.save_checkpoint(job.checkpoints, tag=tag, client_state={"step": step, "tokens": tokens})
    if rank == 0:
        prune(Path(job.checkpoints), job.keep_checkpoints)


def prune(checkpoints: Path, keep: int) -> None:
    tags = sorted(p for p in checkpoints.iterdir() if p.is_dir() and p.name.startswith("step-"))
    for old in tags[:-keep]:
        shutil.rmtree(old, ignore_errors=True)


def train_step(engine, batches, step: int, accum: int, rank: int, device, plain_gradients):
    """One optimizer step of this process: `accum` micro-batches, forward and backward, then
    DeepSpeed's step at the boundary. Returns ([sum of micro-batch losses, how many, tokens
    fed], gradient norm or None) for the caller to all-reduce and log."""
    import torch

    losses, fed, norm = [], 0, None
    for accumulation in range(accum):
        batch = batches.micro_batch(step, accumulation, rank)
        loss, counted = forward(engine, batch, device)
        engine.backward(loss)
        if engine.is_gradient_accumulation_boundary() and plain_gradients:
            norm = gradient_norm(engine.module)
        engine.step()
        if counted:
            losses.append(loss.detach().float())
        fed += batch.tokens
    total = torch.stack(losses).sum() if losses else torch.zeros((), device=device)
    return torch.stack([total.to(device), torch.tensor(float(len(losses)), device=device),
                        torch.tensor(float(fed), device=device)]), norm


def forward(engine, batch, device):
    """(loss, whether it counts). A micro-batch without a single labelled token (an SFT
    conversation truncated before its answer) still runs forward and backward, with a zero
    loss, so every process keeps the same collective calls; it is left out of the mean."""
    from recipec.runtime.training.batches import IGNORE

    inputs = batch.as_torch(device)
    if (batch.labels[:, 1:] != IGNORE).any():
        return engine(**inputs, use_cache=False).loss, True
    del inputs["labels"]
    return engine(**inputs, use_cache=False).logits.sum() * 0.0, False


def gradient_norm(module) -> float:
    import torch

    norms = [p.grad.detach().float().norm() for p in module.parameters() if p.grad is not None]
    return float(torch.linalg.vector_norm(torch.stack(norms))) if norms else 0.0


def hold_lock(path: str, wait_s: float = 60.0):
    """Rank 0 trains only when no other process (an orphan of a killed build that has not
    died yet) holds the folder."""
    import fcntl

    handle = open(path, "w")
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"another process is training into {Path(path).parent}")
            time.sleep(0.5)


def train(job: TrainingJob) -> None:
    import deepspeed
    import torch.distributed as dist

    accelerator = init_distributed()
    rank, world = dist.get_rank(), dist.get_world_size()
    lock = hold_lock(job.lock) if rank == 0 else None
    model = load_model(job)
    scheduler = None
    if job.schedule is not None:
        schedule = Schedule(**job.schedule)
        scheduler = lambda optimizer: lambda_scheduler(optimizer, schedule)  # noqa: E731
    engine, _, _, _ = deepspeed.initialize(model=model, config=job.ds_config,
                                           lr_scheduler=scheduler,
                                           model_parameters=[p for p in model.parameters()
                                                             if p.requires_grad])
    micro, accum = engine.train_micro_batch_size_per_gpu(), engine.gradient_accumulation_steps()
    batches = data_plan(job, micro, accum, world)
    step, tokens = 0, 0
    tag = latest_tag(Path(job.checkpoints))
    if tag is not None:
        _, client = engine.load_checkpoint(job.checkpoints, tag=tag)
        step, tokens = client["step"], client["tokens"]
        assert step == step_of(tag)
        if rank == 0:
            print(f"recipec: resumed from checkpoint {tag} (step {step} of {job.steps})",
                  flush=True)
    log = MetricsLog(job.metrics, job.throughput, job.tensorboard, step) if rank == 0 else None
    device = accelerator.current_device_name()
    # DeepSpeed reports the gradient norm for ZeRO and mixed precision only; in the plain fp32
    # case the full, reduced gradients are on the module before the step, so we measure them.
    plain_gradients = engine.zero_optimization_stage() == 0 and not (
        engine.bfloat16_enabled() or engine.fp16_enabled())
    engine.train()
    while step < job.steps:
        started = time.perf_counter()
        lr = engine.get_lr()[0]
        summary, norm = train_step(engine, batches, step, accum, rank, device, plain_gradients)
        dist.all_reduce(summary)
        step += 1
        step_tokens = int(summary[2].item())
        tokens += step_tokens
        if log is not None:
            norm = norm if norm is not None else engine.get_global_grad_norm()
            seconds = time.perf_counter() - started
            mean = float(summary[0].item() / summary[1].item()) if summary[1].item() else None
            log.write({"step": step, "loss": mean, "lr": float(lr),
                       "grad_norm": None if norm is None else float(norm), "tokens": tokens},
                      {"step": step, "seconds": round(seconds, 4),
                       "tokens_per_s": round(step_tokens / max(seconds, 1e-9), 1)})
        if step % job.save_every == 0 or step == job.steps:
            save_checkpoint(engine, job, step, tokens, rank)
    if log is not None:
        log.close()
    dist.barrier()
    if lock is not None:
        lock.close()


def main(argv: list[str] | None = None) -> None:
    args = [a for a in (argv if argv is not None else sys.argv[1:]) if not a.startswith("--local_rank")]
    die_with_parent()
    train(TrainingJob.read(args[0]))


if __name__ == "__main__":
    main()
