"""Benchmark decontamination as datatrove stages (see docs/dedup.md).

    decontamination_stages(reader, writer, work_folder, [BenchmarkSource(...)], ngram=10, tasks=4)

Names are imported on first use (PEP 562): `recipec plan` asks `sources` where a benchmark's
files are without importing datatrove.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "DecontaminationFilter": "filter", "drops_per_benchmark": "filter",
    "BuildDecontIndex": "index", "read_index_summary": "index",
    "BenchmarkDataError": "records", "BenchmarkSource": "sources", "benchmark_texts": "sources",
    "check_source": "sources", "decontamination_stages": "stages",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_EXPORTS[name]}"), name)
