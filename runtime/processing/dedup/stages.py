"""A stage: one datatrove pipeline and how many tasks it must run as.

Dedup and decontamination are several datatrove jobs that must run one after the other (MinHash
is four: signatures, buckets, clusters, filter). The builders here return them as a list of
`Stage`s and leave running them to the caller's executor seam, so that local, Slurm and Ray
executors all run the same stages:

    for stage in stages:
        LocalPipelineExecutor(stage.pipeline, tasks=stage.tasks,
                              workers=min(workers, stage.tasks),
                              logging_dir=f"{logs}/{stage.name}").run()

`tasks` is part of the result's identity (which document of a duplicate group survives follows the
task order), so it comes from the plan; the number of workers only sets parallelism.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Union

from datatrove.pipeline.base import PipelineStep

from recipec.runtime.executors.base import Stage  # noqa: F401  (re-exported: the builders' type)

# A pipeline as datatrove executors take it.
Pipeline = list[Union[PipelineStep, Callable]]

# Stages that read the input need a fresh reader each (a step instance keeps its own stats).
ReaderFactory = Callable[[], PipelineStep]
WriterFactory = Callable[[], PipelineStep]


def jsonl_reader(folder: str, glob_pattern: str | None = None, text_key: str = "text") -> ReaderFactory:
    """A factory of datatrove JSONL readers over `folder` (gzip/zstd inferred from file names).

    Documents do not get datatrove's `file_path` metadata: an absolute path would make the
    output bytes depend on where the input lives.
    """
    from datatrove.pipeline.readers import JsonlReader

    def make() -> PipelineStep:
        return JsonlReader(folder, glob_pattern=glob_pattern, text_key=text_key, add_file_path=False)

    return make


def jsonl_writer(folder: str, compression: str | None = "gzip") -> WriterFactory:
    """A factory of datatrove JSONL writers, one `<rank>.jsonl[.gz|.zst]` file per task.

    gzip goes through python-isal (~7x faster than datatrove's default level-9 gzip) and writes
    no timestamp, so identical documents give identical bytes (see stable_gzip.py).
    """
    from datatrove.pipeline.writers import JsonlWriter

    from recipec.runtime.processing.stable_gzip import StableGzipJsonlWriter

    def make() -> PipelineStep:
        if compression == "gzip":
            return StableGzipJsonlWriter(folder)
        return JsonlWriter(folder, output_filename="${rank}.jsonl", compression=compression)

    return make


def run_locally(stages: list[Stage], logging_dir: str, workers: int = 1) -> dict[str, float]:
    """Runs the stages in order with datatrove's LocalPipelineExecutor; seconds per stage.

    For tests, benchmarks and single-machine use; a build runs stages through its own executor
    seam instead. Each stage logs to `<logging_dir>/<stage name>`.
    """
    import time

    from datatrove.executor import LocalPipelineExecutor

    seconds = {}
    for stage in stages:
        start = time.perf_counter()
        LocalPipelineExecutor(
            stage.pipeline,
            tasks=stage.tasks,
            workers=max(1, min(workers, stage.tasks)),
            logging_dir=f"{logging_dir.rstrip('/')}/{stage.name}",
        ).run()
        seconds[stage.name] = time.perf_counter() - start
    return seconds
