"""Helpers shared by the sandbox tests (a module of its own: conftest is for fixtures)."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from recipec.runtime.sandbox.isolation import cgroups, identity


def sandbox_processes() -> list[tuple[int, int, str]]:
    """(pid, uid, command) of every live process running as a sandbox uid."""
    found = []
    low, high = identity.UID_BASE, identity.UID_BASE + identity.UID_COUNT
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        uid = int(fields.get("Uid", "0").split()[0])
        state = fields.get("State", "").strip()
        if low <= uid < high and not state.startswith("Z"):
            found.append((int(entry), uid, fields.get("Name", "").strip()))
    return found


def sandbox_cgroups() -> list[str]:
    hierarchy = cgroups.discover()
    if hierarchy is None:
        return []
    found = []
    for parent in {hierarchy.memory, hierarchy.pids} - {None}:
        found += [str(p) for p in parent.iterdir() if p.name.startswith(cgroups.GROUP_PREFIX)
                  and "probe" not in p.name]
    return sorted(found)


def temp_entries() -> set[str]:
    return {name for name in os.listdir("/tmp") if name.startswith(("recipec-unisolated-",))}


@dataclass
class HostSnapshot:
    processes: list
    groups: list
    temp: set

    @classmethod
    def take(cls) -> "HostSnapshot":
        return cls(sandbox_processes(), sandbox_cgroups(), temp_entries())

    def assert_same(self, after: "HostSnapshot", wait: float = 3.0) -> None:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and (after.processes or after.groups != self.groups):
            time.sleep(0.05)  # a process the kernel is still tearing down
            after = HostSnapshot.take()
        assert after.processes == [], f"sandboxed processes left running: {after.processes}"
        assert after.groups == self.groups, f"cgroups left behind: {after.groups}"
        assert after.temp == self.temp, f"temporary folders left behind: {after.temp - self.temp}"


def wait_for_sandboxed(name: str, timeout: float = 30.0, exclude: set[int] = frozenset()) -> int:
    """The host pid of a running sandboxed process called `name` (waits for it to appear)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid, _, command in sandbox_processes():
            if command == name and pid not in exclude:
                return pid
        time.sleep(0.02)
    raise AssertionError(f"no sandboxed {name} process appeared within {timeout}s")
