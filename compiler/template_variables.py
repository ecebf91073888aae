"""The variables a jinja2 template uses, remembered by content hash.

Importing jinja2 and parsing every prompt costs `recipec check` about a third of its start-up;
templates rarely change, so their variable sets are kept in the user's cache folder
(`$XDG_CACHE_HOME/recipec/template-variables.json`) and jinja2 is imported only for a template
not seen before. A missing or unwritable cache only costs time.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from recipec.compiler.user_cache import cache_root, write_atomically

_memory: dict[str, list[str]] | None = None


@dataclass
class TemplateError(Exception):
    line: int
    message: str


def cache_file() -> Path:
    return cache_root() / "template-variables.json"


def _load() -> dict[str, list[str]]:
    global _memory
    if _memory is None:
        try:
            _memory = json.loads(cache_file().read_text())
        except (OSError, ValueError):
            _memory = {}
    return _memory


def template_variables(text: str) -> set[str]:
    """Undeclared variables of a jinja2 template; TemplateError if it does not parse."""
    key = hashlib.sha256(text.encode()).hexdigest()
    known = _load()
    if key in known:
        return set(known[key])
    import jinja2
    import jinja2.meta

    try:
        tree = jinja2.Environment().parse(text)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(error.lineno, error.message or "syntax error") from None
    variables = sorted(jinja2.meta.find_undeclared_variables(tree))
    known[key] = variables
    _save(known)
    return set(variables)


def _save(known: dict[str, list[str]]) -> None:
    write_atomically(cache_file(), json.dumps(known).encode())
