"""The stdlib's prompt templates (jinja2 `.j2` files beside this module), and what they need.

Kept free of runtime imports so that the compiler can check, before anything runs, that a
template exists and that a step provides every variable it uses:

    from recipec.stdlib.prompts import template_variables, stdlib_template_source
    missing = template_variables(stdlib_template_source("instruction_from_snippet")) - provided

Every variable a template mentions is required: templates are rendered with StrictUndefined,
so an optional input is passed as an empty value (`[]`, `""`) rather than left out.
"""
from __future__ import annotations

from importlib import resources

SUFFIX = ".j2"


def stdlib_templates() -> list[str]:
    """Names of the stdlib's prompt templates (file names without `.j2`)."""
    folder = resources.files(__name__)
    return sorted(entry.name[: -len(SUFFIX)] for entry in folder.iterdir() if entry.name.endswith(SUFFIX))


def stdlib_template_source(name: str) -> str:
    """The text of stdlib template `name`; FileNotFoundError when there is none."""
    entry = resources.files(__name__).joinpath(name + SUFFIX)
    if not entry.is_file():
        raise FileNotFoundError(name)
    return entry.read_text(encoding="utf-8")


def template_variables(source: str) -> frozenset[str]:
    """The variables a template reads from its caller (not those it sets itself).

    Raises jinja2.TemplateSyntaxError (with .lineno) for a template that does not parse."""
    from jinja2 import Environment, meta  # lazily: `recipec check` pays only when templates exist

    return frozenset(meta.find_undeclared_variables(Environment().parse(source)))
