"""`concat`: a pipeline without steps reads several inputs as one (in input order)."""
from __future__ import annotations

from recipec.runtime.executors.base import Stage
from recipec.runtime.steps.base import StepContext, StepKind, register
from recipec.runtime.steps.counts import counts_from
from recipec.runtime.steps.documents import input_readers, output_writer


@register
class Concat(StepKind):
    kind = "concat"
    libraries = ("datatrove",)
    resumable = True

    def run(self, ctx: StepContext) -> dict:
        stats = ctx.run_stages([Stage("concat", [*input_readers(ctx), output_writer(ctx)],
                                      ctx.tasks)])
        return counts_from(stats)
