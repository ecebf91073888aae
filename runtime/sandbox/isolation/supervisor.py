"""Watches one sandboxed process tree: output caps, the wall clock, the kill, the accounting.

The supervisor runs in the caller's thread with no helper threads: one `select` loop drains
stdout, stderr and the test-result channel, keeps the first `cap` bytes of each, and kills the
whole tree when the wall clock runs out or a stream passes its cap.

Killing is done in two steps, both through pidfds (a recycled pid can never be hit). First the
program, the child of the sandbox's init: the init reaps it and exits, so the program's CPU time
and peak RSS still reach us, and the kernel kills everything else in the pid namespace,
background processes included. If the init is not gone a second later, it is killed too, along
with everything in the run's cgroups.
"""
from __future__ import annotations

import json
import os
import resource
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass, field

from recipec.runtime.sandbox.isolation.cgroups import RunCgroup

INFO_TIMEOUT = 10.0  # bwrap reports its setup well within this, even on a loaded machine
RESULT_CHANNEL_CAP = 8 << 20


@dataclass
class Streams:
    stdout: bytes = b""
    stderr: bytes = b""
    results: bytes = b""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    results_truncated: bool = False


@dataclass
class Outcome:
    returncode: int | None  # bwrap's exit status: the program's, or 128 + signal
    wall_time: float
    cpu_time: float | None
    max_rss: int | None  # bytes, from rusage
    streams: Streams
    timed_out: bool = False
    output_exceeded: bool = False
    setup_error: str | None = None
    cgroup_peak: int | None = None  # bytes charged to the memory group at its peak
    oom_killed: bool = False  # the memory group's OOM killer fired
    leftover_pids: list[int] = field(default_factory=list)


class _Capped:
    """A byte buffer that keeps at most `cap` bytes and remembers that it dropped some."""

    def __init__(self, cap: int):
        self.cap = cap
        self.chunks: list[bytes] = []
        self.size = 0
        self.truncated = False

    def add(self, data: bytes) -> None:
        room = self.cap - self.size
        if len(data) > room:
            self.truncated = True
            data = data[:max(room, 0)]
        if data:
            self.chunks.append(data)
            self.size += len(data)

    def value(self) -> bytes:
        return b"".join(self.chunks)


def _read_info(fd: int, deadline: float) -> dict | None:
    data = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            data += chunk
    try:
        return json.loads(data)
    except ValueError:
        return None


def _tree(pid: int) -> list[int]:
    """pid and its descendants, from /proc (used only while the tree is frozen on --block-fd)."""
    found = [pid]
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                children = handle.read().split()
        except OSError:
            continue
        for child in children:
            found += _tree(int(child))
    return found


def _release(process: subprocess.Popen, info_fd: int | None, block_fd: int | None,
             cgroup: RunCgroup | None) -> tuple[int | None, str | None]:
    """Wait for bwrap's setup, put the frozen tree in its cgroups, and let the program start.
    Returns the host pid of the sandbox's init (pid 1 of its namespace) and a setup error."""
    if info_fd is None:  # not under bwrap (the opted-out, unisolated mode)
        if cgroup is not None:
            cgroup.add(process.pid)
        return None, None
    info = _read_info(info_fd, time.monotonic() + INFO_TIMEOUT)
    os.close(info_fd)
    init = info.get("child-pid") if isinstance(info, dict) else None
    if init is not None and cgroup is not None:
        # Everything is still blocked before the program's exec: move the tree now, so that
        # every process the program ever forks is born inside the groups. Not bwrap's own
        # monitor (the tree's root): a cgroup kill must leave it alive to reap the sandbox, or
        # the CPU time and peak RSS of the tree are lost with it.
        for pid in _tree(process.pid)[1:]:
            cgroup.add(pid)
    error = None
    if init is None:
        error = "bubblewrap did not start the sandbox"
        _signal_process(process)
    elif block_fd is not None:
        try:
            os.write(block_fd, b"go")
        except OSError:
            pass
    if block_fd is not None:
        os.close(block_fd)
    return init, error


class _Killer:
    """Kills a sandboxed tree: the program first, then (if need be) the init and the cgroups."""

    GRACE = 1.0  # seconds the init gets to reap the killed program and exit

    def __init__(self, process: subprocess.Popen, init: int | None, cgroup: RunCgroup | None):
        self.process = process
        self.cgroup = cgroup
        self.init_fd = _pidfd(init) if init is not None else None
        self.init = init
        self.escalate_at: float | None = None

    def kill(self) -> None:
        if self.init_fd is None:  # unisolated: the process group is all we can name
            _signal_process(self.process, group=True)
            if self.cgroup is not None:
                self.cgroup.kill_all()
            return
        killed_any = False
        for child in _children(self.init):
            child_fd = _pidfd(child)
            if child_fd is None:
                continue
            try:
                if _parent(child) == self.init:  # still the init's child: not a recycled pid
                    signal.pidfd_send_signal(child_fd, signal.SIGKILL)
                    killed_any = True
            except ProcessLookupError:
                pass
            finally:
                os.close(child_fd)
        if killed_any:
            self.escalate_at = time.monotonic() + self.GRACE
        else:
            self.escalate()

    def due(self) -> bool:
        return self.escalate_at is not None and time.monotonic() >= self.escalate_at

    def escalate(self) -> None:
        self.escalate_at = None
        if self.init_fd is not None:
            try:
                signal.pidfd_send_signal(self.init_fd, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.cgroup is not None:
            self.cgroup.kill_all()

    def close(self) -> None:
        if self.init_fd is not None:
            os.close(self.init_fd)
            self.init_fd = None


def supervise(process: subprocess.Popen, *, info_fd: int | None, block_fd: int | None,
              result_fd: int | None, timeout: float, output_cap: int,
              cgroup: RunCgroup | None, peak_fd: int | None = None) -> Outcome:
    """Drive a started process to its end. Closes info_fd, block_fd, result_fd and peak_fd
    (GNU time's report of the program's own peak RSS, when the launch asked for one)."""
    init, setup_error = _release(process, info_fd, block_fd, cgroup)
    killer = _Killer(process, init, cgroup)
    clock_start = time.monotonic()  # the program's wall clock starts when it is released

    streams = [(process.stdout.fileno(), _Capped(output_cap)),
               (process.stderr.fileno(), _Capped(output_cap))]
    if result_fd is not None:
        streams.append((result_fd, _Capped(RESULT_CHANNEL_CAP)))
    buffers = dict(streams)
    timed_out = output_exceeded = False
    killed = setup_error is not None
    deadline = clock_start + timeout
    with selectors.DefaultSelector() as selector:
        for fd in buffers:
            os.set_blocking(fd, False)
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            left = deadline - time.monotonic()
            if left <= 0 and not killed:
                timed_out = killed = True
                killer.kill()
            if killer.due():
                killer.escalate()
            for key, _ in selector.select(0.1 if killed else max(left, 0.0)):
                try:
                    chunk = os.read(key.fd, 65536)
                except BlockingIOError:
                    continue
                if not chunk:
                    selector.unregister(key.fd)
                    continue
                buffer = buffers[key.fd]
                buffer.add(chunk)
                if buffer.truncated and key.fd != result_fd and not killed:
                    output_exceeded = killed = True
                    killer.kill()
            if killed and time.monotonic() > deadline + 5.0 + killer.GRACE:
                break  # a pipe is still open after the kill: stop waiting for it
    killer.escalate_at = None
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - clock_start
    killer.close()
    cgroup_peak = cgroup.peak_memory() if cgroup is not None else None
    oom_killed = cgroup.oom_killed() if cgroup is not None else False
    leftover = cgroup.close() if cgroup is not None else []
    (_, out_buffer), (_, err_buffer) = streams[0], streams[1]
    result = Streams(stdout=out_buffer.value(), stderr=err_buffer.value(),
                     stdout_truncated=out_buffer.truncated, stderr_truncated=err_buffer.truncated)
    if result_fd is not None:
        result.results, result.results_truncated = streams[2][1].value(), streams[2][1].truncated
        os.close(result_fd)
    process.stdout.close()
    process.stderr.close()
    returncode = process.returncode
    if returncode < 0:
        returncode = 128 - returncode  # killed itself: report it the way bwrap reports its child
    return Outcome(
        returncode=None if setup_error else returncode,
        wall_time=wall,
        cpu_time=usage.ru_utime + usage.ru_stime,
        max_rss=_reported_peak(peak_fd) or _own_peak(usage.ru_maxrss),
        streams=result,
        timed_out=timed_out,
        output_exceeded=output_exceeded,
        setup_error=setup_error,
        cgroup_peak=cgroup_peak,
        oom_killed=oom_killed,
        leftover_pids=leftover,
    )


def _reported_peak(fd: int | None) -> int | None:
    """GNU time's `%M` (KiB), written before the tree ended: already in the pipe, so read
    without waiting (a background process could hold the pipe open)."""
    if fd is None:
        return None
    try:
        os.set_blocking(fd, False)
        text = os.read(fd, 4096).decode("ascii", errors="replace")
    except OSError:
        text = ""
    finally:
        os.close(fd)
    lines = text.split()
    return int(lines[-1]) * 1024 if lines and lines[-1].isdigit() and int(lines[-1]) else None


def _own_peak(child_maxrss_kib: int) -> int | None:
    """The child's peak RSS in bytes, or None when it may be ours.

    The child is started by vfork + exec, and exec keeps the old address space's high-water mark:
    a child's ru_maxrss is never below this process's RSS at the launch. A figure that does not
    exceed our own peak may therefore be ours, not the program's, and is not reported.
    """
    if not child_maxrss_kib or child_maxrss_kib <= resource.getrusage(resource.RUSAGE_SELF).ru_maxrss:
        return None
    return child_maxrss_kib * 1024


def _pidfd(pid: int) -> int | None:
    try:
        return os.pidfd_open(pid)
    except OSError:
        return None


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(child) for child in handle.read().split()]
    except OSError:
        return []


def _parent(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            # the command name may contain spaces and parentheses: split after the last ")"
            return int(handle.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _signal_process(process: subprocess.Popen, group: bool = False) -> None:
    try:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
