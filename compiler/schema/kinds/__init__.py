"""Every block kind the language has, by name."""
from __future__ import annotations

from recipec.compiler.schema.block import BlockSchema
from recipec.compiler.schema.kinds import data, judging, shaping, synthesis, training

BLOCK_KINDS: dict[str, BlockSchema] = {
    schema.kind: schema
    for module in (data, shaping, synthesis, judging, training)
    for schema in module.KINDS
}
