"""`recipec compile`: write the plan (the runtime's only input) as JSON."""
from __future__ import annotations

import click

from recipec.runtime.cli.common import (
    compile_or_exit, format_option, params_option, recipe_argument,
)


@click.command("compile")
@recipe_argument
@params_option
@format_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the plan here (default: standard output).")
def compile_command(recipe: str, params: tuple[str, ...], output_format: str,
                    output: str | None) -> None:
    """Compile a recipe to its plan (JSON)."""
    ctx = compile_or_exit(recipe, params, output_format)
    text = ctx.plan.model_dump_json(indent=2) + "\n"
    if output:
        with open(output, "w", encoding="utf-8") as f:
            f.write(text)
        click.echo(f"wrote {output} ({len(ctx.plan.steps)} steps)", err=True)
    else:
        click.echo(text, nl=False)
