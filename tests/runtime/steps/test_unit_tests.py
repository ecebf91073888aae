"""unit_tests: test cases parsed with the sandbox's own parser and attached to rows; failures
counted, rows kept without tests; the tests then run in a verify step."""
from __future__ import annotations

import json

from recipec.runtime.llm import PromptTemplate
from recipec.runtime.steps.unit_tests import parse_tests
from tests.runtime.steps.recorded_server import llm_block
from tests.runtime.steps.step_helpers import build, rows, write_rows

CASES = [{"function": "inc", "args": [1], "expected": 2}, {"stdin": "", "expected_stdout": ""}]


def test_parse_tests_accepts_the_sandbox_format_only():
    fenced = f"Tests:\n```json\n{json.dumps({'cases': CASES})}\n```"
    assert parse_tests(fenced).value == {"cases": [
        {"function": "inc", "args": [1], "expected": 2},
        {"stdin": "", "expected_stdout": "", "compare": "lines"}]}
    assert parse_tests(f"```json\n{json.dumps(CASES[:1])}\n```").value["cases"][0]["expected"] == 2
    assert parse_tests('{"cases": [{"function": "inc", "args": [1]}]}').failure == \
        "invalid_test_cases"  # no expected value
    assert parse_tests('{"cases": []}').failure == "no_test_cases"
    assert parse_tests("I cannot write tests.").failure == "no_json"
    assert parse_tests('{"cases": [').failure == "invalid_json"


RECIPE = '''
import "std/synthesis" as synth
build {{ seed = 1, tasks = 1 }}
source rows {{ kind = code, path = "rows/*.jsonl.gz", metadata = ["language", "instruction"] }}
verify ran {{ input = source.rows, keep = [passed] }}
{llm}
unit_tests tested {{ input = verify.ran, llm = llm.gen, prompt = synth.prompt.unit_tests, tests = 3 }}
verify checked {{ input = unit_tests.tested, require_tests = true, keep = [passed, failed] }}
'''


def test_generated_tests_are_attached_and_run(tmp_path, recorded):
    inc = "def inc(x):\n    return x + 1\n"
    server = recorded([
        {"match": "Increment a number.", "answers": [
            "```json\n" + json.dumps({"cases": [{"function": "inc", "args": [1], "expected": 2},
                                                {"function": "inc", "args": [5], "expected": 7}]})
            + "\n```"]},
        {"match": "Decrement a number.", "answers": ["Tests are for the weak."]},
    ])
    write_rows(tmp_path / "rows" / "a.jsonl.gz", [
        {"id": "inc", "text": inc, "language": "python", "instruction": "Increment a number."},
        {"id": "dec", "text": "def dec(x):\n    return x - 1\n", "language": "python",
         "instruction": "Decrement a number."}])
    result = build(tmp_path, RECIPE.format(llm=llm_block("gen", server)))
    assert PromptTemplate.load("unit_tests").render(
        instruction="Increment a number.", solution=inc, language="python", tests=3) in \
        server.user_prompts
    tested = {d["id"]: d["metadata"] for d in rows(tmp_path, result, "unit_tests.tested")}
    assert len(tested["inc"]["tests"]["cases"]) == 2
    assert tested["dec"]["tests"] is None and tested["dec"]["tests_failure"] == "no_json"
    counts = result.manifests["unit_tests.tested"]["counts"]
    assert counts["parse"]["unit_tests"] == {"parsed": 1, "failed": 1,
                                             "by_reason": {"no_json": 1}}
    assert (counts["rows_with_tests"], counts["test_cases"]) == (1, 2)
    checked = {d["id"]: d["metadata"]["verification"] for d in rows(tmp_path, result,
                                                                     "verify.checked")}
    # inc(5) is 6, not the 7 the generated test expects: 1 of 2 cases passes
    assert checked["inc"]["status"] == "failed" and checked["inc"]["tests_passed"] == 1
    assert checked["dec"]["message"] == "no tests (require_tests)"
