"""The tree-sitter static check: syntax errors with line and column, before anything runs, and
no false alarms on valid programs."""
from __future__ import annotations

import pytest

from recipec.runtime.sandbox import Sandbox, Status
from recipec.runtime.sandbox.languages import LANGUAGES
from recipec.runtime.sandbox.static_check import check

from test_sandbox_harness import C, CPP, GO, JAVA, PYTHON, RUST
from test_sandbox_hostile import INFINITE_OUTPUT, READ_SHADOW, SPINS
from test_sandbox_languages import EXTRA_GREET, SUITES


@pytest.mark.parametrize("language,code,line,column", [
    ("python", "x = 1\ndef f(:\n    pass\n", 2, 7),
    ("c", "int main(void) {\n    return 0\n}\n", 2, 13),
    ("rust", "fn main() {\n    let x = ;\n}\n", 2, 11),
    ("javascript", "const a = [1, 2;\n", 1, 16),
    ("java", "class A {\n  void f() { int x = ; }\n}\n", 2, 20),
    ("go", "package main\nfunc main() {\n\tx := \n}\n", 3, 6),
])
def test_reports_line_and_column(language, code, line, column):
    issues = check(code, LANGUAGES[language].tree_sitter)
    assert issues, "no syntax error found"
    assert (issues[0].line, issues[0].column) == (line, column)


def test_columns_count_characters_not_bytes():
    issues = check('print("é", ])\n', "python")  # `]` is the 12th character, the 13th byte
    assert (issues[0].line, issues[0].column) == (1, 12)


def valid_programs():
    """Every valid program of the other suites, in a language with a static check."""
    programs = []
    for language, suite in SUITES.items():
        programs += [(language, suite.greet), (language, suite.crash), (language, suite.add)]
    for table in (SPINS, INFINITE_OUTPUT, READ_SHADOW, EXTRA_GREET):
        programs += list(table.items())
    programs += [("c++", CPP), ("c", C), ("java", JAVA), ("rust", RUST), ("go", GO),
                 ("python", PYTHON)]
    return [(language, code) for language, code in programs if LANGUAGES[language].tree_sitter]


@pytest.mark.parametrize("language,code", valid_programs())
def test_no_false_alarm_on_valid_programs(language, code):
    assert check(code, LANGUAGES[language].tree_sitter) == []


def test_invalid_code_never_reaches_the_toolchain(cache_dir):
    box = Sandbox(cache_dir=cache_dir)
    result = box.run("int main(void) { return 0 }", "c++")
    assert result.status is Status.SYNTAX_ERROR
    assert result.compile is None and result.run is None
    assert result.message.startswith("syntax error at line 1, column 26")


def test_static_check_can_be_turned_off(cache_dir):
    box = Sandbox(cache_dir=cache_dir, static_check=False)
    result = box.run("def f(:\n    pass\n", "python")
    assert result.status is Status.RUNTIME_ERROR
    assert "SyntaxError" in result.stderr
