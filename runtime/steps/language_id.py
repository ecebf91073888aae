"""`language_id`, `downsample_rare` and `sample`: decisions about which documents stay."""
from __future__ import annotations

import json

from recipec.runtime.executors.base import Stage
from recipec.runtime.steps.base import StepContext, register
from recipec.runtime.steps.counts import counts_from
from recipec.runtime.steps.documents import dropped_writer, input_readers, output_writer
from recipec.runtime.steps.filters import DocumentBlockStep


@register
class LanguageId(DocumentBlockStep):
    kind = "language_id"
    libraries = ("datatrove", "magika")

    def run(self, ctx: StepContext) -> dict:
        block = self.block(ctx.params, dropped_writer(ctx))
        stats = ctx.run_stages([Stage(self.kind, [*input_readers(ctx), block,
                                                  output_writer(ctx)], ctx.tasks)])
        counts = counts_from(stats)
        counts["languages"] = languages_identified(stats)
        return counts

    def block(self, params, dropped):
        from recipec.runtime.processing.filters.language_id import LanguageIdFilter

        return LanguageIdFilter(keep=params["keep"], min_confidence=params["min_confidence"],
                                use_path=params["use_path"], keep_unknown=params["keep_unknown"],
                                exclusion_writer=dropped)


def languages_identified(stats: dict) -> dict[str, int]:
    """The filter's `language_<name>` stats: every document identified, kept or not."""
    from recipec.runtime.steps.counts import _number

    languages: dict[str, int] = {}
    for stage in stats.values():
        for entry in stage.values():
            for key, value in entry["stats"].items():
                if key.startswith("language_"):
                    name = key[len("language_"):]
                    languages[name] = languages.get(name, 0) + _number(value)
    return dict(sorted(languages.items()))


@register
class Sample(DocumentBlockStep):
    kind = "sample"

    def run(self, ctx: StepContext) -> dict:
        from recipec.runtime.processing.filters.sampling import SampleFilter

        block = SampleFilter(ctx.params["rate"], ctx.seed, exclusion_writer=dropped_writer(ctx))
        stats = ctx.run_stages([Stage("sample", [*input_readers(ctx), block, output_writer(ctx)],
                                      ctx.tasks)])
        return counts_from(stats)


@register
class DownsampleRare(DocumentBlockStep):
    """Two passes: count documents per language, then keep the rare ones at a rate."""

    kind = "downsample_rare"

    def run(self, ctx: StepContext) -> dict:
        from recipec.runtime.processing.filters.sampling import (
            LanguageCounter, RareLanguageSampler,
        )

        counts_dir = ctx.scratch / "language_counts"
        counts_dir.mkdir(exist_ok=True)
        ctx.run_stages([Stage("count", [*input_readers(ctx), LanguageCounter(str(counts_dir))],
                              ctx.tasks)])
        totals: dict[str, int] = {}
        for path in sorted(counts_dir.glob("*.json")):
            for language, count in json.loads(path.read_text()).items():
                totals[language] = totals.get(language, 0) + count
        documents = sum(totals.values()) or 1
        rare = sorted(lang for lang, n in totals.items()
                      if n / documents < ctx.params["share_below"])
        block = RareLanguageSampler(rare, ctx.params["keep"], ctx.seed,
                                    exclusion_writer=dropped_writer(ctx))
        stats = ctx.run_stages([Stage("sample", [*input_readers(ctx), block, output_writer(ctx)],
                                      ctx.tasks)])
        counts = counts_from({"sample": stats["sample"]})
        counts["rare_languages"] = rare
        counts["languages_before"] = dict(sorted(totals.items()))
        return counts
