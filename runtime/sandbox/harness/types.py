"""Parsing declared types (C++, Java, Rust) into small trees the literal writers walk.

Only the shapes test arguments can take are understood: scalars, strings, sequences, maps,
tuples and optionals, nested. Anything else comes back with its name, for the writer to refuse
or to fall back on the shape of the JSON value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class TypeNode:
    name: str  # a type name without namespace ("vector", "i32", "String"), or a marker below
    args: list["TypeNode"] = field(default_factory=list)
    text: str = ""  # the source text of this (sub)type
    # Markers: "&" / "&mut" (Rust references), "slice" ([T]), "array" ([T; N] or Java T[]),
    # "tuple" ((A, B)).

    def __repr__(self) -> str:
        return f"{self.name}<{', '.join(map(repr, self.args))}>" if self.args else self.name


TOKEN = re.compile(r"\s*(::|&&|[<>,()\[\];&*]|'?[A-Za-z_][\w]*|\d+|\?)")


def _tokens(text: str) -> list[str]:
    tokens, position = [], 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None:
            if text[position:].strip():
                raise ValueError(f"cannot read type {text!r}")
            break
        tokens.append(match.group(1))
        position = match.end()
    return tokens


class _Reader:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.position = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"expected {expected or 'a type'}, found {token}")
        self.position += 1
        return token


def _generic(reader: _Reader, qualifiers: tuple[str, ...]) -> TypeNode:
    """`a::b::Name<Args>` (namespace dropped), skipping qualifiers like const/final."""
    while reader.peek() in qualifiers:
        reader.take()
    name = reader.take()
    while reader.peek() == "::":
        reader.take()
        name = reader.take()
    # C's multi-word scalars: `long long`, `unsigned int`, `signed char`.
    while reader.peek() in ("long", "int", "short", "char", "double") and name.split()[-1] in (
            "long", "unsigned", "signed", "short"):
        name = f"{name} {reader.take()}"
    node = TypeNode(name)
    if reader.peek() == "<":
        reader.take("<")
        while reader.peek() != ">":
            node.args.append(_any_type(reader, qualifiers))
            if reader.peek() == ",":
                reader.take(",")
        reader.take(">")
    return node


def _any_type(reader: _Reader, qualifiers: tuple[str, ...]) -> TypeNode:
    token = reader.peek()
    if token == "&":  # Rust reference
        reader.take()
        if reader.peek() and reader.peek().startswith("'"):
            reader.take()  # lifetime
        mutable = reader.peek() == "mut"
        if mutable:
            reader.take()
        return TypeNode("&mut" if mutable else "&", [_any_type(reader, qualifiers)])
    if token == "[":  # Rust [T] or [T; N]
        reader.take("[")
        element = _any_type(reader, qualifiers)
        kind = "slice"
        if reader.peek() == ";":
            reader.take(";")
            reader.take()
            kind = "array"
        reader.take("]")
        return TypeNode(kind, [element])
    if token == "(":  # Rust tuple
        reader.take("(")
        items = []
        while reader.peek() != ")":
            items.append(_any_type(reader, qualifiers))
            if reader.peek() == ",":
                reader.take(",")
        reader.take(")")
        return TypeNode("tuple" if items else "()", items)
    if token == "?":  # Java wildcard: `? extends T` reads as T
        reader.take()
        if reader.peek() in ("extends", "super"):
            reader.take()
            return _any_type(reader, qualifiers)
        return TypeNode("Object")
    node = _generic(reader, qualifiers)
    while reader.peek() == "[":  # Java arrays: T[][]
        reader.take("[")
        reader.take("]")
        node = TypeNode("array", [node])
    while reader.peek() in ("*", "&", "&&", "const"):  # C++ declarator marks on a template argument
        mark = reader.take()
        if mark == "*":
            node = TypeNode("pointer", [node])
    return node


def parse_type(text: str, qualifiers: tuple[str, ...] = ("const", "final", "volatile", "struct",
                                                           "typename", "dyn", "mut")) -> TypeNode:
    reader = _Reader(text)
    node = _any_type(reader, qualifiers)
    node.text = text
    return node
