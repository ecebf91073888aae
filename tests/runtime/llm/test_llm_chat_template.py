"""The stdlib's Qwen2.5 ChatML template and how it is attached."""
from __future__ import annotations

import pytest

from recipec.runtime.llm import LLMError
from recipec.runtime.llm.chat_template import (QWEN25_CHATML, ensure_chat_template, load_chat_template,
                                               stdlib_chat_templates)

SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."


class _Tokenizer:
    chat_template = None


def render(messages, **options):
    import jinja2

    return jinja2.Environment().from_string(load_chat_template(QWEN25_CHATML)).render(
        messages=messages, **options)


def test_default_system_prompt_and_generation_prompt():
    assert render([{"role": "user", "content": "hi"}], add_generation_prompt=True) == (
        f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n")


def test_a_given_system_prompt_replaces_the_default_and_turns_alternate():
    text = render([{"role": "system", "content": "Be terse."}, {"role": "user", "content": "a"},
                   {"role": "assistant", "content": "b"}])
    assert text == ("<|im_start|>system\nBe terse.<|im_end|>\n<|im_start|>user\na<|im_end|>\n"
                    "<|im_start|>assistant\nb<|im_end|>\n")


def test_it_is_attached_only_where_missing():
    bare = _Tokenizer()
    assert ensure_chat_template(bare) == load_chat_template(QWEN25_CHATML) == bare.chat_template
    own = _Tokenizer()
    own.chat_template = "{{ messages }}"
    assert ensure_chat_template(own) == "{{ messages }}"
    assert ensure_chat_template(own, "{{ other }}") == "{{ other }}"


@pytest.mark.parametrize("spec", ["qwen2_5_chatml", "std:chat_templates/qwen2_5_chatml.j2",
                                  "chat_templates/qwen2_5_chatml.j2"])
def test_the_ways_a_recipe_names_it(spec):
    assert load_chat_template(spec) == load_chat_template(QWEN25_CHATML)
    assert QWEN25_CHATML in stdlib_chat_templates()


def test_files_inline_text_and_unknown_names(tmp_path):
    path = tmp_path / "t.j2"
    path.write_text("{{ messages[0].content }}")
    assert load_chat_template(str(path)) == "{{ messages[0].content }}"
    assert load_chat_template("{% for m in messages %}{% endfor %}") == "{% for m in messages %}{% endfor %}"
    with pytest.raises(LLMError, match="chat template `chatml2` is neither"):
        load_chat_template("chatml2")
