"""Training phases: an acyclic order, the right data for the objective, the mixture's seq_len
and budget not restated differently, and sequence lengths the RoPE/YaRN settings support."""
from __future__ import annotations

from recipec.compiler.context import CompileContext, TypedBlock
from recipec.compiler.diagnostics.diagnostic import Note

OBJECTIVE_DATA = {"next_token": "mixture", "fim": "mixture", "sft": "sft_data",
                  "fim_sft": "sft_data"}


def check_phases(ctx: CompileContext) -> None:
    phases = {b.id: b for b in ctx.blocks_of_kind("phase")}
    cyclic = _check_order(ctx, phases)
    for phase in phases.values():
        _check_start(ctx, phase)
        _check_data(ctx, phase)
        if phase.id not in cyclic:
            _check_positions(ctx, phase, phases)


def phase_order(phases: dict[str, TypedBlock]) -> list[str]:
    """Phases with each one after its `after`; ties in declaration order."""
    order: list[str] = []

    def visit(phase_id: str, trail: tuple) -> None:
        if phase_id in order or phase_id in trail or phase_id not in phases:
            return
        after = phases[phase_id].values["after"]
        if after:
            visit(after, trail + (phase_id,))
        order.append(phase_id)

    for phase_id in phases:
        visit(phase_id, ())
    return order


def _check_order(ctx, phases) -> set[str]:
    cyclic: set[str] = set()
    for start in phases:
        trail, current = [], start
        while current in phases and current not in trail:
            trail.append(current)
            current = phases[current].values["after"]
        if current == start:
            cyclic.update(trail)
            phase = phases[start]
            ctx.sink.error("E0606", phase.span_of("after"), "phases follow each other in a "
                           "cycle: " + " -> ".join(trail + [start]), label="closes the cycle",
                           help="the first phase starts from a `model`; each other one names the "
                                "phase it continues")
    return cyclic


def _check_start(ctx, phase: TypedBlock) -> None:
    after, model = phase.values["after"], phase.values["model"]
    if after is None and model is None:
        ctx.sink.error("E0615", phase.header_span, f"`{phase.id}` has neither `model` nor "
                       "`after`", label="nothing to start from",
                       help="the first phase names a `model`; later ones name the phase they "
                            "continue with `after = phase.x`")
    elif after is not None and model is not None:
        ctx.sink.error("E0615", phase.span_of("model"), f"`{phase.id}` continues `{after}`, so "
                       "it trains that phase's model", label="`model` conflicts with `after`",
                       help="drop `model`: a phase starts from the checkpoint of its `after`")


def _check_data(ctx, phase: TypedBlock) -> None:
    data = ctx.typed.get(phase.values["data"])
    if data is None:
        return
    objective = phase.values["objective"] or ("next_token" if data.kind == "mixture" else "sft")
    wanted = OBJECTIVE_DATA[objective]
    if data.kind != wanted:
        ctx.sink.error("E0616", phase.span_of("data"), f"objective `{objective}` trains on "
                       f"{'a mixture' if wanted == 'mixture' else 'sft_data'}, but `{data.id}` is "
                       f"a {data.kind}", label=f"expected a {wanted} block")
    if objective == "fim_sft" and (phase.values["fim_data"] is None or
                                   phase.values["fim_share"] == 0):
        ctx.sink.error("E0616", phase.header_span, "objective `fim_sft` needs `fim_data` and a "
                       "`fim_share` above 0", label="mixed FIM + SFT needs both streams")
    if data.kind != "mixture":
        return
    for attribute in ("seq_len", "budget"):
        stated, owned = phase.values[attribute], data.values[attribute]
        if stated is not None and stated != owned:
            ctx.sink.error("E0605", phase.span_of(attribute), f"`{phase.id}` says {attribute} = "
                           f"{stated:,}, but its mixture `{data.id}` packs {owned:,}",
                           label="disagrees with the mixture",
                           notes=(Note(data.span_of(attribute), "the mixture's value"),),
                           help=f"a mixture owns {attribute}: drop it here or change it there")


def _check_positions(ctx, phase: TypedBlock, phases) -> None:
    data = ctx.typed.get(phase.values["data"])
    seq_len = phase.values["seq_len"] or (data.values["seq_len"] if data is not None and
                                          data.kind == "mixture" else None)
    if seq_len is None:
        return
    limit, source = _position_limit(ctx, phase, phases)
    if limit is not None and seq_len > limit:
        ctx.sink.error("E0607", phase.span_of("data"), f"`{phase.id}` trains at {seq_len:,} "
                       f"tokens, beyond the {limit:,} positions its model supports",
                       label="sequences too long", notes=(Note(source, "the limit comes from "
                                                               "here"),),
                       help="raise `max_position_embeddings`, or extend the context with "
                            "`yarn = { factor = 4, original_max = 32Ki }`")


def _position_limit(ctx, phase: TypedBlock, phases):
    """The most positions a phase's model supports: the nearest setting up its `after` chain."""
    current, seen = phase, set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        yarn = current.values["yarn"]
        if yarn is not None:
            return int(yarn["original_max"] * yarn["factor"]), current.span_of("yarn")
        if current.values["max_position_embeddings"] is not None:
            return current.values["max_position_embeddings"], \
                current.span_of("max_position_embeddings")
        model = ctx.typed.get(current.values["model"]) if current.values["model"] else None
        if model is not None and model.values["config"] is not None:
            return model.values["config"]["max_position_embeddings"], model.span_of("config")
        current = phases.get(current.values["after"]) if current.values["after"] else None
    return None, None
