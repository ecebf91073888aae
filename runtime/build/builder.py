"""`recipec build`: run every step that is out of date, in plan order.

A step runs in its run key's folder; its manifest is written last, so a step killed at any
moment has no manifest and runs again (datatrove steps resume their finished ranks). An upstream
step that re-ran but produced the same bytes gives its readers the same run keys: they stay
cached.
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from recipec.runtime.build.status import CACHED, RUN, UNSUPPORTED, StatusResolver, StepStatus
from recipec.runtime.cache.manifest import write_manifest, write_timings
from recipec.runtime.cache.workdir import Workdir, write_json_atomic
from recipec.runtime.executors import Executor
from recipec.runtime.steps import STEP_KINDS
from recipec.runtime.steps.base import StepContext, StepError


class BuildFailed(Exception):
    """One line for the user: which step, what went wrong, and a hint."""

    def __init__(self, step_id: str, message: str, hint: str = ""):
        super().__init__(f"{step_id}: {message}" if not message.startswith(step_id) else message)
        self.step_id = step_id
        self.hint = hint


@dataclass
class BuildResult:
    statuses: list[StepStatus] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def manifests(self) -> dict[str, dict]:
        return {s.step.id: s.manifest for s in self.statuses if s.manifest is not None}


class Builder:
    def __init__(self, plan, workdir: Workdir, base_dir: Path, executor: Executor,
                 force: set[str] = frozenset(), on_event=None):
        self.plan = plan
        self.workdir = workdir
        self.base_dir = base_dir
        self.executor = executor
        self.resolver = StatusResolver(plan, workdir, base_dir, force)
        self.on_event = on_event or (lambda *args: None)

    def build(self, only: set[str] | None = None) -> BuildResult:
        """Run the plan (or only the steps in `only` and what they need)."""
        result = BuildResult()
        needed = self._needed(only)
        for step in self.plan.steps:
            if step.id not in needed:
                continue
            try:
                status = self.resolver.status(step)
            except StepError as error:
                raise BuildFailed(step.id, str(error), error.hint) from None
            if status.state == UNSUPPORTED:
                raise BuildFailed(step.id, status.reasons[0],
                                  "this step kind is not implemented yet")
            if status.state == RUN:
                self.on_event("start", status)
                started = time.perf_counter()
                status.manifest = self._run(status)
                result.seconds[step.id] = time.perf_counter() - started
                result.ran.append(step.id)
                self.on_event("done", status, result.seconds[step.id])
            else:
                self.on_event("cached", status)
            self.resolver.known[step.id] = status.manifest
            result.statuses.append(status)
        self.resolver.digests.save()
        return result

    def _needed(self, only: set[str] | None) -> set[str]:
        if not only:
            return {s.id for s in self.plan.steps}
        by_id = {s.id: s for s in self.plan.steps}
        needed: set[str] = set()
        pending = [i for i in by_id if any(i == o or i.startswith(o + "/") for o in only)]
        while pending:
            step_id = pending.pop()
            if step_id not in needed:
                needed.add(step_id)
                pending += list(by_id[step_id].inputs)
        return needed

    def _run(self, status: StepStatus) -> dict:
        step = status.step
        kind = STEP_KINDS[step.kind]
        folder = self.workdir.step_dir(status.run_key)
        if folder.exists() and not kind.resumable:
            shutil.rmtree(folder)
        folder.mkdir(parents=True, exist_ok=True)
        ctx = StepContext(step=step, plan=self.plan, output=folder,
                          inputs={i: self.workdir.step_dir(self.resolver.known[i]["run_key"])
                                  for i in step.inputs},
                          executor=self.executor, base_dir=self.base_dir,
                          workdir=self.workdir.root,
                          progress=lambda done, total, what="": self.on_event(
                              "progress", status, done, total, what),
                          notes={"external": status.external or ()})
        started = time.perf_counter()
        try:
            counts = kind().run(ctx)
        except StepError as error:
            raise BuildFailed(step.id, str(error), error.hint) from None
        except OSError as error:
            if error.errno == 28:  # ENOSPC
                raise BuildFailed(step.id, f"disk full while writing {folder}",
                                  "free space or point --workdir elsewhere; nothing half-written "
                                  "was cached") from None
            raise
        manifest = write_manifest(folder, step, status.run_key, counts or {},
                                  status.now["versions"])
        write_timings(folder, {"seconds": time.perf_counter() - started})
        write_json_atomic(self.workdir.index_file(step.id), status.now)
        return manifest


__all__ = ["BuildFailed", "BuildResult", "Builder", "CACHED", "RUN"]
