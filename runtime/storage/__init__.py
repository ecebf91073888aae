"""Workdirs behind fsspec URLs (docs/executors.md, "Storage").

A workdir that is a local path, or a shared filesystem mounted at the same path on every node,
is used as it is (cache/workdir.py: write-then-rename manifests, a POSIX lock). A workdir that
is a URL (`s3://`, `gs://`, `memory://`) is built through a local staging folder and kept in
the store step by step (mirror.py), with manifests published atomically and a lock created
exclusively (store.py, lock.py).
"""
from __future__ import annotations

import contextlib
from pathlib import Path

from recipec.runtime.storage.lock import StoreLock, StoreLocked
from recipec.runtime.storage.mirror import MirroredWorkdir, default_staging
from recipec.runtime.storage.store import StorageError, Store, is_url, local_path


@contextlib.contextmanager
def remote_workdir(url: str, staging: Path | None = None, lease_s: float = 120.0):
    """Lock the store, fetch its manifests and index into the staging folder, yield the
    mirror; publish the index at the end (unless the lock was lost), then unlock."""
    store = Store(url)
    lock = StoreLock(store, lease_s=lease_s, heartbeat_s=lease_s / 6).acquire()
    mirror = MirroredWorkdir(url, staging or default_staging(url), lock)
    try:
        mirror.staging.mkdir(parents=True, exist_ok=True)
        mirror.pull_bookkeeping()
        yield mirror
    finally:
        try:
            if not lock.lost.is_set():
                mirror.push_bookkeeping()
        finally:
            lock.release()


__all__ = ["MirroredWorkdir", "StorageError", "Store", "StoreLock", "StoreLocked",
           "default_staging", "is_url", "local_path", "remote_workdir"]
