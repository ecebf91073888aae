"""`recipec schema`: the JSON schema of the plan (and so of every block kind)."""
from __future__ import annotations

import json

import click


@click.command("schema")
def schema() -> None:
    """Print the JSON schema of the plan."""
    from recipec.compiler.ir.plan import Plan

    click.echo(json.dumps(Plan.model_json_schema(), indent=2))
