"""Fixture pairs per pass (sqlglot style): each `tests/fixtures/passes/<pass>.txt` holds recipes
separated by `;` lines; `<pass>.expected.json` holds the compiled IR blocks of each, by title.
Regenerate with UPDATE_SNAPSHOTS=1 and read the diff."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.compiler.helpers import FIXTURES, compile_text

PASSES = FIXTURES / "passes"


def cases(path: Path) -> list[tuple[str, str]]:
    result = []
    for chunk in path.read_text().split("\n;\n"):
        if chunk.strip():
            title = chunk.splitlines()[0].removeprefix("# title:").strip()
            result.append((title, chunk))
    return result


@pytest.mark.parametrize("path", sorted(PASSES.glob("*.txt")), ids=lambda p: p.stem)
def test_pass_fixture_pairs(path: Path, tmp_path):
    expected_path = path.with_suffix(".expected.json")
    got = {}
    for index, (title, text) in enumerate(cases(path)):
        (tmp_path / str(index)).mkdir()
        ctx = compile_text(tmp_path / str(index), text)
        assert not ctx.sink.has_errors, (title, [d.message for d in ctx.sink.diagnostics])
        got[title] = {block_id: block.model_dump(mode="json")
                      for block_id, block in sorted(ctx.plan.recipe.blocks.items())
                      if ":" not in block_id}  # the stdlib's own blocks are tested elsewhere
    if os.environ.get("UPDATE_SNAPSHOTS"):
        expected_path.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n")
    assert got == json.loads(expected_path.read_text())
