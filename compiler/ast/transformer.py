"""Lark parse tree -> typed AST. Construction only: no checking happens here.

The one thing that can go wrong while building nodes is an invalid escape in a string; that is
recorded as a diagnostic (never raised, since Lark would wrap it in a VisitError).
"""
from __future__ import annotations

import json
import re
from decimal import Decimal

from lark import Token, Transformer, v_args

from recipec.compiler.ast.declarations import (
    Attribute, Block, Extends, Import, Let, Module, NestedBlock, Param,
)
from recipec.compiler.ast.expressions import (
    Call, Constant, KeywordArgument, ListExpr, ObjectExpr, Quantity, Reference, String,
)
from recipec.compiler.diagnostics.diagnostic import DiagnosticSink, Span

_QUANTITY = re.compile(
    r"(?P<number>-?[0-9][0-9_]*(\.[0-9]+)?([eE][+-]?[0-9]+)?)(?P<unit>[A-Za-z%]+)?"
    r"([ \t]+(?P<word>[a-z]+))?$"
)


@v_args(meta=True)
class ToAst(Transformer):
    def __init__(self, file: str, source: str, sink: DiagnosticSink):
        super().__init__()
        self.file = file
        self.source = source
        self.sink = sink

    # ------------------------------------------------------------------ helpers
    def _span(self, meta) -> Span:
        return Span.from_meta(self.file, meta)

    def _token_span(self, token: Token) -> Span:
        return Span.from_token(self.file, token)

    # ------------------------------------------------------------------ module
    def start(self, meta, items):
        return Module(self.file, self.source, tuple(items))

    def extends_decl(self, meta, children):
        _, path = children
        return Extends(self._span(meta), json.loads(path.value), self._token_span(path))

    def import_decl(self, meta, children):
        _, path, _, alias = children
        return Import(self._span(meta), json.loads(path.value), self._token_span(path), str(alias))

    def param_decl(self, meta, children):
        override, _, name, type_name, *default = children  # `[= value]` may leave no slot
        default = default[0] if default else None
        return Param(self._span(meta), str(name), str(type_name) if type_name else None, default,
                     override is not None)

    def let_decl(self, meta, children):
        override, _, name, value = children
        return Let(self._span(meta), str(name), value, override is not None)

    def block(self, meta, children):
        override, kind, label, _extends_keyword, extends, *body = children
        attributes = tuple(c for c in body if isinstance(c, Attribute))
        blocks = tuple(c for c in body if isinstance(c, NestedBlock))
        header = self._token_span(kind).to(self._token_span(label or kind))
        return Block(self._span(meta), str(kind), str(label) if label else None, header, extends,
                     attributes, blocks, override is not None)

    def nested_block(self, meta, children):
        kind, label, *body = children
        attributes = tuple(c for c in body if isinstance(c, Attribute))
        blocks = tuple(c for c in body if isinstance(c, NestedBlock))
        return NestedBlock(self._span(meta), str(kind), label, attributes, blocks)

    def attribute(self, meta, children):
        name, value = children
        return Attribute(self._span(meta), str(name), self._token_span(name), value)

    # ------------------------------------------------------------------ expressions
    def reference(self, meta, parts):
        return Reference(self._span(meta), tuple(str(p) for p in parts))

    def call(self, meta, children):
        callee, *arguments = children
        args = tuple(a for a in arguments if not isinstance(a, KeywordArgument))
        kwargs = tuple(a for a in arguments if isinstance(a, KeywordArgument))
        span = self._span(meta)
        return Call(span, callee, args, kwargs, span.line != span.end_line)

    def keyword_argument(self, meta, children):
        name, value = children
        return KeywordArgument(self._span(meta), str(name), value)

    def list(self, meta, items):
        span = self._span(meta)
        items = tuple(i for i in items if i is not None)
        return ListExpr(span, items, span.line != span.end_line)

    def object(self, meta, attributes):
        span = self._span(meta)
        return ObjectExpr(span, tuple(attributes), span.line != span.end_line)

    def string(self, meta, children):
        (token,) = children
        span = self._span(meta)
        if token.type == "LONG_STRING":
            return String(span, token.value[3:-3], long=True)
        try:
            return String(span, json.loads(token.value))
        except json.JSONDecodeError:
            self.sink.error("E0105", span, "invalid escape sequence in string",
                            label="not a valid escape",
                            help=r'use \\ for a backslash, \" for a quote, \n for a newline, '
                                 r'or a """long string""" which keeps backslashes as written')
            return String(span, token.value[1:-1])

    def constant(self, meta, children):
        (token,) = children
        value = {"true": True, "false": False, "none": None}[token.value]
        return Constant(self._span(meta), value)

    def quantity(self, meta, children):
        (token,) = children
        match = _QUANTITY.match(token.value)
        number = match.group("number").replace("_", "")
        return Quantity(self._span(meta), token.value, Decimal(number),
                        match.group("unit"), match.group("word"))
