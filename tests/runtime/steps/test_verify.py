"""verify: real sandbox runs on documents; kept and dropped by status with the verification
attached, rows without tests fail when tests are required, the report by language and status,
and bytes that do not depend on timings."""
from __future__ import annotations

import pytest

from recipec.runtime.build.builder import BuildFailed
from tests.runtime.steps.step_helpers import build, dropped, rows, write_rows

TESTS = {"cases": [{"function": "inc", "args": [1], "expected": 2}]}
ROWS = [
    {"id": "ok", "text": "def inc(x):\n    return x + 1\n", "language": "python", "tests": TESTS},
    {"id": "wrong", "text": "def inc(x):\n    return x\n", "language": "python", "tests": TESTS},
    {"id": "broken", "text": "def inc(x)\n    return x\n", "language": "python", "tests": TESTS},
    {"id": "plain", "text": "print(sum(range(4)))\n", "language": "python"},
    {"id": "js", "text": "console.log(1 + 1);\n", "language": "javascript"},
]


def _recipe(extra: str = "") -> str:
    return f'''
build {{ seed = 1, tasks = 2 }}
source rows {{ kind = code, path = "rows/*.jsonl.gz", metadata = ["language", "tests"] }}
verify ran {{ input = source.rows, timeout = 10s, memory = 256MB {extra} }}
'''


def test_rows_are_kept_by_status_with_their_verification(tmp_path):
    write_rows(tmp_path / "rows" / "a.jsonl.gz", ROWS)
    result = build(tmp_path, _recipe())
    kept = {d["id"]: d["metadata"]["verification"] for d in rows(tmp_path, result, "verify.ran")}
    assert set(kept) == {"ok", "plain", "js"}
    assert kept["ok"]["status"] == "passed" and kept["ok"]["tests_passed"] == 1
    assert "wall_time" not in kept["ok"] and "wall_time" not in kept["ok"]["tests"][0]
    gone = {d["id"]: d["metadata"]["filter_reason"] for d in dropped(tmp_path, result,
                                                                      "verify.ran")}
    assert gone == {"wrong": "failed", "broken": "syntax_error"}
    counts = result.manifests["verify.ran"]["counts"]
    assert counts["reasons"] == {"dropped_failed": 1, "dropped_syntax_error": 1}
    report = counts["verification"]
    assert report["by_language"]["python"]["by_status"] == {"passed": 2, "failed": 1,
                                                            "syntax_error": 1}
    assert report["by_language"]["javascript"]["by_status"] == {"passed": 1}


def test_required_tests_and_chosen_languages(tmp_path):
    write_rows(tmp_path / "rows" / "a.jsonl.gz", ROWS)
    result = build(tmp_path, _recipe("require_tests = true, languages = [python], "
                                     "keep = [passed, unavailable]"))
    kept = {d["id"]: d["metadata"]["verification"]["status"]
            for d in rows(tmp_path, result, "verify.ran")}
    assert kept == {"ok": "passed", "js": "unavailable"}
    gone = {d["id"]: d["metadata"] for d in dropped(tmp_path, result, "verify.ran")}
    assert gone["plain"]["verification"]["message"] == "no tests (require_tests)"
    assert gone["plain"]["filter_reason"] == "failed"


def test_a_rerun_writes_the_same_bytes(tmp_path):
    write_rows(tmp_path / "rows" / "a.jsonl.gz", ROWS)
    first = build(tmp_path, _recipe())
    again = build(tmp_path, _recipe(), force={"verify.ran"})
    assert first.manifests["verify.ran"]["digest"] == again.manifests["verify.ran"]["digest"]


def test_a_machine_that_cannot_isolate_stops_the_step(tmp_path, monkeypatch):
    import recipec.runtime.sandbox as sandbox

    class NoIsolation:
        isolated = False
        missing = ["namespaces"]

    monkeypatch.setattr(sandbox, "capabilities", lambda: NoIsolation())
    write_rows(tmp_path / "rows" / "a.jsonl.gz", ROWS)
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path, _recipe())
    assert "cannot isolate untrusted code here: missing namespaces" in str(failure.value)
    assert "recipec sandbox check" in failure.value.hint
