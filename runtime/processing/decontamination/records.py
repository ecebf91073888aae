"""Benchmark records from local data: a jsonl/json/parquet/arrow file, a dataset folder saved
with `datasets.save_to_disk`, a downloaded hub snapshot folder, or a hub name already in the
local Hugging Face cache. Nothing is ever downloaded; what is missing is a `BenchmarkDataError`
with one line that names the benchmark, the path and what to do.
"""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

DATA_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".json.gz", ".parquet", ".arrow")


class BenchmarkDataError(ValueError):
    """A benchmark's data is missing or unreadable: a user's mistake, shown as one line."""


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return next((s for s in sorted(DATA_SUFFIXES, key=len, reverse=True) if name.endswith(s)), "")


def _read_json(path: Path) -> list[dict]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        text = f.read()
    stripped = text.lstrip()
    if stripped.startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _read_arrow(path: Path) -> list[dict]:
    import pyarrow as pa

    # datasets.save_to_disk writes the IPC *stream* format; other tools write the file format
    try:
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_stream(source).read_all().to_pylist()
    except pa.ArrowInvalid:
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_file(source).read_all().to_pylist()


def _read_parquet(path: Path) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def read_file(name: str, path: Path) -> list[dict]:
    """The records of one data file."""
    suffix = _suffix(path)
    try:
        if suffix in (".jsonl", ".jsonl.gz", ".json", ".json.gz"):
            records = _read_json(path)
        elif suffix == ".parquet":
            records = _read_parquet(path)
        elif suffix == ".arrow":
            records = _read_arrow(path)
        else:
            raise BenchmarkDataError(
                f"benchmark `{name}`: cannot read {path}: expected one of {', '.join(DATA_SUFFIXES)}"
            )
    except BenchmarkDataError:
        raise
    except Exception as exc:  # any parse failure of a user's file is reported, not raised through
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BenchmarkDataError(f"benchmark `{name}`: cannot read {path}: {reason}") from exc
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise BenchmarkDataError(f"benchmark `{name}`: {path} does not hold a list of records")
    return records


def _split_files(name: str, folder: Path, split: str) -> list[Path]:
    """Data files of `split` in a folder: those whose relative path names the split."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and _suffix(p) and ".cache" not in p.parts)
    if not files:
        raise BenchmarkDataError(
            f"benchmark `{name}`: no data files ({', '.join(DATA_SUFFIXES)}) under {folder}"
        )
    word = re.compile(rf"(^|[/_.\-]){re.escape(split)}([/_.\-]|$)")
    chosen = [p for p in files if word.search(p.relative_to(folder).as_posix())]
    if not chosen:
        found = ", ".join(p.relative_to(folder).as_posix() for p in files[:6])
        raise BenchmarkDataError(
            f"benchmark `{name}`: no file of split `{split}` under {folder} (found: {found}); "
            f"set `split` to the one to check"
        )
    return chosen


def read_folder(name: str, folder: Path, split: str) -> list[dict]:
    """Records of `split` from a save_to_disk folder or a hub snapshot folder."""
    if (folder / "dataset_dict.json").is_file():  # DatasetDict.save_to_disk: one folder per split
        if not (folder / split).is_dir():
            splits = sorted(p.name for p in folder.iterdir() if p.is_dir())
            raise BenchmarkDataError(
                f"benchmark `{name}`: {folder} has no split `{split}` (splits: {', '.join(splits)})"
            )
        folder = folder / split
    if (folder / "state.json").is_file():  # Dataset.save_to_disk: the folder is the split
        files = sorted(folder.glob("*.arrow"))
    else:
        files = _split_files(name, folder, split)
    return [record for path in files for record in read_file(name, path)]


def cached_hub_snapshot(name: str, repo_id: str) -> Path:
    """The local snapshot folder of a hub dataset that is already in the Hugging Face cache."""
    from huggingface_hub import constants, snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        return Path(snapshot_download(repo_id, repo_type="dataset", local_files_only=True))
    except (LocalEntryNotFoundError, FileNotFoundError, ValueError) as exc:
        raise BenchmarkDataError(
            f"benchmark `{name}`: `{repo_id}` is neither a folder nor in the local Hugging Face cache "
            f"({constants.HF_HUB_CACHE}); download it beforehand (`hf download {repo_id} --repo-type dataset`) "
            f"or give `path = \"<file.jsonl|.parquet>\"` / `hf = \"<local folder>\"`"
        ) from exc
