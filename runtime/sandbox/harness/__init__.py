"""Test harnesses: the program that calls the user's function for each function-call case.

A harness is rendered from a jinja2 template per language (templates/*.j2) around the user's
code. It calls each case's function with the case's arguments and writes one JSON line per case
to the result channel (the fd named by RECIPEC_RESULT_FD, apart from the program's own stdout):
`{"i": 0, "actual": <returned value as JSON>}`, `{"i": 0, "error": "..."}` when the call raised,
or `{"i": 0, "missing": "function `f` is not defined"}`. Comparison happens on the host
(compare.py), the same way for every language.

Dynamic languages look the function up at run time. Typed languages need the parameter types to
write the arguments as literals: those come from the function's declaration, found with
tree-sitter (signatures.py), so a missing function is known before compiling.
"""
from __future__ import annotations

import importlib

from recipec.runtime.sandbox.harness.core import (Harness, HarnessError, MissingFunction,
                                                  UnsupportedTest)
from recipec.runtime.sandbox.languages.base import Language
from recipec.runtime.sandbox.testcases import CallCase

# language -> "module:function" of its harness builder (modules load only when needed).
BUILDERS = {
    "python": "dynamic:python", "javascript": "dynamic:javascript",
    "typescript": "dynamic:typescript", "ruby": "dynamic:ruby", "php": "dynamic:php",
    "perl": "dynamic:perl", "lua": "dynamic:lua", "shell": "dynamic:shell",
    "c": "c_family:c", "c++": "c_family:cpp", "java": "java:java", "go": "go:go",
    "rust": "rust:rust",
}


def build_harness(language: Language, code: str, cases: list[CallCase]) -> Harness:
    """The harness program that runs `cases` against `code`.

    Typed languages find each case's function before compiling: a case whose function is not
    defined is left out of the program and listed in `missing`. UnsupportedTest is raised when
    the language has no harness or a value cannot be passed to it."""
    target = BUILDERS.get(language.name)
    if target is None:
        raise UnsupportedTest(f"function-call tests are not supported for {language.name}; "
                              "use stdin/expected_stdout cases")
    module_name, function = target.split(":")
    module = importlib.import_module(f"recipec.runtime.sandbox.harness.{module_name}")
    built = getattr(module, function)(language, code, cases)
    return built if isinstance(built, Harness) else Harness(built)


__all__ = ["Harness", "HarnessError", "MissingFunction", "UnsupportedTest", "build_harness"]
