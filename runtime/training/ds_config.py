"""The DeepSpeed config of a phase: generated from the recipe, then the user's JSON on top.

The recipe says what matters for the run (ZeRO stage, precision, offload, batch sizes, optimiser,
clipping; the LR schedule is `schedule.py`'s unless the user's JSON names a DeepSpeed
`scheduler`); `deepspeed.config` (a JSON file) and
`deepspeed.overrides` (inline keys) are merged last, key by key, so a user can change anything
DeepSpeed knows without recipec having to. The trainer reads the batch sizes back from the
merged config, so an override of the micro batch also changes what the data loader feeds.
"""
from __future__ import annotations

import copy
import json

ADAM_BETAS = (0.9, 0.95)  # Qwen2.5 and most code-LLM reports
ADAM_EPS = 1e-8
QUIET = 10**9              # DeepSpeed's own step printing: the trainer reports progress itself


class DeepSpeedConfigError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def zero_section(stage: int, offload: str, nvme_path: str) -> dict:
    section: dict = {"stage": stage}
    if offload != "none" and stage > 0:
        target = {"device": offload, **({"nvme_path": nvme_path} if offload == "nvme" else {})}
        section["offload_optimizer"] = dict(target)
        if stage == 3:
            section["offload_param"] = dict(target)
    return section


def generated_config(params: dict, world_size: int, nvme_path: str) -> dict:
    """What the recipe asks for, as DeepSpeed JSON."""
    ds = params["deepspeed"] or {}
    stage = ds.get("zero_stage", 0)
    offload = ds.get("offload", "none")
    precision = ds.get("precision", "fp32")
    micro, accum = params["micro_batch"], params["grad_accum"]
    return {
        "train_micro_batch_size_per_gpu": micro,
        "gradient_accumulation_steps": accum,
        "train_batch_size": micro * accum * world_size,
        "gradient_clipping": ds.get("gradient_clipping", 1.0),
        # torch's AdamW: DeepSpeed's fused and CPU Adam are C++/CUDA extensions compiled on
        # first use, which a CPU machine or a wheel built with DS_BUILD_OPS=0 lacks.
        "optimizer": {"type": "AdamW", "params": {
            "lr": params["lr"], "betas": list(ADAM_BETAS), "eps": ADAM_EPS,
            "weight_decay": params["weight_decay"], "torch_adam": True}},
        "zero_force_ds_cpu_optimizer": False,
        "zero_optimization": zero_section(stage, offload, nvme_path),
        "bf16": {"enabled": precision == "bf16"},
        "fp16": {"enabled": precision == "fp16", "loss_scale": 0, "initial_scale_power": 16},
        "steps_per_print": QUIET,
        "wall_clock_breakdown": False,
    }


def merge(base: dict, extra: dict) -> dict:
    """`extra` over `base`, recursing into objects; lists and scalars are replaced."""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def user_json(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            value = json.load(f)
    except OSError as error:
        raise DeepSpeedConfigError(f"DeepSpeed config {path}: {error.strerror}",
                                   "check `config` in the deepspeed block") from None
    except ValueError as error:
        raise DeepSpeedConfigError(f"DeepSpeed config {path} is not valid JSON ({error})",
                                   "fix the file; it is merged over the generated config") from None
    if not isinstance(value, dict):
        raise DeepSpeedConfigError(f"DeepSpeed config {path} is not a JSON object",
                                   "write the keys DeepSpeed reads, e.g. {\"zero_optimization\": ...}")
    return value


def deepspeed_config(params: dict, world_size: int, *, resolve=lambda p: p,
                     nvme_path: str = "/tmp") -> dict:
    """The generated config with `deepspeed.config` and then `deepspeed.overrides` merged in."""
    config = generated_config(params, world_size, nvme_path)
    ds = params["deepspeed"] or {}
    if ds.get("config"):
        config = merge(config, user_json(resolve(ds["config"])))
    if ds.get("overrides"):
        config = merge(config, ds["overrides"])
    check_batch(config, world_size)
    return config


def check_batch(config: dict, world_size: int) -> None:
    micro = config.get("train_micro_batch_size_per_gpu")
    accum = config.get("gradient_accumulation_steps")
    total = config.get("train_batch_size")
    if not all(isinstance(v, int) and v > 0 for v in (micro, accum, total)) or \
            micro * accum * world_size != total:
        raise DeepSpeedConfigError(
            f"DeepSpeed batch sizes disagree: train_batch_size {total} != micro batch {micro} x "
            f"gradient accumulation {accum} x {world_size} process(es)",
            "override all three together, or set micro_batch/grad_accum in the phase")


def batch_shape(config: dict) -> tuple[int, int]:
    """(micro batch per process, gradient accumulation steps) of a merged config."""
    return config["train_micro_batch_size_per_gpu"], config["gradient_accumulation_steps"]
