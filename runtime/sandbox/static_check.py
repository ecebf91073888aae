"""Syntax check with tree-sitter before anything runs (issue 4, item 2).

Invalid code never reaches a compiler or interpreter: a parse with ERROR or MISSING nodes gives
`syntax_error` with the line and column of the first problem. tree-sitter grammars are
error-tolerant parsers written for editors, so each language's grammar is used only where it
agrees with the real toolchain on valid programs (languages/*.py set `tree_sitter`; the tests
run every valid program of the correctness suite through it).
"""
from __future__ import annotations

import functools
import threading
from dataclasses import dataclass

MAX_REPORTED = 5


@dataclass(frozen=True)
class SyntaxIssue:
    line: int  # 1-based
    column: int  # 1-based, in characters of the line
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


_local = threading.local()  # a tree-sitter Parser is not safe to share between threads


@functools.lru_cache(maxsize=None)
def _language(grammar: str):
    from tree_sitter_language_pack import get_language

    return get_language(grammar)


def _parser(grammar: str):
    parsers = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    if grammar not in parsers:
        from tree_sitter import Parser

        parsers[grammar] = Parser(_language(grammar))
    return parsers[grammar]


def _column(source: bytes, node_start_byte: int, row: int, byte_column: int) -> int:
    line_start = node_start_byte - byte_column
    return len(source[line_start:node_start_byte].decode("utf-8", errors="replace")) + 1


def check(code: str, grammar: str) -> list[SyntaxIssue]:
    """The first few syntax problems in `code` (empty when it parses cleanly)."""
    source = code.encode("utf-8")
    tree = _parser(grammar).parse(source)
    if not tree.root_node.has_error:
        return []
    issues: list[SyntaxIssue] = []
    cursor = [tree.root_node]
    while cursor and len(issues) < MAX_REPORTED:
        node = cursor.pop()
        if node.is_missing:
            row, col = node.start_point
            issues.append(SyntaxIssue(row + 1, _column(source, node.start_byte, row, col),
                                      f"missing `{node.type}`"))
            continue
        if node.type == "ERROR":
            row, col = node.start_point
            text = source[node.start_byte:node.end_byte].decode("utf-8", errors="replace")
            snippet = text.strip().splitlines()[0][:40] if text.strip() else ""
            issues.append(SyntaxIssue(row + 1, _column(source, node.start_byte, row, col),
                                      f"unexpected `{snippet}`" if snippet else "syntax error"))
            continue
        if node.has_error:
            cursor.extend(reversed(node.children))
    issues.sort(key=lambda issue: (issue.line, issue.column))
    return issues
