"""Prompt templates: jinja2 files rendered with StrictUndefined.

A template is named by a stdlib name (`instruction_from_snippet`) or a path to a `.j2` file. A
variable the caller did not provide is an error naming the template, its line and the variables
it needs, never a silently empty prompt. `sha256` identifies the template text in provenance.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import jinja2

from recipec.runtime.llm.errors import LLMError
from recipec.stdlib.prompts import stdlib_template_source, stdlib_templates, template_variables

# Block tags do not leave blank lines behind; the text a model sees is exactly what is written.
_ENVIRONMENT = jinja2.Environment(undefined=jinja2.StrictUndefined, trim_blocks=True,
                                  lstrip_blocks=True, keep_trailing_newline=False, autoescape=False)


@dataclass(frozen=True)
class PromptTemplate:
    name: str
    source: str
    _compiled: jinja2.Template = field(repr=False, compare=False)

    @classmethod
    def from_string(cls, source: str, name: str = "<string>") -> PromptTemplate:
        try:
            return cls(name, source, _ENVIRONMENT.from_string(source))
        except jinja2.TemplateSyntaxError as exc:
            raise LLMError(f"template syntax error: {exc.message}", where=f"{name}:{exc.lineno}",
                           hint="see https://jinja.palletsprojects.com/en/stable/templates/") from None

    @classmethod
    def load(cls, spec: str) -> PromptTemplate:
        """A stdlib template by name, or a template file by path."""
        try:
            return cls.from_string(stdlib_template_source(spec), f"std/prompts/{spec}.j2")
        except FileNotFoundError:
            pass
        path = Path(spec)
        if path.is_file():
            return cls.from_string(path.read_text(encoding="utf-8"), str(path))
        raise LLMError(f"prompt template `{spec}` is neither a stdlib template nor a file",
                       hint="stdlib templates: " + ", ".join(stdlib_templates()))

    @cached_property
    def variables(self) -> frozenset[str]:
        return template_variables(self.source)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    def render(self, **values) -> str:
        try:
            return self._compiled.render(**values).strip()
        except jinja2.UndefinedError as exc:
            needed = ", ".join(sorted(self.variables))
            raise LLMError(f"{exc.message}", where=f"{self.name}:{_template_line(exc)}",
                           hint=f"the template needs: {needed}") from None


def _template_line(exc: BaseException) -> int | str:
    """The template line an error came from: jinja2 compiles templates to Python code whose
    frames carry the template's name `<template>` and map back to source lines."""
    traceback = exc.__traceback__
    line: int | str = "?"
    while traceback is not None:
        frame = traceback.tb_frame
        if frame.f_code.co_filename == "<template>":
            template = frame.f_globals.get("__jinja_template__")
            lineno = traceback.tb_lineno
            line = template.get_corresponding_lineno(lineno) if template is not None else lineno
        traceback = traceback.tb_next
    return line
