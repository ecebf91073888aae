"""Golden tests: one broken recipe per file, its code and position, and a snapshot of the
rendered message (text and JSON). Regenerate with UPDATE_SNAPSHOTS=1 and read the diff."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from recipec.compiler import compile
from recipec.compiler.diagnostics.codes import CODES, markdown
from tests.compiler.helpers import FIXTURES, ROOT, chdir, codes, snapshot_of

DIAGNOSTICS = FIXTURES / "diagnostics"
CASES = sorted(DIAGNOSTICS.glob("*.recipe"))


def _params(path: Path) -> dict[str, str]:
    for line in path.read_text().splitlines():
        if line.startswith("# params:"):
            items = line[len("# params:"):].split(";")
            return dict(item.strip().split("=", 1) for item in items if item.strip())
    return {}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_broken_recipe_reports_its_code(path: Path):
    expected = path.name.split("_")[0]
    with chdir(DIAGNOSTICS):
        ctx = compile(path.name, _params(path))
    assert expected in codes(ctx), f"{path.name}: got {codes(ctx)}"
    snapshot = path.with_suffix(".snap")
    text = snapshot_of(ctx)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.write_text(text)
    assert snapshot.exists(), f"no snapshot for {path.name}: run with UPDATE_SNAPSHOTS=1"
    assert text == snapshot.read_text()


def test_every_code_has_a_fixture_and_documentation():
    fixtures = {p.name.split("_")[0] for p in CASES}
    for code, entry in CODES.items():
        assert entry.title and entry.summary and entry.fix, code
        if code != "E0303":  # an unreadable root file cannot be a fixture file
            assert code in fixtures, f"{code} has no fixture in {DIAGNOSTICS}"


def test_every_code_the_compiler_emits_is_documented():
    source = "\n".join(p.read_text() for p in (ROOT / "compiler").rglob("*.py")
                       if p.name != "codes.py")
    used = set(re.findall(r'"([EW]\d{4})"', source))
    assert used, "found no codes: the scan is broken"
    assert used <= set(CODES), f"undocumented: {sorted(used - set(CODES))}"
    assert set(CODES) - {"E0303"} <= used | {"E0303"}, "a documented code is never emitted"


def test_codes_examples_report_their_own_code(tmp_path):
    for code, entry in CODES.items():
        if not entry.example:
            continue
        name = "E0302_import_cycle.recipe" if code == "E0302" else "example.recipe"
        (tmp_path / name).write_text(entry.example)
        with chdir(tmp_path):
            ctx = compile(name, dict(entry.params))
        assert code in codes(ctx), f"the example of {code} reports {codes(ctx)}"


def test_unreadable_root_is_a_diagnostic(tmp_path):
    with chdir(tmp_path):
        ctx = compile("missing.recipe")
    assert codes(ctx) == ["E0303"]
    (tmp_path / "latin1.recipe").write_bytes(b"# caf\xe9\n")
    with chdir(tmp_path):
        ctx = compile("latin1.recipe")
    assert codes(ctx) == ["E0303"] and "UTF-8" in ctx.sink.diagnostics[0].message


def test_errors_doc_is_generated_from_the_code_table():
    assert (ROOT / "docs" / "errors.md").read_text() == markdown(), \
        "regenerate: recipec explain --all --markdown > docs/errors.md"
