"""Which isolation layers this machine supports, found by trying them once per process.

`recipec sandbox check` prints this; every run records it. Namespaces (bubblewrap), an
unprivileged uid and rlimits (prlimit) are mandatory: without them the sandbox refuses to run
untrusted code unless the caller opts out. cgroups are best-effort.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
from dataclasses import dataclass, field

from recipec.runtime.sandbox.isolation import cgroups, identity

SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@dataclass(frozen=True)
class Layer:
    name: str
    available: bool
    mandatory: bool
    detail: str


@dataclass(frozen=True)
class Capabilities:
    bwrap: str | None
    prlimit: str | None
    unshare: str | None  # with setpriv and mount: lets root expose toolchains under /root
    setpriv: str | None
    cgroup_hierarchy: cgroups.Hierarchy | None
    layers: tuple[Layer, ...] = field(default_factory=tuple)
    time: str | None = None  # GNU time: the program's own peak RSS when no memory group counts it

    @property
    def isolated(self) -> bool:
        """All mandatory layers are available."""
        return all(layer.available for layer in self.layers if layer.mandatory)

    @property
    def missing(self) -> list[str]:
        return [layer.name for layer in self.layers if layer.mandatory and not layer.available]

    def summary(self) -> dict[str, bool]:
        return {layer.name: layer.available for layer in self.layers}


def _which(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path=SEARCH_PATH)


def _try_bwrap(bwrap: str) -> tuple[bool, str]:
    """Start a trivial sandbox with every namespace, as the uid runs would get."""
    user = identity.acquire()
    try:
        drop = {"user": user.uid, "group": user.gid, "extra_groups": []} if user.dropped else {}
        argv = [bwrap, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
                "--as-pid-1", "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--",
                "/bin/true"]
        try:
            done = subprocess.run(argv, capture_output=True, text=True, timeout=30,
                                  env={"PATH": SEARCH_PATH}, cwd="/", **drop)
        except (OSError, subprocess.SubprocessError) as error:
            return False, f"{bwrap} failed to start: {error}"
        if done.returncode != 0:
            return False, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else (
                f"exit status {done.returncode}")
        return True, "user, pid, net, ipc, uts, mount and cgroup namespaces (bubblewrap)"
    finally:
        user.release()


@functools.lru_cache(maxsize=1)
def capabilities() -> Capabilities:
    bwrap = _which("bwrap")
    prlimit = _which("prlimit")
    unshare, setpriv = _which("unshare"), _which("setpriv")
    layers = []
    if bwrap is None:
        layers.append(Layer("namespaces", False, True,
                            "bubblewrap is not installed (Debian package `bubblewrap`)"))
    else:
        ok, detail = _try_bwrap(bwrap)
        layers.append(Layer("namespaces", ok, True, detail if ok else
                            f"bubblewrap cannot create namespaces here: {detail}"))
    if os.geteuid() == 0:
        layers.append(Layer("unprivileged uid", setpriv is not None, True,
                            f"root caller: each run gets its own uid from {identity.UID_BASE}"
                            if setpriv else "setpriv (util-linux) is not installed: root cannot "
                                            "hand runs an unprivileged uid"))
    else:
        layers.append(Layer("unprivileged uid", True, True,
                            f"runs as the caller's own uid {os.getuid()}"))
    layers.append(Layer("rlimits", prlimit is not None, True,
                        "cpu, processes, file size, open files, core 0, memory (prlimit)"
                        if prlimit else "prlimit (util-linux) is not installed"))
    hierarchy = cgroups.discover()
    for kind in ("memory", "pids"):
        folder = getattr(hierarchy, kind) if hierarchy else None
        layers.append(Layer(f"cgroup {kind}", folder is not None, False,
                            f"cgroup v{hierarchy.version} under {folder}" if folder else
                            "no writable cgroup controller (best-effort: rlimits still apply)"))
    time = _gnu_time()
    layers.append(Layer("peak memory without a cgroup", time is not None, False,
                        f"the program's own peak RSS from GNU time ({time})" if time else
                        "GNU time (Debian package `time`) is not installed: without a memory "
                        "group, a crash at the memory rlimit may read as a plain crash"))
    exposure = os.geteuid() == 0 and None not in (unshare, setpriv)
    layers.append(Layer("toolchains outside the system view", exposure, False,
                        "root can expose toolchains under private folders (rustup in ~/.cargo)"
                        if exposure else "only toolchains readable by the sandbox uid are usable"))
    return Capabilities(bwrap, prlimit, unshare, setpriv, hierarchy, tuple(layers), time)


def _gnu_time() -> str | None:
    """GNU time's path, if it is GNU's (the shell keyword and BSD's cannot write to a file)."""
    path = _which("time")
    if path is None:
        return None
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return path if "GNU" in done.stdout + done.stderr else None
