"""The HumanEval harness proven on the benchmark itself: the canonical solutions of all 164
problems pass in the sandbox (pass@1 = 1.0); deliberately broken ones all fail (0.0)."""
from __future__ import annotations

import pytest

from recipec.runtime.training.evaluation.humaneval import (
    HumanEvalResult, load_problems, run_completions, truncate,
)


@pytest.fixture(scope="module")
def problems():
    return load_problems()


def test_canonical_solutions_all_pass(problems):
    assert len(problems) == 164 and problems[0]["task_id"] == "HumanEval/0"
    result = run_completions(problems, {p["task_id"]: [p["canonical_solution"]] for p in problems},
                             timeout=10)
    assert result.pass_at_k([1]) == {"pass@1": 1.0}


def test_broken_solutions_all_fail(problems):
    # per problem: an empty answer, and the next problem's (correct, but wrong here) solution
    broken = {p["task_id"]: ["    return None\n",
                             problems[(i + 1) % len(problems)]["canonical_solution"]]
              for i, p in enumerate(problems)}
    result = run_completions(problems, broken, timeout=10)
    assert result.pass_at_k([1, 2]) == {"pass@1": 0.0, "pass@2": 0.0}
    assert {s for statuses in result.statuses.values() for s in statuses} <= {
        "failed", "runtime_error", "timeout", "syntax_error"}


def test_an_endless_completion_is_stopped_by_the_timeout(problems):
    result = run_completions(problems[:1], {"HumanEval/0": ["    while True:\n        pass\n"]},
                             timeout=1)
    assert result.statuses["HumanEval/0"] == ["timeout"]


def test_pass_at_k_is_the_unbiased_estimator():
    result = HumanEvalResult({"a": [True, False, False, False], "b": [False] * 4})
    # problem a: 1 - C(3,2)/C(4,2) = 0.5 for k = 2; b: 0
    assert result.pass_at_k([1, 2, 5]) == {"pass@1": 0.125, "pass@2": 0.25}


def test_completions_stop_where_the_function_ends():
    body = "    return x + 1\n"
    assert truncate(body + "\ndef other():\n    pass\n") == body
    assert truncate(body + "\nif __name__ == '__main__':\n    main()") == body
    assert truncate(body) == body
