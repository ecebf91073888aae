"""Pass 5: resolve every name to what it means, with "did you mean" for the rest.

- `kind.label` -> a `BlockRef` to a block of this module (or, through an import alias,
  `alias.kind.label`, to a block of that module);
- `name`, `alias.name` (and `.member` into objects) -> the `let`'s value, substituted;
- `param.name` -> a `ParamRef`, replaced by the param's final value in `apply_overrides`;
- a single unknown name is left as a symbol for the schema (enum values, languages).

Names are looked up in the namespace of the module being compiled, so a base module's blocks see
the overrides of the module that extends it (late binding, like `override` in a subclass).
Only the root and the modules it imports (transitively) produce blocks; a module used only as
a base lives on inside the module that extends it.
"""
from __future__ import annotations

import dataclasses

from recipec.compiler.ast import (
    Attribute, Block, BlockRef, Call, Expr, KeywordArgument, ListExpr, NestedBlock, ObjectExpr,
    ParamRef, Reference,
)
from recipec.compiler.context import CompileContext, Declared, Namespace
from recipec.compiler.diagnostics.diagnostic import Note
from recipec.compiler.diagnostics.suggest import did_you_mean
from recipec.compiler.schema.kinds import BLOCK_KINDS


def resolve_references(ctx: CompileContext) -> None:
    resolver = _Resolver(ctx)
    for module in compiled_modules(ctx):
        namespace = ctx.namespaces[module]
        for local_id, chain in namespace.blocks.items():
            if module == ctx.root:
                ctx.root_blocks.append(local_id)
            ctx.resolved[ctx.block_id(module, local_id)] = [
                Declared(resolver.block(d.node, namespace), d.module) for d in chain
            ]
        for name in namespace.lets:  # unused lets are checked too
            resolver.let(namespace, name, None)
        for name, declared in namespace.params.items():
            if declared.node.default is not None:
                resolver.param_defaults[(module, name)] = resolver.expr(declared.node.default,
                                                                         namespace)
    ctx.param_defaults = resolver.param_defaults


def compiled_modules(ctx: CompileContext) -> list[str]:
    """The root and every module reachable from it through imports (not through `extends`)."""
    seen: list[str] = []
    pending = [ctx.root]
    while pending:
        module = pending.pop()
        if module in seen or module not in ctx.namespaces:
            continue
        seen.append(module)
        for declared in ctx.namespaces[module].imports.values():
            pending.append(ctx.imports_of[declared.module][declared.node.alias])
    return seen


class _Resolver:
    def __init__(self, ctx: CompileContext):
        self.ctx = ctx
        self.lets: dict[tuple[str, str], Expr] = {}
        self.resolving: list[tuple[str, str]] = []
        self.param_defaults: dict[tuple[str, str], Expr] = {}

    # ------------------------------------------------------------------ blocks
    def block(self, node: Block, ns: Namespace) -> Block:
        extends = self.expr(node.extends, ns) if node.extends is not None else None
        return dataclasses.replace(
            node, extends=extends, attributes=self.attributes(node.attributes, ns),
            blocks=tuple(self.nested(b, ns) for b in node.blocks))

    def nested(self, node: NestedBlock, ns: Namespace) -> NestedBlock:
        label = self.expr(node.label, ns) if node.label is not None else None
        return dataclasses.replace(node, label=label,
                                   attributes=self.attributes(node.attributes, ns),
                                   blocks=tuple(self.nested(b, ns) for b in node.blocks))

    def attributes(self, attributes, ns) -> tuple[Attribute, ...]:
        return tuple(dataclasses.replace(a, value=self.expr(a.value, ns)) for a in attributes)

    # ------------------------------------------------------------------ expressions
    def expr(self, expr: Expr, ns: Namespace) -> Expr:
        if isinstance(expr, Reference):
            return self.reference(expr, ns)
        if isinstance(expr, Call):
            return dataclasses.replace(
                expr, args=tuple(self.expr(a, ns) for a in expr.args),
                kwargs=tuple(KeywordArgument(k.span, k.name, self.expr(k.value, ns))
                             for k in expr.kwargs))
        if isinstance(expr, ListExpr):
            return dataclasses.replace(expr, items=tuple(self.expr(i, ns) for i in expr.items))
        if isinstance(expr, ObjectExpr):
            return dataclasses.replace(expr, attributes=self.attributes(expr.attributes, ns))
        return expr

    def reference(self, ref: Reference, ns: Namespace) -> Expr:
        head, rest = ref.parts[0], ref.parts[1:]
        if head == "param":
            return self._param(ref, ns)
        if head in BLOCK_KINDS and len(rest) == 1:
            return self._block(ref, ns, ns.module, ref.parts)
        if head in ns.imports:
            return self._through_import(ref, ns)
        if head in ns.lets:
            return self._member(ref, self.let(ns, head, ref), rest)
        if not rest:
            return ref  # a symbol: the schema decides (enum value, language name)
        return self._unknown(ref, f"`{ref.dotted}`", ns)

    def _param(self, ref: Reference, ns: Namespace) -> Expr:
        if len(ref.parts) != 2:
            return self._error("E0201", ref, "a param is referenced as `param.name`",
                               "expected `param.name`")
        name = ref.parts[1]
        if name not in ns.params:
            help = did_you_mean(name, ns.params) or "declare it: `param name: int = 1`"
            return self._error("E0201", ref, f"unknown param `{name}`", "not declared", help)
        return ParamRef(ref.span, ns.module, name)

    def _block(self, ref: Reference, ns: Namespace, module: str, parts) -> Expr:
        kind, label = parts[-2], parts[-1]
        target_ns = self.ctx.namespaces[module]
        local_id = f"{kind}.{label}"
        if local_id not in target_ns.blocks:
            candidates = list(target_ns.blocks)
            help = did_you_mean(local_id, candidates)
            if not help:
                same = [i for i in candidates if i.startswith(kind + ".")]
                help = ("declared " + kind + " blocks: " + ", ".join(f"`{i}`" for i in same[:6])
                        if same else f"no `{kind}` block is declared")
            where = "in this recipe or its imports" if module == ns.module else \
                f"in module `{module}`"
            return self._error("E0201", ref, f"unknown reference `{ref.dotted}`",
                               f"not declared {where}", help)
        return BlockRef(ref.span, self.ctx.block_id(module, local_id), kind, ref.dotted)

    def _through_import(self, ref: Reference, ns: Namespace) -> Expr:
        alias, rest = ref.parts[0], ref.parts[1:]
        declared = ns.imports[alias]
        module = self.ctx.imports_of[declared.module][alias]
        if module not in self.ctx.namespaces:
            return ref  # the module failed to load; that error is already reported
        target = self.ctx.namespaces[module]
        if not rest:
            return self._error("E0201", ref, f"`{alias}` is a module, not a value",
                               "a module", f"name something in it, e.g. `{alias}.<name>`")
        if rest[0] in BLOCK_KINDS and len(rest) >= 2:
            return self._block(ref, ns, module, rest[:2]) if len(rest) == 2 else \
                self._error("E0201", ref, "blocks have no members", "reference the block itself")
        if rest[0] in target.lets:
            return self._member(ref, self.let(target, rest[0], ref), rest[1:])
        names = list(target.lets) + list(target.blocks)
        return self._error("E0201", ref, f"module `{alias}` has no `{rest[0]}`",
                           "not declared there", did_you_mean(rest[0], names))

    def let(self, ns: Namespace, name: str, use: Reference | None) -> Expr:
        key = (ns.module, name)
        if key in self.lets:
            return self.lets[key]
        if key in self.resolving:
            cycle = self.resolving[self.resolving.index(key):] + [key]
            declared = ns.lets[name]
            self.ctx.sink.error("E0204", declared.node.span,
                                "`let` values refer to each other in a cycle: "
                                + " -> ".join(n for _, n in cycle), label="part of the cycle",
                                notes=(Note(use.span, "used here"),) if use else ())
            return use or declared.node.value
        self.resolving.append(key)
        value = self.expr(ns.lets[name].node.value, ns)
        self.resolving.pop()
        self.lets[key] = value
        return value

    def _member(self, ref: Reference, value: Expr, members) -> Expr:
        for member in members:
            if not isinstance(value, ObjectExpr):
                return self._error("E0201", ref, f"`{ref.dotted}`: only objects have members",
                                   f"`{member}` is not a member")
            found = next((a.value for a in value.attributes if a.name == member), None)
            if found is None:
                return self._error("E0201", ref, f"no member `{member}` in `{ref.dotted}`",
                                   "no such member",
                                   did_you_mean(member, [a.name for a in value.attributes]))
            value = found
        return value

    def _unknown(self, ref: Reference, what: str, ns: Namespace) -> Expr:
        names = [f"{alias}" for alias in ns.imports] + list(ns.lets) + list(ns.blocks)
        return self._error("E0201", ref, f"unknown reference {what}",
                           "not declared in this recipe or its imports",
                           did_you_mean(ref.dotted, names))

    def _error(self, code: str, ref: Reference, message: str, label: str, help: str = "") -> Expr:
        self.ctx.sink.error(code, ref.span, message, label=label, help=help)
        return ref
