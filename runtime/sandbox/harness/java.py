"""The Java harness: a class of its own next to the user's file, one method per case (so a long
test list cannot push `main` past the JVM's 64 KiB method limit), arguments written as Java
expressions of the declared parameter types."""
from __future__ import annotations

import json
import re
from typing import Any

from recipec.runtime.sandbox.harness.core import Harness, UnsupportedTest, missing
from recipec.runtime.sandbox.harness.render import render
from recipec.runtime.sandbox.harness.signatures import find_java
from recipec.runtime.sandbox.harness.types import TypeNode, parse_type
from recipec.runtime.sandbox.languages.base import Language, Program
from recipec.runtime.sandbox.testcases import CallCase

PACKAGE = re.compile(r"^\s*package\s+([\w.]+)\s*;", re.MULTILINE)
LISTS = {"List": "java.util.ArrayList", "ArrayList": "java.util.ArrayList",
         "Collection": "java.util.ArrayList", "Iterable": "java.util.ArrayList",
         "LinkedList": "java.util.LinkedList", "Queue": "java.util.ArrayDeque",
         "Deque": "java.util.ArrayDeque", "ArrayDeque": "java.util.ArrayDeque",
         "Set": "java.util.HashSet", "HashSet": "java.util.HashSet",
         "LinkedHashSet": "java.util.LinkedHashSet", "TreeSet": "java.util.TreeSet",
         "SortedSet": "java.util.TreeSet"}
MAPS = {"Map": "java.util.HashMap", "HashMap": "java.util.HashMap",
        "LinkedHashMap": "java.util.LinkedHashMap", "TreeMap": "java.util.TreeMap",
        "SortedMap": "java.util.TreeMap"}
PRIMITIVE_NAMES = {"int": "int", "Integer": "int", "long": "long", "Long": "long",
                   "short": "short", "Short": "short", "byte": "byte", "Byte": "byte",
                   "double": "double", "Double": "double", "float": "float", "Float": "float",
                   "boolean": "boolean", "Boolean": "boolean", "char": "char",
                   "Character": "char"}


def java_string(text: str) -> str:
    parts = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            parts.append("\\" + char)
        elif 32 <= code < 127:
            parts.append(char)
        elif code < 0x10000:
            parts.append(f"\\u{code:04x}")
        else:  # a surrogate pair, as Java strings are UTF-16
            code -= 0x10000
            parts.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
    return '"' + "".join(parts) + '"'


def _scalar(value: Any, kind: str) -> str:
    if kind == "boolean":
        if not isinstance(value, bool):
            raise UnsupportedTest(f"expected true or false, got {json.dumps(value)}")
        return "true" if value else "false"
    if kind == "char":
        if isinstance(value, str) and len(value) == 1:
            return "'" + java_string(value)[1:-1].replace("'", "\\'") + "'"
        raise UnsupportedTest(f"expected a one-character string, got {json.dumps(value)}")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UnsupportedTest(f"expected a number, got {json.dumps(value)}")
    if kind in ("double", "float"):
        text = repr(float(value))
        return text + ("f" if kind == "float" else "")
    if isinstance(value, float) and not value.is_integer():
        raise UnsupportedTest(f"expected an integer, got {value}")
    number = int(value)
    return {"long": f"{number}L", "short": f"(short) {number}",
            "byte": f"(byte) {number}"}.get(kind, str(number))


def java_type(node: TypeNode) -> str:
    """Source text of a type, with java.util names qualified (the harness has no imports)."""
    if node.name == "array":
        return java_type(node.args[0]) + "[]"
    name = f"java.util.{node.name}" if node.name in LISTS or node.name in MAPS else node.name
    if node.args:
        return f"{name}<{', '.join(java_type(arg) for arg in node.args)}>"
    return name


def java_literal(value: Any, node: TypeNode | None) -> str:
    name = node.name if node is not None else None
    args = node.args if node is not None else []
    if value is None:
        if name in PRIMITIVE_NAMES and name[0].islower():
            raise UnsupportedTest(f"null cannot be passed as {name}")
        return "null"
    if name in PRIMITIVE_NAMES:
        return _scalar(value, PRIMITIVE_NAMES[name])
    if name in ("String", "CharSequence") or (isinstance(value, str) and name in (None, "Object")):
        if not isinstance(value, str):
            raise UnsupportedTest(f"expected a string, got {json.dumps(value)}")
        return java_string(value)
    if name == "array":
        element = args[0]
        if isinstance(value, str) and element.name == "char":
            return f"{java_string(value)}.toCharArray()"
        if not isinstance(value, list):
            raise UnsupportedTest(f"expected a list for {java_type(node)}, got {json.dumps(value)}")
        items = ", ".join(java_literal(item, element) for item in value)
        return f"new {java_type(element)}[]{{{items}}}"
    if name in LISTS or (name in (None, "Object") and isinstance(value, list)):
        if not isinstance(value, list):
            raise UnsupportedTest(f"expected a list for {name}, got {json.dumps(value)}")
        element = args[0] if args else None
        items = ", ".join(java_literal(item, element) for item in value)
        cls = LISTS.get(name, "java.util.ArrayList")
        return f"new {cls}<>(java.util.Arrays.asList({items}))" if value else f"new {cls}<>()"
    if name in MAPS or (name in (None, "Object") and isinstance(value, dict)):
        if not isinstance(value, dict):
            raise UnsupportedTest(f"expected an object for {name}, got {json.dumps(value)}")
        key_type = args[0] if args else None
        value_type = args[1] if len(args) > 1 else None
        pairs = []
        for key, item in value.items():
            key_value: Any = key
            if key_type is not None and PRIMITIVE_NAMES.get(key_type.name) in ("int", "long", "short", "byte"):
                key_value = int(key)
            pairs += [java_literal(key_value, key_type), java_literal(item, value_type)]
        cls = MAPS.get(name, "java.util.HashMap")
        return f"RecipecHarness.into(new {cls}<>(), {', '.join(pairs)})" if pairs else f"new {cls}<>()"
    if name is None or name == "Object":
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value) if -2**31 <= value < 2**31 else f"{value}L"
        if isinstance(value, float):
            return repr(value)
    raise UnsupportedTest(f"the Java harness cannot build a `{java_type(node) if node else name}` "
                          "from JSON")


def java(language: Language, code: str, cases: list[CallCase]) -> Harness:
    rendered, absent = [], {}
    for index, case in enumerate(cases):
        owner, _, name = case.function.rpartition(".")
        signature = find_java(code, name, owner or None)
        if signature is None or signature.owner is None:
            absent[index] = str(missing(case.function))
            continue
        if len(case.args) != len(signature.params):
            raise UnsupportedTest(f"{case.function} takes {len(signature.params)} arguments, "
                                  f"test {index + 1} gives {len(case.args)}")
        arguments = []
        for value, param in zip(case.args, signature.params):
            try:
                node = parse_type(param.type)
            except ValueError:
                raise UnsupportedTest(f"cannot read the Java type `{param.type}`") from None
            arguments.append(java_literal(value, node))
        target = signature.owner if signature.static else f"new {signature.owner}()"
        rendered.append({"index": index, "call": f"{target}.{name}({', '.join(arguments)})",
                         "void": not signature.returns})
    if not rendered:
        return Harness(None, absent)
    package = PACKAGE.search(code)
    user_file = language.source_name(code)
    text = render("java.java.j2", cases=rendered, package=package.group(1) if package else None)
    entry = f"{package.group(1)}.RecipecHarness" if package else "RecipecHarness"
    program = Program({user_file: code.encode(), "RecipecHarness.java": text.encode()},
                      main="RecipecHarness.java", entry=entry,
                      sources=[user_file, "RecipecHarness.java"])
    return Harness(program, absent)
