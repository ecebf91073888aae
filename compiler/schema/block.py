"""The schema of a block kind: its attributes, nested blocks, label rule and constraints."""
from __future__ import annotations

from dataclasses import dataclass, field

from recipec.compiler.schema.types import Attr, Type


@dataclass(frozen=True)
class NestedSchema:
    """Nested blocks such as `component pipeline.code { weight = 70% }` or `item clarity {...}`.

    `label` is the type of the label: a `Ref` (components name a block) or None for a plain name.
    """

    kind: str
    attrs: dict[str, Attr]
    label: Type | None = None
    doc: str = ""
    min_count: int = 0


@dataclass(frozen=True)
class BlockSchema:
    kind: str
    doc: str
    attrs: dict[str, Attr]
    nested: dict[str, NestedSchema] = field(default_factory=dict)
    labelled: bool = True          # False: a singleton such as `build { ... }`
    exactly_one_of: tuple[tuple[str, ...], ...] = ()   # groups of which exactly one is set
    extendable: bool = False       # may use `extends kind.label`
    example: str = ""
