"""Everything the user sees about a recipe is a `Diagnostic`: a code, a message and a span.

Passes append to a `DiagnosticSink` and carry on; the driver stops between passes when the sink
holds errors (miniwdl's `multi_context`, without exceptions).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Span:
    """A region of a source file, 1-based lines and columns; `end_col` is exclusive."""

    file: str
    line: int
    col: int
    end_line: int
    end_col: int

    @classmethod
    def from_meta(cls, file: str, meta) -> Span:
        """The only place that reads Lark's position metadata."""
        return cls(file, meta.line, meta.column, meta.end_line, meta.end_column)

    @classmethod
    def from_token(cls, file: str, token) -> Span:
        return cls(file, token.line, token.column, token.end_line, token.end_column)

    def to(self, other: Span) -> Span:
        """The span from the start of this one to the end of `other`."""
        return Span(self.file, self.line, self.col, other.end_line, other.end_col)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Note:
    """A secondary span with its own label (e.g. where a duplicate was first declared)."""

    span: Span
    label: str


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    span: Span | None
    label: str = ""
    help: str = ""
    notes: tuple[Note, ...] = ()

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple:
        if self.span is None:
            return ("", 0, 0, self.code)
        return (self.span.file, self.span.line, self.span.col, self.code)

    def to_json(self) -> dict:
        span = self.span
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": span.file if span else None,
            "line": span.line if span else None,
            "column": span.col if span else None,
            "end_line": span.end_line if span else None,
            "end_column": span.end_col if span else None,
            "label": self.label,
            "help": self.help,
            "notes": [{"file": n.span.file, "line": n.span.line, "column": n.span.col,
                       "label": n.label} for n in self.notes],
        }


@dataclass
class DiagnosticSink:
    """Collects diagnostics; identical ones (a shared import checked twice) are kept once."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, code: str, span: Span | None, message: str, *, label: str = "",
              help: str = "", notes: tuple[Note, ...] = ()) -> None:
        self.add(Diagnostic(code, Severity.ERROR, message, span, label, help, notes))

    def warning(self, code: str, span: Span | None, message: str, *, label: str = "",
                help: str = "", notes: tuple[Note, ...] = ()) -> None:
        self.add(Diagnostic(code, Severity.WARNING, message, span, label, help, notes))

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.diagnostics:
            self.diagnostics.append(diagnostic)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=Diagnostic.sort_key)
