"""`recipec fmt`: rewrite recipes in the canonical layout (comments kept); `--check` only
reports."""
from __future__ import annotations

import sys

import click

from recipec.runtime.cli.common import EXIT_ERRORS, report


@click.command("fmt")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if a file would change.")
def fmt(files: tuple[str, ...], check: bool) -> None:
    """Format recipe files in place."""
    from recipec.compiler.context import CompileContext
    from recipec.compiler.fmt import format_module
    from recipec.compiler.parse import parse

    failed = unformatted = False
    for path in files:
        ctx = CompileContext(path)
        try:
            with open(path, encoding="utf-8") as f:
                source = f.read()
        except (OSError, UnicodeDecodeError) as error:
            click.echo(f"error: cannot read {path}: {error}", err=True)
            failed = True
            continue
        module = parse(source, path, ctx.sink)
        if module is None:
            ctx.sources[path] = source
            report(ctx)
            failed = True
            continue
        formatted = format_module(module)
        if formatted == source:
            continue
        unformatted = True
        if check:
            click.echo(f"would reformat {path}")
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(formatted)
            click.echo(f"reformatted {path}")
    if failed or (check and unformatted):
        sys.exit(EXIT_ERRORS)
