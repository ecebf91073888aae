"""recipec.compiler: recipe text -> checked IR -> DAG plan. Imports lark, never the runtime.

    from recipec.compiler import check, compile
    ctx = compile("recipes/quickstart.recipe", params={"seed": "7"})
    if ctx.sink.has_errors: ...
    plan = ctx.plan
"""
from __future__ import annotations

from collections.abc import Callable

from recipec.compiler.context import CompileContext, read_file


def _run(passes, path: str, params: dict[str, str] | None,
         read_source: Callable[[str], str]) -> CompileContext:
    ctx = CompileContext(path, read_source=read_source, param_overrides=dict(params or {}))
    for compiler_pass in passes:
        compiler_pass(ctx)
        if ctx.sink.has_errors:
            break
    return ctx


def check(path: str, params: dict[str, str] | None = None,
          read_source: Callable[[str], str] = read_file) -> CompileContext:
    """Run every checking pass; the result's `sink` holds the diagnostics."""
    from recipec.compiler.passes import CHECK_PASSES

    return _run(CHECK_PASSES, path, params, read_source)


def compile(path: str, params: dict[str, str] | None = None,  # noqa: A001
            read_source: Callable[[str], str] = read_file) -> CompileContext:
    """Check, then lower to the IR and expand the plan (`ctx.plan`) when there is no error."""
    from recipec.compiler.passes import compile_passes

    return _run(compile_passes(), path, params, read_source)
