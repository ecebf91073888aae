"""`source`: raw data -> documents (text, id, metadata) in `tasks` shards.

jsonl (plain, .gz, .zst), parquet, folders of repositories and local HF datasets; malformed rows
are counted per reason and written to `dropped/` with it, never fatal. Every file read enters
the run key by content digest, so changed data re-runs the source and what reads it.
"""
from __future__ import annotations

import glob
import os

from recipec.runtime.steps.base import StepContext, StepError, StepKind, expand_paths, register
from recipec.runtime.steps.counts import counts_from
from recipec.runtime.steps.documents import dropped_writer, output_writer

GLOB_CHARS = "*?["


def _paths(params: dict) -> list[str]:
    path = params["path"]
    return list(path) if isinstance(path, list) else [path]


def expand_urls(pattern: str) -> list[str]:
    """The files of an fsspec URL or URL glob (a folder: every file below it), as URLs."""
    import fsspec

    fs, path = fsspec.core.url_to_fs(pattern)
    if fs.isdir(path):
        found = fs.find(path)
    else:
        found = fs.glob(path) if any(c in path for c in GLOB_CHARS) else \
            ([path] if fs.exists(path) else [])
    return sorted(fs.unstrip_protocol(p) for p in found)


def _split_glob(pattern: str) -> tuple[str, str | None]:
    """`data/github/*.jsonl.gz` -> (`data/github`, `*.jsonl.gz`); a plain path -> (it, None)."""
    parts = pattern.split("/")
    for index, part in enumerate(parts):
        if any(c in part for c in GLOB_CHARS):
            return "/".join(parts[:index]) or ".", "/".join(parts[index:])
    return pattern, None


@register
class Source(StepKind):
    kind = "source"
    libraries = ("datatrove",)
    resumable = True

    def external_inputs(self, params, resolve):
        if params["format"] == "hf_dataset":
            hf = params["hf"]
            local = resolve(hf)
            return expand_paths(local) if os.path.isdir(local) else [local]
        files = []
        for pattern in _paths(params):
            location = resolve(pattern)
            files += expand_urls(location) if "://" in location else expand_paths(location)
        return files

    def run(self, ctx: StepContext) -> dict:
        params = ctx.params
        readers = [self._reader(ctx, params, pattern) for pattern in
                   (_paths(params) if params["format"] != "hf_dataset" else [params["hf"]])]
        stats = ctx.run_stages(self._stages(ctx, readers))
        return counts_from(stats)

    def _stages(self, ctx, readers):
        from recipec.runtime.executors.base import Stage

        return [Stage("read", [*readers, output_writer(ctx)], ctx.tasks)]

    def _reader(self, ctx: StepContext, params: dict, pattern: str):
        from recipec.runtime.processing.readers import (
            InputSourceError, JsonlSourceReader, ParquetSourceReader, RepoFolderReader,
            hf_dataset_reader,
        )

        fmt = params["format"]
        metadata = list(params["metadata"]) or None
        common = dict(text_key=params["text"], id_key=params["id"] or "id",
                      metadata_fields=metadata, rejects_writer=dropped_writer(ctx))
        location = ctx.resolve(pattern)
        try:
            if fmt == "hf_dataset":
                return hf_dataset_reader(location, split=params["split"], **common)
            if fmt == "repos":
                if not os.path.isdir(location):
                    raise StepError(f"{location}: not a folder of repositories",
                                    "`format = repos` reads <path>/<repo>/<files>")
                return RepoFolderReader(location, skips_writer=dropped_writer(ctx))
            folder, file_glob = _split_glob(location)
            if file_glob is None:
                folder, file_glob = os.path.dirname(location) or ".", os.path.basename(location)
            if "://" not in folder and not glob.glob(os.path.join(folder, file_glob),
                                                     recursive=True):
                raise StepError(f"no input file matches {location}",
                                "check the source's `path`; relative paths start at the recipe")
            cls = ParquetSourceReader if fmt == "parquet" else JsonlSourceReader
            return cls(folder, glob_pattern=file_glob, add_file_path=False, **common)
        except InputSourceError as error:
            raise StepError(str(error)) from None
