"""Per-run control groups: a memory limit, a process-count limit, and a kill switch.

Best-effort by design (issue 4): a run gets a fresh memory and pids group under the caller's own
groups when the hierarchy is writable, and runs without one otherwise (the rlimits still hold).
cgroup v1 (separate `memory` and `pids` hierarchies, as on this machine) and v2 (one unified
tree) are both handled; in v2 the caller's group must already delegate the controllers.
"""
from __future__ import annotations

import errno
import itertools
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

GROUP_PREFIX = "recipec-sandbox"
_counter = itertools.count()
_counter_lock = threading.Lock()


@dataclass(frozen=True)
class Hierarchy:
    version: int  # 1 or 2
    memory: Path | None  # parent folder for per-run memory groups
    pids: Path | None  # parent folder for per-run pids groups (the same folder in v2)


def _mounts() -> list[tuple[str, str, set[str]]]:
    """(mount point, filesystem type, super options) of every cgroup mount."""
    found = []
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        left, _, right = line.partition(" - ")
        fields, rest = left.split(), right.split()
        if len(fields) >= 5 and rest and rest[0] in ("cgroup", "cgroup2"):
            options = set(rest[2].split(",")) if len(rest) > 2 else set()
            found.append((fields[4], rest[0], options))
    return found


def _own_paths() -> dict[str, str]:
    """controller (or "" for v2) -> this process's group path, from /proc/self/cgroup."""
    paths = {}
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            for controller in controllers.split(",") if controllers else [""]:
                paths[controller] = path
    except (OSError, ValueError):
        pass
    return paths


def _writable(folder: Path) -> bool:
    probe = folder / f"{GROUP_PREFIX}-probe-{os.getpid()}-{next(_counter)}"
    try:
        probe.mkdir()
    except OSError:
        return False
    try:
        probe.rmdir()
    except OSError:
        pass
    return True


def discover() -> Hierarchy | None:
    """Where per-run groups can be made, or None when no memory or pids controller is writable."""
    own = _own_paths()
    v1 = {}
    v2_root = None
    for mount_point, fs_type, options in _mounts():
        if fs_type == "cgroup":
            for controller in ("memory", "pids"):
                if controller in options and controller in own:
                    v1[controller] = Path(mount_point) / own[controller].lstrip("/")
        elif fs_type == "cgroup2" and "" in own:
            v2_root = Path(mount_point) / own[""].lstrip("/")
    memory = v1.get("memory") if v1.get("memory") and _writable(v1["memory"]) else None
    pids = v1.get("pids") if v1.get("pids") and _writable(v1["pids"]) else None
    if memory or pids:
        return Hierarchy(1, memory, pids)
    if v2_root is not None:
        try:
            delegated = (v2_root / "cgroup.subtree_control").read_text().split()
        except OSError:
            delegated = []
        if _writable(v2_root) and ("memory" in delegated or "pids" in delegated):
            return Hierarchy(2, v2_root if "memory" in delegated else None,
                             v2_root if "pids" in delegated else None)
    return None


def _write(path: Path, value: str) -> bool:
    try:
        path.write_text(value)
        return True
    except OSError:
        return False


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:
        return None


class RunCgroup:
    """The memory and pids groups of one run; `close()` kills what is left and removes them."""

    def __init__(self, hierarchy: Hierarchy, memory_bytes: int, max_pids: int):
        with _counter_lock:
            name = f"{GROUP_PREFIX}-{os.getpid()}-{next(_counter)}"
        self.version = hierarchy.version
        self.folders: list[Path] = []
        self.memory: Path | None = None
        self.pids: Path | None = None
        if hierarchy.memory is not None:
            self.memory = self._make(hierarchy.memory / name)
        if hierarchy.pids is not None:
            same = self.memory is not None and hierarchy.pids == hierarchy.memory
            self.pids = self.memory if same else self._make(hierarchy.pids / name)
        if self.memory is not None:
            if self.version == 1:
                _write(self.memory / "memory.limit_in_bytes", str(memory_bytes))
                _write(self.memory / "memory.memsw.limit_in_bytes", str(memory_bytes))  # no swap
            else:
                _write(self.memory / "memory.max", str(memory_bytes))
                _write(self.memory / "memory.swap.max", "0")
        if self.pids is not None:
            _write(self.pids / "pids.max", str(max_pids))

    def _make(self, folder: Path) -> Path | None:
        try:
            folder.mkdir()
        except OSError:
            return None
        self.folders.append(folder)
        return folder

    @property
    def limits(self) -> list[str]:
        return [kind for kind, folder in (("memory", self.memory), ("pids", self.pids)) if folder]

    def add(self, pid: int) -> None:
        for folder in self.folders:
            _write(folder / "cgroup.procs", str(pid))

    def members(self) -> set[int]:
        found: set[int] = set()
        for folder in self.folders:
            text = _read(folder / "cgroup.procs") or ""
            found.update(int(pid) for pid in text.split())
        return found

    def peak_memory(self) -> int | None:
        if self.memory is None:
            return None
        name = "memory.max_usage_in_bytes" if self.version == 1 else "memory.peak"
        text = _read(self.memory / name)
        return int(text) if text and text.strip().isdigit() else None

    def oom_killed(self) -> bool:
        """True when the kernel's OOM killer acted inside this group."""
        if self.memory is None:
            return False
        name = "memory.oom_control" if self.version == 1 else "memory.events"
        for line in (_read(self.memory / name) or "").splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill" and value.strip().isdigit() and int(value) > 0:
                return True
        return False

    def kill_all(self) -> None:
        if self.version == 2 and self.folders and _write(self.folders[0] / "cgroup.kill", "1"):
            return
        for pid in self.members():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def close(self, deadline: float = 5.0) -> list[int]:
        """Kill every member, then remove the groups. Returns pids that would not die (none, we hope)."""
        stop = time.monotonic() + deadline
        survivors: set[int] = set()
        while True:
            survivors = self.members()
            if not survivors:
                break
            self.kill_all()
            if time.monotonic() > stop:
                break
            time.sleep(0.005)
        for folder in reversed(self.folders):
            while True:
                try:
                    folder.rmdir()
                    break
                except OSError as error:
                    # EBUSY: the last member is still being torn down by the kernel.
                    if error.errno != errno.EBUSY or time.monotonic() > stop:
                        break
                    time.sleep(0.005)
        return sorted(survivors)
