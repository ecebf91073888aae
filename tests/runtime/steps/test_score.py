"""score: a judge fixed by RECORDED RESPONSES (tests/fixtures/llm_steps/recorded_judge.json) so
that the weighted sum, the threshold, parse failures and the join with sandbox outcomes are
checked against numbers worked out by hand."""
from __future__ import annotations

import pytest

from recipec.runtime.llm import PromptTemplate
from tests.runtime.steps.recorded_server import llm_block, load_fixture
from tests.runtime.steps.step_helpers import build, dropped, rows, write_rows

GOOD = "def f(s):\n    return s[::-1]\n\nassert f('ab') == 'ba'\n"
FAILS = "def f(xs):\n    return 0\n\nassert f([1, 2]) == 3\n"
ROWS = [
    ("reverse", "Reverse a string.", GOOD),
    ("sum", "Sum a list of numbers.", FAILS),
    ("sort", "Sort a list.", GOOD),
    ("date", "Parse a date.", GOOD),
    ("words", "Count the words.", GOOD),
]
# Worked by hand from the fixture and std/checklist's weights (15, 10, 10, 10, 20, 10, 10, 5, 10%):
# 0.15*8 + 0.1*9 + 0.1*4 + 0.1*10 + 0.2*7 + 0.1*6 + 0.1*5 + 0.05*3 + 0.1*9 = 7.05
REVERSE_SCORE = 7.05
# 0.7 * 5 (the seven items scored 5) + 0.2 * 7.0 + 0.1 * "8" = 5.7
SUM_SCORE = 5.7


def _recipe(server, threshold=0, extra="", checklist="checklists.checklist.code_instruction",
            prompt="synth.prompt.checklist_judge", more="") -> str:
    return f'''
import "std/synthesis" as synth
import "std/checklist" as checklists
build {{ seed = 1, tasks = 1 }}
source rows {{ kind = code, path = "rows/*.jsonl.gz", metadata = ["language", "instruction"] }}
verify ran {{ input = source.rows, keep = [passed, failed, runtime_error] }}
{llm_block("judge", server)}
{more}
score scored {{
  input = verify.ran
  judge = llm.judge
  checklist = {checklist}
  prompt = {prompt}
  threshold = {threshold}
  {extra}
}}
'''


def _data(folder):
    write_rows(folder / "rows" / "a.jsonl.gz", [
        {"id": key, "text": code, "language": "python", "instruction": instruction}
        for key, instruction, code in ROWS])


def test_scores_are_weighted_sums_and_failures_are_counted(tmp_path, recorded):
    server = recorded(load_fixture("recorded_judge.json"))
    _data(tmp_path)
    result = build(tmp_path, _recipe(server, threshold=6))
    kept = {d["id"]: d["metadata"] for d in rows(tmp_path, result, "score.scored")}
    assert set(kept) == {"reverse"}
    assert kept["reverse"]["score"] == pytest.approx(REVERSE_SCORE)
    assert kept["reverse"]["scores"]["code_comments"] == 3
    assert kept["reverse"]["judge"]["prompt"] == "std/synthesis:prompt.checklist_judge"

    gone = {d["id"]: d["metadata"] for d in dropped(tmp_path, result, "score.scored")}
    assert gone["sum"]["filter_reason"] == "below_threshold"
    assert gone["sum"]["score"] == pytest.approx(SUM_SCORE)
    assert {k: gone[k]["filter_reason"] for k in ("sort", "date", "words")} == dict.fromkeys(
        ("sort", "date", "words"), "unscored")

    counts = result.manifests["score.scored"]["counts"]
    assert counts["reasons"] == {"dropped_below_threshold": 1, "dropped_unscored": 3}
    assert counts["parse"]["judge"] == {"parsed": 2, "failed": 3, "by_reason": {
        "invalid_json": 1, "score_out_of_range": 1, "missing_score": 1}}
    scores = counts["scores"]
    assert scores["scored"] == 2 and scores["unscored"] == 3
    assert scores["mean"] == pytest.approx((REVERSE_SCORE + SUM_SCORE) / 2)
    assert scores["histogram"]["7"] == 1 and scores["histogram"]["5"] == 1
    # the join with the sandbox: the reversed string passed, the sum failed its assertion
    assert scores["score_by_status"] == {
        "passed": {"rows": 1, "mean_score": pytest.approx(REVERSE_SCORE)},
        "runtime_error": {"rows": 1, "mean_score": pytest.approx(SUM_SCORE)}}


def test_the_judge_prompt_is_rendered_with_every_item(tmp_path, recorded):
    server = recorded(load_fixture("recorded_judge.json"))
    _data(tmp_path)
    build(tmp_path, _recipe(server))
    template = PromptTemplate.load("checklist_judge_all")
    (first,) = [p for p in server.user_prompts if "Reverse a string." in p]  # requests overlap
    assert "Question:\nReverse a string.\n\nAnswer:\n```python\n" + GOOD.rstrip() in first
    assert "- code_correctness: Code correctness: is the provided code free" in first
    assert first.count("\n- ") == 9
    assert template.variables <= {"instruction", "response", "items", "scale"}
    assert len(server.requests) == len(ROWS)  # single_call: one call per row


def test_unscored_rows_can_be_kept(tmp_path, recorded):
    server = recorded(load_fixture("recorded_judge.json"))
    _data(tmp_path)
    result = build(tmp_path, _recipe(server, extra="keep_unscored = true"))
    kept = {d["id"]: d["metadata"]["score"] for d in rows(tmp_path, result, "score.scored")}
    assert kept == {"reverse": pytest.approx(REVERSE_SCORE), "sum": pytest.approx(SUM_SCORE),
                    "sort": None, "date": None, "words": None}


PER_ITEM = '''
checklist mine {
  scale = 5
  item clarity { weight = 30%, question = "Is the code clear?" }
  item correct { weight = 70%, question = "Is the code correct?" }
}
'''


def test_per_item_mode_makes_one_call_per_item(tmp_path, recorded):
    server = recorded([{"match": "Is the code clear?", "answers": ['{"clarity": 2}']},
                       {"match": "Is the code correct?", "answers": ['```json\n{"correct": 5}\n```']}])
    _data(tmp_path)
    result = build(tmp_path, _recipe(server, extra="mode = per_item", checklist="checklist.mine",
                                     prompt="synth.prompt.checklist_item", more=PER_ITEM))
    assert len(server.requests) == 2 * len(ROWS)
    assert all("from 0, worst, to 5, best" in p for p in server.user_prompts)
    kept = rows(tmp_path, result, "score.scored")
    assert len(kept) == len(ROWS)
    for doc in kept:
        assert doc["metadata"]["scores"] == {"clarity": 2, "correct": 5}
        assert doc["metadata"]["score"] == pytest.approx(0.3 * 2 + 0.7 * 5)


def test_usage_and_cost_are_counted(tmp_path, recorded):
    server = recorded(load_fixture("recorded_judge.json"))
    _data(tmp_path)
    recipe = _recipe(server).replace("max_tokens = 256 }", "max_tokens = 256 }, "
                                     "price = { input = 2.0, output = 10.0 }")
    result = build(tmp_path, recipe)
    usage = result.manifests["score.scored"]["counts"]["llm"]["judge"]
    assert usage["calls_made"] == len(ROWS) and usage["backend"] == "openai"
    assert usage["prompt_tokens"] > 0 and usage["completion_tokens"] > 0
    assert usage["cost_usd"] == pytest.approx(
        (usage["prompt_tokens"] * 2.0 + usage["completion_tokens"] * 10.0) / 1e6, abs=1e-6)
    again = build(tmp_path, recipe, force={"score.scored"})
    usage = again.manifests["score.scored"]["counts"]["llm"]["judge"]
    assert usage["cost_usd"] == 0 and usage["saved_cost_usd"] > 0
