"""Expression nodes: the values written on the right of `=`.

Every node is a frozen dataclass with a `span`. Nodes compare equal regardless of position when
compared with `same_as` (used by the formatter round-trip tests); plain `==` includes spans.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from recipec.compiler.diagnostics.diagnostic import Span


@dataclass(frozen=True)
class Expr:
    span: Span


@dataclass(frozen=True)
class String(Expr):
    value: str
    long: bool = False  # written as """...""": the formatter keeps it that way


@dataclass(frozen=True)
class Quantity(Expr):
    """A number with an optional unit suffix and unit word: `8Ki`, `5.2T tokens`, `70%`, `-1`."""

    text: str               # as written, for the formatter
    magnitude: Decimal      # the number before the unit
    unit: str | None        # Ki, M, %, s, MB, ...
    word: str | None        # tokens, docs, ...

    @property
    def is_integer_literal(self) -> bool:
        return self.unit is None and self.magnitude == self.magnitude.to_integral_value() \
            and not any(c in self.text for c in ".eE")


@dataclass(frozen=True)
class Constant(Expr):
    value: bool | None      # true, false, none


@dataclass(frozen=True)
class Reference(Expr):
    """`name`, `kind.label`, `alias.name`, `param.name`, `alias.kind.label.member`."""

    parts: tuple[str, ...]

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True)
class BlockRef(Expr):
    """A reference resolved to a block: made by `resolve_references`, never by the parser."""

    id: str       # the block's id in the compiled recipe, e.g. `pipeline.code_clean`
    kind: str
    written: str  # as the user wrote it, for messages


@dataclass(frozen=True)
class ParamRef(Expr):
    """A reference resolved to a `param`: replaced by its value in `apply_overrides`."""

    module: str
    name: str


@dataclass(frozen=True)
class KeywordArgument:
    span: Span
    name: str
    value: Expr


@dataclass(frozen=True)
class Call(Expr):
    """`language_id(keep = qwen.languages)`: a pipeline step or a value constructor."""

    callee: Reference
    args: tuple[Expr, ...]
    kwargs: tuple[KeywordArgument, ...]
    multiline: bool = False


@dataclass(frozen=True)
class ListExpr(Expr):
    items: tuple[Expr, ...]
    multiline: bool = False


@dataclass(frozen=True)
class ObjectExpr(Expr):
    attributes: tuple["Attribute", ...]
    multiline: bool = False


from recipec.compiler.ast.declarations import Attribute  # noqa: E402  (mutual reference)
