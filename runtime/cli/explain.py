"""`recipec explain CODE`: what a diagnostic code means, with an example and the fix."""
from __future__ import annotations

import sys

import click

from recipec.runtime.cli.common import EXIT_USAGE


@click.command("explain")
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="Every code.")
@click.option("--markdown", is_flag=True, help="As markdown (this is how docs/errors.md is made).")
def explain(code: str | None, show_all: bool, markdown: bool) -> None:
    """Explain an error code, e.g. `recipec explain E0201`."""
    from recipec.compiler.diagnostics import codes

    if markdown:
        click.echo(codes.markdown(), nl=False)
        return
    if show_all:
        click.echo("\n\n".join(codes.explain(c) for c in codes.CODES))
        return
    if code is None:
        raise click.UsageError("give a code, e.g. `recipec explain E0201`, or --all")
    text = codes.explain(code)
    if text is None:
        click.echo(f"error: no such code `{code}`; `recipec explain --all` lists them", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(text)
