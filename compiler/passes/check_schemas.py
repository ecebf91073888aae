"""Pass 7: check each block against its kind's schema and turn it into plain values.

Unknown and missing attributes, types, units, enum values, reference kinds, nested blocks and
"exactly one of" groups are checked here; what needs several blocks at once is left to the
domain checks that follow.
"""
from __future__ import annotations

from recipec.compiler.ast import BlockRef, NestedBlock, Reference
from recipec.compiler.context import CompileContext, TypedBlock, TypedNested
from recipec.compiler.diagnostics.diagnostic import Note
from recipec.compiler.diagnostics.suggest import did_you_mean
from recipec.compiler.schema.block import BlockSchema, NestedSchema
from recipec.compiler.schema.kinds import BLOCK_KINDS
from recipec.compiler.schema.types import INVALID, Converter, convert_attributes


def check_schemas(ctx: CompileContext) -> None:
    for block_id, declared in ctx.blocks.items():
        block = declared.node
        schema = BLOCK_KINDS[block.kind]
        cx = _converter(ctx, block.span)
        where = f"in `{block.kind}{' ' + block.label if block.label else ''}`"
        values = convert_attributes(block.attributes, schema.attrs, (), cx, block.header_span,
                                    where)
        nested = _nested_blocks(ctx, block, schema, cx)
        if values is INVALID or nested is None:
            continue
        if not _exactly_one_of(ctx, block, schema, values):
            continue
        ctx.typed[block_id] = TypedBlock(block_id, block.kind, block.label, declared.module,
                                         block.span, block.header_span, values, cx.spans, nested)


def _converter(ctx: CompileContext, span) -> Converter:
    # Relative paths are relative to the file that wrote them, which may be a base module.
    return Converter(ctx.sink, {}, ctx.base_dir)


def _nested_blocks(ctx, block, schema: BlockSchema, cx) -> list[TypedNested] | None:
    result: list[TypedNested] = []
    ok = True
    seen: dict[tuple, NestedBlock] = {}
    for nested in block.blocks:
        nested_schema = schema.nested.get(nested.kind)
        if nested_schema is None:
            allowed = ", ".join(f"`{k}`" for k in schema.nested) or "none"
            ctx.sink.error("E0501", nested.span, f"`{block.kind}` blocks have no nested "
                           f"`{nested.kind}` block", label="not allowed here",
                           help=did_you_mean(nested.kind, schema.nested) or
                           f"nested blocks allowed here: {allowed}")
            ok = False
            continue
        label = _label(ctx, nested, nested_schema, cx)
        if label is INVALID:
            ok = False
            continue
        key = (nested.kind, label)
        if key in seen:
            ctx.sink.error("E0202", nested.span, f"`{nested.kind} {label}` appears twice",
                           label="again", notes=(Note(seen[key].span, "first here"),))
            ok = False
            continue
        seen[key] = nested
        for inner in nested.blocks:
            ctx.sink.error("E0501", inner.span, f"`{nested.kind}` blocks cannot nest blocks",
                           label="not allowed here")
            ok = False
        path = (nested.kind, label)
        values = convert_attributes(nested.attributes, nested_schema.attrs, path, cx,
                                    nested.span, f"in `{nested.kind} {label or ''}`".strip())
        if values is INVALID:
            ok = False
            continue
        cx.spans[path] = nested.span
        result.append(TypedNested(nested.kind, label, nested.span, values))
    for kind, nested_schema in schema.nested.items():
        count = sum(1 for n in block.blocks if n.kind == kind)
        if count < nested_schema.min_count:
            ctx.sink.error("E0502", block.header_span, f"`{block.kind}` needs at least "
                           f"{nested_schema.min_count} `{kind}` block(s)",
                           label=f"no `{kind}` block", help=nested_schema.doc)
            ok = False
    return result if ok else None


def _label(ctx, nested: NestedBlock, schema: NestedSchema, cx):
    label = nested.label
    if schema.label is None:
        if label is None:
            return None
        if isinstance(label, Reference) and len(label.parts) == 1:
            return label.parts[0]
        ctx.sink.error("E0503", label.span, f"the label of a `{nested.kind}` block is a plain "
                       "name", label="expected a name")
        return INVALID
    if label is None:
        ctx.sink.error("E0502", nested.span, f"a `{nested.kind}` block names what it is about",
                       label="label missing", help=schema.doc)
        return INVALID
    if not isinstance(label, BlockRef) and not (isinstance(label, Reference)):
        return INVALID
    return schema.label.convert(label, (nested.kind,), cx)


def _exactly_one_of(ctx, block, schema: BlockSchema, values: dict) -> bool:
    ok = True
    for group in schema.exactly_one_of:
        given = [name for name in group if values.get(name) is not None]
        if len(given) == 1:
            continue
        names = ", ".join(f"`{n}`" for n in group)
        if not given:
            ctx.sink.error("E0510", block.header_span, f"`{block.kind}` needs exactly one of "
                           f"{names}", label="none given")
        else:
            spans = [a.span for a in block.attributes if a.name in given]
            ctx.sink.error("E0510", spans[1], f"{' and '.join(f'`{n}`' for n in given)} cannot "
                           "be given together", label="conflicts with the other",
                           notes=(Note(spans[0], "first given here"),),
                           help=f"use exactly one of {names}")
        ok = False
    return ok
