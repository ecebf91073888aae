"""The bounded pool, the recipe's verify step and its report."""
from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest

from recipec.runtime.sandbox import (RunRequest, Sandbox, SandboxPool, VerifyConfig,
                                     VerifyStats, verification_report, verify_rows)
from recipec.runtime.sandbox.report import render_html, render_markdown, render_text

ADD_TESTS = [{"function": "add", "args": [1, 2], "expected": 3}]


def rows():
    return [
        {"id": "good", "code": "def add(a, b):\n    return a + b\n", "language": "python", "tests": ADD_TESTS},
        {"id": "wrong", "code": "def add(a, b):\n    return a - b\n", "language": "python", "tests": ADD_TESTS},
        {"id": "slow", "code": "import time\ntime.sleep(0.6)\nprint(1)\n", "language": "python"},
        {"id": "syntax", "code": "int main( {", "language": "c"},
        {"id": "js", "code": "function add(a, b) { return a + b; }", "language": "javascript", "tests": ADD_TESTS},
        {"id": "cobol", "code": "DISPLAY 'HI'.", "language": "cobol"},
        {"id": "no-code", "language": "python"},
        {"id": "bad-tests", "code": "print(1)", "language": "python", "tests": [{"function": "f"}]},
    ]


def test_pool_yields_in_input_order_and_streams_jsonl(box, tmp_path):
    codes = [f"import time\ntime.sleep({0.4 - 0.1 * i})\nprint({i})\n" for i in range(4)]
    stream = tmp_path / "runs.jsonl"
    with SandboxPool(box, workers=2) as pool:
        pairs = list(pool.map((RunRequest(code, "python", id=i) for i, code in enumerate(codes)),
                              jsonl=stream))
    assert [request.id for request, _ in pairs] == [0, 1, 2, 3]
    assert [result.stdout for _, result in pairs] == ["0\n", "1\n", "2\n", "3\n"]
    lines = [json.loads(line) for line in stream.read_text().splitlines()]
    assert [line["id"] for line in lines] == [0, 1, 2, 3]
    assert all(line["status"] == "passed" and "run" in line for line in lines)


def test_pool_runs_in_parallel_but_never_more_than_its_workers(box):
    running, peak = 0, 0
    lock = threading.Lock()
    real_run = box.run

    def counting_run(*args, **kwargs):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        try:
            return real_run(*args, **kwargs)
        finally:
            with lock:
                running -= 1

    sleeper = "import time\ntime.sleep(0.5)\n"
    box.run = counting_run
    try:
        start = time.monotonic()
        with SandboxPool(box, workers=2) as pool:
            list(pool.map(RunRequest(sleeper, "python") for _ in range(6)))
        elapsed = time.monotonic() - start
    finally:
        del box.run
    assert peak == 2
    assert elapsed < 6 * 0.5  # parallel: well under the serial time


def test_verify_keeps_passed_rows_in_order_and_counts_the_rest(cache_dir, tmp_path):
    stats = VerifyStats()
    config = VerifyConfig(jsonl=tmp_path / "verify.jsonl", parallelism=2)
    kept = list(verify_rows(rows(), config, stats=stats, sandbox=Sandbox(cache_dir=cache_dir)))
    assert [row["id"] for row in kept] == ["good", "slow", "js"]
    record = kept[0]["verification"]
    assert record["status"] == "passed" and record["tests_passed"] == record["tests_total"] == 1
    assert record["tests"][0]["status"] == "passed" and record["wall_time"] > 0
    report = stats.report()
    assert report["total"] == 8 and report["passed"] == 3
    assert report["by_status"] == {"passed": 3, "failed": 1, "syntax_error": 1, "unavailable": 3}
    assert report["by_language"]["python"]["by_status"] == {"failed": 1, "passed": 2, "unavailable": 2}
    assert len((tmp_path / "verify.jsonl").read_text().splitlines()) == 8


def test_verify_keep_and_languages_filters(cache_dir):
    config = VerifyConfig(keep={"failed", "syntax_error"}, languages={"python"})
    kept = list(verify_rows(rows(), config, sandbox=Sandbox(cache_dir=cache_dir)))
    assert [row["id"] for row in kept] == ["wrong"]
    config = VerifyConfig(keep={"unavailable"}, languages={"python"})
    kept = list(verify_rows(rows(), config, sandbox=Sandbox(cache_dir=cache_dir)))
    messages = {row["id"]: row["verification"]["message"] for row in kept}
    assert "not among this step's languages" in messages["syntax"]
    assert "no code" in messages["no-code"] and "invalid test cases" in messages["bad-tests"]


def test_verify_with_a_fixed_language_and_custom_fields(cache_dir):
    data = [{"src": "print(input()[::-1])", "cases": [{"stdin": "abc", "expected_stdout": "cba"}]}]
    config = VerifyConfig(code_field="src", language_field=None, language="python",
                          tests_field="cases", result_field="check")
    kept = list(verify_rows(data, config, sandbox=Sandbox(cache_dir=cache_dir)))
    assert kept[0]["check"]["status"] == "passed"


@pytest.mark.parametrize("bad", [{"keep": {"passd"}}, {"language_field": None}, {"parallelism": 0}])
def test_verify_config_is_checked(bad):
    with pytest.raises(ValueError):
        VerifyConfig(**bad)


def test_report_renders_as_table_markdown_html_and_json(box):
    results = [box.run("print(1)", "python"), box.run("raise SystemExit(3)", "python"),
               box.run("console.log(1)", "javascript")]
    report = verification_report(results)
    assert report["by_language"]["python"]["by_status"] == {"passed": 1, "runtime_error": 1}
    text = render_text(report)
    assert text.splitlines()[0].split()[:4] == ["language", "runs", "passed", "runtime_error"]
    assert "66.7%" in text.splitlines()[-1]
    markdown = render_markdown(report)
    assert markdown.startswith("## Verification report") and "| python | 2 | 1 | 1 |" in markdown
    page = render_html(report)
    assert page.startswith("<!doctype html>") and "<td>javascript</td>" in page
    assert json.loads(json.dumps(report)) == report


def test_report_accepts_records_and_verified_rows(cache_dir):
    kept = list(verify_rows(rows()[:2], VerifyConfig(keep={"passed", "failed"}),
                            sandbox=Sandbox(cache_dir=cache_dir)))
    assert verification_report(kept) == verification_report(r["verification"] for r in kept)


def test_run_async_runs_concurrently(box):
    async def main():
        start = time.monotonic()
        results = await asyncio.gather(*(box.run_async("import time\ntime.sleep(1)\nprint('x')", "python")
                                         for _ in range(2)))
        return results, time.monotonic() - start

    results, elapsed = asyncio.run(main())
    assert [r.stdout for r in results] == ["x\n", "x\n"]
    assert elapsed < 2 * 1.0  # one after the other would take at least two seconds
