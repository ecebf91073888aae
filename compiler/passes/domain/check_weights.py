"""Weights that must add up: mixture components and checklist items (to 100%, or to 1)."""
from __future__ import annotations

from recipec.compiler.context import CompileContext, TypedBlock

TOLERANCE = 1e-6


def check_weights(ctx: CompileContext) -> None:
    for block in ctx.typed.values():
        if block.kind == "mixture":
            _check(ctx, block, "component", "mixture components")
        elif block.kind == "checklist":
            _check(ctx, block, "item", "checklist items")


def _check(ctx: CompileContext, block: TypedBlock, nested_kind: str, what: str) -> None:
    parts = [n for n in block.nested if n.kind == nested_kind]
    total = sum(n.values["weight"] for n in parts)
    if abs(total - 1.0) <= TOLERANCE:
        return
    listing = " + ".join(f"{n.values['weight'] * 100:g}%" for n in parts)
    ctx.sink.error("E0601", block.header_span,
                   f"the weights of the {what} sum to {total * 100:g}%, not 100%",
                   label=f"{listing} = {total * 100:g}%",
                   help="weights are shares of the whole: make them add up to 100% (or to 1)")
