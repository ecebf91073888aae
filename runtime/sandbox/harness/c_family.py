"""Harnesses for C and C++: one translation unit, the user's code first with its `main` renamed
by the preprocessor, then a `main` that runs each case in a forked child (a crash in one case
does not take the others with it) and writes the result as JSON."""
from __future__ import annotations

import json
from typing import Any

from recipec.runtime.sandbox.harness.core import Harness, UnsupportedTest, missing
from recipec.runtime.sandbox.harness.render import render
from recipec.runtime.sandbox.harness.signatures import Signature, find_c_family
from recipec.runtime.sandbox.harness.types import TypeNode, parse_type
from recipec.runtime.sandbox.languages.base import Language, Program
from recipec.runtime.sandbox.testcases import CallCase

C_SIGNED = {"int", "long", "short", "long long", "long int", "short int", "long long int",
            "signed", "signed int", "signed long", "signed long long", "signed char", "ssize_t",
            "int8_t", "int16_t", "int32_t", "int64_t", "intptr_t", "ptrdiff_t", "intmax_t"}
C_UNSIGNED = {"unsigned", "unsigned int", "unsigned long", "unsigned long long", "unsigned short",
              "unsigned char", "size_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
              "uintptr_t", "uintmax_t", "unsigned long int", "unsigned long long int"}
C_FLOAT = {"float", "double", "long double"}
C_BOOL = {"bool", "_Bool"}
STRING_TYPES = {"string", "string_view", "wstring"}
SEQUENCES = {"vector", "list", "deque", "set", "unordered_set", "multiset", "unordered_multiset",
             "array", "forward_list"}
MAPPINGS = {"map", "unordered_map", "multimap", "unordered_multimap"}


def c_string(text: str) -> str:
    """A C/C++ string literal for any text (octal escapes outside printable ASCII)."""
    parts = []
    for byte in text.encode("utf-8"):
        if 32 <= byte < 127 and byte not in (34, 92, 63):  # not ", \ or ? (trigraphs)
            parts.append(chr(byte))
        else:
            parts.append(f"\\{byte:03o}")
    return '"' + "".join(parts) + '"'


def _char(value: Any) -> str:
    if isinstance(value, str) and len(value.encode()) == 1:
        return "'" + c_string(value)[1:-1].replace("'", "\\'") + "'"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise UnsupportedTest(f"cannot pass {json.dumps(value)} as a char")


def number(value: Any, floating: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and not floating:
        if -2**31 <= value < 2**31:
            return str(value)
        return f"{value}LL" if -2**63 <= value < 2**63 else f"{value}ULL"
    if isinstance(value, (int, float)):
        text = repr(float(value))
        return text if ("." in text or "e" in text) else text + ".0"
    raise UnsupportedTest(f"expected a number, got {json.dumps(value)}")


# -- C++ -------------------------------------------------------------------------------------
def cpp_literal(value: Any, node: TypeNode | None) -> str:
    """An initializer for a C++ value of declared type `node` (None: go by the JSON shape)."""
    name = node.name if node is not None else None
    args = node.args if node is not None else []
    if name == "optional":
        return "std::nullopt" if value is None else cpp_literal(value, args[0] if args else None)
    if value is None:
        return "{}"
    if name == "char":
        return _char(value)
    if name in C_FLOAT:
        return number(value, floating=True)
    if isinstance(value, str):
        return c_string(value)
    if isinstance(value, (bool, int, float)):
        return number(value)
    if isinstance(value, list):
        if name in ("pair", "tuple"):
            items = [cpp_literal(v, args[i] if i < len(args) else None) for i, v in enumerate(value)]
        else:
            element = args[0] if name in SEQUENCES and args else None
            items = [cpp_literal(v, element) for v in value]
        return "{" + ", ".join(items) + "}"
    if isinstance(value, dict):
        key_type = args[0] if name in MAPPINGS and args else None
        value_type = args[1] if name in MAPPINGS and len(args) > 1 else None
        pairs = []
        for key, item in value.items():
            key_text = cpp_literal(_json_key(key, key_type), key_type)
            pairs.append("{" + key_text + ", " + cpp_literal(item, value_type) + "}")
        return "{" + ", ".join(pairs) + "}"
    raise UnsupportedTest(f"cannot pass {json.dumps(value)} to C++")


def _json_key(key: str, key_type: TypeNode | None) -> Any:
    """JSON object keys are strings; a map with numeric keys gets them back as numbers."""
    if key_type is not None and key_type.name not in STRING_TYPES and key_type.name != "char":
        try:
            return float(key) if key_type.name in C_FLOAT else int(key)
        except ValueError:
            pass
    return key


def _cpp_argument(index: int, value: Any, declared: str) -> tuple[str, str]:
    """(declaration statements, argument expression) for one argument."""
    text = declared.strip()
    rvalue = text.endswith("&&")
    base = text.rstrip("&").strip()
    try:
        node = parse_type(base)
    except ValueError:
        node = None
    variable = f"recipec_a{index}"
    if node is not None and node.name == "pointer":
        element = node.args[0]
        if element.name == "char" and isinstance(value, str):
            return (f"char {variable}_buffer[] = {c_string(value)}; {base} {variable} = "
                    f"{variable}_buffer;", variable)
        if isinstance(value, list):
            items = ", ".join(cpp_literal(v, element) for v in value) or "{}"
            return (f"{element.text or element.name} {variable}_buffer[] = {{{items}}}; "
                    f"{base} {variable} = {variable}_buffer;", variable)
        if value is None:
            return f"{base} {variable} = nullptr;", variable
        raise UnsupportedTest(f"cannot pass {json.dumps(value)} as `{declared}`")
    declaration = (f"std::remove_cv_t<std::remove_reference_t<{base}>> {variable} = "
                   f"{cpp_literal(value, node)};")
    return declaration, f"std::move({variable})" if rvalue else variable


def _call_target(signature: Signature) -> str:
    if signature.owner is None:
        return signature.name
    if signature.static:
        return f"{signature.owner}::{signature.name}"
    return f"recipec_instance.{signature.name}"


def cpp(language: Language, code: str, cases: list[CallCase]):
    rendered, absent = [], {}
    for index, case in enumerate(cases):
        owner, _, name = case.function.rpartition(".")
        signature = find_c_family(code, name, "cpp")
        if signature is None or (owner and signature.owner != owner):
            absent[index] = str(missing(case.function))
            continue
        if len(case.args) != len(signature.params):
            raise UnsupportedTest(f"{case.function} takes {len(signature.params)} arguments, "
                                  f"test {index + 1} gives {len(case.args)}")
        declarations, arguments = [], []
        for position, (value, param) in enumerate(zip(case.args, signature.params)):
            declaration, argument = _cpp_argument(position, value, param.type)
            declarations.append(declaration)
            arguments.append(argument)
        rendered.append({"index": index, "declarations": declarations, "owner": signature.owner,
                         "instance": signature.owner is not None and not signature.static,
                         "call": f"{_call_target(signature)}({', '.join(arguments)})",
                         "void": signature.returns in ("", "void")})
    if not rendered:
        return Harness(None, absent)
    text = render("cpp.cpp.j2", code=code, cases=rendered)
    return Harness(Program({"main.cpp": text.encode()}, main="main.cpp"), absent)


# -- C ---------------------------------------------------------------------------------------
def _c_kind(type_text: str) -> str:
    base = type_text.replace("const ", "").replace("static ", "").strip()
    if base in ("char*", "char *"):
        return "str"
    if base == "char":
        return "char"
    if base in C_BOOL:
        return "bool"
    if base in C_FLOAT:
        return "double"
    if base in C_UNSIGNED:
        return "uint"
    if base in C_SIGNED:
        return "int"
    raise UnsupportedTest(f"the C harness cannot handle the type `{type_text}`")


def _c_scalar(value: Any, kind: str) -> str:
    if kind == "char":
        return _char(value)
    if kind == "bool":
        if isinstance(value, bool):
            return "1" if value else "0"
        return number(value)
    return number(value, floating=(kind == "double"))


def _c_argument(index: int, value: Any, declared: str) -> tuple[str, str]:
    variable = f"recipec_a{index}"
    text = declared.strip()
    if text.endswith("[]") or (text.endswith("*") and isinstance(value, list)):
        element = text[:-2] if text.endswith("[]") else text[:-1]
        kind = _c_kind(element)
        if not isinstance(value, list):
            raise UnsupportedTest(f"`{declared}` needs a JSON list, got {json.dumps(value)}")
        items = ", ".join(c_string(v) if kind == "str" else _c_scalar(v, kind) for v in value)
        return f"{element.strip()} {variable}[] = {{{items or '0'}}};", variable
    kind = _c_kind(text)
    if kind == "str":
        if value is None:
            return f"{text} {variable} = 0;", variable
        if not isinstance(value, str):
            raise UnsupportedTest(f"`{declared}` needs a JSON string, got {json.dumps(value)}")
        if "const" in text:
            return f"{text} {variable} = {c_string(value)};", variable
        return f"char {variable}[] = {c_string(value)};", variable  # writable, like a real buffer
    return f"{text} {variable} = {_c_scalar(value, kind)};", variable


def c(language: Language, code: str, cases: list[CallCase]):
    rendered, absent = [], {}
    for index, case in enumerate(cases):
        if "." in case.function:
            raise UnsupportedTest("C has no classes: use a plain function name")
        signature = find_c_family(code, case.function, "c")
        if signature is None:
            absent[index] = str(missing(case.function))
            continue
        if len(case.args) != len(signature.params):
            raise UnsupportedTest(f"{case.function} takes {len(signature.params)} arguments, "
                                  f"test {index + 1} gives {len(case.args)}")
        declarations, arguments = [], []
        for position, (value, param) in enumerate(zip(case.args, signature.params)):
            declaration, argument = _c_argument(position, value, param.type)
            declarations.append(declaration)
            arguments.append(argument)
        kind = _c_kind(signature.returns) if signature.returns else "void"
        rendered.append({"index": index, "declarations": declarations, "returns": signature.returns,
                         "kind": kind, "call": f"{signature.name}({', '.join(arguments)})"})
    if not rendered:
        return Harness(None, absent)
    text = render("c.c.j2", code=code, cases=rendered)
    return Harness(Program({"main.c": text.encode()}, main="main.c"), absent)
