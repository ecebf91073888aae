"""`recipec fmt`: the canonical layout of a recipe, comments kept.

Idempotent by construction: every layout choice depends only on what the formatter itself
produces. A list, call or object stays on one line when it was written on one line and fits in
`WIDTH` columns; otherwise each item goes on its own line with a trailing comma. Blank lines
between declarations are kept (at most one). Comments are re-attached by line: those above a
node stay above it, one at the end of a line stays at the end of that line.
"""
from __future__ import annotations

import json

from recipec.compiler.ast import (
    Attribute, Block, BlockRef, Call, Comment, Constant, Expr, Extends, Import, Let, ListExpr,
    Module, NestedBlock, ObjectExpr, Param, Quantity, Reference, String,
)

WIDTH = 100
INDENT = "  "


def format_module(module: Module) -> str:
    return _Printer(module.comments).module(module)


class _Printer:
    def __init__(self, comments: tuple[Comment, ...]):
        self.comments = list(comments)
        self.next = 0

    # ------------------------------------------------------------------ comments
    def _leading(self, line: int, indent: str, previous_end: int | None = None) -> list[str]:
        """Comments above `line`, keeping (at most) one blank line wherever the source had one
        (after `previous_end`, between comments, and before `line`)."""
        out = []
        last = previous_end
        while self.next < len(self.comments) and self.comments[self.next].line < line:
            comment = self.comments[self.next]
            if last is not None and comment.line - last > 1 and (out or previous_end):
                out.append("")
            out.append(indent + comment.text)
            last = comment.line
            self.next += 1
        if last is not None and line - last > 1 and line < 10**9 and (out or previous_end):
            out.append("")
        return out

    def _trailing(self, line: int) -> str:
        if self.next < len(self.comments) and self.comments[self.next].line == line:
            text = self.comments[self.next].text
            self.next += 1
            return "  " + text
        return ""

    # ------------------------------------------------------------------ declarations
    def module(self, module: Module) -> str:
        lines: list[str] = []
        previous_end = None
        for declaration in module.declarations:
            lines += self._leading(declaration.span.line, "", previous_end)
            lines += self.declaration(declaration)
            previous_end = declaration.span.end_line
        lines += self._leading(10**9, "", previous_end)
        return "\n".join(lines) + "\n" if lines else ""

    def declaration(self, node) -> list[str]:
        if isinstance(node, Extends):
            return [f"extends {_string(node.path)}" + self._trailing(node.span.end_line)]
        if isinstance(node, Import):
            return [f"import {_string(node.path)} as {node.alias}" +
                    self._trailing(node.span.end_line)]
        if isinstance(node, Param):
            head = ("override " if node.override else "") + f"param {node.name}"
            head += f": {node.type}" if node.type else ""
            if node.default is None:
                return [head + self._trailing(node.span.end_line)]
            return self._assign(head, node.default, "", node.span.end_line)
        if isinstance(node, Let):
            head = ("override " if node.override else "") + f"let {node.name}"
            return self._assign(head, node.value, "", node.span.end_line)
        return self.block(node, "")

    def block(self, node: Block | NestedBlock, indent: str) -> list[str]:
        if isinstance(node, Block):
            head = ("override " if node.override else "") + node.kind
            head += f" {node.label}" if node.label else ""
            if node.extends is not None:
                head += f" extends {self.inline(node.extends)}"
        else:
            head = node.kind + (f" {self.inline(node.label)}" if node.label else "")
        members = sorted(list(node.attributes) + list(node.blocks),
                         key=lambda m: (m.span.line, m.span.col))
        one_line = self._block_inline(head, members, node)
        if one_line is not None and len(indent + one_line) <= WIDTH:
            return [indent + one_line + self._trailing(node.span.end_line)]
        lines = [indent + head + " {" + self._trailing(node.span.line)]
        inner = indent + INDENT
        previous_end = None
        for member in members:
            lines += self._leading(member.span.line, inner, previous_end)
            previous_end = member.span.end_line
            if isinstance(member, Attribute):
                lines += self._assign(inner + member.name, member.value, inner,
                                      member.span.end_line)
            else:
                lines += self.block(member, inner)
        lines += self._leading(node.span.end_line, inner, previous_end)
        lines.append(indent + "}" + self._trailing(node.span.end_line))
        return lines

    def _block_inline(self, head: str, members, node) -> str | None:
        """`head { a = 1, b = 2 }` when the block was written on one line without comments."""
        if node.span.line != node.span.end_line or self._has_comment(node.span):
            return None
        if any(not isinstance(m, Attribute) for m in members):
            return None
        parts = []
        for member in members:
            text = self.inline(member.value)
            if text is None:
                return None
            parts.append(f"{member.name} = {text}")
        return f"{head} {{ {', '.join(parts)} }}" if parts else f"{head} {{}}"

    def _has_comment(self, span) -> bool:
        """A comment inside the span (one after its end on the last line is trailing)."""
        start, end = (span.line, span.col), (span.end_line, span.end_col)
        return any(start <= (c.line, c.col) < end for c in self.comments[self.next:])

    def _assign(self, head: str, value: Expr, indent: str, end_line: int) -> list[str]:
        text = self.inline(value)
        if text is not None and len(head + " = " + text) <= WIDTH and \
                not self._has_comment(value.span):
            return [head + " = " + text + self._trailing(end_line)]
        lines = self.multiline(value, indent)
        lines[0] = head + " = " + lines[0]
        lines[-1] += self._trailing(end_line)
        return lines

    # ------------------------------------------------------------------ expressions
    def inline(self, expr: Expr) -> str | None:
        """One-line text of an expression, or None when it must span lines."""
        if isinstance(expr, String):
            return '"""' + expr.value + '"""' if expr.long else _string(expr.value)
        if isinstance(expr, Quantity):
            return " ".join(expr.text.split())
        if isinstance(expr, Constant):
            return {True: "true", False: "false", None: "none"}[expr.value]
        if isinstance(expr, Reference):
            return expr.dotted
        if isinstance(expr, BlockRef):
            return expr.written
        if getattr(expr, "multiline", False):
            return None
        if isinstance(expr, ListExpr):
            items = [self.inline(i) for i in expr.items]
            return None if None in items else "[" + ", ".join(items) + "]"
        if isinstance(expr, Call):
            args = [self.inline(a) for a in expr.args]
            kwargs = [self.inline(k.value) for k in expr.kwargs]
            if None in args or None in kwargs:
                return None
            parts = args + [f"{k.name} = {v}" for k, v in zip(expr.kwargs, kwargs)]
            return f"{expr.callee.dotted}({', '.join(parts)})"
        if isinstance(expr, ObjectExpr):
            values = [self.inline(a.value) for a in expr.attributes]
            if None in values:
                return None
            parts = [f"{a.name} = {v}" for a, v in zip(expr.attributes, values)]
            return "{ " + ", ".join(parts) + " }" if parts else "{}"
        raise TypeError(f"cannot format {type(expr).__name__}")

    def multiline(self, expr: Expr, indent: str) -> list[str]:
        """An expression laid out over several lines; the first line has no indent."""
        inner = indent + INDENT
        if isinstance(expr, String):  # a long string spans lines by itself
            return (self.inline(expr)).split("\n")
        if isinstance(expr, ListExpr):
            opening, closing, items = "[", "]", [(None, i) for i in expr.items]
        elif isinstance(expr, Call):
            opening, closing = expr.callee.dotted + "(", ")"
            items = [(None, a) for a in expr.args] + [(k.name, k.value) for k in expr.kwargs]
        elif isinstance(expr, ObjectExpr):
            opening, closing = "{", "}"
            items = [(a.name, a.value) for a in expr.attributes]
        else:
            return [self.inline(expr)]
        lines = [opening + self._trailing(expr.span.line)]
        filled = self._fill(expr, inner)
        if filled is not None:
            return lines + filled + [indent + closing]
        for name, item in items:
            lines += self._leading(item.span.line, inner)
            head = inner + (f"{name} = " if name else "")
            text = self.inline(item)
            if text is not None and len(head + text) < WIDTH and \
                    not self._has_comment(item.span):
                lines.append(head + text + "," + self._trailing(item.span.end_line))
            else:
                nested = self.multiline(item, inner)
                nested[0] = head + nested[0]
                nested[-1] += "," + self._trailing(item.span.end_line)
                lines += nested
        lines += self._leading(expr.span.end_line, inner)
        lines.append(indent + closing)
        return lines


    def _fill(self, expr: Expr, inner: str) -> list[str] | None:
        """A list of plain scalars without comments, packed into lines like a paragraph."""
        if not isinstance(expr, ListExpr) or self._has_comment(expr.span) or not all(
                isinstance(i, (String, Quantity, Reference, Constant)) and
                not (isinstance(i, String) and i.long) for i in expr.items):
            return None
        lines, line = [], inner
        for item in expr.items:
            text = self.inline(item) + ","
            if line != inner and len(line + " " + text) > WIDTH:
                lines.append(line)
                line = inner
            line += ("" if line == inner else " ") + text
        return lines + [line] if line != inner else lines


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
