"""`recipec plan`: the steps in order, and for each whether it will run."""
from __future__ import annotations

import click

from recipec.runtime.cli.common import compile_or_exit, params_option, recipe_argument


@click.command("plan")
@recipe_argument
@params_option
def plan(recipe: str, params: tuple[str, ...]) -> None:
    """List the steps of a recipe in the order they run."""
    compiled = compile_or_exit(recipe, params).plan
    width = max(len(s.id) for s in compiled.steps) if compiled.steps else 0
    for step in compiled.steps:
        click.echo(f"{step.id:<{width}}  {step.kind:<18} {step.cache_key[:12]}  will run")
    click.echo(f"{len(compiled.steps)} steps")
