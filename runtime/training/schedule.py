"""The learning-rate schedule of a phase: linear warmup, then cosine or linear decay to
`min_lr`, or constant.

Ours rather than DeepSpeed's `WarmupCosineLR`/`WarmupDecayLR`: those warm up for at least two
steps whatever the config says and spend their first step at a learning rate of 0. Here step s
(0-based) of w warmup steps trains at lr * (s + 1) / w, so `warmup = 0` means none; decay runs
from lr on the first step after warmup to `min_lr` on the last. It is a torch `LambdaLR` handed
to `deepspeed.initialize`, so DeepSpeed steps it and keeps its state in its checkpoints. A user
JSON that names a DeepSpeed `scheduler` replaces it.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

KINDS = ("cosine", "linear", "constant")


@dataclass(frozen=True)
class Schedule:
    kind: str
    warmup: int
    total: int
    min_ratio: float  # min_lr / lr

    def factor(self, step: int) -> float:
        """Multiplier of the peak learning rate at 0-based optimizer step `step`."""
        if step < self.warmup:
            return (step + 1) / self.warmup
        if self.kind == "constant":
            return 1.0
        span = max(1, self.total - self.warmup - 1)
        progress = min(1.0, (step - self.warmup) / span)
        shape = (1 + math.cos(math.pi * progress)) / 2 if self.kind == "cosine" else 1 - progress
        return self.min_ratio + (1 - self.min_ratio) * shape

    def as_dict(self) -> dict:
        return asdict(self)


def warmup_steps(warmup, total_steps: int) -> int:
    """`warmup` is a step count (an int) or a share of the steps (a float in [0, 1])."""
    if isinstance(warmup, float):
        return int(round(warmup * total_steps))
    return int(warmup)


def schedule_of(params: dict, total_steps: int) -> Schedule:
    lr = float(params["lr"])
    return Schedule(params["schedule"], min(warmup_steps(params["warmup"], total_steps),
                                            total_steps), total_steps,
                    float(params["min_lr"]) / lr if lr else 0.0)


def lambda_scheduler(optimizer, schedule: Schedule):
    from torch.optim.lr_scheduler import LambdaLR

    return LambdaLR(optimizer, lambda step: schedule.factor(step))
