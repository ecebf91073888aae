"""`recipec show STEP`: samples a step kept, and samples it dropped with the reason."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from recipec.runtime.cli.common import EXIT_ERRORS, compile_or_exit, params_option, recipe_argument
from recipec.runtime.cli.workdir_option import workdir_for, workdir_option

PREVIEW_CHARS = 300


@click.command("show")
@recipe_argument
@click.argument("step_id")
@params_option
@workdir_option
@click.option("-n", "count", default=3, show_default=True, help="Samples of each kind.")
def show(recipe: str, step_id: str, params: tuple[str, ...], workdir: str | None,
         count: int) -> None:
    """Show what a built step kept and dropped, with reasons."""
    from recipec.runtime.build.status import CACHED, StatusResolver
    from recipec.runtime.cache.workdir import Workdir
    from recipec.runtime.steps.base import DATA, DROPPED
    from recipec.runtime.steps.documents import iter_documents

    plan = compile_or_exit(recipe, params).plan
    ids = [s.id for s in plan.steps]
    if step_id not in ids:
        from recipec.compiler.diagnostics.suggest import did_you_mean

        click.echo(f"error: no step `{step_id}` in {recipe}; {did_you_mean(step_id, ids) or ''}"
                   " `recipec plan` lists the steps", err=True)
        sys.exit(EXIT_ERRORS)
    folder = Workdir(workdir_for(recipe, workdir))
    status = next(s for s in StatusResolver(plan, folder, Path(recipe).resolve().parent).all()
                  if s.step.id == step_id)
    if status.state != CACHED:
        click.echo(f"error: `{step_id}` is not built ({status.state}); run `recipec build "
                   f"{recipe}` first", err=True)
        sys.exit(EXIT_ERRORS)
    step_dir = folder.step_dir(status.run_key)
    counts = status.manifest.get("counts", {})
    click.echo(f"{step_id}: {counts.get('docs_in', '?')} in, {counts.get('docs_out', '?')} out")
    for reason, n in counts.get("reasons", {}).items():
        click.echo(f"  {reason}: {n}")
    for title, sub in (("kept", DATA), ("dropped", DROPPED)):
        docs = []
        for doc in iter_documents(step_dir / sub):
            docs.append(doc)
            if len(docs) >= count:
                break
        click.echo(f"\n== {title} ({len(docs)} shown)")
        for doc in docs:
            metadata = doc.get("metadata", {})
            reason = next((f"{k}: {v}" for k, v in metadata.items() if k.endswith("reason")), "")
            click.echo(f"-- {doc.get('id')}  {reason}")
            text = doc.get("text", "")
            click.echo(text[:PREVIEW_CHARS] + ("..." if len(text) > PREVIEW_CHARS else ""))
