"""Real code to deduplicate, and JSONL in/out helpers, for the dedup and decontamination tests."""
from __future__ import annotations

import gzip
import json
import sysconfig
from functools import lru_cache
from pathlib import Path


def stdlib_python_files(count: int, min_bytes: int = 1_500, max_bytes: int = 40_000) -> list[str]:
    """`count` real Python files of this interpreter's standard library, in a fixed order."""
    return list(_stdlib_python_files(count, min_bytes, max_bytes))


@lru_cache(maxsize=8)
def _stdlib_python_files(count: int, min_bytes: int, max_bytes: int) -> tuple[str, ...]:
    root = Path(sysconfig.get_paths()["stdlib"])
    texts: list[str] = []
    for path in sorted(root.rglob("*.py")):
        if "site-packages" in path.parts or "test" in path.parts or "tests" in path.parts:
            continue
        try:
            size = path.stat().st_size
            if not min_bytes <= size <= max_bytes:
                continue
            texts.append(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    if len(texts) < count:
        raise RuntimeError(f"only {len(texts)} stdlib files under {root}, need {count}")
    step = len(texts) // count
    return tuple(texts[::step][:count])


def write_shards(folder: Path, docs: list[dict], shards: int) -> None:
    """Writes docs into `shards` gzip JSONL files; shard k gets the k-th contiguous slice."""
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(docs) // shards)
    for k in range(shards):
        with gzip.open(folder / f"part{k:02d}.jsonl.gz", "wt", encoding="utf-8") as f:
            for doc in docs[k * size : (k + 1) * size]:
                f.write(json.dumps(doc) + "\n")


def read_folder(folder: Path) -> list[dict]:
    """All documents of a folder of JSONL / gzip JSONL files, in file-name order."""
    docs = []
    for path in sorted(folder.glob("*.jsonl*")):
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            docs.extend(json.loads(line) for line in f if line.strip())
    return docs


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*")) if path.is_file()}
