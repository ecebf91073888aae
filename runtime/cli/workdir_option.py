"""The workdir a recipe builds into: --workdir, else $RECIPEC_WORKDIR, else `.recipec/` beside
the recipe."""
from __future__ import annotations

import os
from pathlib import Path

import click

workdir_option = click.option(
    "--workdir", type=click.Path(file_okay=False),
    help="Where step outputs are cached (default: $RECIPEC_WORKDIR or .recipec/ beside the "
         "recipe).")


def workdir_for(recipe: str, workdir: str | None) -> Path:
    if workdir:
        return Path(workdir)
    if os.environ.get("RECIPEC_WORKDIR"):
        return Path(os.environ["RECIPEC_WORKDIR"])
    return Path(recipe).resolve().parent / ".recipec"
