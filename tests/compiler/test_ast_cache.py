"""The AST cache: a warm `recipec check` never imports lark, and a hit reports exactly what a
parse would (entries are per file, keyed by content; anything unreadable is a miss)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from recipec.compiler import ast_cache, check

RECIPE = 'import "std/qwen25_coder" as qwen\nparam rate = 0.5\nlet share = rate\n'


def imports_lark_when_checking(path: Path, cache: Path) -> bool:
    probe = ("import sys\nfrom recipec.compiler import check\n"
             f"assert not check({str(path)!r}).sink.has_errors\nprint('lark' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={"RECIPEC_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip() == "True"


def test_a_second_check_of_the_same_files_does_not_import_lark(tmp_path):
    recipe = tmp_path / "r.recipe"
    recipe.write_text(RECIPE)
    assert imports_lark_when_checking(recipe, tmp_path / "cache")
    assert not imports_lark_when_checking(recipe, tmp_path / "cache")
    recipe.write_text(RECIPE + "let more = 1\n")  # an edit misses, and replaces the entry
    assert imports_lark_when_checking(recipe, tmp_path / "cache")
    assert len(list((tmp_path / "cache" / "ast").iterdir())) == 2  # the recipe and its import


def test_a_corrupt_entry_is_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("RECIPEC_CACHE_DIR", str(tmp_path / "cache"))
    recipe = tmp_path / "r.recipe"
    recipe.write_text(RECIPE)
    first = check(str(recipe))
    for entry in (tmp_path / "cache" / "ast").iterdir():
        entry.write_bytes(b"\x80\x04 not a pickle")
    again = check(str(recipe))
    assert not again.sink.diagnostics
    assert again.modules.keys() == first.modules.keys()
    assert again.modules["r"] == first.modules["r"]


def test_a_file_with_diagnostics_is_parsed_every_time(tmp_path, monkeypatch):
    monkeypatch.setenv("RECIPEC_CACHE_DIR", str(tmp_path / "cache"))
    recipe = tmp_path / "r.recipe"
    recipe.write_text('let s = "bad \\q escape"\n')
    first = [d.code for d in check(str(recipe)).sink.diagnostics]
    assert first and first == [d.code for d in check(str(recipe)).sink.diagnostics]
    assert ast_cache.entry(recipe.read_text(), str(recipe)).load() is None
