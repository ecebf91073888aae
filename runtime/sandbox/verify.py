"""The recipe's `verify` step: run each row's code in the sandbox and keep the rows whose status
the recipe asks for.

    rows in  ->  {..., "verification": {"status": "passed", "tests": [...], ...}}  ->  rows out

Rows go through the bounded pool and come out in input order. Every row, kept or dropped, is
counted in a `VerifyStats` (by language and status) from which `verification_report` renders
the step's report.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from recipec.runtime.sandbox.api import Sandbox
from recipec.runtime.sandbox.limits import Limits
from recipec.runtime.sandbox.pool import RunRequest, SandboxPool
from recipec.runtime.sandbox.report import VerifyStats
from recipec.runtime.sandbox.results import RunResult, Status, TestStatus

STDERR_TAIL = 500


@dataclass
class VerifyConfig:
    """How a `verify` step reads rows and judges them (plain values: the compiler fills these
    from the recipe's sandbox block, with units already normalised)."""

    code_field: str = "code"
    language_field: str | None = "language"  # the row's language (a recipe name) ...
    language: str | None = None  # ... or one fixed language for every row
    tests_field: str | None = "tests"  # the JSON test-case format; missing/None: just run it
    stdin_field: str | None = None
    result_field: str = "verification"
    languages: frozenset[str] | None = None  # only these are run; others are `unavailable`
    timeout: float = 10.0  # seconds per run
    memory: int = 512 << 20  # bytes
    static_check: bool = True
    parallelism: int = field(default_factory=lambda: os.cpu_count() or 1)
    keep: frozenset[str] = frozenset({Status.PASSED.value})
    jsonl: str | Path | None = None  # stream every run's full result here

    def __post_init__(self) -> None:
        known = {status.value for status in Status}
        unknown = set(self.keep) - known
        if unknown:
            raise ValueError(f"keep: unknown status {', '.join(sorted(unknown))} "
                             f"(statuses: {', '.join(sorted(known))})")
        if self.language is None and not self.language_field:
            raise ValueError("verify needs a language: a language field or a fixed language")
        if self.parallelism < 1:
            raise ValueError("parallelism must be at least 1")
        self.keep = frozenset(self.keep)
        if self.languages is not None:
            self.languages = frozenset(self.languages)


def verification_record(result: RunResult) -> dict[str, Any]:
    """The compact result attached to a row (the jsonl stream has the full one)."""
    run = result.run
    passed = sum(1 for t in result.tests if t.status is TestStatus.PASSED)
    return {
        "status": result.status.value,
        "language": result.language,
        "message": result.message,
        "tests_passed": passed,
        "tests_total": len(result.tests),
        "tests": [{"index": t.index, "name": t.name, "status": t.status.value,
                   "message": t.message, "wall_time": t.wall_time} for t in result.tests],
        "wall_time": result.wall_time,
        "cpu_time": run.cpu_time if run else None,
        "peak_memory": run.peak_memory if run else None,
        "exit_code": run.exit_code if run else None,
        "signal": run.signal if run else None,
        "compile_time": result.compile.wall_time if result.compile else None,
        "compile_cached": result.compile.cached if result.compile else None,
        "stderr_tail": (run.stderr[-STDERR_TAIL:] if run else
                        result.compile.stderr[-STDERR_TAIL:] if result.compile else ""),
    }


def _request(index: int, row: dict, config: VerifyConfig, limits: Limits) -> RunRequest | RunResult:
    language = config.language or row.get(config.language_field or "")
    code = row.get(config.code_field)
    if not isinstance(language, str) or not language:
        return RunResult(Status.UNAVAILABLE, str(language), f"row {index}: no language "
                         f"(field `{config.language_field}`)")
    if not isinstance(code, str):
        return RunResult(Status.UNAVAILABLE, language, f"row {index}: no code (field "
                         f"`{config.code_field}`)")
    if config.languages is not None and language not in config.languages:
        return RunResult(Status.UNAVAILABLE, language, f"{language} is not among this step's "
                         f"languages ({', '.join(sorted(config.languages))})")
    tests = row.get(config.tests_field) if config.tests_field else None
    stdin = row.get(config.stdin_field) if config.stdin_field else None
    return RunRequest(code, language, tests=tests, stdin=stdin, limits=limits, id=index)


def verify_rows(rows: Iterable[dict], config: VerifyConfig, *, stats: VerifyStats | None = None,
                sandbox: Sandbox | None = None) -> Iterator[dict]:
    """Rows with `config.result_field` attached, in input order, filtered by `config.keep`."""
    limits = Limits(timeout=config.timeout, memory=config.memory)
    sandbox = sandbox or Sandbox(limits=limits, static_check=config.static_check,
                                 workers=config.parallelism)
    rows_by_index: dict[int, dict] = {}

    def requests() -> Iterator[RunRequest]:
        for index, row in enumerate(rows):
            rows_by_index[index] = row
            request = _request(index, row, config, limits)
            if isinstance(request, RunResult):  # judged without running: keeps its place in order
                request = RunRequest("", request.language, id=index, settled=request)
            yield request

    with SandboxPool(sandbox, config.parallelism) as pool:
        for request, result in pool.map(requests(), jsonl=config.jsonl):
            row = rows_by_index.pop(request.id)
            record = verification_record(result)
            if stats is not None:
                stats.add(record)
            if result.status.value in config.keep:
                yield {**row, config.result_field: record}


__all__ = ["VerifyConfig", "VerifyStats", "verification_record", "verify_rows"]
