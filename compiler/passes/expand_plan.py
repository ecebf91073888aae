"""Pass 10: the IR expanded into the DAG of steps, each with its plan key (`ctx.plan`)."""
from __future__ import annotations

import os

from recipec.compiler.context import CompileContext
from recipec.compiler.ir.plan import Plan
from recipec.compiler.plan.expand import PlanError, expand


def expand_plan(ctx: CompileContext) -> None:
    root_dir = os.path.dirname(os.path.abspath(ctx.root_path))
    root_blocks = [block_id for block_id in ctx.root_blocks if block_id in ctx.typed]
    try:
        steps = expand(ctx.ir, root_dir, root_blocks)
    except PlanError as error:
        block = ctx.typed[error.block_id]
        ctx.sink.error("E0609", block.header_span, f"`{error.block_id}` needs `{error.path}`, "
                       f"which cannot be read: {error.reason}", label="reads this file",
                       help="paths are relative to the recipe that writes them")
        return
    ctx.plan = Plan(recipe=ctx.ir, steps=steps)
