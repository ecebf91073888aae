"""What every step implementation shares: the context it runs in, its result, the registry.

A step implementation turns one plan step (its `params` and its inputs' outputs) into files under
its output folder. It reads nothing of the recipe but the plan, imports its heavy libraries inside
`run`, and raises `StepError` for a user's mistake (a missing file, an unreachable model): the
build prints that as one line naming the step and exits 1, and caches nothing.
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from recipec.runtime.executors.base import Executor, Stage

DATA = "data"          # documents: <rank>.jsonl.gz
DROPPED = "dropped"    # what a filter dropped, with its reason
STD_SCHEME = "std:"
STDLIB_DIR = Path(__file__).resolve().parents[2] / "stdlib"


class StepError(Exception):
    """A problem with the user's inputs or environment, told in one line with a hint."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


@dataclass
class StepContext:
    step: Any                       # recipec.compiler.ir.plan.Step
    plan: Any                       # recipec.compiler.ir.plan.Plan
    output: Path                    # this step's folder: <workdir>/<run key>
    inputs: dict[str, Path]         # input step id -> its folder
    executor: Executor
    base_dir: Path                  # the root recipe's folder: relative paths start here
    workdir: Path
    progress: Any = None            # a callable(done, total, what) or None
    notes: dict = field(default_factory=dict)

    @property
    def params(self) -> dict:
        return self.step.params

    @property
    def seed(self) -> int:
        return self.plan.recipe.seed

    @property
    def tasks(self) -> int:
        return self.params.get("tasks", self.plan.recipe.tasks)

    @property
    def logs(self) -> Path:
        return self.output / "logs"

    @property
    def scratch(self) -> Path:
        """Working files that are not output (not hashed, not kept by `gc`)."""
        path = self.output / "scratch"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def input_dir(self, index: int = 0) -> Path:
        return self.inputs[self.step.inputs[index]]

    def data_dir(self, step_id: str | None = None) -> Path:
        return (self.inputs[step_id] if step_id else self.output) / DATA

    def resolve(self, path: str) -> str:
        return resolve_path(path, self.base_dir)

    def run_stages(self, stages: list[Stage]) -> dict[str, dict]:
        size = self.input_bytes()
        for stage in stages:
            stage.input_bytes = stage.input_bytes or size
        return self.executor.run(stages, self.logs)

    def input_bytes(self) -> int:
        """The size of what this step reads (its inputs' data, or its external files)."""
        total = 0
        for folder in self.inputs.values():
            total += sum(p.stat().st_size for p in (folder / DATA).glob("*") if p.is_file())
        for path in self.notes.get("external", ()):
            if "://" not in path:  # remote sizes are not worth a request here
                total += os.path.getsize(path)
        return total


class StepKind:
    """One kind of step. Subclasses set `kind` and implement `run`."""

    kind: ClassVar[str]
    # Distributions whose version shapes the output: part of the run key.
    libraries: ClassVar[tuple[str, ...]] = ()
    # True: partial outputs of an interrupted run are kept and completed (datatrove resumes
    # finished ranks); False: the step's folder is emptied before it runs again.
    resumable: ClassVar[bool] = False

    def external_inputs(self, params: dict, resolve) -> list[str] | None:
        """Files outside the workdir that the step reads (sources, local tokenizers): their
        content digests enter the run key. None: the step reads only its input steps."""
        return None

    def run(self, ctx: StepContext) -> dict:
        """Write the outputs; return the counts that go into the manifest."""
        raise NotImplementedError


STEP_KINDS: dict[str, type[StepKind]] = {}


def register(cls: type[StepKind]) -> type[StepKind]:
    STEP_KINDS[cls.kind] = cls
    return cls


def resolve_path(path: str, base_dir: Path) -> str:
    """A plan path on this machine: `std:` in the installed stdlib, else relative to the root
    recipe's folder; URLs and absolute paths as they are."""
    if path.startswith(STD_SCHEME):
        return str(STDLIB_DIR / path[len(STD_SCHEME):])
    if "://" in path or os.path.isabs(path):
        return path
    return str(base_dir / path)


def expand_paths(pattern: str) -> list[str]:
    """Local files of a path or glob, sorted; a folder means every file below it."""
    if os.path.isdir(pattern):
        return sorted(p for p in glob.glob(os.path.join(pattern, "**", "*"), recursive=True)
                      if os.path.isfile(p))
    return sorted(p for p in glob.glob(pattern, recursive=True) if os.path.isfile(p))
