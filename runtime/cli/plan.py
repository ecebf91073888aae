"""`recipec plan`: every step in order, cached or will run, and why; with `--estimate`, the
size, CPU/GPU-hours and wall time of each step on a cluster shape (docs/scaling.md)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from recipec.runtime.cli.common import EXIT_ERRORS, compile_or_exit, params_option, recipe_argument
from recipec.runtime.cli.workdir_option import workdir_for, workdir_option


@click.command("plan")
@recipe_argument
@params_option
@workdir_option
@click.option("--force", multiple=True, metavar="STEP", help="As `recipec build --force`.")
@click.option("--estimate", is_flag=True,
              help="Size every step: input/output bytes, CPU- and GPU-hours, wall time.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Executor profile; its [cluster] section is the shape --estimate assumes.")
def plan(recipe: str, params: tuple[str, ...], workdir: str | None, force: tuple[str, ...],
         estimate: bool, profile_path: str | None) -> None:
    """Say, step by step, what a build would run and why."""
    compiled = compile_or_exit(recipe, params).plan
    from recipec.runtime.build.status import StatusResolver
    from recipec.runtime.cache.workdir import Workdir
    from recipec.runtime.cli.progress import print_status
    from recipec.runtime.storage import MirroredWorkdir, default_staging, is_url

    target = workdir or os.environ.get("RECIPEC_WORKDIR")
    if target and is_url(target):  # read the remote workdir's bookkeeping into its staging
        folder = Workdir(default_staging(target))
        MirroredWorkdir(target, folder.root).pull_bookkeeping()
    else:
        folder = Workdir(workdir_for(recipe, workdir))
    base_dir = Path(recipe).resolve().parent
    resolver = StatusResolver(compiled, folder, base_dir, set(force))
    statuses = resolver.all()
    calls = {}
    if any(s.state != "cached" and "llm" in s.step.params for s in statuses):
        from recipec.runtime.steps.llm_steps.step import plan_call_counts

        calls = plan_call_counts(compiled, folder, base_dir, resolver.known)
    print_status(statuses, calls)
    if estimate:
        _print_estimate(compiled, statuses, folder, profile_path)


def _print_estimate(compiled, statuses, folder, profile_path: str | None) -> None:
    from rich.table import Table

    from recipec.runtime.build.estimate import estimate, table
    from recipec.runtime.cli.progress import console
    from recipec.runtime.executors.profile import ProfileError, load_profile

    try:
        cluster = load_profile(profile_path).cluster
    except ProfileError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERRORS)
    rows = table(estimate(compiled, statuses, cluster, folder.root), cluster)
    out = Table(title=f"estimate: {cluster.nodes} node(s), {cluster.cores} cores, "
                      f"{cluster.gpus} GPU(s)")
    for index, header in enumerate(rows[0]):
        out.add_column(header, justify="left" if index in (0, 7) else "right")
    for row in rows[1:]:
        out.add_row(*row)
    console.print(out)
