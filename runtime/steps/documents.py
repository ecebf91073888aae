"""Documents between steps: datatrove Documents in `<step>/data/<rank>.jsonl.gz`, written
byte-stably (no gzip timestamp), read back in file order. Filters also write what they drop,
with its reason, to `<step>/dropped/` for `recipec show`."""
from __future__ import annotations

from pathlib import Path

from recipec.runtime.steps.base import DATA, DROPPED, StepContext


def reader(folder: Path, glob_pattern: str = "*.jsonl.gz"):
    from datatrove.pipeline.readers import JsonlReader

    return JsonlReader(str(folder), glob_pattern=glob_pattern, add_file_path=False)


def input_readers(ctx: StepContext, indexes: list[int] | None = None) -> list:
    """One reader per input step (in input order): datatrove chains readers in a pipeline."""
    ids = ctx.step.inputs if indexes is None else [ctx.step.inputs[i] for i in indexes]
    return [reader(ctx.inputs[i] / DATA) for i in ids]


def writer(folder: Path):
    from recipec.runtime.processing.stable_gzip import StableGzipJsonlWriter

    return StableGzipJsonlWriter(str(folder), output_filename="${rank}.jsonl.gz")


def output_writer(ctx: StepContext):
    return writer(ctx.output / DATA)


def dropped_writer(ctx: StepContext):
    return writer(ctx.output / DROPPED)


def data_files(folder: Path) -> list[Path]:
    return sorted((folder).glob("*.jsonl.gz"))


def iter_documents(folder: Path):
    """Plain dicts {text, id, metadata} of a data folder, in file order (for small steps)."""
    import gzip

    import orjson

    for path in data_files(folder):
        with gzip.open(path, "rb") as f:
            for line in f:
                if line.strip():
                    yield orjson.loads(line)
