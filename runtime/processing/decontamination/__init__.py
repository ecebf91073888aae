"""Benchmark decontamination as datatrove stages (see docs/dedup.md).

    decontamination_stages(reader, writer, work_folder, [BenchmarkSource(...)], ngram=10, tasks=4)

Importing this package imports datatrove: keep it off the `recipec check` path.
"""
from recipec.runtime.processing.decontamination.filter import DecontaminationFilter, drops_per_benchmark
from recipec.runtime.processing.decontamination.index import BuildDecontIndex, read_index_summary
from recipec.runtime.processing.decontamination.records import BenchmarkDataError
from recipec.runtime.processing.decontamination.sources import BenchmarkSource, benchmark_texts, check_source
from recipec.runtime.processing.decontamination.stages import decontamination_stages

__all__ = [
    "BenchmarkDataError",
    "BenchmarkSource",
    "BuildDecontIndex",
    "DecontaminationFilter",
    "benchmark_texts",
    "check_source",
    "decontamination_stages",
    "drops_per_benchmark",
    "read_index_summary",
]
