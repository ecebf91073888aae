"""Where datatrove pipelines run. Steps hand over `Stage`s; an executor decides where the ranks
go. Only this package imports datatrove's executors, so Slurm and Ray plug in here without
touching any step."""
from __future__ import annotations

from recipec.runtime.executors.base import Executor, Stage


def make_executor(name: str, workers: int) -> Executor:
    if name == "local":
        from recipec.runtime.executors.local import LocalExecutor

        return LocalExecutor(workers)
    raise ValueError(f"unknown executor {name!r}")


__all__ = ["Executor", "Stage", "make_executor"]
