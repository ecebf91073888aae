"""The explicit opt-out: run without namespaces when the machine cannot provide them.

Used only when the caller passed `allow_unisolated=True` (CLI: `--unisolated`) and a mandatory
layer is missing. What still applies: a throwaway work folder, the uid drop when the caller is
root, rlimits when prlimit exists, cgroups when writable, the wall clock, the output caps and a
process-group kill. What does not: the filesystem, network and pid isolation. Never use this for
untrusted code; every result of such a run says so in `isolation`.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from recipec.runtime.sandbox.isolation import identity
from recipec.runtime.sandbox.isolation.cgroups import RunCgroup
from recipec.runtime.sandbox.isolation.launch import (
    RESULT_FD_ENV, Command, _memfd, _rlimit_prefix, peak_channel,
)
from recipec.runtime.sandbox.isolation.probe import Capabilities
from recipec.runtime.sandbox.isolation.supervisor import Outcome, supervise


def _place(workdir: str, command: Command, uid: int | None) -> None:
    spec = command.spec
    for relative, data in spec.files.items():
        path = os.path.join(workdir, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data if isinstance(data, bytes) else os.read(data, 1 << 30))
    if uid is not None:
        for source in spec.rw_binds.values():
            os.chown(source, uid, uid)
    for relative, source in {**spec.ro_binds, **spec.rw_binds}.items():
        if not relative.startswith("/"):  # absolute binds are toolchains: already at that path
            os.symlink(source, os.path.join(workdir, relative))
    if uid is not None:
        for folder, dirs, files in os.walk(workdir):
            for name in [*dirs, *files, "."]:
                os.lchown(os.path.join(folder, name), uid, uid)


def launch_unisolated(command: Command, caps: Capabilities, *, use_cgroups: bool = True) -> Outcome:
    limits = command.limits
    user = identity.acquire()
    workdir = tempfile.mkdtemp(prefix="recipec-unisolated-")
    cgroup = None
    if use_cgroups and caps.cgroup_hierarchy is not None:
        cgroup = RunCgroup(caps.cgroup_hierarchy, limits.memory, limits.processes)
    fds: list[int] = []
    try:
        _place(workdir, command, user.uid if user.dropped else None)
        env = dict(command.spec.env)
        env.update(HOME=workdir, TMPDIR=workdir)
        result_r = result_w = None
        if command.result_channel:
            result_r, result_w = os.pipe2(os.O_CLOEXEC)
            env[RESULT_FD_ENV] = str(result_w)
            if user.dropped:
                os.fchown(result_w, user.uid, user.gid)
        stdin_fd = _memfd("stdin", command.stdin or b"")
        peak_r, peak_w, peak_prefix = peak_channel(caps, cgroup, user)
        fds = [stdin_fd] + [fd for fd in (result_w, peak_w, peak_r) if fd is not None]
        prefix = _rlimit_prefix(caps.prlimit, limits, command.memory_rlimit,
                                memory_cgroup=cgroup is not None and cgroup.memory is not None,
                                headroom=command.rlimit_headroom) if caps.prlimit else []
        drop = {"user": user.uid, "group": user.gid, "extra_groups": []} if user.dropped else {}
        process = subprocess.Popen(
            peak_prefix + prefix + command.spec.command, stdin=stdin_fd, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, pass_fds=[fd for fd in (result_w, peak_w) if fd is not None],
            close_fds=True, start_new_session=True, env=env, cwd=workdir, **drop)
        for fd in fds:
            if fd != peak_r:
                os.close(fd)
        fds = []
        return supervise(process, info_fd=None, block_fd=None, result_fd=result_r,
                         timeout=limits.timeout, output_cap=limits.output, cgroup=cgroup,
                         peak_fd=peak_r)
    finally:
        for fd in fds:
            os.close(fd)
        if cgroup is not None:
            cgroup.close()
        shutil.rmtree(workdir, ignore_errors=True)
        user.release()
