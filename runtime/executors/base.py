"""The executor seam."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Stage:
    """One datatrove pipeline run over `tasks` ranks; a step may need several in order."""

    name: str
    pipeline: list
    tasks: int
    input_bytes: int = 0   # a hint: executors may skip parallelism for small stages

    def __post_init__(self) -> None:
        if self.tasks < 1:
            raise ValueError(f"stage {self.name}: tasks must be >= 1, got {self.tasks}")


class Executor:
    """Runs stages in order; returns the merged datatrove stats of each stage by name."""

    workers: int = 1

    def run(self, stages: list[Stage], logging_dir: Path) -> dict[str, dict]:
        raise NotImplementedError
