"""Content digests of files, with a stat cache so a no-op rebuild does not re-read its inputs."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from recipec.runtime.cache.workdir import read_json, write_json_atomic

CHUNK = 1 << 20


def file_sha256(path: str | os.PathLike) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def combine(items) -> str:
    """One digest for an ordered collection of (name, digest) pairs."""
    digest = hashlib.sha256()
    for name, value in items:
        digest.update(f"{name}\0{value}\n".encode())
    return digest.hexdigest()


def remote_digest(url: str) -> str:
    """What an object store says about a file: its size and ETag or modification time (reading
    every byte of remote data on each `plan` would cost more than the build it guards)."""
    import fsspec

    fs, path = fsspec.core.url_to_fs(url)
    info = fs.info(path)
    stamp = info.get("ETag") or info.get("etag") or info.get("mtime") or info.get("LastModified") \
        or info.get("created") or ""
    return f"{info.get('size')}:{stamp}"


class FileDigests:
    """sha256 of files, remembered by (path, size, mtime_ns) across builds."""

    def __init__(self, store: Path):
        self.store = store
        self.cache: dict[str, list] = read_json(store) or {}
        self.dirty = False

    def digest(self, path: str) -> str:
        if "://" in path:
            return remote_digest(path)
        stat = os.stat(path)
        key = os.path.abspath(path)
        entry = self.cache.get(key)
        if entry and entry[0] == stat.st_size and entry[1] == stat.st_mtime_ns:
            return entry[2]
        value = file_sha256(path)
        self.cache[key] = [stat.st_size, stat.st_mtime_ns, value]
        self.dirty = True
        return value

    def digest_tree(self, paths: list[str], root: str | None = None) -> str:
        """One digest over files; names are taken relative to `root` so a moved workdir or
        checkout gives the same digest."""
        items = []
        for path in sorted(paths):
            name = os.path.relpath(path, root) if root else os.path.basename(path)
            items.append((name, self.digest(path)))
        return combine(items)

    def save(self) -> None:
        if self.dirty:
            write_json_atomic(self.store, self.cache)
            self.dirty = False
