"""`recipec check` stays light: it imports none of the heavy libraries (design.md section 2),
and the compiler package never imports the runtime."""
from __future__ import annotations

import ast
import subprocess
import sys

from tests.compiler.helpers import ROOT

HEAVY = ("datatrove", "torch", "transformers", "vllm", "deepspeed", "polars", "numpy",
         "pyarrow", "tokenizers", "tree_sitter", "pydantic", "recipec.runtime.steps",
         "recipec.runtime.build")


def test_check_imports_no_heavy_library():
    script = (
        "import sys\n"
        "from recipec.runtime.cli.main import cli\n"
        "try:\n"
        "    cli.main(['check', 'recipes/qwen25_coder/main.recipe'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert "HEAVY []" in result.stdout, result.stdout + result.stderr


def test_compiler_never_imports_the_runtime():
    for path in (ROOT / "compiler").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("recipec.runtime"), path
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("recipec.runtime") for a in node.names), path
