"""Harnesses for dynamically typed languages: arguments travel as JSON, functions are looked up
by name at run time (a missing one is reported per case by the harness itself)."""
from __future__ import annotations

import json
import shlex
from typing import Any

from recipec.runtime.sandbox.harness.core import UnsupportedTest
from recipec.runtime.sandbox.harness.render import json_text, render
from recipec.runtime.sandbox.languages.base import Language, Program
from recipec.runtime.sandbox.languages.php import with_open_tag
from recipec.runtime.sandbox.languages.typescript import with_node_globals
from recipec.runtime.sandbox.testcases import CallCase


def _calls(cases: list[CallCase]) -> list[dict[str, Any]]:
    calls = []
    for case in cases:
        owner, _, method = case.function.rpartition(".")
        calls.append({"function": case.function, "owner": owner, "method": method,
                      "args": case.args})
    try:
        json_text(calls)
    except ValueError:
        raise UnsupportedTest("test arguments must be finite JSON numbers (no NaN or Infinity)") from None
    return calls


def _two_files(language: Language, code: str, cases: list[CallCase], solution: str,
               harness: str, template: str, **context: Any) -> Program:
    calls = _calls(cases)
    text = render(template, calls=calls, calls_json=json_text(calls), solution=solution, **context)
    return Program({solution: code.encode(), harness: text.encode()}, main=harness)


def python(language: Language, code: str, cases: list[CallCase]) -> Program:
    return _two_files(language, code, cases, "solution.py", "recipec_harness.py", "python.py.j2",
                      calls_literal=json.dumps(json_text(_calls(cases))))


def ruby(language: Language, code: str, cases: list[CallCase]) -> Program:
    return _two_files(language, code, cases, "solution.rb", "recipec_harness.rb", "ruby.rb.j2")


def php(language: Language, code: str, cases: list[CallCase]) -> Program:
    return _two_files(language, with_open_tag(code), cases, "solution.php", "recipec_harness.php",
                      "php.php.j2")


def perl(language: Language, code: str, cases: list[CallCase]) -> Program:
    return _two_files(language, code, cases, "solution.pl", "recipec_harness.pl", "perl.pl.j2")


def javascript(language: Language, code: str, cases: list[CallCase]) -> Program:
    # One file: a function declared in the user's module is only visible from the same module.
    text = render("javascript.js.j2", code=code, calls=_calls(cases),
                  calls_json=json_text(_calls(cases)), typescript=False)
    return Program({"main.js": text.encode()}, main="main.js")


def typescript(language: Language, code: str, cases: list[CallCase]) -> Program:
    text = render("javascript.js.j2", code=code, calls=_calls(cases),
                  calls_json=json_text(_calls(cases)), typescript=True)
    return with_node_globals(Program({"main.ts": text.encode()}, main="main.ts"))


def _lua_string(text: str) -> str:
    # Byte escapes for everything but printable ASCII: exact for any UTF-8 text. Always three
    # digits, so a following digit cannot extend the escape.
    parts = [chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\{b:03d}" for b in text.encode()]
    return '"' + "".join(parts) + '"'


def lua_literal(value: Any) -> str:
    """A JSON value as a Lua expression (null is nil: a hole, if inside a list)."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 2**63 else repr(float(value))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return _lua_string(value)
    if isinstance(value, list):
        return "{" + ", ".join(lua_literal(v) for v in value) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{_lua_string(k)}] = {lua_literal(v)}" for k, v in value.items()) + "}"
    raise UnsupportedTest(f"cannot pass {value!r} to Lua")


def lua(language: Language, code: str, cases: list[CallCase]) -> Program:
    calls = _calls(cases)
    for call in calls:
        call["args_lua"] = ", ".join(lua_literal(arg) for arg in call["args"])
        call["argc"] = len(call["args"])
    text = render("lua.lua.j2", calls=calls, solution="solution.lua")
    return Program({"solution.lua": code.encode(), "recipec_harness.lua": text.encode()},
                   main="recipec_harness.lua")


def _shell_word(value: Any) -> str:
    return shlex.quote(value if isinstance(value, str) else json.dumps(value))


def shell(language: Language, code: str, cases: list[CallCase]) -> Program:
    calls = _calls(cases)
    for call in calls:
        if call["owner"]:
            raise UnsupportedTest("shell functions have no classes: use a plain function name")
        call["words"] = " ".join(_shell_word(arg) for arg in call["args"])
    text = render("shell.sh.j2", calls=calls, solution="solution.sh")
    return Program({"solution.sh": code.encode(), "recipec_harness.sh": text.encode()},
                   main="recipec_harness.sh")
