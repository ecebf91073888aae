"""`recipec plan`: every step in order, cached or will run, and why."""
from __future__ import annotations

from pathlib import Path

import click

from recipec.runtime.cli.common import compile_or_exit, params_option, recipe_argument
from recipec.runtime.cli.workdir_option import workdir_for, workdir_option


@click.command("plan")
@recipe_argument
@params_option
@workdir_option
@click.option("--force", multiple=True, metavar="STEP", help="As `recipec build --force`.")
def plan(recipe: str, params: tuple[str, ...], workdir: str | None,
         force: tuple[str, ...]) -> None:
    """Say, step by step, what a build would run and why."""
    compiled = compile_or_exit(recipe, params).plan
    from recipec.runtime.build.status import StatusResolver
    from recipec.runtime.cache.workdir import Workdir
    from recipec.runtime.cli.progress import print_status

    folder = Workdir(workdir_for(recipe, workdir))
    base_dir = Path(recipe).resolve().parent
    resolver = StatusResolver(compiled, folder, base_dir, set(force))
    statuses = resolver.all()
    calls = {}
    if any(s.state != "cached" and "llm" in s.step.params for s in statuses):
        from recipec.runtime.steps.llm_steps.step import plan_call_counts

        calls = plan_call_counts(compiled, folder, base_dir, resolver.known)
    print_status(statuses, calls)
