"""Chat templates: take the tokenizer's own, or attach one from the stdlib.

The stdlib's Qwen2.5 tokenizer is built from the raw BPE ranks and so has no chat template; the
stdlib ships Qwen2.5's ChatML template (stdlib/chat_templates/qwen2_5_chatml.j2, with its default
system prompt) and this module attaches it to any tokenizer that lacks one.
"""
from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from recipec.runtime.llm.errors import LLMError

QWEN25_CHATML = "qwen2_5_chatml"


def stdlib_chat_templates() -> list[str]:
    folder = resources.files("recipec.stdlib").joinpath("chat_templates")
    return sorted(entry.name[: -len(".j2")] for entry in folder.iterdir() if entry.name.endswith(".j2"))


def load_chat_template(spec: str) -> str:
    """The template text for `spec`, which is one of: the template itself (a plan may carry it
    inline), a stdlib name (`qwen2_5_chatml`), a stdlib path (`std:chat_templates/x.j2` or
    `chat_templates/x.j2`, as the stdlib's recipes write it), or a path to a .j2 file."""
    if "{{" in spec or "{%" in spec:
        return spec
    stdlib = resources.files("recipec.stdlib")
    relative = spec[len("std:"):] if spec.startswith("std:") else spec
    for entry in (stdlib.joinpath("chat_templates", f"{spec}.j2"), stdlib.joinpath(*relative.split("/"))):
        if entry.is_file():
            return entry.read_text(encoding="utf-8")
    path = Path(spec)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    known = ", ".join(stdlib_chat_templates())
    raise LLMError(f"chat template `{spec}` is neither a stdlib template nor a file",
                   hint=f"use one of: {known}, or a path to a .j2 file")


def ensure_chat_template(tokenizer, template: str | None = None) -> str:
    """Give `tokenizer` a chat template and return it.

    An explicit `template` (text) always wins; otherwise the tokenizer keeps its own, and one
    without gets the stdlib's Qwen2.5 ChatML."""
    if template is not None:
        tokenizer.chat_template = template
    elif not getattr(tokenizer, "chat_template", None):
        tokenizer.chat_template = load_chat_template(QWEN25_CHATML)
    return tokenizer.chat_template


def template_digest(template: str) -> str:
    return hashlib.sha256(template.encode("utf-8")).hexdigest()[:16]
