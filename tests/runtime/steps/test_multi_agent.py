"""multi_agent: agents with memory, a shared coverage table, least-covered target tags,
few-shot examples from other languages, stopping at the coverage target or the budget.
Answers are RECORDED RESPONSES written below by hand, matched on the rendered prompt."""
from __future__ import annotations

import json

from tests.runtime.steps.recorded_server import llm_block
from tests.runtime.steps.step_helpers import build, dropped, rows, write_rows

TAGS = '["arrays", "strings", "graphs", "sorting", "recursion", "hashing"]'


def answer(instruction: str, tags: list[str], language: str, code: str = "x = 1") -> str:
    return (json.dumps({"instruction": instruction, "tags": tags}) +
            f"\n\n```{language}\n{code}\n```")


def task(language: str, tags: str) -> str:
    return f"self-contained {language} programming task that exercises these concepts: {tags}."


ANSWERS = [  # the most specific first: the first entry whose text occurs answers
    {"match": "Task: JS task 2", "answers": [  # python, round 3: sees JS task 2 as its example
        answer("Py task 3", ["graphs", "sorting", "recursion", "hashing"], "python")]},
    {"match": task("python", "arrays, strings, graphs"), "answers": [
        answer("Py task 1", ["arrays", "Strings"], "python")]},
    {"match": task("python", "graphs, sorting, recursion"), "answers": [
        answer("py task 1 ", ["graphs"], "python")]},  # a repeat of its own memory
    {"match": task("javascript", "arrays, strings, graphs"), "answers": [
        answer("JS task 1", ["graphs", "not a tag"], "javascript")]},
    {"match": task("javascript", "arrays, strings, sorting"), "answers": [
        answer("JS task 2", ["arrays", "strings", "sorting", "recursion", "hashing"],
               "js")]},
]


def _recipe(server, extra: str = "") -> str:
    return f'''
import "std/synthesis" as synth
build {{ seed = 1, tasks = 1 }}
source seeds {{ kind = synthetic, path = "seeds/*.jsonl.gz", metadata = ["language"] }}
{llm_block("gen", server)}
multi_agent agents {{
  llm = llm.gen
  prompt = synth.prompt.agent_generate
  languages = [python, javascript]
  seeds = source.seeds
  tags = {TAGS}
  memory = 2
  few_shot = 1
  rounds = 5
  per_round = 1
  coverage_target = 100%
  {extra}
}}
'''


def _seeds(folder):
    write_rows(folder / "seeds" / "s.jsonl.gz", [
        {"id": "s1", "text": "Merge two sorted lists.", "language": "python"},
        {"id": "s2", "text": "Debounce a function.", "language": "javascript"}])


def test_agents_cover_their_least_covered_tags_until_the_target(tmp_path, recorded):
    server = recorded(ANSWERS)
    _seeds(tmp_path)
    result = build(tmp_path, _recipe(server))
    counts = result.manifests["multi_agent.agents"]["counts"]
    assert [r["coverage"] for r in counts["rounds"]] == [
        {"python": 0.3333, "javascript": 0.1667},
        {"python": 0.3333, "javascript": 1.0},
        {"python": 1.0, "javascript": 1.0}]
    assert counts["stopped"] == "coverage_target" and counts["asked"] == 6
    # python repeats itself in round 2; javascript, with every tag covered once, is sent back to
    # arrays, strings, graphs in round 3 and repeats its first task
    assert counts["rejected"] == {"repeated": 2}
    assert counts["tag_counts"]["python"] == {"arrays": 1, "strings": 1, "graphs": 1,
                                              "sorting": 1, "recursion": 1, "hashing": 1}

    kept = {d["metadata"]["instruction"]: d for d in rows(tmp_path, result, "multi_agent.agents")}
    assert set(kept) == {"Py task 1", "JS task 1", "JS task 2", "Py task 3"}
    assert kept["Py task 1"]["metadata"]["tags"] == ["arrays", "strings"]  # names as declared
    assert kept["JS task 1"]["metadata"]["tags"] == ["graphs"]  # unknown tags are left out
    assert kept["JS task 2"]["metadata"]["round"] == 2
    assert kept["Py task 3"]["metadata"]["target_tags"] == ["graphs", "sorting", "recursion"]
    reasons = sorted(d["metadata"]["filter_reason"] for d in dropped(tmp_path, result,
                                                                     "multi_agent.agents"))
    assert reasons == ["repeated", "repeated"]

    python_prompts = [p for p in server.user_prompts if "You are the python expert" in p]
    first, second, third = python_prompts
    assert "- Merge two sorted lists." in first and "Example 1" not in first  # seeds: memory
    assert "- Merge two sorted lists.\n- Py task 1" in second  # its own last instructions
    assert "### Example 1 (javascript)\nTask: JS task 1" in second  # another agent's sample
    assert "### Example 1 (javascript)\nTask: JS task 2" in third  # most shared target tags
    assert "Example 2" not in third  # few_shot = 1


def test_the_budget_stops_the_rounds(tmp_path, recorded):
    server = recorded(ANSWERS)
    _seeds(tmp_path)
    result = build(tmp_path, _recipe(server, "budget = 3 samples"))
    counts = result.manifests["multi_agent.agents"]["counts"]
    assert [r["asked"] for r in counts["rounds"]] == [2, 1]
    assert counts["stopped"] == "budget" and len(server.requests) == 3


def test_seed_instructions_and_memory_reach_a_prompt_of_ones_own(tmp_path, recorded):
    server = recorded([], default="no JSON here")
    _seeds(tmp_path)
    recipe = _recipe(server).replace("prompt = synth.prompt.agent_generate", "prompt = prompt.own")
    recipe += ('prompt own { text = "{{ language }} | seed: {{ seed }} | remembered: '
               '{{ memory | join(\'; \') }} | tags: {{ target_tags | join(\', \') }}" }\n')
    result = build(tmp_path, recipe.replace("rounds = 5", "rounds = 1").replace(
        "per_round = 1", "per_round = 2"))
    assert sorted(server.user_prompts) == [
        "javascript | seed: Debounce a function. | remembered: Debounce a function. | "
        "tags: arrays, strings, graphs",
        "javascript | seed: Debounce a function. | remembered: Debounce a function. | "
        "tags: sorting, recursion, hashing",
        "python | seed: Merge two sorted lists. | remembered: Merge two sorted lists. | "
        "tags: arrays, strings, graphs",
        "python | seed: Merge two sorted lists. | remembered: Merge two sorted lists. | "
        "tags: sorting, recursion, hashing"]
    counts = result.manifests["multi_agent.agents"]["counts"]
    assert counts["rejected"] == {"instruction_no_json": 4}
    assert counts["parse"]["instruction"]["by_reason"] == {"no_json": 4}
