"""`recipec gc` and `recipec clean`: keep the workdir to what recipes still use."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from recipec.runtime.cli.common import EXIT_ERRORS, compile_or_exit, params_option
from recipec.runtime.cli.workdir_option import workdir_for, workdir_option


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


@click.command("gc")
@click.argument("recipes", nargs=-1, required=True, type=click.Path(dir_okay=False))
@params_option
@workdir_option
@click.option("--dry-run", is_flag=True, help="List what would be removed.")
def gc(recipes: tuple[str, ...], params: tuple[str, ...], workdir: str | None,
       dry_run: bool) -> None:
    """Remove cached outputs that none of the given recipes uses any more."""
    from recipec.runtime.build.status import StatusResolver
    from recipec.runtime.cache.workdir import Workdir

    folder = Workdir(workdir_for(recipes[0], workdir))
    keep: set[str] = set()
    for recipe in recipes:
        plan = compile_or_exit(recipe, params).plan
        statuses = StatusResolver(plan, folder, Path(recipe).resolve().parent).all()
        keep |= {s.run_key for s in statuses if s.run_key}
    stale = sorted(folder.run_keys() - keep)
    freed = 0
    for key in stale:
        path = folder.step_dir(key)
        freed += _size(path)
        if not dry_run:
            shutil.rmtree(path)
    verb = "would remove" if dry_run else "removed"
    click.echo(f"{verb} {len(stale)} cached output(s), {freed / 2**20:.1f} MiB; kept {len(keep)}")


@click.command("clean")
@click.argument("recipe", required=False, type=click.Path(dir_okay=False))
@workdir_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def clean(recipe: str | None, workdir: str | None, yes: bool) -> None:
    """Empty the workdir (every cached output and the build index)."""
    if recipe is None and workdir is None:
        raise click.UsageError("name a recipe (its workdir is .recipec/ beside it) or --workdir")
    from recipec.runtime.cache.workdir import Workdir, WorkdirLocked

    folder = Workdir(workdir_for(recipe or ".", workdir))
    if not folder.root.exists():
        click.echo(f"{folder.root}: nothing to clean")
        return
    if not yes and not click.confirm(f"delete everything in {folder.root} "
                                     f"({_size(folder.root) / 2**20:.1f} MiB)?"):
        click.echo("nothing deleted")
        return
    try:
        with folder.lock():
            for child in folder.root.iterdir():
                if child.name != ".lock":
                    shutil.rmtree(child) if child.is_dir() else child.unlink()
    except WorkdirLocked as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(EXIT_ERRORS)
    click.echo(f"cleaned {folder.root}")
