"""The user's cache folder for what the compiler can remember between runs
(`$RECIPEC_CACHE_DIR`, else `$XDG_CACHE_HOME/recipec`, else `~/.cache/recipec`). Everything in it is derived and may be
deleted at any time; a missing or unwritable folder only costs time."""
from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    if os.environ.get("RECIPEC_CACHE_DIR"):
        return Path(os.environ["RECIPEC_CACHE_DIR"])
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "recipec"


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` whole (readers never see half a file); give up quietly on any OS error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}")
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError:
        pass
