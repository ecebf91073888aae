"""`recipec check`: run every checking pass and print the diagnostics; never builds anything."""
from __future__ import annotations

import click

from recipec.runtime.cli.common import (
    compile_or_exit, format_option, params_option, recipe_argument,
)


@click.command("check")
@recipe_argument
@params_option
@format_option
def check(recipe: str, params: tuple[str, ...], output_format: str) -> None:
    """Check a recipe: syntax, names, schemas, weights, templates, phases."""
    ctx = compile_or_exit(recipe, params, output_format, check_only=True)
    if output_format == "text":
        click.echo(f"{recipe}: ok ({len(ctx.typed)} blocks)")
