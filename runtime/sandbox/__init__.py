"""The code sandbox (issue 4): isolated, parallel, multilingual execution of untrusted code.

    from recipec.runtime.sandbox import run
    result = run("print(input()[::-1])", "python", stdin="abc")
    result.status        # Status.PASSED
    result.stdout        # "cba\\n"

    run(code, "c++", tests=[{"function": "add", "args": [1, 2], "expected": 3}])

See docs/sandbox.md for the isolation layers, the test-case format, the statuses and the
SandboxFusion-compatible server.
"""
from __future__ import annotations

from recipec.runtime.sandbox.api import Sandbox, run, run_async
from recipec.runtime.sandbox.isolation.probe import capabilities
from recipec.runtime.sandbox.languages import CORE, LANGUAGES
from recipec.runtime.sandbox.limits import Limits
from recipec.runtime.sandbox.pool import RunRequest, SandboxPool
from recipec.runtime.sandbox.report import VerifyStats, verification_report
from recipec.runtime.sandbox.results import CommandResult, RunResult, Status, TestOutcome, TestStatus
from recipec.runtime.sandbox.verify import VerifyConfig, verify_rows

__all__ = [
    "CORE", "LANGUAGES", "CommandResult", "Limits", "RunRequest", "RunResult", "Sandbox",
    "SandboxPool", "Status", "TestOutcome", "TestStatus", "VerifyConfig", "VerifyStats",
    "capabilities", "run", "run_async", "verification_report", "verify_rows",
]
