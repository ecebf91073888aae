"""The formatter: fixture pairs, idempotence, same AST, comments kept, and every shipped recipe
already formatted."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from recipec.compiler.ast.shape import shape
from recipec.compiler.diagnostics.diagnostic import DiagnosticSink
from recipec.compiler.fmt import format_module
from recipec.compiler.parse import parse
from tests.compiler.helpers import FIXTURES, ROOT

ORIGINAL = FIXTURES / "fmt" / "original"
FORMATTED = FIXTURES / "fmt" / "formatted"
SHIPPED = sorted(list((ROOT / "recipes").rglob("*.recipe")) + list((ROOT / "stdlib").rglob(
    "*.recipe")))


def fmt(text: str) -> str:
    sink = DiagnosticSink()
    module = parse(text, "t.recipe", sink)
    assert module is not None, sink.diagnostics
    return format_module(module)


def comments(text: str) -> list[str]:
    sink = DiagnosticSink()
    return [c.text for c in parse(text, "t.recipe", sink).comments]


@pytest.mark.parametrize("path", sorted(ORIGINAL.glob("*.recipe")), ids=lambda p: p.stem)
def test_fixture_pairs(path: Path):
    expected = FORMATTED / path.name
    formatted = fmt(path.read_text())
    if os.environ.get("UPDATE_SNAPSHOTS"):
        expected.write_text(formatted)
    assert formatted == expected.read_text()


@pytest.mark.parametrize("path", sorted(ORIGINAL.glob("*.recipe")) + SHIPPED,
                         ids=lambda p: p.name)
def test_round_trip(path: Path):
    source = path.read_text()
    once = fmt(source)
    assert fmt(once) == once, "fmt is not idempotent"
    sink = DiagnosticSink()
    assert shape(parse(source, "a", sink).declarations) == \
        shape(parse(once, "b", sink).declarations), "fmt changed the meaning"
    assert comments(once) == comments(source), "fmt lost or reordered comments"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_recipes_are_formatted(path: Path):
    assert fmt(path.read_text()) == path.read_text(), f"run `recipec fmt {path}`"
