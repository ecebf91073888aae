"""Prompt templates exist, parse, and use only the variables their step provides."""
from __future__ import annotations

import os

from recipec.compiler.context import CompileContext, TypedBlock
from recipec.compiler.diagnostics.diagnostic import Note
from recipec.compiler.template_variables import TemplateError, template_variables

_JUDGE = frozenset({"instruction", "response", "language", "items", "item", "scale"})
# (block kind, attribute naming a prompt) -> the variables that step renders the prompt with.
PROMPT_VARIABLES: dict[tuple[str, str], frozenset[str]] = {
    ("instruction_synthesis", "instruction"): frozenset({"snippet", "language"}),
    ("instruction_synthesis", "universal_code"): frozenset({"instruction", "snippet",
                                                            "language"}),
    # with `order = universal_code_first` the two above swap what they can see:
    ("instruction_synthesis", "instruction", "universal_code_first"): frozenset(
        {"universal_code", "snippet", "language"}),
    ("instruction_synthesis", "universal_code", "universal_code_first"): frozenset(
        {"snippet", "language"}),
    ("instruction_synthesis", "solution"): frozenset({"instruction", "universal_code",
                                                      "language"}),
    ("multi_agent", "prompt"): frozenset({"language", "target_tags", "memory", "examples",
                                          "seed"}),
    ("unit_tests", "prompt"): frozenset({"instruction", "solution", "language", "tests",
                                         "test_format"}),
    ("score", "prompt"): _JUDGE,
    ("rejection_sampling", "prompt"): frozenset({"instruction", "language"}),
    ("rejection_sampling", "judge_prompt"): _JUDGE,
}


def check_prompts(ctx: CompileContext) -> None:
    prompts = ctx.blocks_of_kind("prompt")
    if not prompts:
        return
    used = {}
    for prompt in prompts:
        variables = _variables(ctx, prompt)
        if variables is not None:
            used[prompt.id] = variables
    for (kind, attribute, *variant), provided in PROMPT_VARIABLES.items():
        for block in ctx.blocks_of_kind(kind):
            prompt_id = block.values.get(attribute)
            order = block.values.get("order")
            if prompt_id not in used or \
                    (variant and variant[0] != order) or (not variant and order and
                                                          (kind, attribute, order) in
                                                          PROMPT_VARIABLES):
                continue
            for name in sorted(used[prompt_id] - provided):
                ctx.sink.error(
                    "E0610", block.span_of(attribute),
                    f"the prompt `{prompt_id}` uses `{{{{ {name} }}}}`, which `{kind}` does not "
                    "provide", label="rendered here without it",
                    notes=(Note(ctx.typed[prompt_id].header_span, "the prompt"),),
                    help=f"`{kind}.{attribute}` provides: " + ", ".join(sorted(provided)))


def resolve_path(path) -> str:
    if os.path.isabs(path) or "://" in path:
        return path
    return os.path.normpath(os.path.join(getattr(path, "base_dir", "."), path))


def _shown(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _variables(ctx: CompileContext, prompt: TypedBlock) -> set[str] | None:
    file = prompt.values["file"]
    if file is not None:
        location = resolve_path(file)
        try:
            with open(location, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as error:
            reason = "not valid UTF-8" if isinstance(error, UnicodeDecodeError) else "not found"
            ctx.sink.error("E0609", prompt.span_of("file"), f"prompt template `{file}`: {reason}",
                           label="cannot read this file",
                           help=f"looked for {_shown(location)}; paths are relative to the "
                                "recipe that names them")
            return None
    else:
        text = prompt.values["text"]
    try:
        return template_variables(text)
    except TemplateError as error:
        ctx.sink.error("E0617", prompt.span_of("file" if file is not None else "text"),
                       f"prompt template `{prompt.id}` line {error.line}: {error.message}",
                       label="jinja2 cannot parse this template")
        return None
