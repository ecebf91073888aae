"""A workdir in an object store (or any fsspec URL), built through a local staging folder.

Steps read and write local files (datatrove shards, tokenizers, checkpoints), so a build whose
workdir is `s3://bucket/work` runs in a staging copy on this machine and keeps the store up to
date step by step, like a remote build cache:

- before the build, every step's `manifest.json` and the `_index/` are fetched (small files):
  the builder then knows what is cached without fetching any data;
- when a step is about to run, the outputs of its inputs are fetched (only the files its
  manifest lists, checked against their sha256);
- when a step has run, its output files are uploaded and then its manifest is published, last
  and atomically (store.py), so a reader of the store never sees a manifest before its data;
- at the end, the `_index/` and reports are published.

A step whose upload was interrupted has no manifest in the store and runs again, as on a local
disk. The staging folder is a cache: deleting it costs downloads, never results.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from recipec.runtime.cache.digests import file_sha256
from recipec.runtime.cache.workdir import MANIFEST, TIMINGS
from recipec.runtime.storage.store import Store, StorageError

RUN_KEY = re.compile(r"[0-9a-f]{64}")
BOOKKEEPING = ("_index", "_reports")


def default_staging(url: str) -> Path:
    """$RECIPEC_STAGING, else a folder per URL under ~/.cache/recipec/staging."""
    base = os.environ.get("RECIPEC_STAGING")
    if base:
        return Path(base)
    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    return Path.home() / ".cache" / "recipec" / "staging" / digest


class MirroredWorkdir:
    def __init__(self, url: str, staging: Path, lock=None):
        self.store = Store(url)
        self.staging = Path(staging)
        self.lock = lock                 # a StoreLock: publishing stops if it was lost
        self.fetched: set[str] = set()   # run keys whose files are here and checked
        self.uploads = 0

    # ------------------------------------------------------------------ before the build
    def pull_bookkeeping(self) -> int:
        """Fetch every manifest and the index; returns how many manifests the store has."""
        manifests = 0
        for top in self.store.fs.ls(self.store.root, detail=False):
            name = top.rstrip("/").rsplit("/", 1)[-1]
            if RUN_KEY.fullmatch(name):
                raw = self.store.read_bytes(f"{name}/{MANIFEST}")
                if raw is not None:
                    self._write_local(f"{name}/{MANIFEST}", raw)
                    manifests += 1
            elif name in BOOKKEEPING:
                for relative in self.store.find(name):
                    self.store.get_file(relative, str(self.staging / relative))
        return manifests

    # ------------------------------------------------------------------ during the build
    def pull_step(self, run_key: str) -> None:
        """The step's output files, as its manifest in the store lists them."""
        if run_key in self.fetched:
            return
        raw = self.store.read_bytes(f"{run_key}/{MANIFEST}")
        if raw is None:
            raise StorageError(f"{self.store.url}/{run_key} has no manifest",
                               "the step's outputs were removed from the store; build again")
        manifest = json.loads(raw)
        folder = self.staging / run_key
        for name, digest in manifest["files"].items():
            local = folder / name
            if local.is_file() and file_sha256(local) == digest:
                continue
            try:
                self.store.get_file(f"{run_key}/{name}", str(local))
            except OSError as error:
                raise StorageError(f"fetching {run_key}/{name} from {self.store.url} failed: "
                                   f"{error}", "check the store is reachable; build again")\
                    from None
            if file_sha256(local) != digest:
                raise StorageError(f"{self.store.url}/{run_key}/{name} does not match its "
                                   "manifest", "the store was changed under the build; "
                                   "delete that step's folder there and build again")
        self._write_local(f"{run_key}/{MANIFEST}", raw)
        self.fetched.add(run_key)

    def push_step(self, run_key: str) -> None:
        """Upload a finished step: its files first, its manifest last."""
        folder = self.staging / run_key
        manifest = json.loads((folder / MANIFEST).read_text())
        for name in [*manifest["files"], TIMINGS]:
            if (folder / name).is_file():
                try:
                    self.store.put_file(str(folder / name), f"{run_key}/{name}")
                except OSError as error:
                    raise StorageError(f"uploading {run_key}/{name} to {self.store.url} "
                                       f"failed: {error}", "its manifest was not published, "
                                       "so the next build runs the step again") from None
                self.uploads += 1
        self._publish(f"{run_key}/{MANIFEST}", (folder / MANIFEST).read_bytes())
        self.fetched.add(run_key)

    def push_bookkeeping(self) -> None:
        for name in BOOKKEEPING:
            for path in sorted((self.staging / name).rglob("*")):
                if path.is_file() and not path.name.startswith(".tmp-"):
                    self._publish(str(path.relative_to(self.staging)), path.read_bytes())

    def _publish(self, relative: str, data: bytes) -> None:
        if self.lock is not None and self.lock.lost.is_set():
            raise StorageError(f"the lock of {self.store.url} was taken by another build",
                               "nothing more was published; build again when it is done")
        self.store.publish(relative, data)

    def _write_local(self, relative: str, data: bytes) -> None:
        path = self.staging / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    # ------------------------------------------------------------------ the builder's events
    def follow(self, on_event, known):
        """Wrap the builder's event callback: fetch a step's inputs before it runs, upload it
        when it is done. `known()` gives the builder's manifests of finished inputs."""
        def event(kind, status, *args):
            if kind == "start":
                for input_id in status.step.inputs:
                    self.pull_step(known()[input_id]["run_key"])
            on_event(kind, status, *args)
            if kind == "done":
                self.push_step(status.run_key)
        return event
