"""Declaration nodes: what a module is made of."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

from recipec.compiler.diagnostics.diagnostic import Span

if TYPE_CHECKING:
    from recipec.compiler.ast.expressions import Expr, Reference


@dataclass(frozen=True)
class Attribute:
    span: Span
    name: str
    name_span: Span
    value: "Expr"


@dataclass(frozen=True)
class NestedBlock:
    """`component pipeline.code_clean { weight = 70% }` or `item clarity { ... }` inside a block."""

    span: Span
    kind: str
    label: "Reference | None"
    attributes: tuple[Attribute, ...]
    blocks: tuple["NestedBlock", ...]


@dataclass(frozen=True)
class Block:
    """`[override] kind [label] [extends kind.label] { ... }` at the top level of a module."""

    span: Span
    kind: str
    label: str | None        # None for singleton kinds such as `build`
    header_span: Span        # `kind label`, where "declared here" points
    extends: "Reference | None"
    attributes: tuple[Attribute, ...]
    blocks: tuple[NestedBlock, ...]
    override: bool = False

    @property
    def id(self) -> str:
        return self.kind if self.label is None else f"{self.kind}.{self.label}"


@dataclass(frozen=True)
class Extends:
    """`extends "./main.recipe"`: this module is that module plus its own declarations."""

    span: Span
    path: str
    path_span: Span


@dataclass(frozen=True)
class Import:
    span: Span
    path: str
    path_span: Span
    alias: str


@dataclass(frozen=True)
class Param:
    span: Span
    name: str
    type: str | None
    default: "Expr | None"
    override: bool = False


@dataclass(frozen=True)
class Let:
    span: Span
    name: str
    value: "Expr"
    override: bool = False


Declaration = Union[Extends, Import, Param, Let, Block]


@dataclass(frozen=True)
class Comment:
    line: int
    col: int
    text: str


@dataclass(frozen=True)
class Module:
    file: str                      # the name diagnostics show
    source: str
    declarations: tuple[Declaration, ...]
    comments: tuple[Comment, ...] = field(default=(), compare=False)

    def of_type(self, cls):
        return [d for d in self.declarations if isinstance(d, cls)]
