"""`recipec schema`: the JSON schema of the plan (and so of every block kind)."""
from __future__ import annotations

import json

import click


@click.command("schema")
@click.option("--markdown", is_flag=True,
              help="The block reference as markdown (this is how docs/blocks.md is made).")
def schema(markdown: bool) -> None:
    """Print the JSON schema of the plan."""
    if markdown:
        from recipec.compiler.schema.docs import blocks_markdown

        click.echo(blocks_markdown(), nl=False)
        return
    from recipec.compiler.ir.plan import plan_json_schema

    click.echo(json.dumps(plan_json_schema(), indent=2))
