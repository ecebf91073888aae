"""Run one command of a language in the sandbox and describe how it ended.

This is where the isolation layers meet the languages: the language decides the argv, the
environment and its memory rlimit; the launcher applies the namespaces, uid, cgroups and rlimits;
this module turns the launcher's raw outcome into a `CommandResult` and a `Status`.
"""
from __future__ import annotations

import signal
from dataclasses import dataclass

from recipec.runtime.sandbox.isolation.bwrap import SandboxSpec
from recipec.runtime.sandbox.isolation.launch import Command, launch
from recipec.runtime.sandbox.isolation.probe import Capabilities
from recipec.runtime.sandbox.isolation.supervisor import Outcome
from recipec.runtime.sandbox.isolation.unisolated import launch_unisolated
from recipec.runtime.sandbox.languages.base import Language
from recipec.runtime.sandbox.limits import Limits
from recipec.runtime.sandbox.results import CommandResult, Status

# bwrap, like a shell, reports a child killed by signal N as exit status 128 + N. A program that
# itself exits with such a status is read the same way (documented in docs/sandbox.md).
MAX_SIGNAL = 64
NATIVE_CRASHES = (signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT)
# RLIMIT_FSIZE: SIGXFSZ kills a C program; Python, node and others ignore the signal and fail
# the write with EFBIG instead, which they report in these words.
FILE_TOO_LARGE = ("File too large", "EFBIG")


class SandboxFault(RuntimeError):
    """The sandbox itself failed (not the program): bwrap could not start, and the like."""


@dataclass
class Executor:
    caps: Capabilities
    isolated: bool = True  # False only when the caller opted out and layers are missing
    use_cgroups: bool = True

    def run(self, language: Language, command: list[str], *, files: dict[str, bytes],
            limits: Limits, env: dict[str, str], stdin: bytes | None = None,
            ro_binds: dict[str, str] | None = None, rw_binds: dict[str, str] | None = None,
            result_channel: bool = False) -> tuple[CommandResult, bytes]:
        """Run `command` and return its result and whatever it wrote on the test channel."""
        toolchain = language.toolchain
        spec = SandboxSpec(command=command, env=env, files=dict(files),
                           ro_binds={**toolchain.binds, **(ro_binds or {})},
                           rw_binds=dict(rw_binds or {}))
        job = Command(spec, limits, memory_rlimit=language.memory_rlimit,
                      rlimit_headroom=language.rlimit_headroom, stdin=stdin,
                      hidden_binds=dict(toolchain.hidden) or None, result_channel=result_channel)
        if self.isolated:
            outcome = launch(job, self.caps, use_cgroups=self.use_cgroups)
        else:
            outcome = launch_unisolated(job, self.caps, use_cgroups=self.use_cgroups)
        if outcome.setup_error:
            detail = outcome.streams.stderr.decode(errors="replace").strip()
            raise SandboxFault(f"{outcome.setup_error}: {detail}" if detail else outcome.setup_error)
        return to_command_result(language, outcome, limits), outcome.streams.results


def to_command_result(language: Language, outcome: Outcome, limits: Limits) -> CommandResult:
    code = outcome.returncode
    exit_code, signum = code, None
    if code is not None and 128 < code <= 128 + MAX_SIGNAL:
        exit_code, signum = None, code - 128
    stderr = outcome.streams.stderr.decode("utf-8", errors="replace")
    failed = code != 0
    timed_out = outcome.timed_out
    memory = outcome.oom_killed or (failed and language.is_out_of_memory(stderr))
    peak = outcome.cgroup_peak or outcome.max_rss
    if signum in NATIVE_CRASHES and (peak or 0) >= limits.memory * 0.75:
        # Under an address-space limit, malloc returns NULL and unchecked C code crashes on it:
        # a crash this close to the limit is the limit's doing.
        memory = True
    if signum == signal.SIGKILL and not (timed_out or outcome.output_exceeded or memory):
        # Killed by someone other than us: the kernel, either at the RLIMIT_CPU hard limit (a
        # program that ignored SIGXCPU) or as the memory group's OOM killer.
        cpu_limit = limits.cpu_seconds(limits.timeout)
        timed_out = (outcome.cpu_time or 0) >= cpu_limit - 0.05
        memory = not timed_out and (outcome.cgroup_peak or 0) >= limits.memory * 0.9
    file_size = signum == signal.SIGXFSZ or (failed and any(m in stderr for m in FILE_TOO_LARGE))
    return CommandResult(
        exit_code=exit_code,
        signal=signum,
        wall_time=round(outcome.wall_time, 4),
        cpu_time=round(outcome.cpu_time, 4) if outcome.cpu_time is not None else None,
        peak_memory=peak,
        stdout=outcome.streams.stdout.decode("utf-8", errors="replace"),
        stderr=stderr,
        stdout_truncated=outcome.streams.stdout_truncated,
        stderr_truncated=outcome.streams.stderr_truncated,
        timed_out=timed_out,
        output_exceeded=outcome.output_exceeded,
        file_size_exceeded=file_size and not timed_out,
        memory_exceeded=bool(memory) and not timed_out,
    )


def command_status(result: CommandResult) -> Status | None:
    """What went wrong with a command, or None if it exited 0 within every limit."""
    if result.timed_out or result.signal == signal.SIGXCPU:
        return Status.TIMEOUT
    if result.memory_exceeded:
        return Status.MEMORY_LIMIT
    if result.output_exceeded or result.file_size_exceeded:
        return Status.OUTPUT_LIMIT
    if result.exit_code != 0:
        return Status.RUNTIME_ERROR
    return None
