"""Source text -> `Module` AST, or diagnostics.

One LALR parser is built per process (its tables cached on disk by Lark), and only when a file
is not in the AST cache (`ast_cache.py`): a warm `recipec check` never imports lark. Comments
are collected aside by a lexer callback so that neither the grammar nor the AST carries them,
yet `recipec fmt` can put them back.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from recipec.compiler import ast_cache
from recipec.compiler.ast import Comment, Module
from recipec.compiler.diagnostics.diagnostic import DiagnosticSink, Note, Span

if TYPE_CHECKING:
    from lark import Lark, Token
    from lark.exceptions import UnexpectedInput

GRAMMAR = Path(__file__).parent / "grammar" / "recipe.lark"

_lock = threading.Lock()
_comments: list[Token] = []


@lru_cache(maxsize=1)
def _parser() -> Lark:
    from lark import Lark

    return Lark.open(
        str(GRAMMAR), parser="lalr", propagate_positions=True, maybe_placeholders=True,
        lexer_callbacks={"COMMENT": _comments.append}, cache=True,
    )


@lru_cache(maxsize=1)
def _examples() -> dict:
    from recipec.compiler.grammar import syntax_errors

    return syntax_errors.EXAMPLES


def parse(source: str, file: str, sink: DiagnosticSink) -> Module | None:
    """Parse one file. On a syntax error, report it to `sink` and return None."""
    cached_entry = ast_cache.entry(source, file)
    cached = cached_entry.load()
    if cached is not None:
        return cached
    own = DiagnosticSink()
    module = _parse(source, file, own)
    for diagnostic in own.diagnostics:
        sink.add(diagnostic)
    if module is not None and not own.diagnostics:  # a hit must report what a parse would
        cached_entry.store(module)
    return module


def _parse(source: str, file: str, sink: DiagnosticSink) -> Module | None:
    from lark.exceptions import UnexpectedInput

    from recipec.compiler.ast.transformer import ToAst

    with _lock:
        _comments.clear()
        try:
            tree = _parser().parse(source)
        except UnexpectedInput as error:
            sink.error(**_syntax_error(error, source, file))
            return None
        comments = tuple(Comment(t.line, t.column, t.value.rstrip()) for t in _comments)
    module = ToAst(file, source, sink).transform(tree)
    return Module(module.file, source, module.declarations, comments)


def _syntax_error(error: UnexpectedInput, source: str, file: str) -> dict:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    from recipec.compiler.grammar import syntax_errors

    at_end = isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and error.token.type == "$END")
    if at_end:
        line, col = _end_of(source)
        opener = _unclosed(source)
        notes = (Note(Span(file, opener[1], opener[2], opener[1], opener[2] + 1),
                      f"this `{opener[0]}` is never closed"),) if opener else ()
        return dict(code="E0102", span=Span(file, line, col, line, col + 1),
                    message="unexpected end of file", label="the file ends here", notes=notes,
                    help="close every block, list, call and string that is opened")
    if isinstance(error, UnexpectedCharacters):
        char = source[error.pos_in_stream] if error.pos_in_stream < len(source) else ""
        hint = ("strings are written with double quotes" if char == "'" else
                "names are letters, digits and `_`; numbers may carry a unit such as 8Ki or 70%")
        return dict(code="E0103", span=Span(file, error.line, error.column, error.line,
                                            error.column + 1),
                    message=f"unexpected character `{char}`", label="not valid here", help=hint)

    token = error.token
    span = Span(file, token.line, token.column, token.end_line or token.line,
                token.end_column or token.column + len(token.value))
    kind = _match_example(error)
    if kind is not None:
        return dict(code=kind.code, span=span, message=kind.message,
                    label=f"found `{token.value}`", help=kind.help)
    expected = syntax_errors.describe_expected(set(error.expected))
    return dict(code="E0101", span=span, message=f"unexpected `{token.value}`",
                label=f"expected {expected}", help="")


def _match_example(error: UnexpectedInput):
    def parse_example(text: str):
        return _parser().parse(text)

    try:
        return error.match_examples(parse_example, _examples(), use_accepts=True)
    except Exception:  # a bad example must never turn a syntax error into a crash
        return None


def _unclosed(source: str) -> tuple[str, int, int] | None:
    """The innermost bracket still open at the end of the file (strings and comments skipped)."""
    stack: list[tuple[str, int, int]] = []
    pairs = {"}": "{", "]": "[", ")": "("}
    line, col, i = 1, 0, 0
    while i < len(source):
        char = source[i]
        col += 1
        if char == "\n":
            line, col = line + 1, 0
        elif char == "#":
            while i + 1 < len(source) and source[i + 1] != "\n":
                i += 1
        elif source.startswith('"""', i):
            end = source.find('"""', i + 3)
            if end < 0:
                return ('"""', line, col)
            line += source.count("\n", i, end)
            i = end + 2
        elif char == '"':
            start = (line, col)
            i += 1
            while i < len(source) and source[i] not in '"\n':
                i += 2 if source[i] == "\\" else 1
                col += 1
            if i >= len(source) or source[i] == "\n":
                return ('"', *start)
            col += 1
        elif char in "{[(":
            stack.append((char, line, col))
        elif char in pairs and stack and stack[-1][0] == pairs[char]:
            stack.pop()
        i += 1
    return stack[-1] if stack else None


def _end_of(source: str) -> tuple[int, int]:
    stripped = source.rstrip()
    if not stripped:
        return 1, 1
    lines = stripped.split("\n")
    return len(lines), len(lines[-1]) + 1


def parse_expression(text: str, file: str, sink: DiagnosticSink):
    """Parse a lone value, such as the `VALUE` of `-p name=VALUE`; None after a diagnostic."""
    module = _parse(f"let value = {text}", file, sink)  # not cached: one-off values
    if module is None or len(module.declarations) != 1:
        return None
    return module.declarations[0].value
