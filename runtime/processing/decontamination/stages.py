"""`decontaminate`: drop documents that share an n-gram with a benchmark, as two datatrove stages.

    stages = decontamination_stages("in/", "out/", "work/", [BenchmarkSource("humaneval", builtin=True)],
                                    ngram=10, tasks=4)

1. index (1 task): `BuildDecontIndex` reads the benchmarks' local data and writes
   `work/index/<benchmark>.index.hashes` and `index_summary.json`;
2. filter (`tasks` tasks): `DecontaminationFilter` drops every document with an indexed n-gram
   and writes the rest; drops per benchmark are the stats `dropped_contaminated_<benchmark>`
   (`filter.drops_per_benchmark` reads them from the stage's stats.json).

Benchmark data is checked when the stages are built, so a missing file is reported before any
step runs, as a `BenchmarkDataError` with a one-line message.
"""
from __future__ import annotations

from recipec.runtime.processing.decontamination.filter import DecontaminationFilter
from recipec.runtime.processing.decontamination.index import BuildDecontIndex
from recipec.runtime.processing.decontamination.sources import BenchmarkSource, check_source
from recipec.runtime.processing.dedup.stages import (
    ReaderFactory,
    Stage,
    WriterFactory,
    jsonl_reader,
    jsonl_writer,
)


def decontamination_stages(
    reader: ReaderFactory | str,
    writer: WriterFactory | str,
    work_folder: str,
    benchmarks: list[BenchmarkSource],
    ngram: int = 10,
    tasks: int = 1,
    *,
    exclusion_writer: WriterFactory | None = None,
) -> list[Stage]:
    if ngram < 1:
        raise ValueError(f"decontaminate: ngram must be >= 1, got {ngram}")
    if not benchmarks:
        raise ValueError("decontaminate: name at least one benchmark")
    names = [b.name for b in benchmarks]
    if len(set(names)) != len(names):
        raise ValueError(f"decontaminate: a benchmark is named twice in {names}")
    for source in benchmarks:
        check_source(source)
    read = jsonl_reader(reader) if isinstance(reader, str) else reader
    write = jsonl_writer(writer) if isinstance(writer, str) else writer
    index = f"{work_folder.rstrip('/')}/index"
    return [
        Stage("decont_index", [BuildDecontIndex(index, benchmarks, ngram)], 1),
        Stage(
            "decont_filter",
            [read(), DecontaminationFilter(index, ngram, exclusion_writer() if exclusion_writer else None), write()],
            tasks,
        ),
    ]
