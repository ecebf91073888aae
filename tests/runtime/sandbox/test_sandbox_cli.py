"""`recipec sandbox run | check | serve`: output, exit codes, one-line usage errors."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from recipec.runtime.cli.sandbox import sandbox


@pytest.fixture
def cli(cache_dir, monkeypatch):
    monkeypatch.setenv("RECIPEC_SANDBOX_CACHE", cache_dir)
    runner = CliRunner()
    return lambda *args: runner.invoke(sandbox, list(args), catch_exceptions=False)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_run_prints_output_then_a_status_line(cli, tmp_path):
    program = write(tmp_path, "hello.py", "import sys\nprint('hi', input())\nprint('warn', file=sys.stderr)\n")
    stdin = write(tmp_path, "in.txt", "there\n")
    result = cli("run", program, "--stdin", stdin)
    assert result.exit_code == 0
    assert result.stdout == "hi there\n"
    assert "warn" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("hello.py: passed |")


def test_run_exit_code_is_one_when_the_run_did_not_pass(cli, tmp_path):
    result = cli("run", write(tmp_path, "bad.c", "int main(void) { return missing; }\n"))
    assert result.exit_code == 1
    assert "missing" in result.stderr and "compile_error" in result.stderr


def test_run_with_tests_reports_each_failure(cli, tmp_path):
    program = write(tmp_path, "add.js", "function add(a, b) { return a * b; }\n")
    tests = write(tmp_path, "tests.json", json.dumps([
        {"function": "add", "args": [2, 2], "expected": 4},
        {"function": "add", "args": [2, 3], "expected": 5, "name": "two plus three"}]))
    result = cli("run", program, "--tests", tests)
    assert result.exit_code == 1
    assert "test 2 (two plus three): failed: wrong answer: expected 5, got 6" in result.stderr
    assert "1/2 tests passed" in result.stderr


def test_run_json_output(cli, tmp_path):
    result = cli("run", write(tmp_path, "x.rb", "puts 6 * 7\n"), "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["status"] == "passed" and data["run"]["stdout"] == "42\n"
    assert data["isolation"]["isolated"] is True


def test_language_option_overrides_the_extension(cli, tmp_path):
    result = cli("run", write(tmp_path, "script.txt", "echo $((6 * 7))\n"), "--language", "shell")
    assert result.exit_code == 0 and result.stdout == "42\n"


@pytest.mark.parametrize("args,message", [
    (["run", "NOFILE.py"], "does not exist"),
    (["run", "{tmp}/prog.unknownext"], "cannot tell the language of prog.unknownext; pass --language"),
    (["run", "{tmp}/prog.py", "--language", "pyton"], "did you mean `python`"),
    (["run", "{tmp}/prog.py", "--tests", "{tmp}/bad.json"], "invalid test cases at 0.expected"),
    (["run", "{tmp}/prog.py", "--memory", "lots"], "'lots' is not a size"),
    (["run", "{tmp}/prog.py", "--memory", "1MB"], "at least 16 MiB"),
])
def test_usage_errors_exit_two_with_one_clear_line(cli, tmp_path, args, message):
    write(tmp_path, "prog.unknownext", "x")
    write(tmp_path, "prog.py", "print(1)")
    write(tmp_path, "bad.json", '[{"function": "f"}]')
    result = cli(*[arg.format(tmp=tmp_path) for arg in args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_memory_accepts_recipe_units(cli, tmp_path):
    program = write(tmp_path, "big.py", "x = bytearray(100 * 2**20)\nprint('ok')\n")
    assert cli("run", program, "--memory", "64MiB").exit_code == 1
    assert cli("run", program, "--memory", "512MB").exit_code == 0


def test_check_lists_layers_and_toolchains(cli):
    result = cli("check")
    assert result.exit_code == 0
    for layer in ("namespaces", "unprivileged uid", "rlimits", "cgroup memory"):
        assert layer in result.stdout
    assert "python" in result.stdout and "The sandbox runs untrusted code here." in result.stdout
    data = json.loads(cli("check", "--json").stdout)
    assert data["isolated"] is True and data["toolchains"]["c++"]["available"] is True


def test_main_entry_point_dispatches_to_the_sandbox_group(cache_dir, monkeypatch, tmp_path):
    from recipec.runtime.cli.main import cli as main_cli

    monkeypatch.setenv("RECIPEC_SANDBOX_CACHE", cache_dir)
    result = CliRunner().invoke(main_cli, ["sandbox", "run", write(tmp_path, "a.lua", "print(1 + 1)\n")])
    assert result.exit_code == 0 and result.stdout == "2\n"


def test_serve_help_names_its_limits(cli):
    result = cli("serve", "--help")
    assert result.exit_code == 0
    for option in ("--host", "--port", "--concurrency", "--max-request-bytes"):
        assert option in result.stdout
