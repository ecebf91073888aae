"""The Rust harness: the user's code (its `main` renamed) followed by a `main` that builds each
argument as a Rust expression of the declared parameter type, calls the function under
`catch_unwind` (a panic fails its case only) and prints the result through a small JSON trait."""
from __future__ import annotations

import json
import re
from typing import Any

from recipec.runtime.sandbox.harness.core import Harness, UnsupportedTest, missing
from recipec.runtime.sandbox.harness.render import render
from recipec.runtime.sandbox.harness.signatures import Signature, find_rust, rename_main
from recipec.runtime.sandbox.harness.types import TypeNode, parse_type
from recipec.runtime.sandbox.languages.base import Language, Program
from recipec.runtime.sandbox.testcases import CallCase

INTEGERS = {"i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize"}
FLOATS = {"f32", "f64"}
SEQUENCES = {"Vec", "VecDeque", "LinkedList", "HashSet", "BTreeSet", "BinaryHeap"}
MAPS = {"HashMap", "BTreeMap"}
IMPL = re.compile(r"^\s*impl\s+([A-Z]\w*)\s*\{", re.MULTILINE)


def rust_string(text: str) -> str:
    parts = []
    for char in text:
        if char in '"\\':
            parts.append("\\" + char)
        elif 32 <= ord(char) < 127:
            parts.append(char)
        else:
            parts.append(f"\\u{{{ord(char):x}}}")
    return '"' + "".join(parts) + '"'


def rust_type(node: TypeNode) -> str:
    if node.name in ("&", "&mut"):
        return f"{node.name}{' ' if node.name == '&mut' else ''}{rust_type(node.args[0])}"
    if node.name == "slice":
        return f"[{rust_type(node.args[0])}]"
    if node.name == "tuple":
        return "(" + "".join(f"{rust_type(arg)}, " for arg in node.args) + ")"
    if node.name == "array":
        return "_"  # the length was not kept; the literal's own length decides
    qualified = f"std::collections::{node.name}" if node.name in (SEQUENCES | MAPS) - {"Vec"} else node.name
    if node.args:
        return f"{qualified}<{', '.join(rust_type(arg) for arg in node.args)}>"
    return qualified


def _expect(condition: bool, value: Any, what: str) -> None:
    if not condition:
        raise UnsupportedTest(f"expected {what}, got {json.dumps(value)}")


def rust_value(value: Any, node: TypeNode) -> str:
    """An owned Rust expression of type `node` built from a JSON value."""
    name, args = node.name, node.args
    if name == "Option":
        return "None" if value is None else f"Some({rust_value(value, args[0])})"
    if name == "Box":
        return f"Box::new({rust_value(value, args[0])})"
    if name in INTEGERS:
        _expect(isinstance(value, int) and not isinstance(value, bool), value, f"an integer ({name})")
        return f"{value}{name}"
    if name in FLOATS:
        _expect(isinstance(value, (int, float)) and not isinstance(value, bool), value, "a number")
        return f"{float(value)!r}{name}"
    if name == "bool":
        _expect(isinstance(value, bool), value, "true or false")
        return "true" if value else "false"
    if name == "char":
        _expect(isinstance(value, str) and len(value) == 1, value, "a one-character string")
        return "'" + rust_string(value)[1:-1].replace("'", "\\'") + "'"
    if name in ("String", "str"):
        _expect(isinstance(value, str), value, "a string")
        return f"String::from({rust_string(value)})"
    if name in ("tuple",):
        _expect(isinstance(value, list) and len(value) == len(args), value, f"a list of {len(args)}")
        return "(" + "".join(f"{rust_value(v, t)}, " for v, t in zip(value, args)) + ")"
    if name in ("array", "slice") or name in SEQUENCES:
        _expect(isinstance(value, list), value, "a list")
        items = ", ".join(rust_value(item, args[0]) for item in value)
        if name == "array":
            return f"[{items}]"
        if name in ("Vec", "slice"):
            return f"vec![{items}]"
        return f"vec![{items}].into_iter().collect::<{rust_type(node)}>()"
    if name in MAPS:
        _expect(isinstance(value, dict), value, "an object")
        pairs = []
        for key, item in value.items():
            key_value: Any = key
            if args[0].name in INTEGERS:
                key_value = int(key)
            elif args[0].name == "char":
                key_value = key
            pairs.append(f"({rust_value(key_value, args[0])}, {rust_value(item, args[1])})")
        return f"vec![{', '.join(pairs)}].into_iter().collect::<{rust_type(node)}>()"
    raise UnsupportedTest(f"the Rust harness cannot build a `{rust_type(node)}` from JSON")


def _argument(index: int, value: Any, declared: str) -> tuple[str, str]:
    """(`let` statement, argument expression) for one parameter."""
    try:
        node = parse_type(declared)
    except ValueError:
        raise UnsupportedTest(f"cannot read the Rust type `{declared}`") from None
    variable = f"recipec_a{index}"
    if node.name in ("&", "&mut"):
        inner = node.args[0]
        mutable = "mut " if node.name == "&mut" else ""
        owned = TypeNode("String") if inner.name == "str" else (
            TypeNode("Vec", inner.args) if inner.name == "slice" else inner)
        annotation = "" if owned.name == "array" else f": {rust_type(owned)}"
        borrow = "&mut " if node.name == "&mut" else "&"
        return (f"let {mutable}{variable}{annotation} = {rust_value(value, owned)};",
                f"{borrow}{variable}")
    annotation = "" if node.name == "array" else f": {rust_type(node)}"
    return f"let {variable}{annotation} = {rust_value(value, node)};", variable


def _declares(code: str, name: str) -> bool:
    return re.search(rf"\b(struct|enum|type|union)\s+{re.escape(name)}\b", code) is not None


def _target(signature: Signature, code: str) -> str:
    if signature.owner is None:
        return signature.name
    if signature.static:
        return f"{signature.owner}::{signature.name}"
    if re.search(rf"\bstruct\s+{re.escape(signature.owner)}\s*;", code) or not _declares(code, signature.owner):
        return f"{signature.owner}.{signature.name}"  # a unit struct is its own value
    raise UnsupportedTest(f"{signature.owner}::{signature.name} needs an instance, and the harness "
                          f"cannot build a {signature.owner}")


def rust(language: Language, code: str, cases: list[CallCase]) -> Harness:
    source = rename_main(code, "rust", "recipec_user_main")
    rendered, absent, owners = [], {}, set()
    for index, case in enumerate(cases):
        owner, _, name = case.function.rpartition(".")
        signature = find_rust(source, name, owner or None)
        if signature is None:
            absent[index] = str(missing(case.function))
            continue
        if len(case.args) != len(signature.params):
            raise UnsupportedTest(f"{case.function} takes {len(signature.params)} arguments, "
                                  f"test {index + 1} gives {len(case.args)}")
        lets, arguments = [], []
        for position, (value, param) in enumerate(zip(case.args, signature.params)):
            statement, argument = _argument(position, value, param.type)
            lets.append(statement)
            arguments.append(argument)
        if signature.owner:
            owners.add(signature.owner)
        rendered.append({"index": index, "lets": lets,
                         "call": f"{_target(signature, source)}({', '.join(arguments)})"})
    if not rendered:
        return Harness(None, absent)
    # LeetCode's Rust problems declare `struct Solution;` outside the shown code: any type that
    # the code implements but never declares gets a unit struct.
    implemented = set(IMPL.findall(source)) | owners
    missing_structs = sorted(name for name in implemented if not _declares(source, name))
    text = render("rust.rs.j2", code=source, cases=rendered, structs=missing_structs)
    return Harness(Program({"main.rs": text.encode()}, main="main.rs"), absent)
