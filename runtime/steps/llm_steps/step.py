"""The base of the LLM step kinds, and the dry run that tells `recipec plan` how many of a step's
calls are already cached."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from recipec.runtime.steps.base import StepContext, StepKind
from recipec.runtime.steps.llm_steps.model import CallCount, StepLLM, model_folders
from recipec.runtime.steps.llm_steps.rows import Outputs, read_rows


class LLMStep(StepKind):
    """An LLM step: `llms` builds its models, `transform` does the work through them; `run`
    writes what it keeps and drops, `count_calls` replays it against the call cache alone."""

    libraries = ("transformers", "openai")

    def external_inputs(self, params, resolve):
        return model_folders(params, resolve) or None

    def input_rows(self, ctx: StepContext) -> Iterable[dict]:
        for step_id in ctx.step.inputs:
            if step_id in _model_steps(ctx.params):
                continue
            yield from read_rows(ctx.inputs[step_id])

    def llms(self, ctx: StepContext, dry_run: bool) -> dict[str, StepLLM]:
        raise NotImplementedError

    def transform(self, ctx: StepContext, llms: dict[str, StepLLM], out: Outputs | None) -> dict:
        """Do the step's work; write through `out` (None in a dry run). Returns extra counts."""
        raise NotImplementedError

    def run(self, ctx: StepContext) -> dict:
        llms = self.llms(ctx, dry_run=False)
        out = Outputs(ctx)
        try:
            extra = self.transform(ctx, llms, out)
        finally:
            counts = out.close()
            for llm in llms.values():
                llm.close()
        counts["llm"] = {role: llm.usage() for role, llm in llms.items()}
        return {**counts, **extra}

    def count_calls(self, ctx: StepContext) -> CallCount:
        llms = self.llms(ctx, dry_run=True)
        self.transform(ctx, llms, None)
        total = CallCount()
        for llm in llms.values():
            total.cached += llm.count.cached
            total.missing += llm.count.missing
        return total


def _model_steps(params: dict) -> set[str]:
    return {block["model_step"] for block in params.values()
            if isinstance(block, dict) and block.get("model_step")}


def planned_calls(step, plan, workdir: Path, base_dir: Path,
                  inputs: dict[str, Path]) -> dict | None:
    """For `recipec plan`: how many of an LLM step's calls are already in the call cache.

    `inputs` maps each input step id to its built folder (None when the step is not an LLM step
    or an input is not built yet, so its requests cannot be known). Makes no call and writes
    nothing: the step's stages are replayed with answers read from the cache alone."""
    import tempfile

    from recipec.runtime.steps import STEP_KINDS, load_step_kinds

    load_step_kinds()
    kind = STEP_KINDS.get(step.kind)
    if kind is None or not issubclass(kind, LLMStep) or any(i not in inputs for i in step.inputs):
        return None
    with tempfile.TemporaryDirectory() as scratch:
        ctx = StepContext(step=step, plan=plan, output=Path(scratch), inputs=dict(inputs),
                          executor=None, base_dir=Path(base_dir), workdir=Path(workdir))
        return kind().count_calls(ctx).to_dict()


def plan_call_counts(plan, workdir, base_dir: Path, known: dict[str, dict]) -> dict[str, dict]:
    """`planned_calls` of every LLM step of a plan whose inputs are built: `known` maps step ids
    to their manifests (StatusResolver.known after `all()`), `workdir` is the build's Workdir."""
    counts = {}
    for step in plan.steps:
        if all(i in known for i in step.inputs):
            inputs = {i: workdir.step_dir(known[i]["run_key"]) for i in step.inputs}
            found = planned_calls(step, plan, workdir.root, base_dir, inputs)
            if found is not None:
                counts[step.id] = found
    return counts
