"""The workdir: step outputs by run key, plus the build's own bookkeeping.

    <workdir>/<run key>/          a step's outputs; `manifest.json` last, so no manifest = not done
    <workdir>/<run key>/logs/     datatrove's logging_dir for that key (per-task resume)
    <workdir>/_index/steps/       the last successful run of each step id (for `recipec plan`)
    <workdir>/_index/files.json   content digests of raw inputs, keyed by (path, size, mtime)
    <workdir>/_reports/           build reports
    <workdir>/.lock               held by the build using the workdir
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import tempfile
from pathlib import Path

MANIFEST = "manifest.json"
TIMINGS = "timings.json"


class WorkdirLocked(Exception):
    pass


class Workdir:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def step_dir(self, run_key: str) -> Path:
        return self.root / run_key

    def index_file(self, step_id: str) -> Path:
        return self.root / "_index" / "steps" / (re.sub(r"[^A-Za-z0-9_.#-]", "_", step_id) +
                                                 ".json")

    @property
    def file_digests(self) -> Path:
        return self.root / "_index" / "files.json"

    @property
    def reports(self) -> Path:
        return self.root / "_reports"

    def run_keys(self) -> set[str]:
        if not self.root.is_dir():
            return set()
        return {p.name for p in self.root.iterdir() if re.fullmatch(r"[0-9a-f]{64}", p.name)}

    # ------------------------------------------------------------------ locking
    def lock(self):
        """Hold the workdir's lock until the returned file is closed.

        A POSIX record lock (lockf), not flock: datatrove forks helper processes (its
        multiprocess Manager) that would inherit an flock and keep a killed build's workdir
        locked; record locks belong to the process and die with it.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / ".lock", "w")
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            handle.close()
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise WorkdirLocked(f"another build is using {self.root}") from None
            raise
        handle.write(str(os.getpid()))
        handle.flush()
        return handle


def write_json_atomic(path: Path, value) -> None:
    """Write-then-rename, so a reader sees the old file or the whole new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(value, f, indent=2, sort_keys=True)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_json(path: Path):
    """The parsed file, or None when it is missing or unreadable (a logged miss, not a crash)."""
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None
