"""Which host uid a sandboxed run gets.

When the caller is root (as CI is), every run gets its own unprivileged uid from a reserved range,
so that `RLIMIT_NPROC` binds (the kernel exempts real root from it) and a program that somehow
escaped its namespaces would be nobody. A uid is held with an `flock` on a file, so concurrent
pools in different processes never share one. A caller that is not root runs everything as itself:
its own uid is already unprivileged.
"""
from __future__ import annotations

import fcntl
import os
import threading
from dataclasses import dataclass
from pathlib import Path

UID_BASE = int(os.environ.get("RECIPEC_SANDBOX_UID_BASE", "61000"))
UID_COUNT = int(os.environ.get("RECIPEC_SANDBOX_UID_COUNT", "1000"))
LOCK_DIR = Path(os.environ.get("RECIPEC_SANDBOX_RUN_DIR", "/run/recipec-sandbox")) / "uids"

_next_lock = threading.Lock()
_next_offset = 0


@dataclass
class Identity:
    uid: int
    gid: int
    _lock_fd: int | None = None

    @property
    def dropped(self) -> bool:
        """True when the run's uid differs from the caller's (the caller is root)."""
        return self._lock_fd is not None

    def release(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing drops the flock
            self._lock_fd = None


class NoFreeUid(RuntimeError):
    pass


def acquire() -> Identity:
    """An unprivileged identity for one run; `release()` it when the run is over."""
    if os.geteuid() != 0:
        return Identity(os.getuid(), os.getgid())
    LOCK_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
    global _next_offset
    with _next_lock:
        start = _next_offset
        _next_offset = (_next_offset + 1) % UID_COUNT
    for step in range(UID_COUNT):
        uid = UID_BASE + (start + step) % UID_COUNT
        fd = os.open(LOCK_DIR / str(uid), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return Identity(uid, uid, fd)
    raise NoFreeUid(f"all {UID_COUNT} sandbox uids from {UID_BASE} are in use")
