"""Compile recipes from strings or fixture folders, for the compiler's tests."""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from recipec.compiler import check, compile
from recipec.compiler.diagnostics.render import render_json, render_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


@contextlib.contextmanager
def chdir(path: Path):
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def compile_text(tmp_path: Path, text: str, name: str = "main.recipe", params=None,
                 check_only: bool = False, files: dict[str, str] | None = None):
    """Write `text` (and `files`) under tmp_path and compile it from there."""
    for rel, content in (files or {}).items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    (tmp_path / name).write_text(text)
    with chdir(tmp_path):
        return (check if check_only else compile)(name, params)


def codes(ctx) -> list[str]:
    return [d.code for d in ctx.sink.sorted()]


def rendered(ctx) -> str:
    return render_text(ctx.sink.sorted(), ctx.sources)


def snapshot_of(ctx) -> str:
    return rendered(ctx) + "\n----- json -----\n" + render_json(ctx.sink.sorted()) + "\n"
