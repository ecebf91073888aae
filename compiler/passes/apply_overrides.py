"""Pass 6: one effective block per id, with params substituted.

- `override` chains (from `extends "./base.recipe"`) and block-level `extends kind.label` merge
  the same way: attributes of the later declaration replace the earlier ones; nested blocks with
  the same kind and label merge recursively; new ones are added.
- `param.name` becomes the param's value: `-p name=value` if given, else its default.
"""
from __future__ import annotations

import dataclasses

from recipec.compiler.ast import (
    Attribute, Block, BlockRef, Call, Constant, Expr, KeywordArgument, ListExpr, NestedBlock,
    ObjectExpr, ParamRef, Quantity, Reference, String,
)
from recipec.compiler.context import CompileContext, Declared
from recipec.compiler.diagnostics.diagnostic import Note
from recipec.compiler.diagnostics.suggest import did_you_mean
from recipec.compiler.parse import parse_expression
from recipec.compiler.schema import units

COMMAND_LINE = "<command line>"


def apply_overrides(ctx: CompileContext) -> None:
    values = _param_values(ctx)
    merged = {block_id: _merge_chain(chain) for block_id, chain in ctx.resolved.items()}
    extended: dict[str, Declared] = {}
    for block_id in merged:
        _apply_extends(ctx, block_id, merged, extended, ())
    for block_id, declared in extended.items():
        node = _substitute_block(declared.node, values)
        ctx.blocks[block_id] = Declared(node, declared.module)


# ====================================================================== params
def _param_values(ctx: CompileContext) -> dict[tuple[str, str], Expr]:
    values = dict(ctx.param_defaults)
    root_params = ctx.namespaces[ctx.root].params if ctx.root in ctx.namespaces else {}
    for name, text in ctx.param_overrides.items():
        declared = root_params.get(name)
        if declared is None:
            ctx.sink.error("E0401", None, f"`-p {name}=...`: the recipe has no param `{name}`",
                           help=did_you_mean(name, root_params) or
                           ("its params are " + ", ".join(root_params) if root_params else
                            "this recipe declares no params"))
            continue
        value = _parse_override(ctx, declared.node, text)
        if value is not None:
            values[(ctx.root, name)] = value
    for name, declared in root_params.items():
        value = values.get((ctx.root, name))
        if value is None:
            ctx.sink.error("E0402", declared.node.span, f"param `{name}` has no value",
                           label="no default", help=f"give one: `-p {name}=...`")
        elif declared.node.type is not None:
            _check_param_type(ctx, declared.node, value)
    return values


def _parse_override(ctx: CompileContext, param, text: str) -> Expr | None:
    from recipec.compiler.diagnostics.diagnostic import DiagnosticSink

    scratch = DiagnosticSink()
    value = parse_expression(text, COMMAND_LINE, scratch)
    if param.type == "string" and not isinstance(value, String):
        span = param.span  # a bare word on the command line means the string itself
        return String(span, text)
    if value is None:
        reason = scratch.diagnostics[0].message if scratch.diagnostics else "not a value"
        ctx.sink.error("E0404", None, f"`-p {param.name}={text}`: {reason}",
                       help="values are written as in a recipe: 7, 300B, 50%, \"text\", true")
        return None
    # Point errors about the value at the param's declaration: the command line has no lines.
    return _respan(value, param.span)


def _respan(expr: Expr, span) -> Expr:
    replaced = dataclasses.replace(expr, span=span)
    if isinstance(expr, ListExpr):
        return dataclasses.replace(replaced, items=tuple(_respan(i, span) for i in expr.items))
    return replaced


def _check_param_type(ctx: CompileContext, param, value: Expr) -> None:
    ok = {
        "int": isinstance(value, Quantity) and value.unit in units.COUNT and
        (value.magnitude * units.COUNT[value.unit]) % 1 == 0,
        "float": isinstance(value, Quantity) and value.unit is None,
        "quantity": isinstance(value, Quantity),
        "string": isinstance(value, String),
        "bool": isinstance(value, Constant) and isinstance(value.value, bool),
        "list": isinstance(value, ListExpr),
    }.get(param.type, True)
    if not ok:
        ctx.sink.error("E0403", param.span, f"param `{param.name}` is declared `{param.type}`, "
                       f"but its value is not", label=f"expected {param.type}")


# ====================================================================== merging
def _merge_chain(chain: list[Declared]) -> Declared:
    result = chain[0]
    for later in chain[1:]:
        result = Declared(merge_blocks(result.node, later.node), result.module)
    return result


def merge_blocks(base: Block | NestedBlock, over: Block | NestedBlock):
    attributes = {a.name: a for a in base.attributes}
    attributes.update({a.name: a for a in over.attributes})
    nested = {_nested_key(b): b for b in base.blocks}
    for block in over.blocks:
        key = _nested_key(block)
        nested[key] = merge_blocks(nested[key], block) if key in nested else block
    return dataclasses.replace(over if isinstance(over, NestedBlock) else base,
                               attributes=tuple(attributes.values()),
                               blocks=tuple(nested.values()),
                               **({} if isinstance(over, NestedBlock) else
                                  {"span": over.span, "extends": over.extends or base.extends}))


def _nested_key(block: NestedBlock) -> tuple:
    label = block.label
    if isinstance(label, BlockRef):
        return block.kind, label.id
    if isinstance(label, Reference):
        return block.kind, label.dotted
    return block.kind, None


def _apply_extends(ctx, block_id: str, merged: dict, done: dict, stack: tuple) -> Declared | None:
    if block_id in done:
        return done[block_id]
    declared = merged[block_id]
    ref = declared.node.extends
    if not isinstance(ref, BlockRef):
        done[block_id] = declared
        return declared
    if ref.id in stack or ref.id == block_id:
        ctx.sink.error("E0407", ref.span, "blocks extend each other in a cycle: "
                       + " -> ".join(stack + (block_id, ref.id)), label="closes the cycle")
        done[block_id] = declared
        return declared
    if ref.kind != declared.node.kind:
        ctx.sink.error("E0405", ref.span, f"a `{declared.node.kind}` block can only extend "
                       f"another `{declared.node.kind}`", label=f"this is a {ref.kind} block",
                       notes=(Note(declared.node.header_span, "the extending block"),))
        done[block_id] = declared
        return declared
    base = _apply_extends(ctx, ref.id, merged, done, stack + (block_id,))
    result = Declared(merge_blocks(base.node, declared.node), declared.module)
    done[block_id] = result
    return result


# ====================================================================== substitution
def _substitute_block(node, values):
    return dataclasses.replace(
        node, attributes=tuple(_substitute_attribute(a, values) for a in node.attributes),
        blocks=tuple(_substitute_block(b, values) for b in node.blocks))


def _substitute_attribute(attribute: Attribute, values) -> Attribute:
    return dataclasses.replace(attribute, value=_substitute(attribute.value, values))


def _substitute(expr: Expr, values, seen: tuple = ()) -> Expr:
    if isinstance(expr, ParamRef):
        key = (expr.module, expr.name)
        value = values.get(key)
        # A param whose default names itself (through others) stays unresolved; the schema
        # then reports a wrong type where it is used.
        return expr if value is None or key in seen else _substitute(value, values, seen + (key,))
    if isinstance(expr, Call):
        return dataclasses.replace(
            expr, args=tuple(_substitute(a, values) for a in expr.args),
            kwargs=tuple(KeywordArgument(k.span, k.name, _substitute(k.value, values))
                         for k in expr.kwargs))
    if isinstance(expr, ListExpr):
        return dataclasses.replace(expr, items=tuple(_substitute(i, values) for i in expr.items))
    if isinstance(expr, ObjectExpr):
        return dataclasses.replace(
            expr, attributes=tuple(_substitute_attribute(a, values) for a in expr.attributes))
    return expr
