"""The Go harness: a second file in package main. Arguments travel as JSON and are decoded into
the function's own parameter types with reflection (encoding/json does the conversions), so no
type parsing is needed; the user's `main`, if any, is renamed out of the way."""
from __future__ import annotations

import json
import re

from recipec.runtime.sandbox.harness.core import Harness, missing
from recipec.runtime.sandbox.harness.render import json_text, render
from recipec.runtime.sandbox.harness.signatures import find_go, rename_main
from recipec.runtime.sandbox.languages.base import Language, Program
from recipec.runtime.sandbox.testcases import CallCase

PACKAGE = re.compile(r"^\s*package\s+\w+", re.MULTILINE)


def _as_package_main(code: str) -> str:
    if PACKAGE.search(code) is None:
        return "package main\n\n" + code
    return PACKAGE.sub("package main", code, count=1)


def go(language: Language, code: str, cases: list[CallCase]) -> Harness:
    source = rename_main(_as_package_main(code), "go", "recipecUserMain")
    rendered, absent = [], {}
    for index, case in enumerate(cases):
        owner, _, name = case.function.rpartition(".")
        signature = find_go(source, name, owner or None)
        if signature is None:
            absent[index] = str(missing(case.function))
            continue
        if signature.owner is None:
            target = name
        elif signature.receiver_pointer:
            target = f"(&{signature.owner}{{}}).{name}"
        else:
            target = f"{signature.owner}{{}}.{name}"
        # A JSON text is also a valid Go interpreted string literal once quoted as JSON.
        rendered.append({"index": index, "target": target,
                         "args": json.dumps(json_text(case.args))})
    if not rendered:
        return Harness(None, absent)
    harness = render("go.go.j2", cases=rendered)
    program = Program({"main.go": source.encode(), "recipec_harness.go": harness.encode()},
                      main="main.go", sources=["main.go", "recipec_harness.go"])
    return Harness(program, absent)
