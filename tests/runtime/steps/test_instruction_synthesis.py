"""instruction_synthesis: prompts rendered with exactly the compiler's variables, both routes,
a solution per language, parse failures counted and dropped with their reason, and a call cache
that makes a re-run (or a change elsewhere) pay only for new calls."""
from __future__ import annotations

import pytest

from recipec.runtime.build.builder import BuildFailed
from recipec.runtime.llm import PromptTemplate
from tests.runtime.steps.recorded_server import llm_block
from tests.runtime.steps.step_helpers import build, dropped, rows, write_rows

ADD = "def add(a, b):\n    '''Add two numbers.'''\n    return a + b\n"
SUB = "def sub(a, b):\n    diff = a - b\n    return diff\n"
INSTRUCTION = "Write a function add(a, b) that returns the sum of two numbers."
PSEUDO = "function add(a, b):\n    return a + b"


def _recipe(server, tiny_model, languages="[python, javascript]", extra="", prompts=None) -> str:
    prompts = prompts or ("instruction = synth.prompt.instruction_from_snippet\n"
                          "  universal_code = synth.prompt.universal_code\n"
                          "  solution = synth.prompt.solution_from_universal")
    return f'''
import "std/synthesis" as synth
build {{ seed = 1, tasks = 1 }}
source code {{ kind = code, path = "code/*.jsonl.gz", metadata = ["language"] }}
tokenizer tok {{ path = "{tiny_model}/tokenizer.json" }}
{llm_block("gen", server)}
snippets snips {{ input = source.code, tokenizer = tokenizer.tok, min_lines = 2 }}
instruction_synthesis inst {{
  input = snippets.snips
  llm = llm.gen
  {prompts}
  languages = {languages}
  {extra}
}}
'''


def _data(folder):
    write_rows(folder / "code" / "a.jsonl.gz",
               [{"id": "a.py", "text": ADD + "\n\n" + SUB, "language": "python"}])


ANSWERS = [
    {"match": "def add", "answers": [INSTRUCTION]},
    {"match": "def sub", "answers": ["   "]},  # an empty instruction: dropped, counted
    {"match": f"pseudocode.\n\nTask:\n{INSTRUCTION}", "answers": [f"```pseudocode\n{PSEUDO}\n```"]},
    {"match": "Implement this solution in python",
     "answers": ["Like this:\n```python\ndef add(a, b):\n    return a + b\n```"]},
    {"match": "Implement this solution in javascript", "answers": ["I would rather not."]},
]


def test_prompts_are_rendered_with_the_stage_variables(tmp_path, recorded, tiny_model):
    server = recorded(ANSWERS)
    _data(tmp_path)
    result = build(tmp_path, _recipe(server, tiny_model))
    prompts = server.user_prompts
    expected_first = {PromptTemplate.load("instruction_from_snippet").render(
        language="python", snippet=snippet) for snippet in (ADD, SUB)}
    assert set(prompts[:2]) == expected_first
    assert prompts[2] == PromptTemplate.load("universal_code_from_instruction").render(
        instruction=INSTRUCTION)
    assert sorted(prompts[3:]) == sorted(
        PromptTemplate.load("solution_from_universal_code").render(
            instruction=INSTRUCTION, universal_code=PSEUDO, language=language)
        for language in ("python", "javascript"))
    assert len(prompts) == 5

    (kept,) = rows(tmp_path, result, "instruction_synthesis.inst")
    assert kept["text"] == "def add(a, b):\n    return a + b"
    metadata = kept["metadata"]
    assert metadata["instruction"] == INSTRUCTION and metadata["language"] == "python"
    assert metadata["universal_code"] == PSEUDO
    assert set(metadata["provenance"]) == {"instruction", "universal_code", "solution"}
    assert metadata["provenance"]["solution"]["prompt_sha256"] == \
        PromptTemplate.load("solution_from_universal_code").sha256

    reasons = {d["metadata"]["filter_reason"]: d for d in dropped(tmp_path, result,
                                                                   "instruction_synthesis.inst")}
    assert set(reasons) == {"instruction_empty_text", "solution_no_code_block"}
    assert reasons["solution_no_code_block"]["metadata"]["language"] == "javascript"
    counts = result.manifests["instruction_synthesis.inst"]["counts"]
    assert counts["reasons"] == {"dropped_instruction_empty_text": 1,
                                 "dropped_solution_no_code_block": 1}
    assert counts["parse"]["solution"] == {"parsed": 1, "failed": 1,
                                           "by_reason": {"no_code_block": 1}}
    assert counts["llm"]["llm"]["calls_made"] == 5 and counts["llm"]["llm"]["calls_cached"] == 0


def test_a_rerun_makes_zero_calls_and_a_change_pays_only_for_new_calls(tmp_path, recorded,
                                                                        tiny_model):
    server = recorded(ANSWERS)
    _data(tmp_path)
    build(tmp_path, _recipe(server, tiny_model, languages="[python]"))
    assert len(server.requests) == 4

    forced = build(tmp_path, _recipe(server, tiny_model, languages="[python]"),
                   force={"instruction_synthesis.inst"})
    assert len(server.requests) == 4  # nothing reached the server
    usage = forced.manifests["instruction_synthesis.inst"]["counts"]["llm"]["llm"]
    assert (usage["calls_made"], usage["calls_cached"]) == (0, 4)

    # One more language: the instruction and universal-code answers are reused, only the new
    # solution is asked for.
    build(tmp_path, _recipe(server, tiny_model, languages="[python, javascript]"))
    assert len(server.requests) == 5
    assert "Implement this solution in javascript" in server.user_prompts[-1]


def test_universal_code_first_route(tmp_path, recorded, tiny_model):
    server = recorded([  # the first entry that matches answers: the most specific come first
        {"match": "Implement this solution in python", "answers": ["```py\nadd = sum\n```"]},
        {"match": "def add", "answers": [f"```\n{PSEUDO}\n```"]},  # untagged block is accepted
        {"match": "def sub", "answers": ["no block here"]},
        {"match": PSEUDO, "answers": [INSTRUCTION]},
    ])
    _data(tmp_path)
    prompts = ("instruction = synth.prompt.instruction_from_universal_code\n"
               "  universal_code = synth.prompt.universal_code_from_snippet\n"
               "  solution = synth.prompt.solution_from_universal")
    result = build(tmp_path, _recipe(server, tiny_model, "[python]", "order = universal_code_first",
                                     prompts))
    assert set(server.user_prompts[:2]) == {PromptTemplate.load(
        "universal_code_from_snippet").render(language="python", snippet=s) for s in (ADD, SUB)}
    assert server.user_prompts[2] == PromptTemplate.load(
        "instruction_from_universal_code").render(universal_code=PSEUDO)
    (kept,) = rows(tmp_path, result, "instruction_synthesis.inst")
    assert kept["text"] == "add = sum" and kept["metadata"]["instruction"] == INSTRUCTION
    assert result.manifests["instruction_synthesis.inst"]["counts"]["reasons"] == {
        "dropped_universal_code_no_code_block": 1}


def test_bare_answers_are_code_when_no_block_is_required(tmp_path, recorded, tiny_model):
    server = recorded(ANSWERS[:3] + [{"match": "Implement this", "answers": ["x = 1\n"]}])
    _data(tmp_path)
    result = build(tmp_path, _recipe(server, tiny_model, "[python]", "require_code_block = false"))
    (kept,) = rows(tmp_path, result, "instruction_synthesis.inst")
    assert kept["text"] == "x = 1"


def test_n_samples_per_language_are_rows_of_their_own(tmp_path, recorded, tiny_model):
    server = recorded(ANSWERS[:3] + [{"match": "Implement this", "answers": [
        "```python\none = 1\n```", "```python\ntwo = 2\n```"]}])
    _data(tmp_path)
    result = build(tmp_path, _recipe(server, tiny_model, "[python]",
                                     "sampling = { temperature = 0.8, n = 2 }"))
    kept = rows(tmp_path, result, "instruction_synthesis.inst")
    assert [(d["id"], d["text"]) for d in kept] == [("a.py#L1-L3/python/0", "one = 1"),
                                                    ("a.py#L1-L3/python/1", "two = 2")]


def test_an_unreachable_server_is_a_one_line_error(tmp_path, recorded, tiny_model):
    server = recorded(ANSWERS)
    server.stop()
    _data(tmp_path)
    with pytest.raises(BuildFailed) as failure:
        build(tmp_path, _recipe(server, tiny_model))
    message = str(failure.value)
    assert failure.value.step_id == "instruction_synthesis.inst"
    assert "cannot reach the server" in message and "\n" not in message
    assert failure.value.hint


@pytest.mark.parametrize("name", ["instruction_from_snippet", "universal_code_from_instruction",
                                  "solution_from_universal_code", "multi_agent_instruction",
                                  "unit_tests", "checklist_judge_all", "checklist_judge_item"])
def test_the_fast_render_gives_the_layers_text(name):
    from types import SimpleNamespace

    from recipec.runtime.steps.llm_steps import Prompt

    template = PromptTemplate.load(name)
    item = SimpleNamespace(name="code_style", question="Is it tidy?")
    example = SimpleNamespace(language="go", instruction="Add.", solution="x := 1", tags=("a",))
    values = {"language": "python", "snippet": ADD, "instruction": INSTRUCTION,
              "universal_code": PSEUDO, "solution": ADD, "tests": 3, "response": "ok",
              "items": [item], "item": item, "scale": 10, "target_tags": ["arrays"],
              "memory": ["Old task."], "examples": [example], "seed": ""}
    prompt = Prompt.of({"id": name, "template": template.source, "system": None})
    assert prompt.render(values) == template.render(**values)
    with pytest.raises(Exception) as failure:
        prompt.render({"language": "python"})
    assert "is undefined" in str(failure.value) and "\n" not in str(failure.value)
