"""Resource limits for one sandboxed run, with the defaults every entry point shares.

Sizes are bytes and times are seconds, as everywhere in the runtime (the recipe's `512MB` and
`10s` arrive here already normalised by the compiler).
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What one run may use. Each field is enforced by the isolation layers (docs/sandbox.md).

    `timeout` bounds the wall clock of one program run (of one test case, for stdin/stdout tests);
    `compile_timeout` bounds the compiler. `cpu` defaults to the wall timeout rounded up, plus one
    second, so a spinning program is stopped by whichever comes first.
    """

    timeout: float = 10.0
    compile_timeout: float = 30.0
    memory: int = 512 * MiB
    cpu: float | None = None
    processes: int = 64
    output: int = 1 * MiB  # per stream (stdout, stderr); the test channel has its own cap
    file_size: int = 16 * MiB
    open_files: int = 256
    work_size: int = 64 * MiB  # the tmpfs work folder (and /tmp) of each run

    def __post_init__(self) -> None:
        for field in ("timeout", "compile_timeout"):
            if not getattr(self, field) > 0:
                raise ValueError(f"limits.{field} must be > 0, got {getattr(self, field)!r}")
        for field in ("memory", "processes", "output", "file_size", "open_files", "work_size"):
            value = getattr(self, field)
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"limits.{field} must be a positive integer, got {value!r}")
        if self.memory < 16 * MiB:
            raise ValueError(f"limits.memory must be at least 16 MiB, got {self.memory} bytes")

    def cpu_seconds(self, wall_timeout: float) -> int:
        """The RLIMIT_CPU soft limit for a command whose wall timeout is `wall_timeout`."""
        if self.cpu is not None:
            return max(1, math.ceil(self.cpu))
        return math.ceil(wall_timeout) + 1

    def replace(self, **changes: object) -> "Limits":
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Limits":
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown limit(s): {', '.join(sorted(unknown))}")
        return cls(**data)


# Compilers get more room than the programs they build: javac, rustc and tsc start JIT-heavy
# runtimes and many threads. These are floors applied on top of the run's own limits.
COMPILE_MEMORY_FLOOR = 1024 * MiB
COMPILE_PROCESSES_FLOOR = 256
COMPILE_OUTPUT = 256 * 1024  # compiler diagnostics kept per stream
COMPILE_FILE_SIZE_FLOOR = 256 * MiB
COMPILE_WORK_SIZE_FLOOR = 512 * MiB


def compile_limits(limits: Limits) -> Limits:
    return limits.replace(
        timeout=limits.compile_timeout,
        memory=max(limits.memory, COMPILE_MEMORY_FLOOR),
        processes=max(limits.processes, COMPILE_PROCESSES_FLOOR),
        output=COMPILE_OUTPUT,
        file_size=max(limits.file_size, COMPILE_FILE_SIZE_FLOOR),
        work_size=max(limits.work_size, COMPILE_WORK_SIZE_FLOOR),
        open_files=max(limits.open_files, 1024),
        cpu=None,
    )
