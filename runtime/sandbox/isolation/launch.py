"""Start one process tree in the sandbox and supervise it to its end.

The layers, outermost first: a per-run unprivileged host uid (when the caller is root), fresh
cgroups, bubblewrap's namespaces and filesystem view, then `prlimit` inside the namespaces
setting the rlimits right before the program's exec. RLIMIT_NPROC is set inside on purpose:
set outside, it would also cap the new user namespace as a whole at creation time.

No `preexec_fn` anywhere (launching from many threads at once is safe): the uid drop is
setpriv's, exec'd in front of bwrap, which also lets subprocess use vfork.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from recipec.runtime.sandbox.isolation import bwrap as bwrap_args
from recipec.runtime.sandbox.isolation import identity
from recipec.runtime.sandbox.isolation.cgroups import RunCgroup
from recipec.runtime.sandbox.isolation.probe import SEARCH_PATH, Capabilities
from recipec.runtime.sandbox.isolation.supervisor import Outcome, supervise
from recipec.runtime.sandbox.limits import Limits

# pid 1 of the sandbox: a shell that runs the program as its child and waits for it. The program
# must not be pid 1 itself: the kernel drops signals with default action that pid 1 sends itself,
# so RLIMIT_FSIZE's SIGXFSZ, RLIMIT_CPU's SIGXCPU and abort()'s SIGABRT would not end it. bwrap's
# own reaper would do too, but bwrap's monitor never waits for it, and the CPU time and peak RSS
# of the tree would be lost; the shell is reaped, so they reach wait4. (`; exit $?` keeps the
# shell from exec'ing the program in its own place.)
INIT = ("/bin/sh", "-c", '"$@"; exit $?', "recipec-init")
EXPOSE_DIR = Path(os.environ.get("RECIPEC_SANDBOX_RUN_DIR", "/run/recipec-sandbox")) / "expose"
RESULT_FD_ENV = "RECIPEC_RESULT_FD"


@dataclass
class Command:
    """A command for `launch`: what to run and what it may touch."""

    spec: bwrap_args.SandboxSpec
    limits: Limits  # timeout, memory, processes, output ... for this one command
    memory_rlimit: str | None = "as"  # "as", "data" or None: see languages/base.py
    rlimit_headroom: int = 0
    stdin: bytes | None = None
    hidden_binds: dict[str, str] | None = None  # sandbox path -> host folder the uid cannot reach
    result_channel: bool = False


def _memfd(name: str, data: bytes) -> int:
    fd = os.memfd_create(name, os.MFD_CLOEXEC)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


# With a memory cgroup in force, it is the limit (it counts what is really used, page by page);
# the memory rlimit then only backs it up, at this multiple. Without one, the rlimit is the limit.
RLIMIT_BACKSTOP = 2


def _rlimit_prefix(prlimit: str, limits: Limits, memory_rlimit: str | None,
                   memory_cgroup: bool = False, headroom: int = 0) -> list[str]:
    cpu = limits.cpu_seconds(limits.timeout)
    args = [prlimit, f"--nproc={limits.processes}", f"--cpu={cpu}:{cpu + 1}",
            f"--fsize={limits.file_size}", f"--nofile={limits.open_files}", "--core=0"]
    memory = limits.memory * (RLIMIT_BACKSTOP if memory_cgroup else 1) + headroom
    if memory_rlimit == "as":
        args.append(f"--as={memory}")
    elif memory_rlimit == "data":
        args.append(f"--data={memory}")
    return args + ["--"]


def peak_channel(caps: Capabilities, cgroup: RunCgroup | None,
                 user: identity.Identity) -> tuple[int | None, int | None, list[str]]:
    """(read end, write end, argv prefix) of GNU time reporting the program's own peak RSS,
    or (None, None, []) when a memory group measures the run or GNU time is missing.

    The peak in our wait4 is no use here: the sandbox is started by vfork + exec, and exec keeps
    this (large) process's high-water mark in the child's accounting. GNU time forks the
    program from its own small image, so its figure is the program's.
    """
    if caps.time is None or (cgroup is not None and cgroup.memory is not None):
        return None, None, []
    read, write = os.pipe2(os.O_CLOEXEC)
    if user.dropped:
        os.fchown(write, user.uid, user.gid)  # reopened through /dev/fd, which checks the owner
    return read, write, [caps.time, "--format=%M", f"--output=/dev/fd/{write}", "--"]


def _exposure_point(host_folder: str) -> str:
    point = EXPOSE_DIR / hashlib.sha256(host_folder.encode()).hexdigest()[:16]
    point.mkdir(parents=True, exist_ok=True)
    for folder in (EXPOSE_DIR.parent, EXPOSE_DIR, point):
        os.chmod(folder, 0o755)
    return str(point)


def _drop_prefix(caps: Capabilities, user: identity.Identity) -> list[str]:
    return [caps.setpriv, f"--reuid={user.uid}", f"--regid={user.gid}", "--clear-groups", "--"]


def _expose_prefix(caps: Capabilities, user: identity.Identity,
                   hidden: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """Root only: a private mount namespace in which hidden folders are bound onto empty public
    mount points, then the uid drop. Returns the argv prefix and the extra ro binds for bwrap."""
    script = []
    binds = {}
    for index, (target, source) in enumerate(sorted(hidden.items())):
        point = _exposure_point(source)
        script.append(f'mount -n --bind "$RECIPEC_SRC{index}" "{point}"')
        binds[target] = point
    script.append("exec " + " ".join(_drop_prefix(caps, user)) + ' "$@"')
    prefix = [caps.unshare, "--mount", "--propagation", "private", "--",
              "/bin/sh", "-c", " && ".join(script), "recipec-expose"]
    return prefix, binds


def launch(command: Command, caps: Capabilities, *, use_cgroups: bool = True) -> Outcome:
    """Run `command` fully isolated. The caller has checked `caps.isolated`."""
    limits = command.limits
    user = identity.acquire()
    cgroup = None
    if use_cgroups and caps.cgroup_hierarchy is not None:
        cgroup = RunCgroup(caps.cgroup_hierarchy, limits.memory, limits.processes)
    owned_fds: list[int] = []  # closed here on every path
    parent_fds: list[int] = []  # the supervisor's ends: closed by it, or here if we never get there
    try:
        if user.dropped:
            for source in command.spec.rw_binds.values():
                os.chown(source, user.uid, user.gid)  # a writable bind is the run's to write
        spec = command.spec
        file_fds = {path: _memfd("file", data) if isinstance(data, bytes) else data
                    for path, data in spec.files.items()}
        owned_fds += [fd for path, fd in file_fds.items() if isinstance(spec.files[path], bytes)]
        passwd_fd = _memfd("passwd", bwrap_args.PASSWD.encode())
        group_fd = _memfd("group", bwrap_args.GROUP.encode())
        owned_fds += [passwd_fd, group_fd]
        info_r, info_w = os.pipe2(os.O_CLOEXEC)
        block_r, block_w = os.pipe2(os.O_CLOEXEC)
        owned_fds += [info_w, block_r]
        parent_fds += [info_r, block_w]
        result_r = result_w = None
        env = dict(spec.env)
        if command.result_channel:
            result_r, result_w = os.pipe2(os.O_CLOEXEC)
            owned_fds.append(result_w)
            parent_fds.append(result_r)
            if user.dropped:
                # Some harnesses (Lua, Java) reopen the channel by /proc/self/fd/N, which checks
                # the pipe's owner like a file's.
                os.fchown(result_w, user.uid, user.gid)
            env[RESULT_FD_ENV] = str(result_w)
        stdin_fd = _memfd("stdin", command.stdin or b"")
        owned_fds.append(stdin_fd)
        peak_r, peak_w, peak_prefix = peak_channel(caps, cgroup, user)
        if peak_w is not None:
            owned_fds.append(peak_w)
            parent_fds.append(peak_r)

        env_setup = {"PATH": SEARCH_PATH}
        prefix: list[str] = []
        ro_binds = dict(spec.ro_binds)
        if command.hidden_binds:
            if os.geteuid() != 0:
                raise PermissionError("toolchain folders unreachable by this user")
            prefix, exposed = _expose_prefix(caps, user, command.hidden_binds)
            ro_binds.update(exposed)
            for index, (_, source) in enumerate(sorted(command.hidden_binds.items())):
                env_setup[f"RECIPEC_SRC{index}"] = source
        elif user.dropped:
            # setpriv rather than Popen(user=...): subprocess falls back from vfork to a full
            # fork of this (large) process whenever it must change the uid itself.
            prefix = _drop_prefix(caps, user)
        inner = bwrap_args.SandboxSpec(
            command=[*INIT, *peak_prefix, *_rlimit_prefix(caps.prlimit, limits, command.memory_rlimit,
                                   memory_cgroup=cgroup is not None and cgroup.memory is not None,
                                   headroom=command.rlimit_headroom),
                     *spec.command],
            env=env, files=file_fds, ro_binds=ro_binds, rw_binds=spec.rw_binds,
            work_size=limits.work_size, cwd=spec.cwd)
        argv = prefix + bwrap_args.build_argv(caps.bwrap, inner, passwd_fd=passwd_fd,
                                              group_fd=group_fd, info_fd=info_w, block_fd=block_r)
        pass_fds = [passwd_fd, group_fd, info_w, block_r, *file_fds.values()]
        pass_fds += [fd for fd in (result_w, peak_w) if fd is not None]
        process = subprocess.Popen(
            argv, stdin=stdin_fd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            pass_fds=pass_fds, close_fds=True, start_new_session=True, env=env_setup, cwd="/")
        for fd in owned_fds:
            os.close(fd)
        owned_fds, parent_fds = [], []
        return supervise(process, info_fd=info_r, block_fd=block_w, result_fd=result_r,
                         timeout=limits.timeout, output_cap=limits.output, cgroup=cgroup,
                         peak_fd=peak_r)
    finally:
        for fd in owned_fds + parent_fds:
            os.close(fd)
        if cgroup is not None:
            cgroup.close()
        user.release()
