"""The typed syntax tree of a recipe: frozen dataclasses, each with a `Span`."""
from recipec.compiler.ast.declarations import (
    Attribute, Block, Comment, Declaration, Extends, Import, Let, Module, NestedBlock, Param,
)
from recipec.compiler.ast.expressions import (
    BlockRef, Call, Constant, Expr, KeywordArgument, ListExpr, ObjectExpr, ParamRef, Quantity, Reference,
    String,
)

__all__ = [
    "Attribute", "Block", "BlockRef", "Call", "Comment", "Constant", "Declaration", "Expr", "Extends", "Import",
    "KeywordArgument", "Let", "ListExpr", "Module", "NestedBlock", "ObjectExpr", "Param", "ParamRef",
    "Quantity", "Reference", "String",
]
