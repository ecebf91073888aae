"""FIM and repo-level templates: the right placeholders, and only declared special tokens.

The compiler checks *declared* knowledge: a template's sentinels must be special tokens of the
tokenizer block of every mixture that uses it. The build checks the real vocabulary.
"""
from __future__ import annotations

from recipec.compiler.context import CompileContext, TypedBlock
from recipec.compiler.diagnostics.diagnostic import Note
from recipec.compiler.schema.types import placeholders, sentinels

# template attribute -> the placeholders it must use, each exactly once
REQUIRED = {
    ("fim", "psm"): ("prefix", "suffix", "middle"),
    ("fim", "spm"): ("prefix", "suffix", "middle"),
    ("repo_format", "header"): ("repo_name",),
    ("repo_format", "file"): ("path", "content"),
}


def check_templates(ctx: CompileContext) -> None:
    for block in ctx.typed.values():
        for (kind, attribute), required in REQUIRED.items():
            if block.kind == kind and block.values.get(attribute) is not None:
                _check_placeholders(ctx, block, attribute, required)
        if block.kind == "fim" and block.values["rate"] > 0 and block.values["spm_rate"] > 0 \
                and block.values["spm"] is None:
            ctx.sink.error("E0502", block.header_span, "`spm_rate` is above 0 but no `spm` "
                           "template is given", label="`spm` missing",
                           help="add `spm = qwen.fim_spm`, or set `spm_rate = 0%`")
    for mixture in ctx.blocks_of_kind("mixture"):
        _check_sentinels(ctx, mixture)


def _check_placeholders(ctx, block: TypedBlock, attribute: str, required: tuple) -> None:
    template = block.values[attribute]
    found = placeholders(template)
    span = block.span_of(attribute)
    for name in required:
        count = found.count(name)
        if count != 1:
            ctx.sink.error("E0602", span, f"the `{attribute}` template of `{block.id}` must use "
                           f"`{{{name}}}` exactly once (it uses it {count} times)",
                           label=f"`{{{name}}}` " + ("missing" if count == 0 else "repeated"),
                           help="placeholders: " + ", ".join(f"{{{r}}}" for r in required))
    for name in sorted(set(found) - set(required)):
        ctx.sink.error("E0602", span, f"unknown placeholder `{{{name}}}` in the `{attribute}` "
                       f"template of `{block.id}`", label="unknown placeholder",
                       help="placeholders: " + ", ".join(f"{{{r}}}" for r in required))


def _check_sentinels(ctx: CompileContext, mixture: TypedBlock) -> None:
    """One diagnostic per template and tokenizer, listing every undeclared token it uses."""
    tokenizer = ctx.typed.get(mixture.values["tokenizer"])
    if tokenizer is None:
        return
    declared = {t["text"] for t in tokenizer.values["special"]}
    for component in mixture.nested:
        for block, attribute, text in _templates_of(ctx, component.values):
            missing = sorted(set(sentinels(text)) - declared, key=text.index)
            if not missing:
                continue
            names = ", ".join(f"`{m}`" for m in missing)
            verb = "is not a declared special token" if len(missing) == 1 else \
                "are not declared special tokens"
            ctx.sink.error(
                "E0604", block.span_of(attribute), f"{names} {verb} of `{tokenizer.id}`",
                label="used with that tokenizer",
                notes=(Note(tokenizer.span_of("special"), "its declared special tokens"),),
                help=f"declare {'it' if len(missing) == 1 else 'them'} in `{tokenizer.id}`'s "
                     "`special` list, or give the mixture a tokenizer that has "
                     f"{'it' if len(missing) == 1 else 'them'}")


def _templates_of(ctx, component: dict):
    """(block, attribute, text) of every template and token text a component applies."""
    fim_ids = [component.get("fim")]
    repo = ctx.typed.get(component.get("repo")) if component.get("repo") else None
    if repo is not None:
        yield repo, "header", repo.values["header"]
        yield repo, "file", repo.values["file"]
        yield repo, "end", repo.values["end"]
        fim_ids.append(repo.values["fim"])
    for fim_id in fim_ids:
        fim = ctx.typed.get(fim_id) if fim_id else None
        if fim is None:
            continue
        for attribute in ("psm", "spm", "pad"):
            if fim.values.get(attribute):
                yield fim, attribute, fim.values[attribute]
