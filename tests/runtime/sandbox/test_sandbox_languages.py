"""The correctness suite, per language (issue 4): hello world, stdin/stdout, a compile (or
syntax) error, a runtime error, and a passing and a failing function-call test case."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from recipec.runtime.sandbox import Status, TestStatus
from recipec.runtime.sandbox.languages import CORE, LANGUAGES


@dataclass
class Suite:
    greet: str  # reads a name from stdin and prints "hello <name>"
    broken: str  # does not compile (compiled languages) or does not parse
    crash: str  # exits through an uncaught error
    add: str  # defines add(a, b)
    broken_status: Status = Status.COMPILE_ERROR


SUITES = {
    "python": Suite(
        greet="name = input().strip()\nprint(f'hello {name}')\n",
        broken="def f(:\n    pass\n", broken_status=Status.SYNTAX_ERROR,
        crash="raise ValueError('boom')\n",
        add="def add(a, b):\n    return a + b\n"),
    "javascript": Suite(
        greet="const name = require('fs').readFileSync(0, 'utf8').trim();\nconsole.log(`hello ${name}`);\n",
        broken="function f( {\n", broken_status=Status.SYNTAX_ERROR,
        crash="throw new Error('boom');\n",
        add="function add(a, b) { return a + b; }\n"),
    "typescript": Suite(
        greet="const name: string = require('fs').readFileSync(0, 'utf8').trim();\nconsole.log(`hello ${name}`);\n",
        broken="const n: number = 'not a number';\nconsole.log(n);\n",
        crash="throw new Error('boom');\n",
        add="function add(a: number, b: number): number { return a + b; }\n"),
    "c": Suite(
        greet="#include <stdio.h>\nint main(void) { char name[64]; if (scanf(\"%63s\", name) != 1) return 1;"
              " printf(\"hello %s\\n\", name); return 0; }\n",
        broken="int main(void) { return undefined_variable; }\n",
        crash="#include <stdlib.h>\nint main(void) { int *p = NULL; return *p; }\n",
        add="int add(int a, int b) { return a + b; }\n"),
    "c++": Suite(
        greet="#include <iostream>\n#include <string>\nint main() { std::string name; std::cin >> name;"
              " std::cout << \"hello \" << name << std::endl; }\n",
        broken="#include <string>\nint main() { std::string s = 42; return s.size(); }\n",
        crash="#include <stdexcept>\nint main() { throw std::runtime_error(\"boom\"); }\n",
        add="int add(int a, int b) { return a + b; }\n"),
    "java": Suite(
        greet="import java.util.Scanner;\npublic class Main { public static void main(String[] args) {"
              " System.out.println(\"hello \" + new Scanner(System.in).next()); } }\n",
        broken="public class Main { public static void main(String[] args) { int x = \"text\"; } }\n",
        crash="public class Main { public static void main(String[] args) { throw new IllegalStateException(\"boom\"); } }\n",
        add="public class Solution { public static int add(int a, int b) { return a + b; } }\n"),
    "go": Suite(
        greet="package main\nimport \"fmt\"\nfunc main() {\n\tvar name string\n\tfmt.Scan(&name)\n"
              "\tfmt.Println(\"hello \" + name)\n}\n",
        broken="package main\nfunc main() {\n\tvar x int = \"text\"\n\t_ = x\n}\n",
        crash="package main\nfunc main() {\n\tpanic(\"boom\")\n}\n",
        add="package main\nfunc add(a int, b int) int { return a + b }\n"),
    "rust": Suite(
        greet="use std::io::Read;\nfn main() { let mut s = String::new(); std::io::stdin().read_to_string(&mut s).unwrap();"
              " println!(\"hello {}\", s.trim()); }\n",
        broken="fn main() { let x: i32 = \"text\"; }\n",
        crash="fn main() { panic!(\"boom\"); }\n",
        add="fn add(a: i64, b: i64) -> i64 { a + b }\n"),
    "shell": Suite(
        greet="read -r name\necho \"hello $name\"\n",
        broken="if then fi\n", broken_status=Status.SYNTAX_ERROR,
        crash="echo boom >&2\nexit 3\n",
        add="add() { echo $(( $1 + $2 )); }\n"),
    "ruby": Suite(
        greet="name = STDIN.read.strip\nputs \"hello #{name}\"\n",
        broken="def f(\n", broken_status=Status.SYNTAX_ERROR,
        crash="raise 'boom'\n",
        add="def add(a, b)\n  a + b\nend\n"),
    "php": Suite(
        greet="<?php\n$name = trim(fgets(STDIN));\necho \"hello $name\\n\";\n",
        broken="<?php\nfunction f( {\n", broken_status=Status.SYNTAX_ERROR,
        crash="<?php\nthrow new Exception('boom');\n",
        add="<?php\nfunction add($a, $b) { return $a + $b; }\n"),
    "perl": Suite(
        greet="my $name = <STDIN>;\nchomp $name;\nprint \"hello $name\\n\";\n",
        broken="sub f {\n", broken_status=Status.SYNTAX_ERROR,
        crash="die \"boom\\n\";\n",
        add="sub add { my ($a, $b) = @_; return $a + $b; }\n"),
    "lua": Suite(
        greet="local name = io.read('l')\nprint('hello ' .. name)\n",
        broken="function f(\n", broken_status=Status.SYNTAX_ERROR,
        crash="error('boom')\n",
        add="function add(a, b) return a + b end\n"),
}

STDIO_TESTS = [{"stdin": "world\n", "expected_stdout": "hello world\n"},
               {"stdin": "there\n", "expected_stdout": "hello there\n"}]
CALL_TESTS = [{"function": "add", "args": [2, 3], "expected": 5},
              {"function": "add", "args": [2, 2], "expected": 5}]


def test_every_core_language_has_a_suite():
    assert set(SUITES) == set(CORE)


def test_every_core_language_toolchain_is_installed():
    # CI installs them all (.ci/install-toolchains.sh); a missing one is a setup failure.
    missing = {name: LANGUAGES[name].toolchain.missing for name in CORE
               if not LANGUAGES[name].toolchain.available}
    assert missing == {}


@pytest.mark.parametrize("language", CORE)
def test_hello_world_reads_stdin(language, box):
    result = box.run(SUITES[language].greet, language, stdin="world\n")
    assert result.status is Status.PASSED, result.message
    assert result.stdout == "hello world\n"
    assert result.run.exit_code == 0 and result.run.wall_time > 0


@pytest.mark.parametrize("language", CORE)
def test_stdin_stdout_cases(language, box):
    result = box.run(SUITES[language].greet, language, tests=STDIO_TESTS)
    assert result.status is Status.PASSED, result.message
    assert [t.status for t in result.tests] == [TestStatus.PASSED, TestStatus.PASSED]


@pytest.mark.parametrize("language", CORE)
def test_wrong_output_fails_its_case(language, box):
    tests = [*STDIO_TESTS, {"stdin": "x\n", "expected_stdout": "goodbye x\n"}]
    result = box.run(SUITES[language].greet, language, tests=tests)
    assert result.status is Status.FAILED
    assert [t.status for t in result.tests][-1] is TestStatus.FAILED
    assert "test 3" in result.message


@pytest.mark.parametrize("language", CORE)
def test_broken_program(language, box):
    suite = SUITES[language]
    result = box.run(suite.broken, language)
    assert result.status is suite.broken_status, result.message
    if suite.broken_status is Status.SYNTAX_ERROR:
        assert "line" in result.message and result.compile is None and result.run is None
    if suite.broken_status is Status.COMPILE_ERROR:
        assert result.compile is not None and not result.compile.ok and result.run is None


@pytest.mark.parametrize("language", CORE)
def test_runtime_error(language, box):
    result = box.run(SUITES[language].crash, language)
    assert result.status is Status.RUNTIME_ERROR, result.message
    assert result.run.exit_code != 0 or result.run.signal is not None
    assert "boom" in result.run.stderr or "boom" in result.run.stdout or language == "c"


@pytest.mark.parametrize("language", CORE)
def test_passing_and_failing_call_cases(language, box):
    result = box.run(SUITES[language].add, language, tests=CALL_TESTS)
    assert result.status is Status.FAILED, result.message
    assert [t.status for t in result.tests] == [TestStatus.PASSED, TestStatus.FAILED]
    assert result.tests[1].message == "wrong answer"
    assert result.tests[1].actual in (4, "4")


@pytest.mark.parametrize("language", CORE)
def test_all_call_cases_passing(language, box):
    result = box.run(SUITES[language].add, language, tests=CALL_TESTS[:1])
    assert result.status is Status.PASSED, result.message
    assert result.tests[0].actual in (5, "5")


EXTRA_GREET = {
    "tcl": "gets stdin name\nputs \"hello $name\"\n",
    "awk": "{ print \"hello \" $1 }\n",
    "tcsh": "set name = $<\necho \"hello $name\"\n",
    "scheme": "(use-modules (ice-9 rdelim))\n(display (string-append \"hello \" (read-line)))\n(newline)\n",
    "common-lisp": "(format t \"hello ~a~%\" (read-line))\n",
    "r": "name <- readLines(file('stdin'), n = 1)\ncat('hello', name, '\\n', sep = c(' ', ''))\n",
    "fortran": "program hello\n  character(len=32) :: name\n  read(*,*) name\n  print '(a,a)', 'hello ', trim(name)\nend program hello\n",
    "c#": "using System;\nclass Program { static void Main() { Console.WriteLine(\"hello \" + Console.ReadLine()); } }\n",
}


@pytest.mark.parametrize("language", sorted(EXTRA_GREET))
def test_extra_languages_run_stdin_cases(language, box):
    result = box.run(EXTRA_GREET[language], language, tests=STDIO_TESTS)
    assert result.status is Status.PASSED, result.message + (result.stderr or "")


def test_sql_runs_against_an_in_memory_database(box):
    code = "CREATE TABLE t(x INTEGER);\nINSERT INTO t VALUES (1), (2), (3);\nSELECT sum(x) FROM t;\n"
    result = box.run(code, "sql")
    assert result.status is Status.PASSED and result.stdout.strip() == "6"


def test_extras_have_no_function_harness(box):
    result = box.run(EXTRA_GREET["tcl"], "tcl", tests=CALL_TESTS)
    assert result.status is Status.UNAVAILABLE and "stdin" in result.message
