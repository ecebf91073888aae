"""`recipec build`: run every step of a recipe that is out of date."""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click

from recipec.runtime.cli.common import (
    EXIT_ERRORS, compile_or_exit, params_option, recipe_argument,
)
from recipec.runtime.cli.workdir_option import workdir_for, workdir_option


@click.command("build")
@recipe_argument
@params_option
@workdir_option
@click.option("--force", multiple=True, metavar="STEP",
              help="Re-run this step (or every step of a block) even if cached. Repeatable.")
@click.option("--only", multiple=True, metavar="STEP",
              help="Build only this step (or block) and what it needs. Repeatable.")
@click.option("--dry-run", is_flag=True, help="Say what would run, and why; run nothing.")
@click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default=True, help="Processes per step; never changes outputs.")
@click.option("--executor", type=click.Choice(["local", "ray", "slurm"]), default="local",
              show_default=True, help="Where data steps run; never changes outputs.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="A TOML file of cluster settings (Ray address, Slurm partition, training "
                   "nodes); see docs/executors.md.")
@click.option("--report/--no-report", default=True, help="Write the HTML build report.")
def build(recipe: str, params: tuple[str, ...], workdir: str | None, force: tuple[str, ...],
          only: tuple[str, ...], dry_run: bool, workers: int, executor: str,
          profile_path: str | None, report: bool) -> None:
    """Build a recipe: run the steps whose inputs, parameters or code changed."""
    plan = compile_or_exit(recipe, params).plan
    from recipec.runtime.build.builder import BuildFailed, Builder
    from recipec.runtime.cache.workdir import Workdir, WorkdirLocked
    from recipec.runtime.cli.progress import BuildProgress, print_status, summary_table
    from recipec.runtime.executors import make_executor
    from recipec.runtime.executors.profile import ProfileError, load_profile
    from recipec.runtime.storage import (
        MirroredWorkdir, StorageError, StoreLocked, default_staging, is_url, remote_workdir,
    )

    try:
        profile = load_profile(profile_path)
    except ProfileError as error:
        _fail(error)
    target = workdir or os.environ.get("RECIPEC_WORKDIR")
    remote = target if target and is_url(target) else None
    if remote and executor != "local" and not os.environ.get("RECIPEC_STAGING"):
        _fail(StorageError(f"--executor {executor} cannot write to {remote} directly",
                           "give the workdir as a shared filesystem path, or set "
                           "RECIPEC_STAGING to a folder on one that every node mounts"))
    # Absolute: cluster workers do not start in this directory.
    folder = Workdir(default_staging(remote) if remote else
                     workdir_for(recipe, workdir).resolve())
    base_dir = Path(recipe).resolve().parent
    if dry_run:
        from recipec.runtime.build.status import StatusResolver

        if remote:
            MirroredWorkdir(remote, folder.root).pull_bookkeeping()
        print_status(StatusResolver(plan, folder, base_dir, set(force)).all())
        return
    with contextlib.ExitStack() as held:
        try:
            mirror = held.enter_context(remote_workdir(remote, folder.root)) if remote else None
            held.enter_context(folder.lock())
        except (WorkdirLocked, StoreLocked, StorageError) as error:
            _fail(error)
        progress = held.enter_context(BuildProgress(plan))
        builder = Builder(plan, folder, base_dir, make_executor(executor, workers, profile),
                          set(force), on_event=progress.event)
        if mirror is not None:  # fetch inputs before a step runs, upload it once it is done
            builder.on_event = mirror.follow(progress.event, lambda: builder.resolver.known)
        try:
            result = builder.build(set(only) or None)
        except (BuildFailed, StorageError) as error:
            progress.stop()
            _fail(error)
        progress.stop()
        summary_table(result)
        if report and result.statuses:  # before the workdir is released (a store gets it too)
            from recipec.runtime.report import write_report

            path = write_report(plan, result, folder)
            click.echo(f"report: {path}")


def _fail(error: Exception) -> None:
    message = str(error)
    if "another build is using" in message and not getattr(error, "hint", ""):
        message += "; wait for it to finish"
    click.echo(f"error: {message}", err=True)
    if getattr(error, "hint", ""):
        click.echo(f"  hint: {error.hint}", err=True)
    sys.exit(EXIT_ERRORS)
