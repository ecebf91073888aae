"""The package installs from a wheel into a fresh virtual environment, stdlib included, and
`recipec check` works there on a recipe that imports the standard library."""
from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.compiler.helpers import ROOT

pytestmark = pytest.mark.slow


def run(*args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result


def test_wheel_installs_and_checks_a_stdlib_import(tmp_path):
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w",
        str(tmp_path / "dist"), str(ROOT))
    (wheel,) = (tmp_path / "dist").glob("recipec-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "recipec/compiler/grammar/recipe.lark" in names
    assert "recipec/stdlib/qwen25_coder.recipe" in names
    assert not any(n.startswith(("compiler/", "runtime/", "tests/")) for n in names)

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", str(venv))
    run(str(venv / "bin" / "pip"), "install", "-q", str(wheel))
    recipe = tmp_path / "r.recipe"
    recipe.write_text('import "std/qwen25_coder" as qwen\n'
                      'source s { kind = code, path = "a.jsonl" }\n'
                      'pipeline p { input = source.s, steps = [language_id(keep = '
                      'qwen.languages)] }\n')
    result = run(str(venv / "bin" / "recipec"), "check", str(recipe), cwd=tmp_path)
    assert "ok" in result.stdout
    # The installed compiler must not have pulled in any heavy runtime dependency.
    listing = run(str(venv / "bin" / "pip"), "list", "--format=freeze").stdout.lower()
    assert "torch" not in listing and "datatrove" not in listing
