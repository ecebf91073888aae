"""The structured result of a sandboxed run, and its JSON form.

One `RunResult` per program: an overall `Status`, the compile and run commands' own results
(exit code or signal, wall and CPU time, peak memory, capped output), the outcome of each test
case and the isolation layers that were in force.
"""
from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any


class Status(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"  # ran to completion, but a test case did not give the expected answer
    COMPILE_ERROR = "compile_error"
    RUNTIME_ERROR = "runtime_error"
    TIMEOUT = "timeout"
    MEMORY_LIMIT = "memory_limit"
    OUTPUT_LIMIT = "output_limit"
    SYNTAX_ERROR = "syntax_error"
    UNAVAILABLE = "unavailable"  # no toolchain, or isolation refused to run untrusted code

    def __str__(self) -> str:
        return self.value


class TestStatus(str, enum.Enum):
    PASSED = "passed"
    FAILED = "failed"  # wrong answer
    ERROR = "error"  # the call raised, or the program crashed
    TIMEOUT = "timeout"
    NOT_RUN = "not_run"  # an earlier failure stopped the run before this case

    def __str__(self) -> str:
        return self.value


TestStatus.__test__ = False  # not a pytest test class, despite the name


@dataclass
class CommandResult:
    """One process tree in the sandbox: a compiler or the program."""

    exit_code: int | None = None
    signal: int | None = None
    wall_time: float = 0.0
    cpu_time: float | None = None
    peak_memory: int | None = None  # bytes
    stdout: str = ""
    stderr: str = ""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    timed_out: bool = False
    output_exceeded: bool = False  # stdout or stderr passed its cap
    file_size_exceeded: bool = False  # a file passed the file-size limit
    memory_exceeded: bool = False
    cached: bool = False  # a compile result served from the compile cache

    @property
    def ok(self) -> bool:
        return (self.exit_code == 0 and not self.timed_out and not self.output_exceeded
                and not self.file_size_exceeded and not self.memory_exceeded)


@dataclass
class TestOutcome:
    __test__ = False  # not a pytest test class, despite the name
    index: int
    status: TestStatus
    name: str | None = None
    expected: Any = None
    actual: Any = None
    message: str = ""
    wall_time: float | None = None


@dataclass
class RunResult:
    status: Status
    language: str
    message: str = ""
    compile: CommandResult | None = None
    run: CommandResult | None = None
    tests: list[TestOutcome] = field(default_factory=list)
    isolation: dict[str, Any] = field(default_factory=dict)
    wall_time: float = 0.0  # the whole request: check, compile, every run

    @property
    def passed(self) -> bool:
        return self.status is Status.PASSED

    # The run's own figures, for callers that want them at the top level.
    @property
    def exit_code(self) -> int | None:
        return self.run.exit_code if self.run else None

    @property
    def stdout(self) -> str:
        return self.run.stdout if self.run else ""

    @property
    def stderr(self) -> str:
        return self.run.stderr if self.run else ""

    def to_dict(self) -> dict:
        data = asdict(self)
        data["status"] = self.status.value
        for outcome in data["tests"]:
            outcome["status"] = str(outcome["status"])
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "RunResult":
        def command(value: dict | None) -> CommandResult | None:
            return CommandResult(**value) if value is not None else None

        tests = [TestOutcome(**{**t, "status": TestStatus(t["status"])}) for t in data.get("tests", [])]
        return cls(status=Status(data["status"]), language=data["language"],
                   message=data.get("message", ""), compile=command(data.get("compile")),
                   run=command(data.get("run")), tests=tests,
                   isolation=data.get("isolation", {}), wall_time=data.get("wall_time", 0.0))

    def summary(self) -> str:
        """One line for a terminal: status, tests, time, and the message if any."""
        parts = [self.status.value]
        if self.tests:
            passed = sum(t.status is TestStatus.PASSED for t in self.tests)
            parts.append(f"{passed}/{len(self.tests)} tests passed")
        parts.append(f"{self.wall_time:.2f}s")
        if self.run and self.run.peak_memory:
            parts.append(f"{self.run.peak_memory / 2**20:.1f} MiB")
        line = " | ".join(parts)
        return f"{line} | {self.message}" if self.message else line
