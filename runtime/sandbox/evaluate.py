"""Judging test cases: from a run's output to per-test outcomes and the run's overall status.

The overall status is decided by the first case that did not pass (a wrong answer is `failed`,
a crash `runtime_error`, and so on), so the one-line summary always explains itself.
"""
from __future__ import annotations

import base64
import json
from typing import Any

from recipec.runtime.sandbox.compare import stdout_matches, values_equal
from recipec.runtime.sandbox.execute import command_status
from recipec.runtime.sandbox.results import CommandResult, Status, TestOutcome, TestStatus
from recipec.runtime.sandbox.testcases import CallCase, StdioCase

SHOWN = 2048  # characters of expected/actual output kept in each outcome


def clip(text: str, limit: int = SHOWN) -> str:
    return text if len(text) <= limit else text[:limit] + f"... [{len(text) - limit} more]"


def _clip_value(value: Any) -> Any:
    text = json.dumps(value)
    return value if len(text) <= SHOWN else clip(text)


def stdio_outcome(index: int, case: StdioCase, run: CommandResult) -> TestOutcome:
    problem = command_status(run)
    outcome = TestOutcome(index=index, name=case.name, status=TestStatus.PASSED,
                          expected=clip(case.expected_stdout), actual=clip(run.stdout),
                          wall_time=run.wall_time)
    if problem is Status.TIMEOUT:
        outcome.status, outcome.message = TestStatus.TIMEOUT, "timed out"
    elif problem is not None:
        outcome.status = TestStatus.ERROR
        outcome.message = problem.value if problem is not Status.RUNTIME_ERROR else (
            clip(run.stderr.strip().splitlines()[-1], 300) if run.stderr.strip() else
            f"exit code {run.exit_code}" if run.exit_code is not None else f"signal {run.signal}")
    elif not stdout_matches(run.stdout, case.expected_stdout, case.compare, case.tolerance):
        outcome.status, outcome.message = TestStatus.FAILED, "wrong output"
    return outcome


def parse_channel(data: bytes) -> dict[int, dict]:
    """The harness's report lines, by case index (a malformed line is ignored)."""
    reports: dict[int, dict] = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        try:
            report = json.loads(line)
        except ValueError:
            continue
        if isinstance(report, dict) and isinstance(report.get("i"), int):
            reports.setdefault(report["i"], report)
    return reports


def call_outcomes(cases: list[tuple[int, CallCase]], run: CommandResult, channel: bytes, *,
                  missing: dict[int, str] | None = None, loose: bool = False) -> list[TestOutcome]:
    """Outcomes of function-call cases from the harness's reports; `missing` holds the cases
    left out of the harness because their function is not defined (typed languages)."""
    reports = parse_channel(channel)
    for position, message in (missing or {}).items():
        reports[position] = {"i": position, "missing": message}
    problem = command_status(run)
    outcomes = []
    crashed = False
    for position, (index, case) in enumerate(cases):
        outcome = TestOutcome(index=index, name=case.name, status=TestStatus.PASSED,
                              expected=_clip_value(case.expected))
        report = reports.get(position)
        if report is None:
            # No report: the process died in or before this case. The first such case gets
            # the blame; those after it never ran.
            if crashed:
                outcome.status, outcome.message = TestStatus.NOT_RUN, "not run"
            elif problem is Status.TIMEOUT:
                outcome.status, outcome.message = TestStatus.TIMEOUT, "timed out"
            else:
                outcome.status = TestStatus.ERROR
                outcome.message = (problem.value if problem not in (None, Status.RUNTIME_ERROR)
                                   else _crash_message(run))
            crashed = True
        elif "missing" in report:
            outcome.status, outcome.message = TestStatus.ERROR, str(report["missing"])
        elif "error" in report:
            outcome.status, outcome.message = TestStatus.ERROR, clip(str(report["error"]), 500)
        else:
            actual = report.get("actual")
            if "actual_b64" in report:  # shell: the function's stdout, without trailing newlines
                actual = base64.b64decode(report["actual_b64"]).decode("utf-8", errors="replace")
                actual = actual.rstrip("\n")
            outcome.actual = _clip_value(actual)
            if not values_equal(actual, case.expected, case.tolerance, loose=loose):
                outcome.status, outcome.message = TestStatus.FAILED, "wrong answer"
        outcomes.append(outcome)
    return outcomes


def _crash_message(run: CommandResult) -> str:
    lines = run.stderr.strip().splitlines()
    if lines:
        return clip(lines[-1], 300)
    if run.signal is not None:
        return f"killed by signal {run.signal}"
    return f"exit code {run.exit_code}"


def overall_status(outcomes: list[TestOutcome], runs: list[CommandResult]) -> tuple[Status, str]:
    """The status of a run with tests, and a message naming the first failing case."""
    for outcome in sorted(outcomes, key=lambda o: o.index):
        if outcome.status is TestStatus.PASSED:
            continue
        label = f"test {outcome.index + 1}" + (f" ({outcome.name})" if outcome.name else "")
        if outcome.status is TestStatus.FAILED:
            return Status.FAILED, f"{label}: {outcome.message}"
        if outcome.status is TestStatus.TIMEOUT:
            return Status.TIMEOUT, f"{label}: timed out"
        if outcome.status is TestStatus.NOT_RUN:
            continue
        if outcome.message.startswith("function ") and "not defined" in outcome.message:
            return Status.FAILED, f"{label}: {outcome.message}"
        for status in (Status.MEMORY_LIMIT, Status.OUTPUT_LIMIT, Status.TIMEOUT):
            if outcome.message == status.value:
                return status, f"{label}: {status.value.replace('_', ' ')}"
        return Status.RUNTIME_ERROR, f"{label}: {outcome.message}"
    # Every case passed; a program that then crashed or overran still did not pass.
    for run in runs:
        problem = command_status(run)
        if problem is not None:
            return problem, f"every test passed, but the program ended with {problem.value}"
    return Status.PASSED, ""
