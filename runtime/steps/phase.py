"""`phase`: one training phase on DeepSpeed, from the previous phase's checkpoint (or the model
step's `model/`) to `checkpoint/`.

    checkpoint/          the trained HF model (safetensors, tokenizer, lineage.json), written last
    metrics.jsonl        step, loss, lr, grad_norm, tokens per optimizer step
    scratch/checkpoints/ step-NNNNNNN/hf/ + DeepSpeed's state: resume after a kill
    logs/train.log       the launcher's and workers' output; logs/throughput.jsonl: tokens/s

The step is resumable: a build killed while training leaves its checkpoints, and the next build
continues from the newest one with the same batches (docs/training.md).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from recipec.runtime.steps.base import StepContext, StepError, StepKind, register

CHECKPOINT = "checkpoint"
METRICS = "metrics.jsonl"


@register
class Phase(StepKind):
    kind = "phase"
    libraries = ("transformers", "torch", "deepspeed", "tokenizers")
    resumable = True

    def external_inputs(self, params, resolve):
        path = (params.get("deepspeed") or {}).get("config")
        return [resolve(path)] if path else None

    def run(self, ctx: StepContext) -> dict:
        from recipec.runtime.training.chat import ChatError
        from recipec.runtime.training.ds_config import DeepSpeedConfigError
        from recipec.runtime.training.launch import TrainingFailed
        from recipec.runtime.training.prepare import DataError
        from recipec.runtime.training.rope import RopeError

        try:
            return train_phase(ctx)
        except (ChatError, DeepSpeedConfigError, TrainingFailed, DataError, RopeError) as error:
            raise StepError(str(error), getattr(error, "hint", "")) from None


def start_folder(ctx: StepContext) -> Path:
    params = ctx.params
    if params["after"]:
        return ctx.inputs[params["after"]] / CHECKPOINT
    return ctx.inputs[params["model"]] / "model"


def forget_finished_run(output: Path) -> None:
    """A manifest at the start means a forced re-run of a finished phase: start over rather
    than 'resume' from its last checkpoint."""
    if (output / "manifest.json").exists():
        for child in output.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()


def train_phase(ctx: StepContext) -> dict:
    from recipec.runtime.training.batches import fim_choices, total_steps
    from recipec.runtime.training.ds_config import batch_shape, deepspeed_config
    from recipec.runtime.training.job import TrainingJob, latest_tag
    from recipec.runtime.training.launch import run_launcher
    from recipec.runtime.training.lineage import build_lineage, write_lineage
    from recipec.runtime.training.metrics import curve, read_jsonl
    from recipec.runtime.training.phase_config import phase_config
    from recipec.runtime.training.prepare import prepare
    from recipec.runtime.training.schedule import schedule_of

    params = ctx.params
    forget_finished_run(ctx.output)
    if params["objective"] == "fim_sft" and not 0 < params["fim_share"] < 1:
        raise StepError(f"fim_sft needs 0 < fim_share < 1, not {params['fim_share']}",
                        "set fim_share (e.g. 20%) and fim_data")
    start = start_folder(ctx)
    scratch = ctx.scratch
    settings, save_dtype = phase_config(start, params, scratch / "config")
    fim_dir = ctx.inputs[params["fim_data"]] if params["fim_data"] else None
    data = prepare(params["data_kind"], ctx.inputs[params["data"]], fim_dir, start, scratch,
                   params, settings.max_positions)
    if data.seq_len > settings.max_positions:
        raise StepError(f"sequences of {data.seq_len} tokens exceed the model's "
                        f"{settings.max_positions} positions",
                        "raise max_position_embeddings or set yarn in the phase")
    procs = params["procs"]
    ds_config = deepspeed_config(params, procs, resolve=ctx.resolve,
                                 nvme_path=str(scratch / "nvme"))
    micro, accum = batch_shape(ds_config)

    steps = total_steps(params["objective"], data.samples, micro, accum, procs, params["epochs"],
                        data.spec.fim_share, params["max_steps"])
    if steps < 1:
        raise StepError(f"{params['data']} has {data.samples} samples, fewer than one global "
                        f"batch of {micro * accum * procs}",
                        "lower micro_batch/grad_accum/procs or give the mixture more budget")
    write_lineage(scratch / "lineage.json", build_lineage(ctx.plan, ctx.step, ctx.output.name,
                                                          ctx.workdir, ctx.base_dir))
    job = TrainingJob(
        start=str(start), config_dir=str(scratch / "config"), data=data.spec, steps=steps,
        save_every=params["save_every"], seed=ctx.seed,
        ds_config=ds_config,
        schedule=None if "scheduler" in ds_config else schedule_of(params, steps).as_dict(),
        checkpoints=str(scratch / "checkpoints"), metrics=str(ctx.output / METRICS),
        throughput=str(ctx.logs / "throughput.jsonl"), tensorboard=str(ctx.logs / "tensorboard"),
        lock=str(scratch / "train.lock"), save_dtype=save_dtype)
    job.write(scratch / "job.json")
    run_launcher(scratch / "job.json", procs, steps, ctx.output / METRICS,
                 ctx.logs / "throughput.jsonl", ctx.logs / "train.log", ctx.progress,
                 ctx.executor)
    tag = latest_tag(Path(job.checkpoints))
    if tag is None or not tag.endswith(f"{steps:07d}"):
        raise StepError(f"training ended without its final checkpoint (newest: {tag})",
                        f"see {ctx.logs / 'train.log'}")
    finalize(Path(job.checkpoints) / tag / "hf", ctx.output / CHECKPOINT, settings)
    records = read_jsonl(ctx.output / METRICS)
    losses = [r["loss"] for r in records if r["loss"] is not None]
    return {"objective": params["objective"], "steps": steps, "tokens": records[-1]["tokens"],
            "loss_first": losses[0] if losses else None,
            "loss_final": losses[-1] if losses else None,
            "curve": curve(records), "processes": procs, "micro_batch": micro,
            "grad_accum": accum, "seq_len": data.seq_len, "samples": data.samples,
            "fim_share": data.spec.fim_share,
            "fim_micro_batches": int(fim_choices(steps * accum * procs, ctx.seed,
                                                 data.spec.fim_share).sum()),
            "data": data.stats,
            "rope": {"theta": settings.theta, "max_positions": settings.max_positions,
                     "yarn_factor": settings.yarn_factor, "original_max": settings.original_max}}


def finalize(hf: Path, final: Path, settings) -> None:
    """Copy the last checkpoint's HF model to `checkpoint/` (by rename, so a kill leaves either
    nothing or all of it) and check that its config loads with the phase's RoPE."""
    from recipec.runtime.training.rope import check_folder

    check_folder(hf, settings)
    partial = final.with_name(final.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(hf, partial)
    shutil.rmtree(final, ignore_errors=True)
    partial.rename(final)
