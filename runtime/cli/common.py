"""What every recipe command shares: `-p` params, compiling, printing diagnostics, exit codes."""
from __future__ import annotations

import os
import sys

import click

from recipec.compiler.context import CompileContext

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

recipe_argument = click.argument("recipe", type=click.Path(dir_okay=False))
params_option = click.option(
    "-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
    help="Set a recipe param (repeatable), written as in a recipe: -p seed=7 -p budget=300B")
format_option = click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text",
    show_default=True, help="How diagnostics are printed (json: for editors and CI).")


def parse_params(params: tuple[str, ...]) -> dict[str, str]:
    result = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"-p expects NAME=VALUE, got {item!r}")
        result[name.strip()] = value.strip()
    return result


def report(ctx: CompileContext, output_format: str = "text", stream=None) -> bool:
    """Print the diagnostics of a compilation; True when there is no error."""
    from recipec.compiler.diagnostics.render import render_json, render_text

    stream = stream or sys.stderr
    diagnostics = ctx.sink.sorted()
    if output_format == "json":
        click.echo(render_json(diagnostics))
    elif diagnostics:
        color = stream.isatty() and "NO_COLOR" not in os.environ
        click.echo(render_text(diagnostics, ctx.sources, color=color), file=stream, nl=False)
    return not ctx.sink.has_errors


def compile_or_exit(recipe: str, params: tuple[str, ...], output_format: str = "text",
                    check_only: bool = False) -> CompileContext:
    """Compile (or only check) and exit 1 with the diagnostics when the recipe has errors."""
    from recipec.compiler import check, compile

    run = check if check_only else compile
    ctx = run(recipe, parse_params(params))
    if not report(ctx, output_format) and output_format == "text":
        sys.exit(EXIT_ERRORS)
    if ctx.sink.has_errors:
        sys.exit(EXIT_ERRORS)
    return ctx
