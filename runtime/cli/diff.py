"""`recipec diff`: what changed between two recipes, and which steps must re-run."""
from __future__ import annotations

import click

from recipec.runtime.cli.common import compile_or_exit, params_option


@click.command("diff")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@params_option
def diff(old: str, new: str, params: tuple[str, ...]) -> None:
    """Compare two recipes: changed attributes, and the steps whose keys change."""
    before = compile_or_exit(old, params).plan
    after = compile_or_exit(new, params).plan
    for line in describe(before, after):
        click.echo(line)


def describe(before, after) -> list[str]:
    lines = []
    old_blocks, new_blocks = before.recipe.blocks, after.recipe.blocks
    for block_id in sorted(set(old_blocks) | set(new_blocks)):
        if block_id not in new_blocks:
            lines.append(f"- {block_id}")
            continue
        if block_id not in old_blocks:
            lines.append(f"+ {block_id}")
            continue
        a = old_blocks[block_id].model_dump(mode="json")
        b = new_blocks[block_id].model_dump(mode="json")
        lines += [f"~ {block_id}{path}: {_short(x)} -> {_short(y)}"
                  for path, x, y in changes(a, b, "")]
    if before.recipe.seed != after.recipe.seed:
        lines.append(f"~ seed: {before.recipe.seed} -> {after.recipe.seed}")
    old_keys = {s.id: s.cache_key for s in before.steps}
    new_keys = {s.id: s.cache_key for s in after.steps}
    rerun = [s.id for s in after.steps if old_keys.get(s.id) != new_keys[s.id]]
    removed = [i for i in old_keys if i not in new_keys]
    if not lines and not rerun and not removed:
        return ["no changes: every step keeps its cache key"]
    lines.append("")
    lines.append(f"steps that re-run ({len(rerun)} of {len(after.steps)}):")
    lines += [f"  {i}" + ("  (new)" if i not in old_keys else "") for i in rerun] or ["  none"]
    if removed:
        lines.append("steps no longer in the plan:")
        lines += [f"  {i}" for i in removed]
    return lines


_MISSING = "<absent>"


def changes(a, b, path: str):
    """(path, old, new) for every leaf that differs, e.g. `.steps[2].ngram`."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            yield from changes(a.get(key, _MISSING), b.get(key, _MISSING), f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b)):
            yield from changes(x, y, f"{path}[{index}]")
    elif a != b:
        yield path, a, b


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
