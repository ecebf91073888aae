"""Where datatrove pipelines run. Steps hand over `Stage`s; an executor decides where the ranks
go. Only this package imports datatrove's executors, so Slurm and Ray plug in here without
touching any step. Cluster settings come from a profile (profile.py), never from the recipe."""
from __future__ import annotations

from recipec.runtime.executors.base import Executor, Stage

EXECUTORS = ("local", "ray", "slurm")


def make_executor(name: str, workers: int, profile=None) -> Executor:
    """`profile`: a profile.Profile (None: the defaults)."""
    if name == "local":
        from recipec.runtime.executors.local import LocalExecutor

        executor = LocalExecutor(workers)
    elif name == "ray":
        from recipec.runtime.executors.ray import RayExecutor

        executor = RayExecutor(_profile(profile).ray, workers)
    elif name == "slurm":
        from recipec.runtime.executors.slurm import SlurmExecutor

        executor = SlurmExecutor(_profile(profile).slurm, workers)
    else:
        raise ValueError(f"unknown executor {name!r}")
    # How a training phase spreads over machines (nodes.py reads it); data steps ignore it.
    executor.training = _profile(profile).training
    return executor


def _profile(profile):
    from recipec.runtime.executors.profile import Profile

    return profile if profile is not None else Profile()


__all__ = ["EXECUTORS", "Executor", "Stage", "make_executor"]
