"""`dedup.exact` and `dedup.minhash`: datatrove's multi-stage dedup jobs (see docs/dedup.md).

The stage builders live in recipec.runtime.processing.dedup; here they get this step's input,
output and scratch folders and run through the executor seam. Which document of a duplicate
group survives follows task order, and tasks come from the plan, so results never depend on
--workers.
"""
from __future__ import annotations

from recipec.runtime.steps.base import StepContext, StepKind, register
from recipec.runtime.steps.counts import counts_from
from recipec.runtime.steps.documents import dropped_writer, input_readers, output_writer


class _Dedup(StepKind):
    libraries = ("datatrove",)
    resumable = True

    def factories(self, ctx: StepContext):
        def read():
            (reader,) = input_readers(ctx)
            return reader

        return read, lambda: output_writer(ctx), lambda: dropped_writer(ctx)


@register
class ExactDedup(_Dedup):
    kind = "dedup.exact"

    def run(self, ctx: StepContext) -> dict:
        from recipec.runtime.processing.dedup import exact_dedup_stages

        read, write, dropped = self.factories(ctx)
        stages = exact_dedup_stages(read, write, str(ctx.scratch), ctx.tasks,
                                    exclusion_writer=dropped)
        stats = ctx.run_stages(stages)
        return counts_from(stats)


@register
class MinhashDedup(_Dedup):
    kind = "dedup.minhash"
    libraries = ("datatrove", "rensa")

    def run(self, ctx: StepContext) -> dict:
        from recipec.runtime.processing.dedup import MinhashParams, minhash_stages, read_cluster_sizes

        read, write, dropped = self.factories(ctx)
        params = MinhashParams(ngram=ctx.params["ngram"], bands=ctx.params["bands"],
                               rows=ctx.params["rows"], seed=ctx.seed)
        stages = minhash_stages(read, write, str(ctx.scratch), params, ctx.tasks,
                                exclusion_writer=dropped)
        stats = ctx.run_stages(stages)
        counts = counts_from(stats)
        counts["cluster_sizes"] = read_cluster_sizes(str(ctx.scratch / "clusters"))
        return counts
