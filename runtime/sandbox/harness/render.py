"""The jinja2 environment for harness templates: strict about undefined names, no autoescape
(the output is source code, not HTML)."""
from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).with_name("templates")


@functools.lru_cache(maxsize=1)
def environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             undefined=jinja2.StrictUndefined, autoescape=False,
                             keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=True, allow_nan=False)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def json_text(value: Any) -> str:
    """Compact, ASCII-only JSON: safe inside heredocs and string literals of any language."""
    return json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
