"""Compiled programs, kept by a digest of everything that shapes the build.

The key hashes the language, the toolchain's identity (its executables' paths, sizes and
mtimes), the compile command and every source file. An entry is a folder holding `build/` (what
the compiler wrote, mounted read-only into later runs) and `compile.json` (the compile command's
result, so that a compile error is served from the cache too). Entries are made in a staging
folder owned by the run's uid and renamed into place, so a reader never sees half an entry.

The cache root must be searchable by the sandbox uid: root's default is
/var/cache/recipec/sandbox, anyone else's ~/.cache/recipec/sandbox; RECIPEC_SANDBOX_CACHE
overrides both.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from dataclasses import asdict
from pathlib import Path

from recipec.runtime.sandbox.results import CommandResult

CACHE_VERSION = "1"


def default_root() -> Path:
    override = os.environ.get("RECIPEC_SANDBOX_CACHE")
    if override:
        return Path(override)
    if os.geteuid() == 0:
        return Path("/var/cache/recipec/sandbox")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return Path(base) / "recipec" / "sandbox"


def cache_key(language: str, toolchain: str, command: list[str], files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for part in (CACHE_VERSION, language, toolchain, json.dumps(command)):
        digest.update(part.encode())
        digest.update(b"\0")
    for name in sorted(files):
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


class CompileCache:
    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root is not None else default_root()
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def _ensure_root(self) -> None:
        for folder in (self.root / "entries", self.root / "staging"):
            folder.mkdir(parents=True, exist_ok=True)
        # The sandbox uid must be able to walk down to an entry's build/ to mount it.
        for folder in (self.root, self.root / "entries"):
            os.chmod(folder, 0o755)
        os.chmod(self.root / "staging", 0o711)

    def lock(self, key: str) -> threading.Lock:
        """One compile per key at a time in this process (a verify step has many duplicates)."""
        with self._locks_guard:
            return self._locks.setdefault(key, threading.Lock())

    def entry(self, key: str) -> Path:
        return self.root / "entries" / key[:2] / key

    def lookup(self, key: str) -> tuple[Path, CommandResult] | None:
        folder = self.entry(key)
        try:
            data = json.loads((folder / "compile.json").read_text())
        except (OSError, ValueError):
            return None
        return folder / "build", CommandResult(**data)

    def staging(self) -> Path:
        """A fresh folder with an empty build/, for the compiler to write into."""
        self._ensure_root()
        folder = Path(tempfile.mkdtemp(prefix="build-", dir=self.root / "staging"))
        os.chmod(folder, 0o711)  # searchable, not listable: the uid needs only build/
        (folder / "build").mkdir()
        return folder

    def commit(self, key: str, staged: Path, result: CommandResult) -> Path:
        """Move a staged build into the cache (or drop it if another process won the race)."""
        build = staged / "build"
        for folder, dirs, files in os.walk(build):
            for name in dirs + files:
                path = os.path.join(folder, name)
                if os.path.islink(path):
                    continue
                if os.geteuid() == 0:
                    os.chown(path, 0, 0)  # the runs' uid must not be able to change a cached build
                mode = os.stat(path).st_mode
                os.chmod(path, 0o755 if (mode & 0o111 or name in dirs) else 0o644)
        if os.geteuid() == 0:
            os.chown(build, 0, 0)
        os.chmod(build, 0o755)
        os.chmod(staged, 0o755)
        stored = asdict(result)
        stored["cached"] = False
        (staged / "compile.json").write_text(json.dumps(stored))
        target = self.entry(key)
        target.parent.mkdir(exist_ok=True)
        os.chmod(target.parent, 0o755)
        try:
            os.rename(staged, target)
        except OSError:
            shutil.rmtree(staged, ignore_errors=True)  # an identical entry is already there
        return target / "build"

    def discard(self, staged: Path) -> None:
        shutil.rmtree(staged, ignore_errors=True)

    def clear(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
