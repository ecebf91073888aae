"""Watches one sandboxed process tree: output caps, the wall clock, the kill, the accounting.

The supervisor runs in the caller's thread with no helper threads: one `select` loop drains
stdout, stderr and the test-result channel, keeps the first `cap` bytes of each, and kills the
whole tree when the wall clock runs out or a stream passes its cap. Killing means SIGKILL to the
sandbox's pid-namespace init (through a pidfd, so a recycled pid can never be hit): the kernel
then kills every process in the namespace, background ones included.
"""
from __future__ import annotations

import json
import os
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
    Returns a pidfd of the program (pid 1 of its namespace) and a setup error, if any."""
    if info_fd is None:  # not under bwrap (the opted-out, unisolated mode)
        if cgroup is not None:
            cgroup.add(process.pid)
        return None, None
    info = _read_info(info_fd, time.monotonic() + INFO_TIMEOUT)
    os.close(info_fd)
    pidfd = None
    if info is not None and "child-pid" in info:
        try:
            pidfd = os.pidfd_open(info["child-pid"])
        except OSError:
            pidfd = None
        if cgroup is not None:
            # Everything is still blocked before the program's exec: move the tree now, so that
            # every process the program ever forks is born inside the groups. Not bwrap's own
            # monitor (the tree's root): a cgroup kill must leave it alive to reap the program,
            # or the program's CPU time and peak RSS are lost with it.
            for pid in _tree(process.pid)[1:]:
                cgroup.add(pid)
    error = None
    if pidfd is None:
        error = "bubblewrap did not start the sandbox"
        _kill_process(process)
    elif block_fd is not None:
        try:
            os.write(block_fd, b"go")
        except OSError:
            pass
    if block_fd is not None:
        os.close(block_fd)
    return pidfd, error


def supervise(process: subprocess.Popen, *, info_fd: int | None, block_fd: int | None,
              result_fd: int | None, timeout: float, output_cap: int,
              cgroup: RunCgroup | None) -> Outcome:
    """Drive a started process to its end. Closes info_fd, block_fd and result_fd."""
    pidfd, setup_error = _release(process, info_fd, block_fd, cgroup)
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
                timed_out = killed = _kill(pidfd, cgroup, process)
            for key, _ in selector.select(1.0 if killed else max(left, 0.0)):
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
                    output_exceeded = killed = _kill(pidfd, cgroup, process)
            if killed and time.monotonic() > deadline + 5.0:
                break  # a pipe is still open after the kill: stop waiting for it
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - clock_start
    cgroup_peak = cgroup.peak_memory() if cgroup is not None else None
    oom_killed = cgroup.oom_killed() if cgroup is not None else False
    leftover = cgroup.close() if cgroup is not None else []
    if pidfd is not None:
        os.close(pidfd)
    (out, out_buffer), (err, err_buffer) = streams[0], streams[1]
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
        max_rss=usage.ru_maxrss * 1024 if usage.ru_maxrss else None,
        streams=result,
        timed_out=timed_out,
        output_exceeded=output_exceeded,
        setup_error=setup_error,
        cgroup_peak=cgroup_peak,
        oom_killed=oom_killed,
        leftover_pids=leftover,
    )


def _kill(pidfd: int | None, cgroup: RunCgroup | None, process: subprocess.Popen) -> bool:
    if pidfd is not None:
        try:
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        except ProcessLookupError:
            pass
    else:  # unisolated: the process group is all we can name (plus the cgroup, if any)
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    if cgroup is not None:
        cgroup.kill_all()
    return True


def _kill_process(process: subprocess.Popen) -> None:
    try:
        process.kill()
    except ProcessLookupError:
        pass
