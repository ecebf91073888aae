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
        return with_duplicates(counts_from(ctx.run_stages(stages)))


def with_duplicates(counts: dict) -> dict:
    """Dedup filters count their drops under their own names: name them for the report."""
    removed = counts["docs_in"] - counts["docs_out"] - sum(counts["reasons"].values())
    if removed > 0:
        counts["reasons"] = {**counts["reasons"], "dropped_duplicate": removed}
    return counts


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
        counts = with_duplicates(counts_from(ctx.run_stages(stages)))
        counts["cluster_sizes"] = read_cluster_sizes(str(ctx.scratch / "clusters"))
        return counts
