"""The bubblewrap command line for one sandboxed process.

What the program sees: a read-only view of the system (`/usr`, `/etc` with its secrets masked,
the toolchain folders it needs), a fresh size-limited tmpfs as its work folder and as `/tmp`, a
private `/proc` and a minimal `/dev`, and nothing else: no home, no project files, no other run's
folders. New user, pid, net, ipc, uts and cgroup namespaces; no nested user namespaces; a new
session (no terminal to inject keystrokes into); killed when its supervisor dies.

No bwrap reaper (`--as-pid-1`): the command given is pid 1 of its pid namespace, and bwrap's
monitor waits for it directly, so the supervisor's `wait4` sees the CPU time and peak RSS of the
whole tree; when it exits, the kernel kills whatever was left running. (launch.py makes that
command a small init that runs the program as pid 2, for ordinary signal semantics.)
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

WORK = "/work"  # the program's working folder inside the sandbox (a tmpfs)
SANDBOX_UID = 1000  # the uid the program sees; its host uid is the run's Identity
SANDBOX_USER = "sandbox"

# Host paths that make up the read-only system view, when present. On merged-/usr systems the
# top-level ones are symlinks and are recreated as such.
SYSTEM_PATHS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")

# Masked inside /etc: files covered by /dev/null (on a nodev bind: it cannot even be opened),
# folders by an empty tmpfs. Most are unreadable to the sandbox uid anyway; masking them means a
# permission slip on the host does not become a leak.
MASKED_FILES = ("shadow", "shadow-", "gshadow", "gshadow-", "passwd-", "group-", "sudoers",
                "security/opasswd")
MASKED_DIRS = ("ssh", "ssl/private", "sudoers.d", "credstore", "credstore.encrypted", "pki")

PASSWD = (f"root:x:0:0:root:/nonexistent:/usr/sbin/nologin\n"
          f"{SANDBOX_USER}:x:{SANDBOX_UID}:{SANDBOX_UID}:sandbox:{WORK}:/bin/sh\n"
          "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")
GROUP = f"root:x:0:\n{SANDBOX_USER}:x:{SANDBOX_UID}:\nnogroup:x:65534:\n"


@dataclass
class SandboxSpec:
    """Everything that differs between two sandboxed processes."""

    command: list[str]
    env: dict[str, str]
    # Paths are inside the sandbox; a relative one is under the work folder.
    files: dict[str, bytes | int] = field(default_factory=dict)  # path -> content, or an fd to copy
    ro_binds: dict[str, str] = field(default_factory=dict)  # path -> host path
    rw_binds: dict[str, str] = field(default_factory=dict)  # path -> host path
    work_size: int = 64 << 20
    cwd: str = WORK


def inside(path: str) -> str:
    return path if path.startswith("/") else f"{WORK}/{path}"


def _system_view() -> list[str]:
    args: list[str] = []
    for path in SYSTEM_PATHS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    etc = Path("/etc")
    for name in MASKED_FILES:
        if (etc / name).is_file():
            args += ["--ro-bind", "/dev/null", str(etc / name)]
    for name in MASKED_DIRS:
        if (etc / name).is_dir() and not (etc / name).is_symlink():
            args += ["--tmpfs", str(etc / name)]
    return args


def build_argv(bwrap: str, spec: SandboxSpec, *, passwd_fd: int, group_fd: int,
               info_fd: int, block_fd: int) -> list[str]:
    """The full `bwrap ... -- command` argv. The fds must be passed to bwrap by the caller."""
    args = [
        bwrap,
        "--unshare-all", "--unshare-user", "--disable-userns",
        "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
        "--hostname", "sandbox",
        "--die-with-parent", "--new-session", "--as-pid-1",
        "--info-fd", str(info_fd), "--block-fd", str(block_fd),
    ]
    args += _system_view()
    args += ["--ro-bind-data", str(passwd_fd), "/etc/passwd",
             "--ro-bind-data", str(group_fd), "/etc/group"]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(spec.work_size), "--tmpfs", "/tmp",
             "--size", str(spec.work_size), "--tmpfs", "/dev/shm",
             "--size", str(spec.work_size), "--tmpfs", WORK]
    for target, source in sorted(spec.ro_binds.items()):
        args += ["--ro-bind", source, inside(target)]
    for target, source in sorted(spec.rw_binds.items()):
        args += ["--bind", source, inside(target)]
    for target, fd in sorted(spec.files.items()):
        args += ["--perms", "0644", "--file", str(fd), inside(target)]
    # The root itself is bwrap's tmpfs, which has no size limit: nothing may be written there.
    args += ["--remount-ro", "/", "--chdir", spec.cwd, "--clearenv"]
    for key, value in sorted(spec.env.items()):
        args += ["--setenv", key, value]
    args += ["--", *spec.command]
    return args
