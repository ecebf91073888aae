"""A workdir's files behind an fsspec URL, with the two operations that must be atomic there:
publishing a manifest (readers see the old one or the whole new one) and creating a lock
(exactly one of two concurrent builds succeeds).

| backend | publish (manifest, index) | create-exclusive (lock) |
| --- | --- | --- |
| local disk, `file://` | temp file, fsync, rename over | `open(O_CREAT|O_EXCL)` |
| NFS, Lustre, GPFS, CephFS (mounted) | same: rename is atomic on the server | O_EXCL (NFSv3+) |
| `s3://` (s3fs) | one PUT: the object appears whole or not | PUT `If-None-Match: *` (1) |
| `gs://`, `gcs://` (gcsfs) | one upload: whole or nothing | upload with `ifGenerationMatch=0` |
| `memory://` (tests) | whole bytes under fsspec's own lock | `xb`: refused when the file exists |

(1) AWS S3 since August 2024; not every S3-compatible store honours it. Other protocols can hold a
workdir only through a mounted path: their locks are refused rather than faked.
"""
from __future__ import annotations

import os
import uuid

# Protocols whose fsspec `open(path, "xb")` is a server-side conditional create.
EXCLUSIVE_CREATE = {"file", "local", "memory", "s3", "s3a", "gs", "gcs"}
# Protocols where a single write of an object is already atomic: no temp-and-rename needed.
WHOLE_OBJECT_WRITES = {"memory", "s3", "s3a", "gs", "gcs"}


class StorageError(Exception):
    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def is_url(path: str | os.PathLike) -> bool:
    """An fsspec URL other than a plain local path (`file://` counts as local)."""
    text = str(path)
    return "://" in text and not text.startswith("file://")


def local_path(path: str | os.PathLike) -> str:
    text = str(path)
    return text[len("file://"):] if text.startswith("file://") else text


class Store:
    """Paths relative to a root URL; the filesystem's protocol decides how writes are made
    atomic (see the table above)."""

    def __init__(self, url: str):
        import fsspec

        self.url = url.rstrip("/")
        self.fs, self.root = fsspec.core.url_to_fs(self.url)
        protocols = self.fs.protocol if isinstance(self.fs.protocol, (tuple, list)) \
            else (self.fs.protocol,)
        self.protocol = protocols[0]

    def path(self, relative: str) -> str:
        return f"{self.root}/{relative}" if relative else self.root

    # ------------------------------------------------------------------ reads
    def exists(self, relative: str) -> bool:
        return self.fs.exists(self.path(relative))

    def read_bytes(self, relative: str) -> bytes | None:
        try:
            return self.fs.cat_file(self.path(relative))
        except FileNotFoundError:
            return None

    def find(self, relative: str = "") -> list[str]:
        """Every file below `relative`, as paths relative to the root."""
        base = self.path(relative)
        if not self.fs.exists(base):
            return []
        root = self.fs._strip_protocol(self.root).rstrip("/") + "/"
        return sorted(self.fs._strip_protocol(p)[len(root):] for p in self.fs.find(base))

    def get_file(self, relative: str, local: str) -> None:
        os.makedirs(os.path.dirname(local), exist_ok=True)
        self.fs.get_file(self.path(relative), local)

    # ------------------------------------------------------------------ writes
    def put_file(self, local: str, relative: str) -> None:
        """Upload a data file. Not atomic by itself on a filesystem: only the manifest,
        published last, makes a step's files count."""
        self.fs.makedirs(self.fs._parent(self.path(relative)), exist_ok=True)
        self.fs.put_file(local, self.path(relative))

    def publish(self, relative: str, data: bytes) -> None:
        """Replace a small file atomically: readers see the old bytes or the new, never part."""
        target = self.path(relative)
        self.fs.makedirs(self.fs._parent(target), exist_ok=True)
        if self.protocol in WHOLE_OBJECT_WRITES:
            self.fs.pipe_file(target, data)
            return
        temporary = f"{self.fs._parent(target)}/.tmp-{uuid.uuid4().hex}"
        with self.fs.open(temporary, "wb") as f:
            f.write(data)
            f.flush()
            if hasattr(f, "fileno"):
                os.fsync(f.fileno())
        self.fs.mv(temporary, target)

    def create_exclusive(self, relative: str, data: bytes) -> bool:
        """Create the file only if it does not exist; False when it already does."""
        if self.protocol not in EXCLUSIVE_CREATE:
            raise StorageError(f"{self.url}: `{self.protocol}://` offers no atomic "
                               "create-if-absent, so a build lock cannot be kept there",
                               "use a mounted shared filesystem, s3:// or gs:// for the workdir")
        target = self.path(relative)
        self.fs.makedirs(self.fs._parent(target), exist_ok=True)
        try:
            with self.fs.open(target, "xb") as f:
                f.write(data)
        except FileExistsError:
            return False
        except OSError as error:  # a store's "precondition failed" (HTTP 412)
            if "412" in str(error) or "Precondition" in str(error):
                return False
            raise
        return True

    def delete(self, relative: str) -> None:
        try:
            self.fs.rm_file(self.path(relative))
        except FileNotFoundError:
            pass
