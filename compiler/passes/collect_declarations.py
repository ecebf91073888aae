"""Pass 4: build each module's namespace; report duplicates, unknown kinds and bad overrides.

A module that `extends` another starts from a copy of the base's namespace. Its declarations
add names; an `override` declaration must name something the base has, and is appended to that
name's chain (blocks are merged later, in `apply_overrides`).
"""
from __future__ import annotations

from recipec.compiler.ast import Block, Import, Let, Param
from recipec.compiler.context import CompileContext, Declared, Namespace
from recipec.compiler.diagnostics.diagnostic import Note
from recipec.compiler.diagnostics.suggest import did_you_mean
from recipec.compiler.schema.kinds import BLOCK_KINDS

PARAM_TYPES = ("int", "float", "string", "bool", "quantity", "list", "any")


def collect_declarations(ctx: CompileContext) -> None:
    for key in ctx.modules:
        _namespace(ctx, key)


def _namespace(ctx: CompileContext, key: str) -> Namespace:
    if key in ctx.namespaces:
        return ctx.namespaces[key]
    namespace = Namespace(key)
    ctx.namespaces[key] = namespace
    base = ctx.base_of.get(key)
    if base in ctx.modules:
        inherited = _namespace(ctx, base)
        namespace.imports = dict(inherited.imports)
        namespace.params = dict(inherited.params)
        namespace.lets = dict(inherited.lets)
        namespace.blocks = {k: list(v) for k, v in inherited.blocks.items()}
    own_names: set[str] = set()
    for node in ctx.modules[key].declarations:
        if isinstance(node, Import):
            _add_import(ctx, namespace, node, key)
        elif isinstance(node, Param):
            _add_value(ctx, namespace.params, node, key, "param", own_names)
        elif isinstance(node, Let):
            _add_value(ctx, namespace.lets, node, key, "let", own_names)
        elif isinstance(node, Block):
            _add_block(ctx, namespace, node, key)
    return namespace


def _add_import(ctx, namespace: Namespace, node: Import, key: str) -> None:
    previous = namespace.imports.get(node.alias)
    target = ctx.imports_of.get(key, {}).get(node.alias)
    if previous is not None and ctx.imports_of.get(previous.module, {}).get(node.alias) != target:
        ctx.sink.error("E0202", node.span, f"the alias `{node.alias}` is already used",
                       label="imported again under the same name",
                       notes=(Note(previous.node.span, "first import"),),
                       help="choose another alias: `import \"...\" as other`")
        return
    namespace.imports[node.alias] = Declared(node, key)


def _add_value(ctx, table: dict, node: Param | Let, key: str, what: str, own: set) -> None:
    previous = table.get(node.name)
    if isinstance(node, Param) and node.type is not None and node.type not in PARAM_TYPES:
        ctx.sink.error("E0406", node.span, f"unknown param type `{node.type}`",
                       label="not a type", help=did_you_mean(node.type, PARAM_TYPES) or
                       "types are " + ", ".join(PARAM_TYPES))
    if node.override:
        if previous is None:
            ctx.sink.error("E0208", node.span, f"`override {what} {node.name}`, but no base "
                           f"module declares `{node.name}`", label="nothing to override",
                           help=did_you_mean(node.name, table) or
                           f"drop `override` to declare a new {what}")
            return
        table[node.name] = Declared(node, key)
        return
    if (what, node.name) in own or previous is not None:
        first = previous.node.span if previous else None
        ctx.sink.error("E0202", node.span, f"`{what} {node.name}` is declared twice",
                       label="declared again", notes=(Note(first, "first declared here"),)
                       if first else (),
                       help=f"write `override {what} {node.name} = ...` to change a base "
                            f"module's value" if previous and previous.module != key else "")
        return
    own.add((what, node.name))
    table[node.name] = Declared(node, key)


def _add_block(ctx, namespace: Namespace, node: Block, key: str) -> None:
    schema = BLOCK_KINDS.get(node.kind)
    if schema is None:
        ctx.sink.error("E0203", node.header_span, f"unknown block kind `{node.kind}`",
                       label="not a block kind", help=did_you_mean(node.kind, BLOCK_KINDS))
        return
    if schema.labelled and node.label is None:
        ctx.sink.error("E0209", node.header_span, f"a `{node.kind}` block needs a label",
                       label="label missing", help=f"write `{node.kind} my_name {{ ... }}`")
        return
    if not schema.labelled and node.label is not None:
        ctx.sink.error("E0209", node.header_span, f"a `{node.kind}` block takes no label",
                       label="unexpected label", help=f"write `{node.kind} {{ ... }}`")
        return
    if node.extends is not None and not schema.extendable:
        ctx.sink.error("E0405", node.extends.span, f"`{node.kind}` blocks cannot extend another",
                       label="`extends` not allowed here",
                       help="blocks that can: " + ", ".join(
                           k for k, s in BLOCK_KINDS.items() if s.extendable))
    chain = namespace.blocks.get(node.id)
    if node.override:
        if chain is None:
            same_kind = [i for i in namespace.blocks if i.startswith(node.kind + ".")]
            ctx.sink.error("E0208", node.header_span, f"`override {node.id}`, but no base module "
                           f"declares `{node.id}`", label="nothing to override",
                           help=did_you_mean(node.id, same_kind) or
                           "drop `override` to declare a new block")
            return
        chain.append(Declared(node, key))
        return
    if chain is not None:
        first = chain[0]
        inherited = first.module != key
        ctx.sink.error("E0202", node.header_span, f"`{node.id}` is declared twice",
                       label="declared again", notes=(Note(first.node.header_span,
                                                           "first declared here"),),
                       help=f"write `override {node.kind} {node.label or ''} {{ ... }}` to change "
                            f"the base module's block".replace("  ", " ") if inherited else
                            "rename one of them")
        return
    namespace.blocks[node.id] = [Declared(node, key)]
