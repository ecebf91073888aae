"""Parse failures -> messages, by example (Lark's `match_examples`).

Each entry: a code, a message, a help line, and short inputs that fail at the same parser state.
Anything not matched falls back to E0101 with the list of expected tokens.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SyntaxErrorKind:
    code: str
    message: str
    help: str


COLON_FOR_EQUALS = SyntaxErrorKind(
    "E0104", "expected `=` after an attribute name",
    "attributes are written `name = value`, e.g. `rate = 50%`")
MISSING_VALUE = SyntaxErrorKind(
    "E0106", "expected a value",
    "a value is a string, a number with an optional unit, a reference, a call, a list or an object")

EXAMPLES: dict[SyntaxErrorKind, list[str]] = {
    COLON_FOR_EQUALS: [
        "source a { path: 1 }",
        "source a { x = 1 path: 1 }",
        "source a { c x { y: 1 } }",
    ],
    MISSING_VALUE: [
        "source a { path = }",
        "source a { path = , }",
        "let x = }",
        "source a { x = [1, = ] }",
        "source a { x = f(a = ) }",
    ],
}

# Terminal names -> what a person calls them, for "expected one of ...".
TOKEN_NAMES = {
    "NAME": "a name", "STRING": "a string", "LONG_STRING": "a string", "QUANTITY": "a number",
    "LBRACE": "`{`", "RBRACE": "`}`", "LSQB": "`[`", "RSQB": "`]`", "LPAR": "`(`", "RPAR": "`)`",
    "EQUAL": "`=`", "COMMA": "`,`", "DOT": "`.`", "COLON": "`:`", "IMPORT": "`import`",
    "AS": "`as`", "PARAM": "`param`", "LET": "`let`", "EXTENDS": "`extends`", "OVERRIDE": "`override`", "TRUE": "`true`",
    "FALSE": "`false`", "NONE": "`none`", "$END": "end of file",
}


def describe_expected(expected: set[str]) -> str:
    names = sorted({TOKEN_NAMES.get(t, t) for t in expected})
    if len(names) > 6:
        names = names[:6] + ["..."]
    return ", ".join(names)
