"""Pass 9: typed values -> the frozen pydantic IR (`ctx.ir`), units already normalised.

Paths become portable: `std:<path>` inside the standard library, else relative to the root
recipe's folder (absolute paths and URLs stay as written).
"""
from __future__ import annotations

import os

from recipec.compiler.context import STDLIB_DIR, CompileContext, TypedBlock
from recipec.compiler.ir.models import NESTED_FIELDS, block_model
from recipec.compiler.ir.plan import Recipe
from recipec.compiler.passes.domain.check_settings import infer_format
from recipec.compiler.schema.types import PathValue

STD_SCHEME = "std:"


def lower_to_ir(ctx: CompileContext) -> None:
    root_dir = os.path.dirname(os.path.abspath(ctx.root_path))
    build = ctx.typed.get("build")
    blocks = {block_id: _lower_block(block, root_dir) for block_id, block in ctx.typed.items()}
    ctx.ir = Recipe(
        root=os.path.basename(ctx.root_path),
        seed=build.values["seed"] if build else 0,
        tasks=build.values["tasks"] if build else 1,
        blocks=blocks,
    )


def _lower_block(block: TypedBlock, root_dir: str):
    values = {name: portable(value, root_dir) for name, value in block.values.items()}
    if block.kind == "source":
        values["format"] = infer_format(block.values)
    for nested in block.nested:
        field, label_field = NESTED_FIELDS[nested.kind]
        entry = {label_field: nested.label,
                 **{k: portable(v, root_dir) for k, v in nested.values.items()}}
        values.setdefault(field, []).append(entry)
    return block_model(block.kind)(block_kind=block.kind, block_id=block.id, **values)


def portable(value, root_dir: str):
    """Values with paths rewritten to their portable form; containers walked."""
    if isinstance(value, PathValue):
        return portable_path(value, value.base_dir, root_dir)
    if isinstance(value, dict):
        return {k: portable(v, root_dir) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(portable(v, root_dir) for v in value)
    return value


def portable_path(path: str, base_dir: str, root_dir: str) -> str:
    if os.path.isabs(path) or "://" in path or path.startswith(STD_SCHEME):
        return path
    absolute = os.path.normpath(os.path.join(os.path.abspath(base_dir), path))
    stdlib = str(STDLIB_DIR)
    if absolute == stdlib or absolute.startswith(stdlib + os.sep):
        return STD_SCHEME + os.path.relpath(absolute, stdlib)
    return os.path.relpath(absolute, root_dir)
