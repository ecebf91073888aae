"""`recipec lineage CHECKPOINT`: the chain of steps and data that produced a checkpoint, from
its `lineage.json` (raw sources -> pipeline steps -> tokenizer -> shards -> model -> phases)."""
from __future__ import annotations

import json
import sys

import click

from recipec.runtime.cli.common import EXIT_ERRORS


@click.command("lineage")
@click.argument("checkpoint", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print lineage.json as it is.")
@click.option("--full-keys", is_flag=True, help="Print whole run and plan keys, not 12 digits.")
def lineage(checkpoint: str, as_json: bool, full_keys: bool) -> None:
    """Print what a checkpoint was trained from: every upstream step with its run key and plan
    key. CHECKPOINT is a phase's `checkpoint/` folder, its step folder, or a model step's."""
    from recipec.runtime.training.lineage import FORMAT, LineageNotFound, find_lineage, \
        format_lineage

    try:
        path = find_lineage(checkpoint)
        document = json.loads(path.read_text(encoding="utf-8"))
    except LineageNotFound as error:
        click.echo(f"error: {error}; hint: give a phase's checkpoint/ folder (or its step "
                   "folder under the workdir) built by `recipec build`", err=True)
        sys.exit(EXIT_ERRORS)
    except (OSError, ValueError) as error:
        click.echo(f"error: {checkpoint}: unreadable lineage.json ({error})", err=True)
        sys.exit(EXIT_ERRORS)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        click.echo(f"error: {path} is not a recipec lineage file", err=True)
        sys.exit(EXIT_ERRORS)
    if as_json:
        click.echo(json.dumps(document, indent=1, sort_keys=True))
    else:
        click.echo(format_lineage(document, full_keys))
