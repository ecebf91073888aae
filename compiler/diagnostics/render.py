"""Diagnostics as text (rustc's layout) or JSON. No rich: `recipec check` must start fast."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from recipec.compiler.diagnostics.diagnostic import Diagnostic, Span

_COLORS = {"error": "\033[1;31m", "warning": "\033[1;33m", "note": "\033[1;36m",
           "help": "\033[1;36m", "bold": "\033[1m", "blue": "\033[1;34m", "reset": "\033[0m"}
MAX_SHOWN = 50


def render_text(diagnostics: Iterable[Diagnostic], sources: Mapping[str, str],
                color: bool = False) -> str:
    """`sources` maps a span's file to its text; diagnostics are shown in the order given."""
    diagnostics = list(diagnostics)
    paint = _painter(color)
    blocks = [_render_one(d, sources, paint) for d in diagnostics[:MAX_SHOWN]]
    if len(diagnostics) > MAX_SHOWN:
        blocks.append(f"... and {len(diagnostics) - MAX_SHOWN} more")
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    summary = []
    if errors:
        summary.append(paint("error", "error") + paint("bold",
                       f": {errors} error{'s' if errors > 1 else ''}"
                       + (f", {warnings} warning{'s' if warnings > 1 else ''}" if warnings else "")
                       + " found"))
    elif warnings:
        summary.append(paint("warning", "warning") +
                       paint("bold", f": {warnings} warning{'s' if warnings > 1 else ''}"))
    return "\n\n".join(blocks + summary) + ("\n" if blocks else "")


def render_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], indent=2)


def _painter(color: bool):
    def paint(style: str, text: str) -> str:
        return f"{_COLORS[style]}{text}{_COLORS['reset']}" if color else text
    return paint


def _render_one(d: Diagnostic, sources: Mapping[str, str], paint) -> str:
    severity = d.severity.value
    lines = [paint(severity, f"{severity}[{d.code}]") + paint("bold", f": {d.message}")]
    width = _gutter_width([d.span] + [n.span for n in d.notes])
    if d.span is not None:
        lines += _snippet(d.span, d.label, sources, width, "^", paint, severity)
    for note in d.notes:
        lines += _snippet(note.span, note.label, sources, width, "-", paint, "blue",
                          header=True)
    if d.help:
        lines.append(" " * (width + 1) + paint("blue", "= ") + paint("bold", "help") + ": "
                     + d.help)
    return "\n".join(lines)


def _gutter_width(spans) -> int:
    return max([len(str(s.line)) for s in spans if s is not None] + [1])


def _snippet(span: Span, label: str, sources, width: int, mark: str, paint, style: str,
             header: bool = False) -> list[str]:
    pad = " " * width
    out = []
    if header:
        out.append(f"{pad} {paint('blue', '|')}")
    out.append(f"{pad}{paint('blue', '-->')} {span.file}:{span.line}:{span.col}")
    text = sources.get(span.file)
    if text is None:
        return out
    source_lines = text.split("\n")
    if not 1 <= span.line <= len(source_lines):
        return out
    line = source_lines[span.line - 1].replace("\t", " ")
    end = span.end_col if span.end_line == span.line else len(line) + 1
    length = max(1, end - span.col)
    out.append(f"{pad} {paint('blue', '|')}")
    out.append(f"{paint('blue', str(span.line).rjust(width) + ' |')} {line}")
    underline = " " * (span.col - 1) + mark * length
    out.append(f"{pad} {paint('blue', '|')} {paint(style, underline + (' ' + label if label else ''))}")
    return out
