"""Prompt templates: the stdlib set, variables for the compiler's check, strict rendering."""
from __future__ import annotations

import hashlib

import pytest

from recipec.runtime.llm import LLMError, PromptTemplate
from recipec.stdlib.prompts import stdlib_template_source, stdlib_templates, template_variables

# What each seed stage's template needs from its step (the compiler checks steps provide these).
STDLIB_VARIABLES = {
    "instruction_from_snippet": {"language", "snippet"},
    "universal_code_from_snippet": {"language", "snippet"},
    "instruction_from_universal_code": {"universal_code"},
    "universal_code_from_instruction": {"instruction"},
    "solution_from_universal_code": {"instruction", "universal_code", "language"},
    "response_for_instruction": {"instruction", "language"},
    "multi_agent_instruction": {"language", "target_tags", "memory", "examples"},
    "unit_tests": {"language", "instruction", "solution", "tests"},
    "checklist_judge_all": {"instruction", "response", "items", "scale"},
    "checklist_judge_item": {"instruction", "response", "item", "scale"},
}


def test_the_stdlib_has_a_template_for_every_seed_stage():
    assert set(stdlib_templates()) == set(STDLIB_VARIABLES)


@pytest.mark.parametrize("name", sorted(STDLIB_VARIABLES))
def test_stdlib_template_variables(name):
    assert template_variables(stdlib_template_source(name)) == STDLIB_VARIABLES[name]
    assert PromptTemplate.load(name).variables == STDLIB_VARIABLES[name]


def test_variables_set_inside_a_template_are_not_required():
    source = "{% set x = 1 %}{% for item in items %}{{ item.name }}{{ x }}{% endfor %}{{ extra }}"
    assert template_variables(source) == {"items", "extra"}


def test_rendering_is_exact():
    text = PromptTemplate.load("checklist_judge_item").render(
        instruction="Reverse a list.", response="Use reversed().", scale=10,
        item={"name": "code_exists", "question": "Is code provided?"})
    assert text.endswith('Criterion: Is code provided?\n\nScore it with an integer from 0, worst, '
                         'to 10, best. Reply with one JSON object and nothing else:\n\n'
                         '```json\n{"code_exists": <0-10>}\n```')
    assert "Question:\nReverse a list.\n\nAnswer:\nUse reversed()." in text


def test_all_items_are_asked_in_one_call():
    items = [{"name": f"item{i}", "question": f"q{i}?"} for i in range(9)]
    text = PromptTemplate.load("checklist_judge_all").render(instruction="I", response="R", scale=10,
                                                             items=items)
    assert all(f"- item{i}: q{i}?" in text for i in range(9))
    assert '{"item0": <0-10>, "item1": <0-10>' in text and '"item8": <0-10>}' in text


def test_multi_agent_prompt_shows_memory_examples_and_target_tags():
    template = PromptTemplate.load("multi_agent_instruction")
    text = template.render(language="rust", target_tags=["recursion", "traits"],
                           memory=["Compute Fibonacci numbers."],
                           examples=[{"language": "python", "instruction": "Reverse a string.",
                                      "solution": "def rev(s):\n    return s[::-1]"}])
    assert "exercises these concepts: recursion, traits" in text
    assert "- Compute Fibonacci numbers." in text
    assert "### Example 1 (python)\nTask: Reverse a string.\nSolution:\n```python\ndef rev(s):" in text
    bare = template.render(language="rust", target_tags=["recursion"], memory=[], examples=[])
    assert "must not repeat" not in bare and "Example 1" not in bare and "```rust" in bare


def test_a_missing_variable_names_template_line_and_needs():
    with pytest.raises(LLMError) as caught:
        PromptTemplate.load("solution_from_universal_code").render(instruction="x", language="go")
    message = str(caught.value)
    assert message.startswith("std/prompts/solution_from_universal_code.j2:")
    assert "'universal_code' is undefined" in message
    assert "hint: the template needs: instruction, language, universal_code" in message
    assert "\n" not in message


def test_syntax_errors_point_at_the_line(tmp_path):
    path = tmp_path / "bad.j2"
    path.write_text("line one\n{% for x in xs %}\n{{ x }\n")
    with pytest.raises(LLMError, match=r"bad.j2:3: template syntax error"):
        PromptTemplate.load(str(path))


def test_templates_load_from_files_and_text(tmp_path):
    path = tmp_path / "mine.j2"
    path.write_text("Explain {{ topic }}.\n")
    assert PromptTemplate.load(str(path)).render(topic="closures") == "Explain closures."
    inline = PromptTemplate.from_string("Explain {{ topic }}.", "prompt.explain")
    assert inline.sha256 == hashlib.sha256(b"Explain {{ topic }}.").hexdigest()
    assert PromptTemplate.load(str(path)).sha256 != inline.sha256  # the file ends with a newline
    with pytest.raises(LLMError, match="neither a stdlib template nor a file"):
        PromptTemplate.load("no_such_template")


def test_unit_test_examples_follow_the_sandbox_test_case_format():
    """The formats the unit-test prompt shows, filled in as a model would, are accepted by the
    sandbox's own parser (runtime/sandbox/testcases.py)."""
    from recipec.runtime.llm.parsing import extract_json_object, find_code_blocks
    from recipec.runtime.sandbox.testcases import CallCase, StdioCase, parse

    text = PromptTemplate.load("unit_tests").render(language="python", instruction="Add.",
                                                    solution="def add(a, b):\n    return a + b", tests=3)
    shown = [b.code for b in find_code_blocks(text) if b.language == "json"]
    assert len(shown) == 2
    filled = [shown[0].replace("<what it checks>", "small").replace("<function name>", "add")
              .replace("<arguments>", "1, 2").replace("<the return value>", "3"),
              shown[1].replace("<what it checks>", "echo").replace("<the input text>", "1 2\\n")
              .replace("<the output text>", "3\\n")]
    call, = parse(extract_json_object(filled[0]).value)
    stdio, = parse(extract_json_object(filled[1]).value)
    assert isinstance(call, CallCase) and (call.function, call.args, call.expected) == ("add", [1, 2], 3)
    assert isinstance(stdio, StdioCase) and (stdio.stdin, stdio.expected_stdout) == ("1 2\n", "3\n")
