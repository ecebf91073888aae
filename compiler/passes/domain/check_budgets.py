"""Token budgets the declared data cannot supply: weight x budget > size x max_epochs.

A pipeline only removes data, so the declared sizes of its inputs bound what it can supply; when
any size along the way is undeclared the check stays silent and the build checks for real.
"""
from __future__ import annotations

from recipec.compiler.context import CompileContext
from recipec.compiler.diagnostics.diagnostic import Note


def check_budgets(ctx: CompileContext) -> None:
    for mixture in ctx.blocks_of_kind("mixture"):
        budget = mixture.values["budget"]
        for component in mixture.nested:
            supply = declared_tokens(ctx, component.label, set())
            if supply is None:
                continue
            wanted = component.values["weight"] * budget
            cap = supply * component.values["max_epochs"]
            if wanted > cap:
                ctx.sink.error(
                    "E0608", component.span,
                    f"`{component.label}` must supply {_tokens(wanted)} tokens "
                    f"({component.values['weight'] * 100:g}% of {_tokens(budget)}), but holds at "
                    f"most {_tokens(supply)} x {component.values['max_epochs']:g} epochs = "
                    f"{_tokens(cap)}", label="this share cannot be met",
                    notes=(Note(mixture.span_of("budget"), "the budget"),),
                    help="lower the weight or the budget, raise `max_epochs`, or add data")


def declared_tokens(ctx: CompileContext, block_id: str, seen: set) -> int | None:
    block = ctx.typed.get(block_id)
    if block is None or block_id in seen:
        return None
    seen.add(block_id)
    if block.kind == "source":
        return block.values["tokens"]
    if block.kind == "pipeline":
        inputs = block.values["input"]
        inputs = inputs if isinstance(inputs, tuple) else (inputs,)
        sizes = [declared_tokens(ctx, i, seen) for i in inputs]
        return None if None in sizes else sum(sizes)
    return None


def _tokens(count: float) -> str:
    for unit, size in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if count >= size:
            return f"{count / size:.3g}{unit}"
    return f"{count:.0f}"
