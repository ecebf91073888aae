"""The state of every step of a plan in a workdir: cached, will run (and why), or waiting on an
input that will run first (it re-runs only if that input's bytes change)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from recipec.runtime.cache.digests import FileDigests
from recipec.runtime.cache.keys import library_versions, run_key
from recipec.runtime.cache.manifest import read_manifest
from recipec.runtime.cache.workdir import Workdir, read_json
from recipec.runtime.build.reasons import why
from recipec.runtime.steps import STEP_KINDS, load_step_kinds
from recipec.runtime.steps.base import StepError, resolve_path

CACHED, RUN, WAITS, UNSUPPORTED, BLOCKED = "cached", "will run", "waits", "cannot run", "blocked"


@dataclass
class StepStatus:
    step: object
    state: str
    run_key: str | None = None
    reasons: list[str] = field(default_factory=list)
    manifest: dict | None = None
    now: dict | None = None          # what the index records after a successful run
    external: list[str] | None = None  # files outside the workdir that the step reads


class StatusResolver:
    """Computes run keys step by step; `known` holds the manifests of inputs already done."""

    def __init__(self, plan, workdir: Workdir, base_dir: Path, force: set[str] = frozenset()):
        load_step_kinds()
        self.plan = plan
        self.workdir = workdir
        self.base_dir = base_dir
        self.force = force
        self.digests = FileDigests(workdir.file_digests)
        self.known: dict[str, dict] = {}   # step id -> manifest of the output it reads

    def resolve(self, path: str) -> str:
        return resolve_path(path, self.base_dir)

    def status(self, step) -> StepStatus:
        kind = STEP_KINDS.get(step.kind)
        if kind is None:
            return StepStatus(step, UNSUPPORTED, reasons=[f"no runtime for `{step.kind}` steps "
                                                           "in this recipec"])
        waiting = [i for i in step.inputs if i not in self.known]
        if waiting:
            return StepStatus(step, WAITS, reasons=[f"after `{i}` (re-runs only if its output "
                                                     "changes)" for i in waiting])
        inputs = {i: self.known[i]["digest"] for i in step.inputs}
        external = kind().external_inputs(step.params, self.resolve)
        if external is not None:
            missing = [p for p in external if "://" not in p and not Path(p).exists()]
            if missing or not external:
                what = missing[0] if missing else "no file matches the source's path"
                raise StepError(f"input not found: {what}", "check the path in the recipe; "
                                "relative paths start at the recipe's folder")
            inputs["external"] = self.digests.digest_tree(external, str(self.base_dir))
        versions = library_versions(kind.libraries)
        key = run_key(step, self.plan.recipe.seed, inputs, versions)
        now = {"plan_key": step.cache_key, "run_key": key, "params": step.params,
               "seed": self.plan.recipe.seed, "version": step.version, "inputs": inputs,
               "versions": versions}
        manifest = read_manifest(self.workdir.step_dir(key))
        if manifest is not None and not self._forced(step.id):
            return StepStatus(step, CACHED, key, manifest=manifest, now=now, external=external)
        reasons = ["forced"] if self._forced(step.id) else why(
            read_json(self.workdir.index_file(step.id)), now)
        return StepStatus(step, RUN, key, reasons=reasons, now=now, external=external)

    def _forced(self, step_id: str) -> bool:
        return any(step_id == f or step_id.startswith(f + "/") for f in self.force)

    def all(self) -> list[StepStatus]:
        """Every step's state, as far as it can be known without running anything; a step whose
        inputs cannot be read is `blocked`, with the reason (a build stops there)."""
        result = []
        for step in self.plan.steps:
            try:
                status = self.status(step)
            except StepError as error:
                status = StepStatus(step, BLOCKED, reasons=[str(error) + (
                    f" ({error.hint})" if error.hint else "")])
            if status.state == CACHED:
                self.known[step.id] = status.manifest
            result.append(status)
        self.digests.save()
        return result
