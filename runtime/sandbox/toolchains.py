"""Finding a language's toolchain on this machine, and what the sandbox must mount to use it.

Toolchains come from Debian packages on CI (.ci/install-toolchains.sh) but from elsewhere on a
developer machine: NodeSource's node, rustup's rustc under ~/.cargo, a JDK under /usr/lib/jvm, Go
under /usr/local/go. Executables are looked up in the system folders first, then on the caller's
PATH, then in a few well-known places. An executable outside the sandbox's read-only system view
brings its install folder along as a read-only bind; a folder the sandbox uid cannot reach (root's
home is mode 0700) is marked hidden and exposed through a private mount namespace at launch.
"""
from __future__ import annotations

import functools
import os
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from recipec.runtime.sandbox.isolation.probe import SEARCH_PATH

# Folders the sandbox mounts read-only as they are (isolation/bwrap.py SYSTEM_PATHS).
SYSTEM_VIEW = ("/usr/", "/bin/", "/sbin/", "/lib/", "/lib32/", "/lib64/", "/libx32/", "/etc/")

EXTRA_DIRS = ("~/.cargo/bin", "/usr/local/go/bin", "/usr/lib/go/bin", "~/go/bin", "/opt/go/bin",
              "~/.local/bin", "/opt/node/bin")


@dataclass(frozen=True)
class Toolchain:
    """Resolved executables of one language, or the reason it is unavailable."""

    executables: dict[str, str] = field(default_factory=dict)  # logical name -> sandbox path
    binds: dict[str, str] = field(default_factory=dict)  # sandbox path -> host folder (ro)
    hidden: dict[str, str] = field(default_factory=dict)  # same, for folders the uid cannot reach
    identity: str = ""  # changes when any executable changes: part of compile cache keys
    missing: str | None = None

    @property
    def available(self) -> bool:
        return self.missing is None

    def __getitem__(self, name: str) -> str:
        return self.executables[name]


def _search_dirs() -> list[str]:
    dirs = SEARCH_PATH.split(":") + os.environ.get("PATH", "").split(":")
    dirs += [os.path.expanduser(d) for d in EXTRA_DIRS]
    seen: list[str] = []
    for folder in dirs:
        if folder and folder not in seen:
            seen.append(folder)
    return seen


def find(names: tuple[str, ...] | list[str]) -> str | None:
    """The first of `names` found, as an absolute path (not resolved: symlinks are kept)."""
    for name in names:
        if os.path.isabs(name):
            if os.access(name, os.X_OK):
                return name
            continue
        for folder in _search_dirs():
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                # pyenv and similar shims are shell scripts that consult the caller's home.
                if "/.pyenv/shims/" in candidate:
                    continue
                return candidate
    return None


def in_system_view(path: str) -> bool:
    real = os.path.realpath(path)
    return real.startswith(SYSTEM_VIEW)


def reachable_by_others(path: str, *, folder: bool = False) -> bool:
    """Whether an unrelated unprivileged uid can reach `path`: every folder on the way searchable
    by others, and the file itself readable (or, for a folder to bind, searchable)."""
    if os.geteuid() != 0:
        return os.access(path, os.X_OK if folder else os.R_OK)
    current = Path(os.path.realpath(path))
    for parent in [*reversed(current.parents)]:
        try:
            if not os.stat(parent).st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
    try:
        return bool(os.stat(current).st_mode & (stat.S_IXOTH if folder else stat.S_IROTH))
    except OSError:
        return False


def file_identity(path: str) -> str:
    real = os.path.realpath(path)
    try:
        info = os.stat(real)
    except OSError:
        return real
    return f"{real}:{info.st_size}:{int(info.st_mtime)}"


@functools.lru_cache(maxsize=None)
def host_output(argv: tuple[str, ...]) -> str | None:
    """stdout of a trusted host command (a toolchain asked where it lives), or None on failure."""
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def mount_folder(executable: str, root: str | None = None) -> dict[str, dict[str, str]]:
    """The bind an executable needs: nothing inside the system view; otherwise its install root
    (default: the folder above its bin/), readable or hidden."""
    real = os.path.realpath(executable)
    if in_system_view(real):
        return {"binds": {}, "hidden": {}}
    folder = root or str(Path(real).parent.parent)
    kind = "binds" if reachable_by_others(real) else "hidden"
    return {"binds": {}, "hidden": {}, kind: {folder: folder}}


def resolve(tools: dict[str, tuple[str, ...]], hint: str) -> Toolchain:
    """Find each logical tool (name -> candidate executables). `hint` says how to install them."""
    executables: dict[str, str] = {}
    binds: dict[str, str] = {}
    hidden: dict[str, str] = {}
    for logical, candidates in tools.items():
        path = find(candidates)
        if path is None:
            return Toolchain(missing=f"{' or '.join(candidates)} not found ({hint})")
        mounts = mount_folder(path)
        binds.update(mounts["binds"])
        hidden.update(mounts["hidden"])
        executables[logical] = os.path.realpath(path) if not in_system_view(path) else path
    identity = ";".join(file_identity(p) for p in executables.values())
    return Toolchain(executables, binds, hidden, identity)
