"""rejection_sampling keeps the best candidate: by a judge fixed by RECORDED RESPONSES (the
answers below are written by hand; no model produces them), or by the real sandbox's pass rate;
ties go to the earliest candidate."""
from __future__ import annotations

import json

import pytest

from tests.runtime.steps.recorded_server import llm_block
from tests.runtime.steps.step_helpers import build, dropped, rows, write_rows

ITEMS = ("qa_consistency", "qa_relevance", "qa_difficulty", "code_exists", "code_correctness",
         "code_style", "code_clarity", "code_comments", "easy_to_learn")


def judged(score: int) -> str:
    """A recorded judge answer giving every item `score` (so the weighted score is `score`)."""
    return json.dumps(dict.fromkeys(ITEMS, score))


def block(marker: str) -> str:
    return f"Here you go:\n```python\ndef f(s):  # {marker}\n    return s[::-1]\n```"


def _recipe(server, rank_by="score", n=3, source_fields='["language", "instruction"]') -> str:
    judge = ('judge = llm.gen\n  checklist = checklists.checklist.code_instruction\n'
             '  judge_prompt = synth.prompt.checklist_judge') if rank_by == "score" else \
        "verify = verify.ran"
    return f'''
import "std/synthesis" as synth
import "std/checklist" as checklists
build {{ seed = 1, tasks = 1 }}
source rows {{ kind = code, path = "rows/*.jsonl.gz", metadata = {source_fields} }}
verify ran {{ input = source.rows, keep = [passed, failed, runtime_error] }}
{llm_block("gen", server)}
rejection_sampling best {{
  input = verify.ran
  llm = llm.gen
  prompt = synth.prompt.solution
  n = {n}
  rank_by = {rank_by}
  {judge}
}}
'''


# RECORDED RESPONSES: generator samples per instruction, then the judge's verdict per candidate
# (found by the marker comment in the candidate's code).
SCORED = [
    {"match": "# input-1", "answers": [judged(5)]},
    {"match": "# r1-s0", "answers": [judged(3)]},
    {"match": "# r1-s1", "answers": [judged(9)]},
    {"match": "# r1-s2", "answers": [judged(9)]},  # ties with s1: the earlier wins
    {"match": "# input-2", "answers": [judged(8)]},
    {"match": "# r2-s0", "answers": [judged(6)]},
    {"match": "# input-3", "answers": ["not json"]},
    {"match": "# r3-s", "answers": ["still not json"]},
    {"match": "Reverse a string.\n\nAnswer in python",
     "answers": [block("r1-s0"), block("r1-s1"), block("r1-s2")]},
    {"match": "Reverse a list.\n\nAnswer in python",
     "answers": [block("r2-s0"), "no code today", "```python\n```"]},
    {"match": "Reverse a word.\n\nAnswer in python", "answers": [block("r3-s0")]},
]


def test_the_best_scored_candidate_is_kept(tmp_path, recorded):
    server = recorded(SCORED)
    write_rows(tmp_path / "rows" / "a.jsonl.gz", [
        {"id": "r1", "text": "def f(s):  # input-1\n    return s[::-1]\n", "language": "python",
         "instruction": "Reverse a string."},
        {"id": "r2", "text": "def f(s):  # input-2\n    return s[::-1]\n", "language": "python",
         "instruction": "Reverse a list."},
        {"id": "r3", "text": "def f(s):  # input-3\n    return s[::-1]\n", "language": "python",
         "instruction": "Reverse a word."},
    ])
    result = build(tmp_path, _recipe(server))
    kept = {d["id"]: d for d in rows(tmp_path, result, "rejection_sampling.best")}
    assert set(kept) == {"r1", "r2"}
    assert "# r1-s1" in kept["r1"]["text"] and kept["r1"]["metadata"]["score"] == pytest.approx(9)
    assert kept["r1"]["metadata"]["candidates"] == [
        {"candidate": "input", "rank": pytest.approx(5)},
        {"candidate": "sample 0", "rank": pytest.approx(3)},
        {"candidate": "sample 1", "rank": pytest.approx(9)},
        {"candidate": "sample 2", "rank": pytest.approx(9)}]
    assert "rejection_sampling" in kept["r1"]["metadata"]["provenance"]
    assert "# input-2" in kept["r2"]["text"]  # its own answer beat the only parsable sample
    assert [d["metadata"]["filter_reason"] for d in
            dropped(tmp_path, result, "rejection_sampling.best")] == ["unranked"]
    counts = result.manifests["rejection_sampling.best"]["counts"]
    assert counts["chosen_from"] == {"input": 1, "sample": 1}
    assert counts["parse"]["candidates"]["by_reason"] == {"no_code_block": 1,
                                                          "empty_code_block": 1}


def test_the_candidate_passing_most_tests_is_kept(tmp_path, recorded):
    tests = {"cases": [{"function": "double", "args": [2], "expected": 4},
                       {"function": "double", "args": [0], "expected": 0}]}
    server = recorded([{"match": "Double a number.", "answers": [
        "```python\ndef double(x):\n    return x + 2\n```",      # passes 1 of 2
        "```python\ndef double(x):\n    return x * 2\n```",      # passes both
        "```python\ndef double(x):\n    return 2 * x\n```"]}])   # passes both, but later
    write_rows(tmp_path / "rows" / "a.jsonl.gz", [
        {"id": "d", "text": "def double(x):\n    return x\n", "language": "python",
         "instruction": "Double a number.", "tests": tests}])
    result = build(tmp_path, _recipe(server, "pass_rate", 3,
                                     '["language", "instruction", "tests"]'))
    (kept,) = rows(tmp_path, result, "rejection_sampling.best")
    assert kept["text"] == "def double(x):\n    return x * 2"
    assert kept["metadata"]["verification"]["status"] == "passed"
    assert [c["rank"] for c in kept["metadata"]["candidates"]] == [0.5, 0.5, 1.0, 1.0]
    counts = result.manifests["rejection_sampling.best"]["counts"]
    assert counts["verification"]["total"] == 4
